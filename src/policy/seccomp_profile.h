// A seccomp profile in the Docker/OCI JSON format (moby's profiles/seccomp/default.json is the
// reference): what `capsule profile` writes and `capsule run --policy` reads.
//
// The model keeps the file's own spellings (SCMP_ACT_*, SCMP_ARCH_*, SCMP_CMP_*), so that writing
// what was read loses nothing; profile_filter.h turns it into a BPF program with libseccomp.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace capsule {

// A problem in a profile, positioned: "line 3 column 7: …" for JSON syntax,
// "syscalls[3].action: …" (the JSON path) for content. Reported as one line, exit 2.
class ProfileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws the ProfileError for `what` found at `where` (a JSON path such as "egress.allow[2]").
[[noreturn]] inline void profile_fail(const std::string& where, const std::string& what) {
  throw ProfileError(where + ": " + what);
}

// One comparison on a syscall argument. For SCMP_CMP_MASKED_EQ, value is the mask and value_two
// the datum, as runc and libseccomp read them.
struct ArgCondition {
  unsigned index = 0;   // 0..5
  uint64_t value = 0;
  uint64_t value_two = 0;
  std::string op;       // "SCMP_CMP_EQ", …
  bool operator==(const ArgCondition&) const = default;
};

// includes / excludes of a rule: host facts that decide whether the rule applies at all.
struct RuleFilter {
  std::vector<std::string> arches;  // Docker's names: "amd64", "x86", "x32", "arm64", …
  std::vector<std::string> caps;    // "CAP_SYS_ADMIN", …
  std::string min_kernel;           // "4.8"; empty: none
  bool empty() const { return arches.empty() && caps.empty() && min_kernel.empty(); }
  bool operator==(const RuleFilter&) const = default;
};

struct ProfileRule {
  std::vector<std::string> names;
  std::string action;                  // "SCMP_ACT_ALLOW", …
  std::optional<uint32_t> errno_ret;   // SCMP_ACT_ERRNO's errno (EPERM when absent)
  std::vector<ArgCondition> args;      // ANDed; several on one index are ORed (runc's reading)
  std::string comment;
  RuleFilter includes;
  RuleFilter excludes;
  std::string where;                   // "syscalls[3]": for messages about this rule
  bool operator==(const ProfileRule&) const = default;
};

struct ArchMapEntry {
  std::string architecture;                   // "SCMP_ARCH_X86_64"
  std::vector<std::string> sub_architectures; // "SCMP_ARCH_X86", "SCMP_ARCH_X32"
  bool operator==(const ArchMapEntry&) const = default;
};

struct SeccompProfile {
  std::string default_action = "SCMP_ACT_ERRNO";
  std::optional<uint32_t> default_errno_ret;
  std::vector<std::string> architectures;
  std::vector<ArchMapEntry> arch_map;
  std::vector<ProfileRule> syscalls;
  bool operator==(const SeccompProfile&) const = default;
};

// Parses a profile. Throws ProfileError (positioned) for malformed JSON, unknown keys, actions,
// operators or architectures, and for the parts capsule cannot honour (SCMP_ACT_TRACE and
// SCMP_ACT_NOTIFY, listenerPath, flags). Syscall names are checked when compiling.
SeccompProfile parse_profile(std::string_view text);
// The same, from JSON already parsed (the "seccomp" part of a capsule policy, policy_file.h).
SeccompProfile parse_profile_json(const nlohmann::json& root);

// The action/operator/architecture spellings the format allows.
bool is_known_action(std::string_view action);
bool is_known_compare(std::string_view op);
// SCMP_ARCH_* → libseccomp's token; 0 when unknown.
uint32_t arch_token(std::string_view scmp_arch);

}  // namespace capsule
