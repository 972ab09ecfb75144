#include "strace/strace_ingest.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "decode/arg_layout.h"
#include "decode/signatures.h"

namespace capsule {
namespace {

std::optional<std::vector<std::string>> exec_argv(const SyscallEvent& ev) {
  // execve(path, argv, envp) / execveat(dirfd, path, argv, envp, flags)
  const size_t index = ev.name == "execveat" ? 2 : 1;
  if (ev.args.size() <= index || ev.args[index].kind != ArgKind::Array) return std::nullopt;
  std::vector<std::string> argv;
  for (const Arg& item : ev.args[index].items) {
    if (item.kind == ArgKind::Str) argv.push_back(item.text);
  }
  return argv;
}

// strace omits parameters the kernel ignores (clone without CLONE_PARENT_SETTID prints no
// parent_tid). The text log is positional, so each one missing before a parameter that is
// present gets a "?" placeholder: `clone(flags, stack, ?, child_tid)` reads back correctly.
void mark_omitted_parameters(SyscallEvent& ev) {
  const SyscallSignature* sig = find_signature(ev.name);
  if (sig == nullptr || ev.args.empty() || ev.args.size() >= sig->nargs) return;
  // futex: its operation says which are left out, for both backends alike (futex_layout.h).
  if (layout_selector(*sig) >= 0) return;
  size_t next = 0;  // parameter index the next arg must match at or after
  std::vector<Arg> filled;
  for (Arg& arg : ev.args) {
    size_t index = next;
    while (index < sig->nargs && sig->params[index].name != arg.name) ++index;
    if (index == sig->nargs) return;  // not all named after the prototype: leave as read
    for (; next < index; ++next) {
      // A register strace never writes (preadv2's pos_h) is absent from both backends' events.
      if (sig->params[next].type == ArgType::Unshown) continue;
      filled.push_back(Arg::raw("?").named(std::string(sig->params[next].name)));
    }
    filled.push_back(std::move(arg));
    next = index + 1;
  }
  ev.args = std::move(filled);
}

// The shape the native backend gives the same event, where the parser keeps strace's.
void shape_like_native(SyscallEvent& ev) {
  // AT_FDCWD</cwd> is no descriptor: after the descriptors' refs, where the enricher puts it.
  std::stable_partition(ev.fd_refs.begin(), ev.fd_refs.end(), [](const FdRef& r) { return r.is_descriptor(); });
  if (ev.type == EventType::Syscall) mark_omitted_parameters(ev);
}

}  // namespace

std::optional<int> StraceRunFacts::root_status() const {
  if (root_signal) return 128 + *root_signal;
  return root_exit_code;
}

StraceIngest::StraceIngest(StraceParseOptions options, EmitFn emit)
    : parser_(std::move(options)), emit_(std::move(emit)) {}

void StraceIngest::feed_bytes(std::string_view data) {
  lines_.feed(data, [this](std::string_view line) { feed_line(line); });
}

void StraceIngest::finish() {
  lines_.finish([this](std::string_view line) { feed_line(line); });
  parser_.finish();
  drain();
}

void StraceIngest::feed_line(std::string_view line) {
  parser_.feed(line);
  if (parser_.has_event()) drain();
}

void StraceIngest::drain() {
  while (parser_.pop(ev_)) {
    shape_like_native(ev_);
    note(ev_);
    emit_(ev_);
  }
}

void StraceIngest::note(const SyscallEvent& ev) {
  // An unread line says nothing sure about processes or the run's span.
  if (ev.type == EventType::Unparsed) return;
  if (!facts_.root_pid) facts_.root_pid = ev.pid;
  if (!facts_.first_ts_us) facts_.first_ts_us = ev.ts_us;
  facts_.last_ts_us = std::max(ev.end_us, facts_.last_ts_us.value_or(ev.end_us));
  facts_.pids.insert(ev.pid);
  const bool root = ev.pid == *facts_.root_pid;
  switch (ev.type) {
    case EventType::Syscall:
      ++facts_.syscalls;
      facts_.live_pids.insert(ev.pid);
      if (ev.name == "execve" || ev.name == "execveat") {
        if (!facts_.first_exec_argv) facts_.first_exec_argv = exec_argv(ev);
        // Only a failure before any success means the program itself could not be started.
        if (root && !facts_.root_exec_errno && ev.has_ret && ev.err != 0 && facts_.syscalls == 1) {
          facts_.root_exec_errno = ev.err;
        }
      }
      break;
    case EventType::Signal:
      facts_.live_pids.insert(ev.pid);
      break;
    case EventType::Unparsed:
      break;
    case EventType::Exit:
      facts_.live_pids.erase(ev.pid);
      if (root) {
        if (ev.killed) {
          facts_.root_signal = ev.signo;
          facts_.root_exit_code.reset();
        } else {
          facts_.root_exit_code = ev.exit_code;
          facts_.root_signal.reset();
        }
      }
      break;
  }
}

}  // namespace capsule
