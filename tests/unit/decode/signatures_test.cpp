#include "decode/signatures.h"

#include <gtest/gtest.h>

#include <set>

#include "decode/names.h"
#include "event/syscall_event.h"

namespace capsule {
namespace {

TEST(Signatures, ParameterNamesFromTheManPages) {
  EXPECT_EQ(arg_name("openat", 0), "dirfd");
  EXPECT_EQ(arg_name("openat", 1), "pathname");
  EXPECT_EQ(arg_name("openat", 3), "mode");
  EXPECT_EQ(arg_name("read", 1), "buf");
  EXPECT_EQ(arg_name("dup2", 1), "newfd");
  EXPECT_EQ(arg_name("accept4", 3), "flags");
  EXPECT_EQ(arg_name("clone", 3), "child_tid");
  EXPECT_EQ(arg_name("clone3", 0), "cl_args");
  EXPECT_EQ(arg_name("wait4", 1), "wstatus");
  EXPECT_EQ(arg_name("newfstatat", 2), "statbuf");
  EXPECT_EQ(arg_name("execve", 2), "envp");
}

TEST(Signatures, UnknownGivesArgIndex) {
  EXPECT_EQ(arg_name("no_such_call", 2), "arg2");
  EXPECT_EQ(arg_name("read", 5), "arg5");
}

TEST(Signatures, IndexedByNumberPerArch) {
  const SyscallSignature* x = find_signature(kArchX86_64, 56);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->name, "clone");
  EXPECT_EQ(x->params[3].name, "child_tid");
  const SyscallSignature* i = find_signature(kArchI386, 120);  // i386 clone: tls before child_tid
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->params[3].name, "tls");
  EXPECT_EQ(i->params[4].name, "child_tid");
  EXPECT_EQ(find_signature(kArchX86_64, 9999), nullptr);
}

TEST(Signatures, EveryEntryIsARealSyscallAndUnique) {
  std::set<std::string_view> seen;
  for (const SyscallSignature& sig : all_signatures()) {
    EXPECT_TRUE(seen.insert(sig.name).second) << "duplicate " << sig.name;
    const bool known = syscall_number(kArchX86_64, sig.name) >= 0 ||
                       syscall_number(kArchI386, sig.name) >= 0;
    // fchmodat2 is newer than some libseccomp releases; everything else must resolve.
    if (sig.name != "fchmodat2") {
      EXPECT_TRUE(known) << sig.name;
    }
    for (size_t k = 0; k < sig.nargs; ++k) {
      const ParamSpec& p = sig.params[k];
      EXPECT_FALSE(p.name.empty()) << sig.name;
      EXPECT_LT(p.related, static_cast<int>(sig.nargs)) << sig.name << " " << p.name;
    }
  }
}

TEST(Signatures, EntryDecodingOnlyWhereNeeded) {
  EXPECT_TRUE(find_signature("execve")->decode_at_entry());
  EXPECT_TRUE(find_signature("execveat")->decode_at_entry());
  EXPECT_TRUE(find_signature("exit_group")->decode_at_entry());
  EXPECT_FALSE(find_signature("read")->decode_at_entry());
  EXPECT_FALSE(find_signature("openat")->decode_at_entry());
}

TEST(Signatures, FdParametersAreMarked) {
  EXPECT_EQ(find_signature("read")->fd_params, 0b1);
  EXPECT_EQ(find_signature("openat")->fd_params, 0b1);       // dirfd
  EXPECT_EQ(find_signature("linkat")->fd_params, 0b101);     // olddirfd, newdirfd
  EXPECT_EQ(find_signature("pipe")->fd_params, 0b1);         // the pair it fills
  EXPECT_EQ(find_signature("open")->fd_params, 0);
  for (const SyscallSignature& sig : all_signatures()) {
    for (uint8_t i = 0; i < sig.params.size(); ++i) {
      const bool marked = ((sig.fd_params >> i) & 1u) != 0;
      EXPECT_EQ(marked, i < sig.nargs && holds_fds(sig.params[i].type)) << sig.name << " " << int(i);
    }
  }
}

}  // namespace
}  // namespace capsule
