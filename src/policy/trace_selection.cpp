#include "policy/trace_selection.h"

#include <seccomp.h>

#include <array>
#include <functional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "decode/signatures.h"
#include "enrich/syscall_rules.h"

namespace capsule {
namespace {

using NameSet = std::set<std::string, std::less<>>;

// Path parameters that name something other than a file (a memfd's label, an xattr's name, module
// parameters, a filesystem type): a call with only these is not in the file class.
bool names_a_file(const ParamSpec& p) {
  if (p.type != ArgType::Path) return false;
  for (std::string_view other : {"name", "param_values", "filesystemtype"}) {
    if (p.name == other) return false;
  }
  return true;
}

bool takes_or_returns_fd(const SyscallSignature& s) {
  if (s.ret == RetType::Fd) return true;
  for (size_t i = 0; i < s.nargs; ++i) {
    if (s.params[i].type == ArgType::Fd || s.params[i].type == ArgType::DirFd) return true;
  }
  return false;
}

bool takes_a_file(const SyscallSignature& s) {
  for (size_t i = 0; i < s.nargs; ++i) {
    if (names_a_file(s.params[i])) return true;
  }
  return false;
}

// strace's classes. file and desc follow from the signature (a path argument; an fd argument or
// result); the others are the rows' declared classes (decode/syscall_table.def).
struct ClassSpec {
  std::string_view name;
  bool (*derived)(const SyscallSignature&);
  uint8_t declared;  // SyscallClass bit
};

const std::array<ClassSpec, 8> kClasses{{
    {"file", takes_a_file, kClassNone},
    {"desc", takes_or_returns_fd, kClassNone},
    {"network", nullptr, kClassNetwork},
    {"process", nullptr, kClassProcess},
    {"memory", nullptr, kClassMemory},
    {"signal", nullptr, kClassSignal},
    {"ipc", nullptr, kClassIpc},
    {"creds", nullptr, kClassCreds},
}};

const ClassSpec* find_class(std::string_view name) {
  if (name.starts_with('%')) name.remove_prefix(1);
  for (const auto& c : kClasses) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

void add_class(const ClassSpec& c, NameSet& out) {
  for (const auto& s : all_signatures()) {
    if (c.derived != nullptr ? c.derived(s) : (s.facts.classes & c.declared) != 0) out.emplace(s.name);
  }
}

// libseccomp resolves a name that exists only on other architectures to a negative pseudo number.
bool x86_64_syscall(const std::string& name) {
  return seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, name.c_str()) >= 0;
}

// A syscall name on any architecture capsule records (x86_64, and i386 for int 0x80 calls).
bool known_syscall(std::string_view name) {
  const std::string n(name);
  return seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86_64, n.c_str()) != __NR_SCMP_ERROR ||
         seccomp_syscall_resolve_name_arch(SCMP_ARCH_X86, n.c_str()) != __NR_SCMP_ERROR ||
         find_signature(name) != nullptr;
}

NameSet build_always_recorded() {
  NameSet out;
  // What the enricher's tables are built from. Getdents, connect and bind only add detail to an
  // fd that already exists, so leaving them out cannot make a later record's context wrong.
  for_each_rule([&out](std::string_view name, const SyscallRule& rule) {
    if (rule.effect != Effect::Getdents && rule.effect != Effect::Connect && rule.effect != Effect::Bind) {
      out.emplace(name);
    }
  });
  // A process's last call, and the end of its record.
  out.emplace("exit");
  out.emplace("exit_group");
  // The calls the tracer decides on at their entry (containment, seccomp, io_uring): they must
  // stop the program, and what the tracer decided is part of the record.
  for (const auto& s : all_signatures()) {
    if (s.facts.guarded) out.emplace(s.name);
  }
  return out;
}

}  // namespace

TraceSelection TraceSelection::parse(std::string_view spec) {
  TraceSelection sel;
  sel.spec_ = std::string(spec);
  std::string_view rest = spec;
  if (rest.starts_with('!')) {
    sel.negated_ = true;
    rest.remove_prefix(1);
  }
  if (rest.empty()) throw std::invalid_argument("an empty list: name classes or syscalls");
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) throw std::invalid_argument("an empty item in the list");
    if (item == "all") {
      for (const auto& s : all_signatures()) sel.listed_.emplace(s.name);
    } else if (const ClassSpec* c = find_class(item)) {
      add_class(*c, sel.listed_);
    } else if (known_syscall(item)) {
      sel.listed_.emplace(item);
    } else {
      throw std::invalid_argument("unknown syscall or class '" + std::string(item) + "'");
    }
  }
  return sel;
}

bool TraceSelection::includes(std::string_view syscall) const {
  if (always_recorded().count(syscall) > 0) return true;
  return (listed_.count(syscall) > 0) != negated_;
}

const std::set<std::string, std::less<>>& TraceSelection::always_recorded() {
  static const NameSet kAlways = build_always_recorded();
  return kAlways;
}

std::vector<std::string_view> TraceSelection::class_names() {
  std::vector<std::string_view> out;
  for (const auto& c : kClasses) out.push_back(c.name);
  return out;
}

std::string TraceSelection::strace_expression() const {
  // Each name with strace's '?' ("ignore if unknown"): a strace older than the kernel does not know
  // the newest calls, and refuses the whole expression for one name it does not know.
  std::string out = negated_ ? "!" : "";
  bool first = true;
  const auto add = [&](const std::string& n) {
    if (!x86_64_syscall(n)) return;
    if (!first) out.push_back(',');
    out += '?';
    out += n;
    first = false;
  };
  for (const auto& n : listed_) {
    if (!negated_ || always_recorded().count(n) == 0) add(n);  // "all but" never excludes context
  }
  if (!negated_) {
    for (const auto& n : always_recorded()) {
      if (listed_.count(n) == 0) add(n);
    }
  }
  if (first) return "all";  // "everything but" nothing strace can name
  return out;
}

std::string TraceSelection::manifest_json(std::string_view mode) const {
  nlohmann::json j;
  j["spec"] = spec_;
  j["negated"] = negated_;
  j["listed"] = listed_;
  j["always_recorded"] = always_recorded();
  j["mode"] = mode;
  return j.dump();
}

}  // namespace capsule
