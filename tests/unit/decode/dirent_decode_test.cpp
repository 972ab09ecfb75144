#include <dirent.h>
#include <gtest/gtest.h>

#include <cstring>

#include "decoder_test_util.h"
#include "decode/symbol_value.h"

namespace capsule::testing {
namespace {

// One linux_dirent64 record of `reclen` bytes: ino, off, reclen, type, name (NUL-padded).
std::string record64(uint64_t ino, uint64_t off, uint16_t reclen, uint8_t type, const std::string& name) {
  std::string r(reclen, '\0');
  std::memcpy(r.data(), &ino, 8);
  std::memcpy(r.data() + 8, &off, 8);
  std::memcpy(r.data() + 16, &reclen, 2);
  r[18] = static_cast<char>(type);
  std::memcpy(r.data() + 19, name.data(), name.size());
  return r;
}

// One x86_64 linux_dirent record: ino, off, reclen, name, then the type in the last byte.
std::string record_old(uint64_t ino, uint64_t off, uint16_t reclen, uint8_t type, const std::string& name) {
  std::string r(reclen, '\0');
  std::memcpy(r.data(), &ino, 8);
  std::memcpy(r.data() + 8, &off, 8);
  std::memcpy(r.data() + 16, &reclen, 2);
  std::memcpy(r.data() + 18, name.data(), name.size());
  r[reclen - 1] = static_cast<char>(type);
  return r;
}

TEST(DirentDecode, Getdents64ListsEveryRecord) {
  FakeMemory mem;
  const std::string buf = record64(2, 10, 24, DT_DIR, ".") + record64(77, 0x7fffffffffffffff, 32, DT_REG, "file.txt");
  const uint64_t addr = mem.map(0x10000, buf);
  SyscallDecoder dec;
  const SyscallEvent ev = run_call(dec, mem, raw_call("getdents64", {3, addr, 4096}), static_cast<int64_t>(buf.size()));
  ASSERT_EQ(ev.args.size(), 3u);
  const Arg& list = ev.args[1];
  EXPECT_EQ(list.name, "dirp");
  ASSERT_EQ(list.kind, ArgKind::Array);
  ASSERT_EQ(list.items.size(), 2u);
  const Arg& second = list.items[1];
  EXPECT_EQ(field(second, "d_ino"), Arg::uinteger(77).named("d_ino"));
  EXPECT_EQ(field(second, "d_off"), Arg::uinteger(0x7fffffffffffffff).named("d_off"));
  EXPECT_EQ(field(second, "d_reclen"), Arg::uinteger(32).named("d_reclen"));
  EXPECT_EQ(field(second, "d_type"), symbol_from_names("DT_REG").named("d_type"));
  EXPECT_EQ(field(second, "d_name"), Arg::str("file.txt").named("d_name"));
  EXPECT_EQ(second.items[3].name, "d_type");  // before d_name, as strace writes it
}

TEST(DirentDecode, OldGetdentsKeepsTheTypeInTheLastByte) {
  FakeMemory mem;
  const std::string buf = record_old(5, 1, 24, DT_LNK, "link");
  const uint64_t addr = mem.map(0x10000, buf);
  SyscallDecoder dec;
  const SyscallEvent ev = run_call(dec, mem, raw_call("getdents", {3, addr, 4096}), static_cast<int64_t>(buf.size()));
  ASSERT_EQ(ev.args[1].items.size(), 1u);
  const Arg& d = ev.args[1].items[0];
  EXPECT_EQ(d.items[3], Arg::str("link").named("d_name"));
  EXPECT_EQ(d.items[4], symbol_from_names("DT_LNK").named("d_type"));
}

TEST(DirentDecode, EndOfListingIsAnEmptyArrayAndAFailureThePointer) {
  FakeMemory mem;
  const uint64_t addr = mem.map(0x10000, std::string(64, '\0'));
  SyscallDecoder dec;
  const SyscallEvent end = run_call(dec, mem, raw_call("getdents64", {3, addr, 4096}), 0);
  EXPECT_EQ(end.args[1].kind, ArgKind::Array);
  EXPECT_TRUE(end.args[1].items.empty());
  const SyscallEvent bad = run_call(dec, mem, raw_call("getdents64", {99, addr, 4096}), -EBADF);
  EXPECT_EQ(bad.args[1], Arg::hex(addr).named("dirp"));
  // More than the buffer holds: the kernel cannot have written it, the pointer.
  const SyscallEvent over = run_call(dec, mem, raw_call("getdents64", {3, addr, 16}), 24);
  EXPECT_EQ(over.args[1], Arg::hex(addr).named("dirp"));
}

}  // namespace
}  // namespace capsule::testing
