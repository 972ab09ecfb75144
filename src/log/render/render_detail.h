// Helpers shared by the two event renderers (strace text and JSON); internal to src/log.
#pragma once

#include <cerrno>
#include <cstdint>
#include <string>
#include <string_view>

#include "event/syscall_event.h"

namespace capsule::render_detail {

// The fd annotation of an argument fd, or nullptr when the enricher recorded none (a result's own
// ref is not the argument's: FdRef::result). fd_refs holds a handful of entries, so a linear scan
// beats any index.
inline const FdRef* find_fd_ref(const SyscallEvent& ev, int64_t fd) {
  for (const FdRef& r : ev.fd_refs) {
    if (r.fd == fd && !r.result) return &r;
  }
  return nullptr;
}

// The annotation of a returned fd: the last one for that number. A call that reuses an open fd
// (dup2 onto it) has two: what it was (the argument's, first) and what it now is (the result's).
inline const FdRef* find_result_fd_ref(const SyscallEvent& ev, int64_t fd) {
  for (auto it = ev.fd_refs.rbegin(); it != ev.fd_refs.rend(); ++it) {
    if (it->fd == fd) return &*it;
  }
  return nullptr;
}

// The errno a failed or denied call reports: a policy denial that returned without an explicit
// errno is the seccomp default, EPERM. A killed or trapped call never returned: none ("= ?").
inline int effective_errno(const SyscallEvent& ev) {
  if (ev.err != 0) return ev.err;
  return ev.denied && ev.has_ret ? EPERM : 0;
}

// "17:30:00.123456": strace -tt's time of day (here always UTC).
void append_clock_time(int64_t ts_us, std::string& out);

// Appends v as lower-case hex digits without prefix.
void append_hex_digits(uint64_t v, std::string& out);

// strace's mode spelling, "%#03o": 0644, 07 → 007, 0 → 000.
void append_octal_digits(uint64_t v, std::string& out);

// "\x41": one byte as strace -x escapes it.
void append_hex_byte(unsigned char c, std::string& out);

// strace -x's escaping of bytes, without the quotes: if any byte is not printable ASCII or one of
// \t \n \v \f \r, every byte becomes \xNN; otherwise " and \ are backslash-escaped, the five
// white-space characters spelled \t \n…, and the characters in extra_escaped (strace: '<' '>' in
// -yy annotations, so that a path's '>' cannot end the annotation) written in octal.
void append_strace_escaped(std::string_view bytes, std::string& out,
                           std::string_view extra_escaped = {});
// Every byte as \xNN, printable or not: how strace shows the bytes of calls it quotes with
// QUOTE_FORCE_HEX (getrandom's buffer).
void append_strace_hex(std::string_view bytes, std::string& out);

// strace -v's date comment after field, a time of the stat or statx struct strct
// (" /* 2026-12-05T05:47:24.307527411+0000 */"); nothing for any other field.
void append_time_comment(const Arg& strct, const Arg& field, std::string& out);
// The same comment after each struct timespec of the array utimensat's "times" argument is (its
// UTIME_NOW / UTIME_OMIT elements get none); nothing for any other array.
void append_times_element_comment(const Arg& array, const Arg& element, std::string& out);

}  // namespace capsule::render_detail
