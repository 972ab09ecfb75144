#include <gtest/gtest.h>

#include <string>

#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

std::string profile_error_of(const std::string& text) {
  try {
    parse_profile(text);
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ProfileParse, ReadsDockerShapedProfile) {
  const SeccompProfile p = parse_profile(R"({
    "defaultAction": "SCMP_ACT_ERRNO",
    "defaultErrnoRet": 1,
    "archMap": [{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
    "syscalls": [
      {"names": ["read", "write"], "action": "SCMP_ACT_ALLOW", "comment": "io"},
      {"name": "personality", "action": "SCMP_ACT_ALLOW",
       "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
      {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
      {"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_BPF"], "minKernel": "5.8"}}
    ]})");
  EXPECT_EQ(p.default_action, "SCMP_ACT_ERRNO");
  ASSERT_TRUE(p.default_errno_ret);
  EXPECT_EQ(*p.default_errno_ret, 1U);
  ASSERT_EQ(p.arch_map.size(), 1U);
  EXPECT_EQ(p.arch_map[0].sub_architectures.size(), 2U);
  ASSERT_EQ(p.syscalls.size(), 4U);
  EXPECT_EQ(p.syscalls[0].names, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(p.syscalls[1].names, (std::vector<std::string>{"personality"}));
  ASSERT_EQ(p.syscalls[1].args.size(), 1U);
  EXPECT_EQ(p.syscalls[1].args[0].value, 8U);
  EXPECT_EQ(p.syscalls[2].errno_ret, 38U);
  EXPECT_EQ(p.syscalls[2].excludes.caps, (std::vector<std::string>{"CAP_SYS_ADMIN"}));
  EXPECT_EQ(p.syscalls[3].includes.min_kernel, "5.8");
  EXPECT_EQ(p.syscalls[3].where, "syscalls[3]");
}

TEST(ProfileParse, JsonErrorsGiveLineAndColumn) {
  EXPECT_EQ(profile_error_of("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [,]\n}").rfind("line 3 column 16: ", 0), 0U)
      << profile_error_of("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [,]\n}");
  EXPECT_EQ(profile_error_of("").rfind("line 1 column 1: ", 0), 0U) << profile_error_of("");
}

TEST(ProfileParse, AnOverflowingNumberIsAProfileError) {
  // Found by fuzz_seccomp_profile: the JSON parser reports it as out_of_range, not parse_error.
  EXPECT_EQ(profile_error_of(R"({"defaultErrnoRet": 7e18377})"), "a number too large for any field of a profile");
}

TEST(ProfileParse, SemanticErrorsGiveTheJsonPath) {
  const std::string base = R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"}, )";
  EXPECT_EQ(profile_error_of(base + R"({"names": ["x"], "action": "SCMP_ACT_MAYBE"}]})"),
            "syscalls[1].action: unknown action 'SCMP_ACT_MAYBE'");
  EXPECT_EQ(profile_error_of(base + R"({"names": ["x"], "action": "SCMP_ACT_TRACE"}]})").rfind("syscalls[1].action: SCMP_ACT_TRACE is not supported", 0), 0U);
  EXPECT_EQ(profile_error_of(base + R"({"names": ["x"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 7, "op": "SCMP_CMP_EQ"}]}]})"),
            "syscalls[1].args[0].index: argument index must be 0..5");
  EXPECT_EQ(profile_error_of(base + R"({"names": ["x"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "op": "SCMP_CMP_LIKE"}]}]})"),
            "syscalls[1].args[0].op: unknown operator 'SCMP_CMP_LIKE'");
  EXPECT_EQ(profile_error_of(base + R"({"names": ["x"], "action": "SCMP_ACT_ALLOW", "bogus": 1}]})"), "syscalls[1].bogus: unknown key");
  EXPECT_EQ(profile_error_of(R"({"syscalls": []})"), "defaultAction: missing");
  EXPECT_EQ(profile_error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_VAX"]})"),
            "architectures[0]: unknown architecture 'SCMP_ARCH_VAX'");
  EXPECT_EQ(profile_error_of(R"({"defaultAction": "SCMP_ACT_ERRNO", "listenerPath": "/run/x.sock"})"),
            "listenerPath: seccomp notification listeners are not supported");
}

TEST(ProfileParse, ToleratesCapsuleMetadataAndComments) {
  EXPECT_NO_THROW(parse_profile(R"({"defaultAction": "SCMP_ACT_LOG", "comment": "x", "capsule": {"runs": []}, "flags": []})"));
}

}  // namespace
}  // namespace capsule
