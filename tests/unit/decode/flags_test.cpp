#include "decode/flags.h"

#include <gtest/gtest.h>

#include "decode/flag_tables.h"

namespace capsule {
namespace {

TEST(Flags, NamesInTableOrderWithHexTail) {
  EXPECT_EQ(flags_string(tables::kOpenFlags, 0x40 | 0x200), "O_CREAT|O_TRUNC");
  EXPECT_EQ(flags_string(tables::kOpenFlags, 0x80000 | 0x40000000), "O_CLOEXEC|0x40000000");
  EXPECT_EQ(flags_string(tables::kOpenFlags, 0x40000000), "0x40000000");
  EXPECT_EQ(flags_string(tables::kOpenFlags, 0), "0");
  EXPECT_EQ(flags_string(tables::kMmapProt, 0, "PROT_NONE"), "PROT_NONE");
  EXPECT_EQ(flags_string(tables::kMmapProt, 3, "PROT_NONE"), "PROT_READ|PROT_WRITE");
}

TEST(Flags, MultiBitEntriesClaimTheirBitsFirst) {
  // O_TMPFILE is __O_TMPFILE|O_DIRECTORY; O_SYNC is __O_SYNC|O_DSYNC.
  EXPECT_EQ(flags_string(tables::kOpenFlags, 020200000), "O_TMPFILE");
  EXPECT_EQ(flags_string(tables::kOpenFlags, 0200000), "O_DIRECTORY");
  EXPECT_EQ(flags_string(tables::kOpenFlags, 04010000), "O_SYNC");
  EXPECT_EQ(flags_string(tables::kOpenFlags, 010000), "O_DSYNC");
}

TEST(Flags, FindConstant) {
  const FlagName* f = find_constant(tables::kFcntlCmds, uint64_t{3});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->name, "F_GETFL");
  EXPECT_EQ(find_constant(tables::kFcntlCmds, uint64_t{99999}), nullptr);
  const FlagName* g = find_constant(tables::kAddressFamilies, std::string_view("AF_INET6"));
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->value, 10u);
}

TEST(Flags, Hex) {
  std::string s;
  append_hex(s, 0);
  s += ' ';
  append_hex(s, 0xdeadbeef);
  EXPECT_EQ(s, "0x0 0xdeadbeef");
}

}  // namespace
}  // namespace capsule
