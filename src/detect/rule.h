// A detection rule as loaded from a rules file (docs/RULES.md): an id, a severity, a one-line
// description with {field} placeholders, and one or more steps. A one-step rule fires on one
// event; a rule of several steps fires when its steps match in order, in the same process (or
// process tree, or run) within a time window.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/glob.h"

namespace capsule {

enum class Severity : uint8_t { Info, Low, Medium, High, Critical };

std::string_view severity_name(Severity s);  // "info" … "critical"
std::optional<Severity> parse_severity(std::string_view name);

// What a condition looks at. Every field yields zero or more values for an event (docs/RULES.md
// lists them with their meaning).
enum class Field : uint8_t {
  Syscall,
  Result,      // "ok", or the errno name ("ENOENT"), "unknown" when the call never returned
  Ret,
  Arg,         // arg.NAME: an argument by its man-page name (array elements are values)
  Path,        // every path argument, resolved against the cwd / dirfd; a unix socket's path
  PathCreated, // per path: "yes" when this run created or truncated it, else "no"
  PathSharedDir, // per path: "yes" when its directory is writable by other users (stat, now)
  FdPath,
  FdKind,      // resource class of each fd the event names: file, socket, pipe, …
  FdRemote,    // sockets: peer address "1.2.3.4:80"
  FdLocal,
  FdProto,     // TCP, UDP, TCPv6, UNIX, …
  Addr,        // the sockaddr argument: "1.2.3.4:80", "[::1]:53", "/run/x.sock"
  AddrIp,
  AddrPort,
  AddrFamily,  // inet, inet6, unix, netlink, other
  Exe,
  ExeSetuid,   // "yes" when the program file has the set-user-id or set-group-id bit
  Argv,        // the command line, arguments joined by spaces
  Pid,
  Ppid,
  Uid,
  Euid,
  Gid,
  Egid,
  Caps,        // effective capability names
  Gained,      // identity gained by this event: uid0, gid0, caps
  Access,      // what the event does to its paths: read, write, exec
  Peer,        // the remote address: the sockaddr argument (inet), else a socket fd's peer
  PeerScope,   // "loopback" or "remote" for an inet peer; nothing without one
  PeerHost,    // the host name the run looked the peer up as (DNS answers, /etc/hosts)
  PeerNamed,   // "host (peer)" when the host name is known, else the peer (for descriptions)
  Denied,      // who refused the call: "policy", "outside-tree", "io-uring"; nothing if it ran
  Secret,      // the labels of the redaction markers in the event's strings: "GITHUB_TOKEN", "jwt"
};

// Field by its rules-file name ("fd.remote"); arg.NAME gives Field::Arg and sets arg_name.
std::optional<Field> parse_field(std::string_view name, std::string& arg_name);
// Every field name, for error messages.
std::string field_names();

enum class Op : uint8_t { In, NotIn, Has, Lacks, Lt, Le, Gt, Ge };

// One value of a condition: a pattern, a number or range, or a reference to another field of
// the same event ($exe).
struct CondValue {
  Glob glob;
  std::optional<int64_t> lo, hi;   // a number (lo == hi) or a range lo..hi
  std::optional<Field> ref;
  std::string ref_arg;
};

struct Condition {
  Field field = Field::Syscall;
  std::string arg_name;
  Op op = Op::In;
  std::vector<CondValue> values;
};

struct Step {
  std::vector<std::string> syscalls;  // from "syscall is …": how the step is indexed; empty = any event
  std::vector<Condition> conditions;  // all must hold (the syscall condition included)
};

enum class Scope : uint8_t { Process, Tree, Run };

struct Rule {
  std::string id;
  Severity severity = Severity::Medium;
  std::string description;
  std::vector<Step> steps;
  int64_t within_us = 60'000'000;
  Scope scope = Scope::Process;
  bool enabled = true;
  std::string origin;  // "file:line" of its "rule" line
  // Placeholders of the description in order of first appearance ({path} → Field::Path).
  struct Placeholder {
    std::string text;  // as written, without braces
    Field field;
    std::string arg_name;
  };
  std::vector<Placeholder> placeholders;
};

}  // namespace capsule
