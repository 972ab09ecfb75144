// Event → (kind, target), driven by the rule table (action_table.cpp). The common events (a read
// on a known fd) return a view of the enricher's fd ref and build nothing.
#include "aggregate/action_classify.h"

#include <sched.h>

#include "aggregate/action_table.h"
#include "decode/names.h"
#include "log/render/event_render.h"

namespace capsule {
namespace {

const Arg* arg_at(const SyscallEvent& ev, int8_t i) {
  return i >= 0 && static_cast<size_t>(i) < ev.args.size() ? &ev.args[static_cast<size_t>(i)] : nullptr;
}

std::string_view ref_of(const SyscallEvent& ev, int64_t fd) {
  for (const FdRef& r : ev.fd_refs) {
    if (r.fd == fd && !r.ref.empty()) return r.ref;
  }
  return {};
}

bool succeeded(const SyscallEvent& ev) { return ev.has_ret && ev.err == 0 && !ev.denied; }

void append_number(std::string& out, int64_t v) { out += std::to_string(v); }

// The fd's path or socket description; "fd N" when the enricher does not know it.
std::string_view fd_target(const SyscallEvent& ev, const Arg* fd, std::string& built) {
  if (fd == nullptr || fd->kind != ArgKind::Fd) return ev.name;
  if (std::string_view ref = ref_of(ev, fd->num); !ref.empty()) return ref;
  built.assign("fd ");
  append_number(built, fd->num);
  return built;
}

// A path argument, made absolute with its dirfd's path when it is relative to a known directory;
// an empty path with a dirfd (AT_EMPTY_PATH) names the dirfd's file itself.
std::string_view path_target(const SyscallEvent& ev, const Arg* path, const Arg* dirfd,
                             std::string& built) {
  if (path == nullptr || path->kind != ArgKind::Str) return ev.name;
  const std::string_view p = path->text;
  if (dirfd == nullptr || dirfd->kind != ArgKind::Fd || (!p.empty() && p.front() == '/')) return p;
  const std::string_view dir = ref_of(ev, dirfd->num);
  if (dir.empty()) return p.empty() ? fd_target(ev, dirfd, built) : p;
  if (p.empty()) return dir;
  built.assign(dir);
  if (built.back() != '/') built.push_back('/');
  built.append(p);
  return built;
}

const Arg* member(const Arg& s, std::string_view name) {
  for (const Arg& m : s.items) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

// "127.0.0.1:80", "[::1]:80", a unix socket's path; empty when the address says nothing useful.
std::string_view sockaddr_target(const Arg& addr, std::string& built) {
  if (addr.kind != ArgKind::Struct) return {};
  if (const Arg* path = member(addr, "sun_path"); path != nullptr) {
    built.assign(path->text.empty() || path->text.front() != '\0' ? "" : "@");
    built.append(path->text.empty() || path->text.front() != '\0' ? path->text : path->text.substr(1));
    return built;
  }
  const Arg* ip = member(addr, "sin_addr");
  const Arg* port = member(addr, "sin_port");
  const bool v6 = ip == nullptr;
  if (v6) {
    ip = member(addr, "sin6_addr");
    port = member(addr, "sin6_port");
  }
  if (ip == nullptr || port == nullptr) return {};
  built.assign(v6 ? "[" : "");
  built.append(ip->text);
  built.append(v6 ? "]:" : ":");
  append_number(built, port->num);
  return built;
}

std::string_view child_target(const SyscallEvent& ev, std::string& built) {
  if (!succeeded(ev) || ev.ret <= 0) return ev.name;  // failed; or the child's own return
  const Arg* flags = arg_at(ev, 0);
  const bool thread = flags != nullptr && flags->kind == ArgKind::Symbol &&
                      (static_cast<uint64_t>(flags->num) & CLONE_THREAD) != 0;
  built.assign(thread ? "thread " : "pid ");
  append_number(built, ev.ret);
  return built;
}

// "pid N SIGTERM"; sets to_self when the signal goes to the caller itself (raise, abort).
std::string_view signal_target(const SyscallEvent& ev, const Arg* dest, const Arg* sig,
                               std::string& built, bool& to_self) {
  if (dest == nullptr || sig == nullptr) return ev.name;
  to_self = dest->num == ev.pid || dest->num == ev.tid;
  built.assign("pid ");
  append_number(built, dest->num);
  built.push_back(' ');
  if (sig->kind == ArgKind::Symbol) built.append(sig->text);
  else built.append(signal_name(static_cast<int>(sig->num)));
  return built;
}

std::string_view call_target(const SyscallEvent& ev, std::string& built) {
  built.assign(ev.name);
  built.push_back('(');
  for (size_t i = 0; i < ev.args.size(); ++i) {
    if (i > 0) built.append(", ");
    append_strace_arg(ev.args[i], ev, built);
  }
  built.push_back(')');
  return built;
}

std::string_view exit_target(const SyscallEvent& ev, std::string& built) {
  built.clear();
  if (ev.tid != ev.pid && ev.tid != 0) {
    built.append("thread ");
    append_number(built, ev.tid);
    built.push_back(' ');
  }
  if (ev.killed) {
    built.append("killed by ");
    built.append(signal_name(ev.signo));
    if (ev.core_dumped) built.append(" (core dumped)");
  } else {
    built.append("exited ");
    append_number(built, ev.exit_code);
  }
  return built;
}

}  // namespace

std::string_view ActionClassifier::syscall_target(const SyscallEvent& ev, ActionKind& kind) {
  const ActionRule& rule = action_rule(ev.name);
  kind = rule.kind;
  switch (rule.target) {
    case TargetRule::Name:
      return ev.name;
    case TargetRule::Fd:
      return fd_target(ev, arg_at(ev, rule.a), built_);
    case TargetRule::MapFd: {
      const Arg* fd = arg_at(ev, rule.a);
      if (fd != nullptr && fd->kind == ArgKind::Fd && fd->num < 0) return "anonymous";
      return fd_target(ev, fd, built_);
    }
    case TargetRule::Path:
      return path_target(ev, arg_at(ev, rule.a), arg_at(ev, rule.b), built_);
    case TargetRule::PathPair: {
      const std::string_view to = path_target(ev, arg_at(ev, rule.c), arg_at(ev, rule.d), second_);
      const std::string_view from = path_target(ev, arg_at(ev, rule.a), arg_at(ev, rule.b), built_);
      if (from.data() != built_.data()) built_.assign(from);
      built_.append(" -> ");
      built_.append(to);
      return built_;
    }
    case TargetRule::OpenResult:
      if (succeeded(ev) && ev.ret_kind == RetKind::Fd) {
        if (std::string_view ref = ref_of(ev, ev.ret); !ref.empty()) return ref;
      }
      return path_target(ev, arg_at(ev, rule.a), arg_at(ev, rule.b), built_);
    case TargetRule::SockPeer: {
      if (const Arg* addr = arg_at(ev, rule.b); addr != nullptr) {
        if (std::string_view peer = sockaddr_target(*addr, built_); !peer.empty()) return peer;
      }
      return fd_target(ev, arg_at(ev, rule.a), built_);
    }
    case TargetRule::ChildPid:
      return child_target(ev, built_);
    case TargetRule::SignalDest: {
      bool to_self = false;
      const std::string_view t = signal_target(ev, arg_at(ev, rule.a), arg_at(ev, rule.b), built_, to_self);
      // Only a signal to another process is a Signal action; raise()/abort() are the caller's own.
      if (to_self) kind = ActionKind::Other;
      return t;
    }
    case TargetRule::Call:
      return call_target(ev, built_);
  }
  return ev.name;
}

ActionKey ActionClassifier::classify(const SyscallEvent& ev) {
  switch (ev.type) {
    case EventType::Exit:
      return {ActionKind::Exit, exit_target(ev, built_)};
    case EventType::Signal:
      built_.assign(ev.stopped ? "stopped by " : "received ");
      built_.append(signal_name(ev.signo));
      return {ActionKind::Signal, built_};
    case EventType::Unparsed:
      // Nothing is known of what the line did: it stays an action, so that it is counted and seen.
      return {ActionKind::Other, "unparsed strace line"};
    case EventType::Syscall:
      break;
  }
  ActionKind kind = ActionKind::Other;
  const std::string_view target = syscall_target(ev, kind);
  if (!ev.denied) return {kind, target};
  // A refused call is Denied whatever it would have been; the target keeps the syscall's name.
  denied_.assign(ev.name);
  if (target != ev.name) {
    denied_.push_back(' ');
    denied_.append(target);
  }
  return {ActionKind::Denied, denied_};
}

}  // namespace capsule
