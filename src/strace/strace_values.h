// Structured reading of strace's argument values into Args.
//
// Shapes produced (see also docs in strace_parser.h):
//   "text"  "text"...   -> Str (bytes decoded; "..." sets truncated)
//   @"name"             -> Str "\0name" (abstract unix socket: the bytes of sun_path)
//   NULL                -> Null
//   42  -1              -> Int;  huge decimals above INT64_MAX -> UInt
//   0x7f00              -> Hex;  0644 -> Octal
//   3</etc/passwd>      -> Fd 3 and FdRef{3, "/etc/passwd"}
//   AT_FDCWD</tmp>      -> Symbol "AT_FDCWD" and FdRef{-100, "/tmp"}
//   O_RDONLY|O_CLOEXEC  -> Symbol (flag sets and bare identifiers alike)
//   {a=1, b=2}          -> Struct; items carry name ("a", "b"); unnamed items have an empty name
//   [1, 2]  [INT QUIT]  -> Array (comma- or, for signal sets, space-separated)
//   htons(80)           -> Int;  htonl(0) -> UInt;  inet_addr("1.2.3.4") -> Str
//   inet_pton(AF_INET6, "::1", &sin6_addr) -> Str "::1" named "sin6_addr"
//   A => B              -> the value after the call (strace's in/out notation): B, or for a
//                          struct A with B's fields (only the changed ones) overriding A's
//   ...                 -> inside {} or [] sets the container's truncated flag
//   [/* 4 vars */]      -> Array with no items, truncated (strace elided the elements)
//   /* comments */ after a value -> dropped (strace's own rendering hints, e.g. dates)
//   anything else balanced (makedev(0xfe, 0), 8192*1024, ~[RTMIN], WIFEXITED(s) &&
//   ...) -> Raw with the verbatim text, so no information is lost and the line still parses.
#pragma once

#include <vector>

#include "event/syscall_event.h"
#include "strace/strace_text_reader.h"

namespace capsule::strace_detail {

// How an argument list ended.
enum class ArgListEnd : uint8_t {
  Closed,      // ")" — the return value follows
  Unfinished,  // "<unfinished ...>" — continued by a "<... name resumed>" line
  Detached,    // "<detached ...>" — strace let go of the process mid-call
};

// Parses one value at the cursor up to (not including) its delimiter. fd annotations met anywhere
// in it are appended to fd_refs. A named item ("name=value") gets out.name.
bool parse_value(Cursor& c, Arg& out, std::vector<FdRef>& fd_refs);

// Parses a syscall's argument list after the "(" (or, with continuation, after "resumed>", where
// it may begin with the ", " that separated the part printed before "<unfinished ...>").
// Appends the arguments to args.
bool parse_arg_list(Cursor& c, bool continuation, std::vector<Arg>& args,
                    std::vector<FdRef>& fd_refs, ArgListEnd& end);

}  // namespace capsule::strace_detail
