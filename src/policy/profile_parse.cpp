// Reading a Docker/OCI seccomp profile into SeccompProfile, with a position for every refusal.
#include <seccomp.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <string>

#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

using Json = nlohmann::json;

constexpr std::array kActions{"SCMP_ACT_ALLOW", "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD",
                              "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_LOG", "SCMP_ACT_TRAP"};
// Valid in the format but not honoured under capsule: TRACE would hand the call to a tracer,
// and capsule is that tracer; NOTIFY needs a listener process that capsule does not run.
constexpr std::array kRefusedActions{"SCMP_ACT_TRACE", "SCMP_ACT_NOTIFY"};
constexpr std::array kCompares{"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
                               "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};

struct ArchName {
  const char* name;
  uint32_t token;
};
constexpr std::array kArches{
    ArchName{"SCMP_ARCH_X86", SCMP_ARCH_X86},         ArchName{"SCMP_ARCH_X86_64", SCMP_ARCH_X86_64},
    ArchName{"SCMP_ARCH_X32", SCMP_ARCH_X32},         ArchName{"SCMP_ARCH_ARM", SCMP_ARCH_ARM},
    ArchName{"SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64}, ArchName{"SCMP_ARCH_MIPS", SCMP_ARCH_MIPS},
    ArchName{"SCMP_ARCH_MIPS64", SCMP_ARCH_MIPS64},   ArchName{"SCMP_ARCH_MIPS64N32", SCMP_ARCH_MIPS64N32},
    ArchName{"SCMP_ARCH_MIPSEL", SCMP_ARCH_MIPSEL},   ArchName{"SCMP_ARCH_MIPSEL64", SCMP_ARCH_MIPSEL64},
    ArchName{"SCMP_ARCH_MIPSEL64N32", SCMP_ARCH_MIPSEL64N32},
    ArchName{"SCMP_ARCH_PPC", SCMP_ARCH_PPC},         ArchName{"SCMP_ARCH_PPC64", SCMP_ARCH_PPC64},
    ArchName{"SCMP_ARCH_PPC64LE", SCMP_ARCH_PPC64LE}, ArchName{"SCMP_ARCH_S390", SCMP_ARCH_S390},
    ArchName{"SCMP_ARCH_S390X", SCMP_ARCH_S390X},     ArchName{"SCMP_ARCH_RISCV64", SCMP_ARCH_RISCV64},
};

template <size_t N>
bool contains(const std::array<const char*, N>& set, std::string_view s) {
  return std::any_of(set.begin(), set.end(), [&](const char* x) { return s == x; });
}


std::string line_column(std::string_view text, size_t byte) {
  // nlohmann reports the byte count read when it failed: the offending character is the last.
  const size_t end = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1, column = 1;
  for (size_t i = 0; i < end; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + " column " + std::to_string(column);
}

const std::string& string_at(const Json& j, const std::string& where) {
  if (!j.is_string()) profile_fail(where, "expected a string");
  return j.get_ref<const std::string&>();
}

uint64_t unsigned_at(const Json& j, const std::string& where) {
  if (!j.is_number_unsigned()) profile_fail(where, "expected a non-negative integer");
  return j.get<uint64_t>();
}

std::vector<std::string> strings_at(const Json& j, const std::string& where) {
  if (!j.is_array()) profile_fail(where, "expected an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < j.size(); ++i) out.push_back(string_at(j[i], where + "[" + std::to_string(i) + "]"));
  return out;
}

void check_object(const Json& j, const std::string& where) {
  if (!j.is_object()) profile_fail(where, "expected an object");
}

std::string checked_action(const Json& j, const std::string& where) {
  const std::string& a = string_at(j, where);
  if (contains(kRefusedActions, a)) profile_fail(where, a + " is not supported under capsule (capsule itself is the tracer)");
  if (!contains(kActions, a)) profile_fail(where, "unknown action '" + a + "'");
  return a;
}

std::string checked_arch(const Json& j, const std::string& where) {
  const std::string& a = string_at(j, where);
  if (arch_token(a) == 0) profile_fail(where, "unknown architecture '" + a + "'");
  return a;
}

RuleFilter parse_filter(const Json& j, const std::string& where) {
  check_object(j, where);
  RuleFilter f;
  for (const auto& [key, value] : j.items()) {
    const std::string at = where + "." + key;
    if (key == "arches") f.arches = strings_at(value, at);
    else if (key == "caps") f.caps = strings_at(value, at);
    else if (key == "minKernel") f.min_kernel = string_at(value, at);
    else profile_fail(at, "unknown key");
  }
  return f;
}

ArgCondition parse_arg(const Json& j, const std::string& where) {
  check_object(j, where);
  ArgCondition c;
  bool have_index = false, have_op = false;
  for (const auto& [key, value] : j.items()) {
    const std::string at = where + "." + key;
    if (key == "index") {
      const uint64_t i = unsigned_at(value, at);
      if (i > 5) profile_fail(at, "argument index must be 0..5");
      c.index = static_cast<unsigned>(i);
      have_index = true;
    } else if (key == "value") {
      c.value = unsigned_at(value, at);
    } else if (key == "valueTwo") {
      c.value_two = unsigned_at(value, at);
    } else if (key == "op") {
      c.op = string_at(value, at);
      if (!contains(kCompares, c.op)) profile_fail(at, "unknown operator '" + c.op + "'");
      have_op = true;
    } else {
      profile_fail(at, "unknown key");
    }
  }
  if (!have_index) profile_fail(where, "missing \"index\"");
  if (!have_op) profile_fail(where, "missing \"op\"");
  return c;
}

ProfileRule parse_syscall_rule(const Json& j, const std::string& where) {
  check_object(j, where);
  ProfileRule r;
  r.where = where;
  for (const auto& [key, value] : j.items()) {
    const std::string at = where + "." + key;
    if (key == "names") {
      for (auto& n : strings_at(value, at)) r.names.push_back(std::move(n));
    } else if (key == "name") {  // the older single-name spelling
      r.names.push_back(string_at(value, at));
    } else if (key == "action") {
      r.action = checked_action(value, at);
    } else if (key == "errnoRet") {
      r.errno_ret = static_cast<uint32_t>(unsigned_at(value, at));
    } else if (key == "args") {
      if (value.is_null()) continue;
      if (!value.is_array()) profile_fail(at, "expected an array");
      for (size_t i = 0; i < value.size(); ++i) r.args.push_back(parse_arg(value[i], at + "[" + std::to_string(i) + "]"));
    } else if (key == "comment") {
      r.comment = string_at(value, at);
    } else if (key == "includes") {
      r.includes = parse_filter(value, at);
    } else if (key == "excludes") {
      r.excludes = parse_filter(value, at);
    } else {
      profile_fail(at, "unknown key");
    }
  }
  if (r.action.empty()) profile_fail(where, "missing \"action\"");
  if (r.names.empty()) profile_fail(where, "no syscall names");
  if (r.errno_ret && r.action != "SCMP_ACT_ERRNO") profile_fail(where + ".errnoRet", "only SCMP_ACT_ERRNO takes an errno");
  return r;
}

}  // namespace

bool is_known_action(std::string_view action) { return contains(kActions, action); }
bool is_known_compare(std::string_view op) { return contains(kCompares, op); }

uint32_t arch_token(std::string_view scmp_arch) {
  for (const auto& a : kArches) {
    if (scmp_arch == a.name) return a.token;
  }
  return 0;
}

SeccompProfile parse_profile(std::string_view text) {
  Json root;
  try {
    root = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error …": keep the
    // reason, with our own position.
    if (const size_t colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    throw ProfileError(line_column(text, e.byte) + ": " + what);
  } catch (const Json::out_of_range&) {
    // A number no double can hold ("7e18377"): the parser reports it without a position.
    throw ProfileError("a number too large for any field of a profile");
  }
  return parse_profile_json(root);
}

SeccompProfile parse_profile_json(const nlohmann::json& root) {
  check_object(root, "(top level)");
  SeccompProfile p;
  bool have_default = false;
  for (const auto& [key, value] : root.items()) {
    if (key == "defaultAction") {
      p.default_action = checked_action(value, key);
      have_default = true;
    } else if (key == "defaultErrnoRet") {
      p.default_errno_ret = static_cast<uint32_t>(unsigned_at(value, key));
    } else if (key == "architectures") {
      if (value.is_null()) continue;
      if (!value.is_array()) profile_fail(key, "expected an array");
      for (size_t i = 0; i < value.size(); ++i) p.architectures.push_back(checked_arch(value[i], key + "[" + std::to_string(i) + "]"));
    } else if (key == "archMap") {
      if (value.is_null()) continue;
      if (!value.is_array()) profile_fail(key, "expected an array");
      for (size_t i = 0; i < value.size(); ++i) {
        const std::string at = key + "[" + std::to_string(i) + "]";
        check_object(value[i], at);
        ArchMapEntry e;
        for (const auto& [k, v] : value[i].items()) {
          if (k == "architecture") {
            e.architecture = checked_arch(v, at + "." + k);
          } else if (k == "subArchitectures") {
            if (v.is_null()) continue;
            if (!v.is_array()) profile_fail(at + "." + k, "expected an array");
            for (size_t s = 0; s < v.size(); ++s) e.sub_architectures.push_back(checked_arch(v[s], at + "." + k + "[" + std::to_string(s) + "]"));
          } else {
            profile_fail(at + "." + k, "unknown key");
          }
        }
        if (e.architecture.empty()) profile_fail(at, "missing \"architecture\"");
        p.arch_map.push_back(std::move(e));
      }
    } else if (key == "syscalls") {
      if (value.is_null()) continue;
      if (!value.is_array()) profile_fail(key, "expected an array");
      for (size_t i = 0; i < value.size(); ++i) p.syscalls.push_back(parse_syscall_rule(value[i], key + "[" + std::to_string(i) + "]"));
    } else if (key == "flags") {
      // SECCOMP_FILTER_FLAG_* change how the filter is loaded; capsule loads with none.
      if (!value.is_null() && !(value.is_array() && value.empty())) profile_fail(key, "filter flags are not supported");
    } else if (key == "listenerPath" || key == "listenerMetadata") {
      if (!value.is_null() && !(value.is_string() && value.get_ref<const std::string&>().empty())) {
        profile_fail(key, "seccomp notification listeners are not supported");
      }
    } else if (key == "capsule" || key == "comment") {
      // capsule's own metadata and free text: runtimes ignore them, and so does enforcement.
    } else {
      profile_fail(key, "unknown key");
    }
  }
  if (!have_default) profile_fail("defaultAction", "missing");
  if (p.default_errno_ret && p.default_action != "SCMP_ACT_ERRNO") {
    profile_fail("defaultErrnoRet", "only an SCMP_ACT_ERRNO default takes an errno");
  }
  return p;
}

}  // namespace capsule
