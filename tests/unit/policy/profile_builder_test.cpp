#include <gtest/gtest.h>

#include <algorithm>

#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "policy/profile_builder.h"
#include "policy/profile_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

Observations observed_sample() {
  Observations obs;
  for (const char* n : {"read", "openat", "mmap", "mprotect", "socket", "close"}) {
    SyscallUse& u = obs.syscalls[n];
    u.count = 2;
    u.first_run = "11111111-2222-3333-4444-555555555555";
    u.first_exe = "/bin/x";
  }
  obs.socket_domains = {AF_UNIX, AF_INET};
  return obs;
}

HostFacts host() {
  HostFacts h;
  h.arches = {"amd64"};
  h.kernel_major = 6;
  return h;
}

TEST(ProfileBuilder, AllowsWhatWasSeenPlusTheLauncherAndBasics) {
  const SeccompProfile p = build_profile(observed_sample(), {});
  EXPECT_EQ(p.default_action, "SCMP_ACT_ERRNO");
  EXPECT_EQ(p.default_errno_ret, 1U);
  EXPECT_EQ(p.architectures, (std::vector<std::string>{"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"}));
  ASSERT_GE(p.syscalls.size(), 4U);
  EXPECT_EQ(p.syscalls[0].names,
            (std::vector<std::string>{"close", "execve", "exit", "exit_group", "fstatfs", "futex", "getdents64", "mmap",
                                      "mprotect", "openat", "read", "restart_syscall", "rt_sigreturn", "write"}));
  // socket: one rule per domain, AF_UNIX (1) before AF_INET (2).
  EXPECT_EQ(p.syscalls[1].names, (std::vector<std::string>{"socket"}));
  EXPECT_EQ(p.syscalls[1].args, (std::vector<ArgCondition>{{0, AF_UNIX, 0, "SCMP_CMP_EQ"}}));
  EXPECT_EQ(p.syscalls[1].comment, "AF_UNIX");
  EXPECT_EQ(p.syscalls[2].args, (std::vector<ArgCondition>{{0, AF_INET, 0, "SCMP_CMP_EQ"}}));
  EXPECT_EQ(p.syscalls[3].names, (std::vector<std::string>{"clone3"}));
  EXPECT_EQ(p.syscalls[3].errno_ret, 38U);
}

// A run where clone3 ran (under the eBPF backend, say) must still run where libc falls back to
// clone because clone3 is refused (ptrace's escape guard): its profile allows both.
TEST(ProfileBuilder, Clone3SeenAllowsCloneToo) {
  Observations obs = observed_sample();
  obs.syscalls["clone3"];
  const SeccompProfile p = build_profile(obs, {"errno", false});
  const auto& allowed = p.syscalls[0].names;
  EXPECT_NE(std::find(allowed.begin(), allowed.end(), "clone3"), allowed.end());
  EXPECT_NE(std::find(allowed.begin(), allowed.end(), "clone"), allowed.end());
  for (const auto& r : p.syscalls) EXPECT_NE(r.action, "SCMP_ACT_ERRNO") << "clone3 still refused";
}

TEST(ProfileBuilder, StrictConstrainsMappingsNeverWritableAndExecutable) {
  Observations obs = observed_sample();
  obs.write_exec_seen = {"mprotect"};
  const SeccompProfile p = build_profile(obs, {"errno", true});
  int mmap_rules = 0, mprotect_conditioned = 0;
  for (const auto& r : p.syscalls) {
    if (r.names == std::vector<std::string>{"mmap"}) {
      ++mmap_rules;
      ASSERT_EQ(r.args.size(), 1U);
      EXPECT_EQ(r.args[0].op, "SCMP_CMP_MASKED_EQ");
    }
    if (r.names == std::vector<std::string>{"mprotect"}) ++mprotect_conditioned;
  }
  EXPECT_EQ(mmap_rules, 3);
  EXPECT_EQ(mprotect_conditioned, 0);  // seen writable+executable: left alone
}

TEST(ProfileBuilder, UnreadableSocketDomainLeavesSocketUnconditioned) {
  Observations obs = observed_sample();
  obs.socket_domain_unknown = true;
  const SeccompProfile p = build_profile(obs, {});
  const auto& names = p.syscalls[0].names;
  EXPECT_NE(std::find(names.begin(), names.end(), "socket"), names.end());
}

TEST(ProfileBuilder, DefaultActions) {
  EXPECT_EQ(build_profile(observed_sample(), {"kill", false}).default_action, "SCMP_ACT_KILL_PROCESS");
  const SeccompProfile log = build_profile(observed_sample(), {"log", false});
  EXPECT_EQ(log.default_action, "SCMP_ACT_LOG");
  EXPECT_FALSE(log.default_errno_ret);
  EXPECT_THROW(build_profile(observed_sample(), {"maybe", false}), std::invalid_argument);
  EXPECT_THROW(build_profile(Observations{}, {}), std::runtime_error);
}

TEST(ProfileBuilder, RendersStablyAndReadsBack) {
  const SeccompProfile p = build_profile(observed_sample(), {"errno", true});
  nlohmann::ordered_json meta;
  meta["runs"] = nlohmann::ordered_json::array({"x"});
  const std::string a = render_profile(p, meta);
  EXPECT_EQ(a, render_profile(build_profile(observed_sample(), {"errno", true}), meta));
  EXPECT_EQ(a.rfind("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"defaultErrnoRet\": 1,\n  \"architectures\"", 0), 0U) << a;
  EXPECT_EQ(parse_profile(a), p);
  EXPECT_NO_THROW(compile_profile(parse_profile(a), host()));
}

TEST(ProfileCompile, UnknownSyscallIsAnErrorAndForeignOnesAWarning) {
  try {
    compile_profile(parse_profile(R"({"defaultAction": "SCMP_ACT_ERRNO",
        "syscalls": [{"names": ["read", "no_such_call"], "action": "SCMP_ACT_ALLOW"}]})"), host());
    FAIL() << "no error";
  } catch (const ProfileError& e) {
    EXPECT_STREQ(e.what(), "syscalls[0].names[1]: unknown syscall 'no_such_call'");
  }
  const CompiledPolicy c = compile_profile(parse_profile(R"({"defaultAction": "SCMP_ACT_ERRNO",
      "architectures": ["SCMP_ARCH_X86_64"],
      "syscalls": [{"names": ["read", "spu_run"], "action": "SCMP_ACT_ALLOW"}]})"), host());
  ASSERT_EQ(c.warnings.size(), 1U);
  EXPECT_EQ(c.warnings[0].rfind("syscalls[0].names[1]: 'spu_run' does not exist", 0), 0U);
  try {
    compile_profile(parse_profile(R"({"defaultAction": "SCMP_ACT_ERRNO",
        "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_FLY"]}}]})"), host());
    FAIL() << "no error";
  } catch (const ProfileError& e) {
    EXPECT_STREQ(e.what(), "syscalls[0].includes.caps[0]: unknown capability 'CAP_FLY'");
  }
}

TEST(ProfileBuilder, SummaryListsCountsAndFirstUsers) {
  const std::string s = render_summary(observed_sample(), build_profile(observed_sample(), {}));
  EXPECT_NE(s.find("openat"), std::string::npos);
  EXPECT_NE(s.find("/bin/x (run 11111111"), std::string::npos) << s;
  EXPECT_NE(s.find("socket domains allowed: AF_UNIX AF_INET"), std::string::npos) << s;
}

}  // namespace
}  // namespace capsule
