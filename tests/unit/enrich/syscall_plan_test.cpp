// The per-syscall plan: where an event's fd and path arguments are, from the signature table.
#include <gtest/gtest.h>

#include "decode/names.h"
#include "enrich/syscall_plan.h"
#include "event_builder.h"

namespace capsule {
namespace {

using test::EventBuilder;

SyscallEvent numbered(SyscallEvent ev, uint32_t arch = kArchX86_64) {
  ev.arch = arch;
  ev.nr = syscall_number(arch, ev.name);
  return ev;
}

TEST(SyscallPlan, FdParametersComeFromTheSignature) {
  const SyscallPlan& read = plan_for(numbered(EventBuilder(1, "read")));
  EXPECT_EQ(read.fd_params, 0b1);
  const SyscallPlan& splice = plan_for(numbered(EventBuilder(1, "splice")));
  EXPECT_EQ(splice.fd_params, 0b101);  // fd_in and fd_out; the offsets are numbers ([2])
  // A pointer the decoder does not follow may hold what the strace parser read as fds.
  EXPECT_EQ(plan_for(numbered(EventBuilder(1, "shmctl"))).fd_params, 0b100);  // buf
  // Pointers the strace parser may have read into fd-holding arrays and structs.
  EXPECT_EQ(plan_for(numbered(EventBuilder(1, "poll"))).fd_params, 0b1);      // the pollfd array
  EXPECT_EQ(plan_for(numbered(EventBuilder(1, "sendmsg"))).fd_params, 0b11);  // sockfd, msg
  const SyscallPlan& pipe2 = plan_for(numbered(EventBuilder(1, "pipe2")));
  EXPECT_EQ(pipe2.fd_params, 0b1);     // the pair
  ASSERT_NE(pipe2.rule, nullptr);
  EXPECT_TRUE(pipe2.rule->fd_output_array);
  EXPECT_EQ(plan_for(numbered(EventBuilder(1, "getpid"))).fd_params, 0);
}

TEST(SyscallPlan, PathParametersWithTheirDirfd) {
  const SyscallPlan& renameat = plan_for(numbered(EventBuilder(1, "renameat")));
  ASSERT_EQ(renameat.n_paths, 2);
  EXPECT_EQ(renameat.paths[0].index, 1);  // oldpath, relative to olddirfd
  EXPECT_EQ(renameat.paths[0].dirfd, 0);
  EXPECT_EQ(renameat.paths[1].index, 3);  // newpath, relative to newdirfd
  EXPECT_EQ(renameat.paths[1].dirfd, 2);
  const SyscallPlan& open = plan_for(numbered(EventBuilder(1, "open")));
  ASSERT_EQ(open.n_paths, 1);
  EXPECT_EQ(open.paths[0].index, 0);
  EXPECT_EQ(open.paths[0].dirfd, -1);   // the cwd
}

TEST(SyscallPlan, ByNumberByNameAndUnknown) {
  const SyscallEvent by_number = numbered(EventBuilder(1, "openat"));
  const SyscallEvent by_name = EventBuilder(1, "openat");  // nr -1
  EXPECT_EQ(plan_for(by_number).sig->name, "openat");
  EXPECT_EQ(plan_for(by_name).sig->name, "openat");
  EXPECT_EQ(plan_for(by_name).rule, find_rule("openat"));
  // A number that names another call than the event's name: the name wins.
  SyscallEvent mismatch = by_number;
  mismatch.name = "close";
  EXPECT_EQ(plan_for(mismatch).sig->name, "close");
  const SyscallPlan& unknown = plan_for(EventBuilder(1, "no_such_call"));
  EXPECT_EQ(unknown.sig, nullptr);
  EXPECT_EQ(unknown.rule, nullptr);
  // A call with a rule but no signature still has its rule.
  for_each_rule([](std::string_view name, const SyscallRule& rule) {
    EXPECT_EQ(plan_for(EventBuilder(1, std::string(name))).rule, &rule) << name;
  });
}

// The enriched record writes a plan's name without JSON escaping: every name the tables give must
// be plain letters, digits and '_'.
TEST(SyscallPlan, NamesNeedNoEscaping) {
  size_t named = 0;
  for (const uint32_t arch : {kArchX86_64, kArchI386}) {
    for (int nr = 0; nr < 1024; ++nr) {
      SyscallEvent ev = EventBuilder(1, std::string(syscall_name(arch, nr)));
      ev.arch = arch;
      ev.nr = nr;
      const std::string_view name = plan_for(ev).name;
      ASSERT_EQ(name, ev.name) << arch << " " << nr;
      for (const char c : name) {
        ASSERT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') << name;
      }
      ++named;
    }
  }
  EXPECT_EQ(named, 2048u);
  EXPECT_EQ(plan_for(EventBuilder(1, "openat")).name, "openat");
  EXPECT_TRUE(plan_for(EventBuilder(1, "no_such_call")).name.empty());
}

TEST(SyscallPlan, I386NumbersUseThatTable) {
  const SyscallPlan& clone = plan_for(numbered(EventBuilder(1, "clone"), kArchI386));
  ASSERT_NE(clone.sig, nullptr);
  EXPECT_EQ(clone.sig->params[3].name, "tls");  // CONFIG_CLONE_BACKWARDS
}

TEST(SyscallPlan, LaidOutAsTheSignature) {
  const SyscallEvent ok = EventBuilder(1, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "f")
                              .sym("flags", "O_RDONLY");
  EXPECT_TRUE(laid_out_as(plan_for(ok), ok));
  const SyscallEvent swapped = EventBuilder(1, "openat").str("pathname", "f").sym("dirfd", "AT_FDCWD");
  EXPECT_FALSE(laid_out_as(plan_for(swapped), swapped));
  const SyscallEvent too_many = EventBuilder(1, "close").fd("fd", 3).num("x", 1);
  EXPECT_FALSE(laid_out_as(plan_for(too_many), too_many));
  const SyscallEvent none = EventBuilder(1, "close");
  EXPECT_TRUE(laid_out_as(plan_for(none), none));
  const SyscallEvent unknown = EventBuilder(1, "no_such_call").fd("fd", 3);
  EXPECT_FALSE(laid_out_as(plan_for(unknown), unknown));
}

}  // namespace
}  // namespace capsule
