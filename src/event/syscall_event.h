// The one record every backend produces and every later stage consumes.
//
// The native ptrace tracer fills it from registers and tracee memory; the strace parser fills it
// from strace text. Everything downstream (enricher, formatters, chained writers) sees only this,
// so both backends yield the same logs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace capsule {

// How an argument was understood. The renderers (strace text, JSON) switch on this, never on the
// syscall name: a decoder's whole job is to pick the right kind and fill the value.
enum class ArgKind : uint8_t {
  Int,     // signed decimal: counts, lengths, pids, uids
  UInt,    // unsigned decimal (num holds the bits)
  Hex,     // pointers and opaque words, shown 0x…; num holds the bits; 0 pointer is Null instead
  Octal,   // file modes, shown 0644
  Fd,      // a file descriptor number (annotated later from the fd table, not by the decoder)
  Str,     // bytes read from the tracee: text holds them raw; truncated marks "more than read"
  Symbol,  // a symbolic constant or flag set: text holds e.g. "O_RDONLY|O_CLOEXEC", "AT_FDCWD";
           // num holds its value (the strace parser finds it by reverse lookup of the names)
  Null,    // a NULL pointer
  Struct,  // named fields in items (each item has name set), e.g. a sockaddr
  Array,   // elements in items, e.g. argv; truncated marks elided elements
  Raw,     // text kept verbatim because nobody decodes it (strace import of an unknown shape)
};

struct Arg {
  ArgKind kind = ArgKind::Int;
  bool truncated = false;
  // An Array strace writes with spaces between its elements, as a set: "[CHLD TERM]" (signal
  // sets). JSON is the same either way.
  bool space_separated = false;
  int64_t num = 0;
  std::string name;   // field name when this Arg is a member of a Struct
  std::string text;   // Str bytes, Symbol names, Raw text
  std::vector<Arg> items;  // Struct fields or Array elements

  static Arg integer(int64_t v) { Arg a; a.kind = ArgKind::Int; a.num = v; return a; }
  static Arg uinteger(uint64_t v) { Arg a; a.kind = ArgKind::UInt; a.num = static_cast<int64_t>(v); return a; }
  static Arg hex(uint64_t v) { Arg a; a.kind = ArgKind::Hex; a.num = static_cast<int64_t>(v); return a; }
  static Arg octal(uint64_t v) { Arg a; a.kind = ArgKind::Octal; a.num = static_cast<int64_t>(v); return a; }
  static Arg fd(int64_t v) { Arg a; a.kind = ArgKind::Fd; a.num = v; return a; }
  static Arg null() { Arg a; a.kind = ArgKind::Null; return a; }
  // A Symbol keeps the numeric value its names stand for in num ("O_WRONLY|O_CREAT" -> 0101), so
  // that later stages test bits, never names.
  static Arg symbol(std::string s, uint64_t bits) {
    Arg a; a.kind = ArgKind::Symbol; a.text = std::move(s); a.num = static_cast<int64_t>(bits); return a;
  }
  static Arg str(std::string bytes, bool truncated = false) {
    Arg a; a.kind = ArgKind::Str; a.text = std::move(bytes); a.truncated = truncated; return a;
  }
  static Arg raw(std::string s) { Arg a; a.kind = ArgKind::Raw; a.text = std::move(s); return a; }
  Arg&& named(std::string n) && { name = std::move(n); return std::move(*this); }

  bool operator==(const Arg&) const = default;
};

// A syscall event joins the entry and the exit of one call. Signals delivered to a process and
// process exits travel the same way, so that every consumer sees one ordered stream.
enum class EventType : uint8_t {
  Syscall,
  Signal,   // a signal delivered to the tracee (strace's "--- SIGCHLD {...} ---")
  Exit,     // a process ended (strace's "+++ exited with 0 +++" / "+++ killed by SIGKILL +++")
  Unparsed, // a line of strace text capsule could not read (strace backend, import): kept verbatim
            // in its place, args[0] = the line (Raw, named "line"), args[1] = why (Raw, "reason")
};

// AUDIT_ARCH values; i386 calls made by a 64-bit process (int 0x80) are named from the i386 table.
inline constexpr uint32_t kArchX86_64 = 0xC000003Eu;
inline constexpr uint32_t kArchI386 = 0x40000003u;

// What an fd number referred to at the time of the call, as strace -yy shows it: "/etc/passwd",
// "socket:[1234]", "TCP:[127.0.0.1:40000->127.0.0.1:80]", "pipe:[99]". Filled by the enricher
// (native backend) or read from the annotation (strace backend); the decoders never fill it.
// One FdRef is no descriptor: fd == kAtFdcwdRef is the working directory an AT_FDCWD argument
// stood for (strace -yy's "AT_FDCWD</home/u>"). It always comes after the descriptors' refs, and
// the stages that list descriptors skip it (is_descriptor()).
inline constexpr int64_t kAtFdcwdRef = -100;  // AT_FDCWD's value
// A call's fd result (dup2's newfd, openat's fd) may also be one of its arguments: `result` marks
// the ref that describes the fd after the call and was not the argument's too, so that
// dup2(3, 1) onto a closed fd 1 shows the argument bare, as strace does, and only the result named.
struct FdRef {
  int64_t fd = 0;
  std::string ref;
  bool result = false;
  bool is_descriptor() const { return fd >= 0; }
  bool operator==(const FdRef&) const = default;
};

// Who refused a denied call. Capsule's own refusals (docs/SECURITY.md) are decided by the native
// tracer at the call's entry: the traced tree acting on a process outside it, io_uring_setup.
enum class DenyReason : uint8_t {
  Policy,       // the --policy filter
  OutsideTree,  // ptrace, a signal, memory access or fd theft aimed at a process outside the tree
  IoUring,      // io_uring_setup: its operations would bypass the tracer
  NonDumpable,  // prctl(PR_SET_DUMPABLE, 0) while capsule cannot read such a process's memory
  Landlock,     // the --policy's Landlock rules (the kernel answered EACCES; policy/landlock_judge.h)
  Egress,       // the --policy's egress allow-list: a destination it does not list (policy/egress_policy.h)
};

// The name events.jsonl and the rules use ("policy", "outside-tree", "io-uring", "non-dumpable",
// "landlock", "egress").
constexpr const char* deny_reason_name(DenyReason r) {
  switch (r) {
    case DenyReason::Policy: return "policy";
    case DenyReason::OutsideTree: return "outside-tree";
    case DenyReason::IoUring: return "io-uring";
    case DenyReason::NonDumpable: return "non-dumpable";
    case DenyReason::Landlock: return "landlock";
    case DenyReason::Egress: return "egress";
  }
  return "policy";
}

enum class RetKind : uint8_t {
  Int,   // a count or status, decimal
  Hex,   // an address (mmap, brk), 0x…
  Fd,    // a new file descriptor (open, socket, accept, dup…): annotated like an fd arg
};

struct SyscallEvent {
  EventType type = EventType::Syscall;
  uint64_t seq = 0;        // position in the run, assigned by the pipeline, from 0, no gaps
  int64_t ts_us = 0;       // wall-clock time of the syscall entry, µs since the Unix epoch (UTC)
  int64_t end_us = 0;      // time of the exit (equal to ts_us where unknown)
  int32_t pid = 0;         // thread group id
  int32_t tid = 0;         // thread id
  uint32_t arch = kArchX86_64;
  int32_t nr = -1;         // syscall number (-1 when unknown, e.g. imported by name only)
  std::string name;        // syscall name, e.g. "openat"
  std::vector<Arg> args;   // decoded arguments, in the syscall's argument order

  // Result. has_ret is false when the call never returned to be seen (the process died in it,
  // execve replaced it, exit_group): strace prints "= ?".
  bool has_ret = false;
  int64_t ret = 0;         // the value as user space sees it: -1 on failure, errno in err
  int err = 0;             // errno on failure (ENOENT…), 0 on success
  RetKind ret_kind = RetKind::Int;  // how to show a successful ret

  // Signal events: signal number; Exit events: exit code or killing signal.
  int signo = 0;
  int exit_code = 0;
  bool killed = false;     // Exit: killed by signo rather than exiting with exit_code
  bool core_dumped = false;
  // Signal: the process entered a group-stop (strace's "--- stopped by SIGSTOP ---", signo the
  // stopping signal) rather than being delivered a signal; it has no siginfo.
  bool stopped = false;

  bool denied = false;     // refused rather than run: by a --policy filter, or by capsule itself
  DenyReason deny_reason = DenyReason::Policy;  // who refused it (when denied)
  // The tracer was refused reading some of the call's memory (a non-dumpable process, capsule
  // without CAP_SYS_PTRACE): arguments are missing, the record is incomplete.
  bool unreadable = false;

  std::vector<FdRef> fd_refs;  // for fd args and an fd return value; see FdRef
  // The fds a successful call created (its fd result, pipe's and socketpair's pair) with the
  // kernel's names for them, as /proc shows them: "/usr/lib/…/libc.so.6" where the program opened
  // "/lib/…", "pipe:[1234]". The native tracer reads them at the call's exit stop, the tracee
  // stopped; the enricher's fd table takes them. Empty when unknown (the strace backend brings
  // strace's own names in fd_refs instead).
  std::vector<FdRef> created_fds;
  // Sockets the native tracer named again at the call's entry (its fd argument): sock_diag knew
  // nothing of them at their last call (a unix client whose peer was not accepted yet, an unbound
  // UDP socket) and strace asks again at each call. The enricher takes them before the notes.
  std::vector<FdRef> renamed_fds;

  void clear() {
    type = EventType::Syscall; seq = 0; ts_us = end_us = 0; pid = tid = 0; arch = kArchX86_64;
    nr = -1; name.clear(); args.clear(); has_ret = false; ret = 0; err = 0; ret_kind = RetKind::Int;
    signo = exit_code = 0; killed = core_dumped = stopped = denied = unreadable = false;
    deny_reason = DenyReason::Policy;
    fd_refs.clear();
    created_fds.clear();
    renamed_fds.clear();
  }
};

}  // namespace capsule
