// Name tables for syscalls, errnos and signals, each built once on first use (function-local
// statics: thread-safe initialization, no mutable global state) and then looked up by index.
#include "decode/names.h"

#include <cerrno>
#include <csignal>
#include <iterator>
#include <cstring>
#include <string>

#include "decode/name_table.h"
#include "event/syscall_event.h"

namespace capsule {
namespace {

// Syscall numbers below this get a table slot. x86_64 and i386 numbers are all well below it
// (x32's 0x40000000 range is not an architecture we decode).
constexpr int kSyscallTableSize = 1024;
// The kernel reserves -4095..-1 for errno returns.
constexpr int kErrnoTableSize = 4096;
constexpr int kSignalTableSize = 65;  // 0..64 (_NSIG is 65 on x86)

// kX86_64SyscallNames and kI386SyscallNames: libseccomp's names by number, nullptr where it has
// none, generated at build time (src/decode/generate/syscall_names.cpp).
#include "syscall_names.inc"

static_assert(std::size(kX86_64SyscallNames) == kSyscallTableSize && std::size(kI386SyscallNames) == kSyscallTableSize);

NameTable build_syscall_table(const char* const (&names)[kSyscallTableSize]) {
  NameTable table;
  for (int nr = 0; nr < kSyscallTableSize; ++nr) {
    if (names[nr] != nullptr) {
      table.push(names[nr]);
    } else {
      table.push("syscall_" + std::to_string(nr));
    }
  }
  table.finish();
  return table;
}

const NameTable& syscall_table(uint32_t arch) {
  static const NameTable x86_64 = build_syscall_table(kX86_64SyscallNames);
  static const NameTable i386 = build_syscall_table(kI386SyscallNames);
  return arch == kArchI386 ? i386 : x86_64;
}

// Kernel-internal codes (include/linux/errno.h) that leak to tracers but that glibc does not name.
struct KernelErrno {
  int value;
  const char* name;
};
constexpr KernelErrno kKernelErrnos[] = {
    {512, "ERESTARTSYS"},   {513, "ERESTARTNOINTR"}, {514, "ERESTARTNOHAND"},
    {515, "ENOIOCTLCMD"},   {516, "ERESTART_RESTARTBLOCK"}, {517, "EPROBE_DEFER"},
    {518, "EOPENSTALE"},    {519, "ENOPARAM"},       {521, "EBADHANDLE"},
    {522, "ENOTSYNC"},      {523, "EBADCOOKIE"},     {524, "ENOTSUPP"},
    {525, "ETOOSMALL"},     {526, "ESERVERFAULT"},   {527, "EBADTYPE"},
    {528, "EJUKEBOX"},      {529, "EIOCBQUEUED"},    {530, "ERECALLCONFLICT"},
    {531, "ENOGRACE"},
};

NameTable build_errno_table() {
  NameTable table;
  for (int err = 0; err < kErrnoTableSize; ++err) {
    const char* name = err > 0 ? strerrorname_np(err) : nullptr;
    for (const KernelErrno& k : kKernelErrnos) {
      if (k.value == err) name = k.name;
    }
    if (name != nullptr) {
      table.push(name);
    } else {
      table.push("E" + std::to_string(err));
    }
  }
  table.finish();
  return table;
}

const NameTable& errno_table() {
  static const NameTable table = build_errno_table();
  return table;
}

NameTable build_signal_table() {
  NameTable table;
  for (int sig = 0; sig < kSignalTableSize; ++sig) {
    if (sig >= kKernelSigRtMin) {
      int n = sig - kKernelSigRtMin;
      // strace's spelling (its signame()): SIGRTMIN, then SIGRT_1 … SIGRT_32.
      table.push(n == 0 ? std::string("SIGRTMIN") : "SIGRT_" + std::to_string(n));
      continue;
    }
    // glibc names 29 POLL, strace (and the kernel's headers first) SIGIO; SIGPOLL stays an alias.
    const char* abbrev = sig == SIGIO ? "IO" : sig > 0 ? sigabbrev_np(sig) : nullptr;
    table.push(abbrev != nullptr ? "SIG" + std::string(abbrev) : "SIG" + std::to_string(sig));
  }
  table.finish();
  return table;
}

const NameTable& signal_table() {
  static const NameTable table = build_signal_table();
  return table;
}

// Other spellings that strace or older tools use for the same signal.
struct SignalAlias {
  std::string_view name;
  int value;
};
constexpr SignalAlias kSignalAliases[] = {
    {"SIGIOT", SIGABRT}, {"SIGPOLL", SIGIO}, {"SIGCLD", SIGCHLD}, {"SIGRTMAX", 64},
};

// Parses the decimal number at the start of s; -1 when s is not all digits.
int parse_small_uint(std::string_view s) {
  if (s.empty() || s.size() > 6) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::string_view syscall_name(uint32_t arch, int nr) {
  if (nr < 0 || nr >= kSyscallTableSize) return "syscall_unknown";
  return syscall_table(arch).at(static_cast<size_t>(nr));
}

int syscall_number(uint32_t arch, std::string_view name) {
  return static_cast<int>(syscall_table(arch).find(name));
}

std::string_view errno_name(int err) {
  if (err < 0 || err >= kErrnoTableSize) return "E?";
  return errno_table().at(static_cast<size_t>(err));
}

int errno_value(std::string_view name) {
  int64_t v = errno_table().find(name);
  return v < 0 ? 0 : static_cast<int>(v);
}

std::string_view signal_name(int sig) {
  if (sig < 0 || sig >= kSignalTableSize) return "SIG?";
  return signal_table().at(static_cast<size_t>(sig));
}

int signal_value(std::string_view name) {
  int64_t v = signal_table().find(name);
  if (v > 0) return static_cast<int>(v);
  for (const SignalAlias& a : kSignalAliases) {
    if (a.name == name) return a.value;
  }
  // Realtime signals as glibc's tools write them, SIGRTMIN+<n> (n from the kernel's SIGRTMIN, as
  // strace's SIGRT_<n> in the table), and SIGRTMAX-<n>.
  constexpr std::string_view kRtMin = "SIGRTMIN+", kRtMax = "SIGRTMAX-";
  if (name.starts_with(kRtMin)) {
    int n = parse_small_uint(name.substr(kRtMin.size()));
    if (n >= 0 && kKernelSigRtMin + n < kSignalTableSize) return kKernelSigRtMin + n;
  } else if (name.starts_with(kRtMax)) {
    int n = parse_small_uint(name.substr(kRtMax.size()));
    if (n >= 0 && n <= kSignalTableSize - 1 - kKernelSigRtMin) return kSignalTableSize - 1 - n;
  }
  return 0;
}

}  // namespace capsule
