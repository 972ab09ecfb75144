// Names of syscalls, errnos and signals: each table declared once.
//
// Syscall names come from libseccomp, which knows every architecture's table; errno and signal
// names from glibc (strerrorname_np, sigabbrev_np), plus the kernel-internal restart codes that
// glibc does not name.
#pragma once

#include <cstdint>
#include <string_view>

namespace capsule {

// "openat" for (x86_64, 257). Unknown numbers give "syscall_<nr>" (kept in a stable table);
// numbers outside the table, [0, 1024), give "syscall_unknown" (the decoder then spells the
// event's name "syscall_<nr>" itself).
std::string_view syscall_name(uint32_t arch, int nr);
// 257 for "openat" on x86_64; -1 when the name is unknown on that architecture.
int syscall_number(uint32_t arch, std::string_view name);

// "ENOENT" for 2; "ERESTARTSYS" for 512; "E<n>" for an unknown value below 4096, "E?" above.
std::string_view errno_name(int err);
// 2 for "ENOENT"; 0 when unknown.
int errno_value(std::string_view name);

// The kernel's SIGRTMIN (glibc's is 34: it keeps two for itself).
inline constexpr int kKernelSigRtMin = 32;

// strace's names: "SIGTERM" for 15, "SIGIO" for 29, "SIGRTMIN" for 32 and "SIGRT_3" for 35
// (counted from the kernel's SIGRTMIN, 32); "SIG<n>" when unknown, "SIG?" outside 0..64.
std::string_view signal_name(int sig);
// 15 for "SIGTERM"; also SIGRTMIN+n, SIGRTMAX[-n], SIGIOT/SIGPOLL/SIGCLD;
// 0 when unknown.
int signal_value(std::string_view name);

}  // namespace capsule
