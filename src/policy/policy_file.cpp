#include "policy/policy_file.h"

#include <fmt/core.h>
#include <linux/filter.h>

#include <nlohmann/json.hpp>

#include "log/rundir/input_file.h"
#include "policy/profile_filter.h"
#include "policy/seccomp_profile.h"

namespace capsule {

namespace {

constexpr const char* kSeccompKey = "seccomp";

// ProfileErrors from the seccomp part name a path inside it: prefixed, they name one in the file.
template <typename F>
auto in_seccomp_part(bool nested, F&& f) {
  try {
    return f();
  } catch (const ProfileError& e) {
    if (!nested) throw;
    throw ProfileError(std::string(kSeccompKey) + "." + e.what());
  }
}

}  // namespace

ParsedPolicy parse_policy_text(const std::string& text) {
  const nlohmann::json root = nlohmann::json::parse(text, nullptr, false);
  // Not JSON: the seccomp reader says where, with line and column.
  if (root.is_discarded() || !root.is_object() || !root.contains("capsule_policy")) {
    return ParsedPolicy{parse_profile(text), std::nullopt, std::nullopt, false};
  }
  ParsedPolicy out;
  out.capsule_format = true;
  bool have_seccomp = false;
  for (const auto& [key, value] : root.items()) {
    if (key == "capsule_policy") {
      if (!value.is_number_unsigned() || value.get<uint64_t>() != 1) {
        throw ProfileError("capsule_policy: version 1 is the only one this capsule reads");
      }
    } else if (key == kSeccompKey) {
      const nlohmann::json& part = value;  // a lambda cannot capture a structured binding before clang 16
      out.seccomp = in_seccomp_part(true, [&part] { return parse_profile_json(part); });
      have_seccomp = true;
    } else if (key == "landlock") {
      out.landlock = parse_landlock(value, key);
    } else if (key == "egress") {
      out.egress = parse_egress(value, key);
    } else if (key != "capsule" && key != "comment") {
      throw ProfileError(key + ": unknown key");
    }
  }
  if (!have_seccomp) throw ProfileError("seccomp: missing");
  return out;
}

LoadedPolicy load_policy_file(const std::string& path) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputFileError& e) {
    throw ProfileError(std::string(e.what()) + " (the policy file)");
  }
  try {
    ParsedPolicy parsed = parse_policy_text(text);
    CompiledPolicy compiled =
        in_seccomp_part(parsed.capsule_format, [&] { return compile_profile(parsed.seccomp, current_host_facts()); });
    // The kernel refuses a longer filter with a bare EINVAL, and only once the program is being
    // started: say why here, before a run directory exists.
    if (compiled.program.insns.size() > BPF_MAXINSNS) {
      throw ProfileError(fmt::format("the profile compiles to {} BPF instructions; the kernel accepts at most {} "
                                     "in one seccomp filter (use fewer argument rules)",
                                     compiled.program.insns.size(), BPF_MAXINSNS));
    }
    return {std::move(compiled.program), std::move(compiled.warnings), std::move(parsed.landlock),
            std::move(parsed.egress), nullptr};
  } catch (const std::runtime_error& e) {  // ProfileError, or libseccomp refusing
    throw ProfileError(path + ": " + e.what());
  }
}

}  // namespace capsule
