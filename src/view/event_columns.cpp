// Columns of events.jsonl and enriched.jsonl records (keys: docs/FORMAT.md, docs/ENRICHED.md).
#include <array>
#include <cinttypes>
#include <cstdio>

#include "view/record_columns.h"

namespace capsule::view {
namespace {

using Json = nlohmann::json;
using columns::text_of;

const Json* member(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

// A string argument, or the {"str":…,"truncated":true} form of a partly read one.
std::optional<std::string> string_arg(const Json* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (const Json* s = member(*v, "str"); s != nullptr && s->is_string()) return s->get<std::string>() + "...";
  return std::nullopt;
}

// What an fd referred to: events.jsonl has "fds":{"3":"/etc/passwd"}, enriched.jsonl has
// "fds":[{"fd":3,"path":…}|{"fd":3,"ref":…,"remote":…}].
std::string fd_ref(const Json& record, int64_t fd) {
  const Json* fds = member(record, "fds");
  if (fds == nullptr) return {};
  if (fds->is_object()) return text_of(*fds, std::to_string(fd));
  if (!fds->is_array()) return {};
  for (const Json& entry : *fds) {
    const Json* n = member(entry, "fd");
    if (n == nullptr || !n->is_number_integer() || n->get<int64_t>() != fd) continue;
    for (const char* key : {"remote", "path", "ref"}) {
      if (std::string t = text_of(entry, key); !t.empty()) return t;
    }
  }
  return {};
}

std::string fd_text(const Json& record, int64_t fd) {
  const std::string ref = fd_ref(record, fd);
  return ref.empty() ? std::to_string(fd) : std::to_string(fd) + "<" + ref + ">";
}

// {"sa_family":"AF_INET","sin_port":80,"sin_addr":"127.0.0.1"} → "127.0.0.1:80".
std::string sockaddr_text(const Json& addr) {
  if (std::string ip = text_of(addr, "sin_addr"); !ip.empty()) return ip + ":" + text_of(addr, "sin_port");
  if (std::string ip = text_of(addr, "sin6_addr"); !ip.empty()) return "[" + ip + "]:" + text_of(addr, "sin6_port");
  if (std::string path = text_of(addr, "sun_path"); !path.empty()) return path;
  if (std::string family = text_of(addr, "sa_family"); !family.empty()) return family;
  return addr.dump();
}

std::string argv_tail(const Json* argv) {
  std::string out;
  if (argv == nullptr || !argv->is_array()) return out;
  for (size_t i = 1; i < argv->size(); ++i) {
    const std::optional<std::string> a = string_arg(&(*argv)[i]);
    out += " " + a.value_or((*argv)[i].dump());
  }
  return out;
}

std::string target_from_args(const Json& record, const Json& args, std::string_view syscall) {
  const auto str = [&](const char* key) { return string_arg(member(args, key)); };
  if (auto from = str("oldpath"), to = str("newpath"); from && to) return *from + " -> " + *to;
  if (auto target = str("target"), link = str("linkpath"); target && link) return *link + " -> " + *target;
  for (const char* key : {"pathname", "filename", "path", "name", "special", "source"}) {
    if (auto p = str(key)) {
      if (syscall.starts_with("execve")) return *p + argv_tail(member(args, "argv"));
      return *p;
    }
  }
  if (const Json* addr = member(args, "addr"); addr != nullptr && addr->is_object()) {
    return sockaddr_text(*addr);
  }
  for (const char* key : {"fd", "sockfd", "oldfd", "fd_in", "in_fd", "epfd", "pidfd", "dirfd"}) {
    const Json* v = member(args, key);
    if (v != nullptr && v->is_number_integer() && v->get<int64_t>() >= 0) return fd_text(record, v->get<int64_t>());
  }
  if (const Json* addr = member(args, "addr"); addr != nullptr && addr->is_string()) return addr->get<std::string>();
  if (const Json* pid = member(args, "pid"); pid != nullptr && pid->is_number_integer()) {
    std::string out = "pid " + pid->dump();
    if (std::string sig = text_of(args, "sig"); !sig.empty()) out += " " + sig;
    return out;
  }
  return {};
}

// enriched.jsonl carries no arguments: its resources and fds name what the call touched.
std::string target_from_context(const Json& record) {
  if (const Json* res = member(record, "resources"); res != nullptr && res->is_array()) {
    for (const Json& r : *res) {
      if (std::string p = text_of(r, "path"); !p.empty()) return p;
    }
  }
  if (const Json* fds = member(record, "fds"); fds != nullptr && fds->is_array() && !fds->empty()) {
    const Json* n = member(fds->front(), "fd");
    if (n != nullptr && n->is_number_integer()) return fd_text(record, n->get<int64_t>());
  }
  return {};
}

bool returns_address(std::string_view syscall) {
  return syscall == "mmap" || syscall == "mmap2" || syscall == "mremap" || syscall == "brk" ||
         syscall == "shmat";
}

std::string result_text(const Json& record, std::string_view syscall) {
  const Json* ret = member(record, "ret");
  std::string out;
  if (ret == nullptr || ret->is_null()) {
    out = "?";
  } else if (ret->is_number_integer() && returns_address(syscall) && ret->get<int64_t>() > 0) {
    std::array<char, 24> buf{};
    std::snprintf(buf.data(), buf.size(), "0x%" PRIx64, static_cast<uint64_t>(ret->get<int64_t>()));
    out = buf.data();
  } else {
    out = ret->dump();
  }
  if (std::string err = text_of(record, "errno"); !err.empty()) out += " " + err;
  if (const Json* denied = member(record, "denied"); denied != nullptr && denied->is_boolean() && denied->get<bool>()) {
    out += " (denied)";
  }
  return out;
}

void fill_exit(const Json& record, RecordColumns& c) {
  c.what = "exit";
  if (std::string sig = text_of(record, "killed_by"); !sig.empty()) {
    c.result = "killed by " + sig;
    if (const Json* core = member(record, "core_dumped"); core != nullptr && core->is_boolean() && core->get<bool>()) {
      c.result += " (core dumped)";
    }
    c.emphasis = Emphasis::Failure;
    return;
  }
  const std::string code = text_of(record, "exit_code");
  c.result = "exited " + code;
  if (code != "0") c.emphasis = Emphasis::Failure;
}

}  // namespace

RecordColumns event_columns(const Json& record) {
  RecordColumns c;
  if (const Json* ts = member(record, "ts")) c.time = columns::time_of_day(*ts);
  c.pid = text_of(record, "pid");
  if (const Json* ctx = member(record, "ctx")) c.exe = columns::base_name(text_of(*ctx, "exe"));

  const std::string type = text_of(record, "type");
  if (type == "signal") {
    c.what = "signal";
    c.target = text_of(record, "signal");
    return c;
  }
  if (type == "exit") {
    fill_exit(record, c);
    return c;
  }
  c.what = type.empty() ? text_of(record, "syscall") : type;
  if (const Json* args = member(record, "args"); args != nullptr && args->is_object()) {
    c.target = target_from_args(record, *args, c.what);
  } else {
    c.target = target_from_context(record);
  }
  c.result = result_text(record, c.what);

  const bool failed = member(record, "errno") != nullptr || member(record, "denied") != nullptr;
  const Json* privilege = member(record, "privilege");
  const bool identity_changed = privilege != nullptr && privilege->is_array() && !privilege->empty();
  if (failed) {
    c.emphasis = Emphasis::Failure;
  } else if (identity_changed || columns::is_privilege_syscall(c.what)) {
    c.emphasis = Emphasis::Privilege;
  }
  return c;
}

}  // namespace capsule::view
