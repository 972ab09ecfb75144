// siginfo_t as strace names it: the fields each code and signal fill, and the same values the
// strace parser finds from the names (symbol_from_names), so that both backends agree.
#include <gtest/gtest.h>

#include "decode/siginfo.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

std::vector<std::string> names(const Arg& s) {
  std::vector<std::string> out;
  for (const Arg& f : s.items) out.push_back(f.name);
  return out;
}

TEST(Siginfo, SentByAProcess) {
  siginfo_t si{};
  si.si_signo = SIGUSR2;
  si.si_code = SI_TKILL;
  si.si_pid = 12;
  si.si_uid = 1000;
  const Arg a = siginfo_arg(si);
  EXPECT_EQ(a.name, "siginfo");
  ASSERT_EQ(names(a), (std::vector<std::string>{"si_signo", "si_code", "si_pid", "si_uid"}));
  EXPECT_EQ(a.items[0], symbol_from_names("SIGUSR2").named("si_signo"));
  EXPECT_EQ(a.items[1], symbol_from_names("SI_TKILL").named("si_code"));  // negative: -6
  EXPECT_EQ(a.items[1].num, SI_TKILL);
  EXPECT_EQ(a.items[3], Arg::integer(1000).named("si_uid"));
  // sigqueue's value follows.
  si.si_code = SI_QUEUE;
  si.si_value.sival_int = 42;
  EXPECT_EQ(names(siginfo_arg(si)), (std::vector<std::string>{"si_signo", "si_code", "si_pid", "si_uid", "si_int", "si_ptr"}));
}

TEST(Siginfo, ChildStatusByCode) {
  siginfo_t si{};
  si.si_signo = SIGCHLD;
  si.si_code = CLD_KILLED;
  si.si_pid = 12;
  si.si_status = SIGKILL;
  const Arg a = siginfo_arg(si);
  ASSERT_EQ(names(a), (std::vector<std::string>{"si_signo", "si_code", "si_pid", "si_uid", "si_status", "si_utime", "si_stime"}));
  EXPECT_EQ(a.items[1], symbol_from_names("CLD_KILLED").named("si_code"));
  EXPECT_EQ(a.items[4], symbol_from_names("SIGKILL").named("si_status"));
  si.si_code = CLD_EXITED;
  si.si_status = 3;
  EXPECT_EQ(siginfo_arg(si).items[4], Arg::integer(3).named("si_status"));
}

TEST(Siginfo, FaultsAndTheKernel) {
  siginfo_t si{};
  si.si_signo = SIGSEGV;
  si.si_code = SEGV_MAPERR;
  Arg a = siginfo_arg(si);
  ASSERT_EQ(names(a), (std::vector<std::string>{"si_signo", "si_code", "si_addr"}));
  EXPECT_EQ(a.items[1], symbol_from_names("SEGV_MAPERR").named("si_code"));
  EXPECT_EQ(a.items[2], Arg::null().named("si_addr"));
  // SI_KERNEL is generic: looked up before the signal's own codes.
  si.si_signo = SIGALRM;
  si.si_code = SI_KERNEL;
  a = siginfo_arg(si);
  ASSERT_EQ(names(a), (std::vector<std::string>{"si_signo", "si_code"}));
  EXPECT_EQ(a.items[1], symbol_from_names("SI_KERNEL").named("si_code"));
  // A code no table names: strace's "%#x".
  si.si_signo = SIGUSR1;
  si.si_code = 77;
  EXPECT_EQ(siginfo_arg(si).items[1], Arg::hex(77).named("si_code"));
}

}  // namespace
}  // namespace capsule
