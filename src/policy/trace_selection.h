// `capsule run --trace SPEC`: which syscalls a run records, on purpose less than all of them.
//
// SPEC is a comma-separated list of strace's syscall classes (file, desc, network, process,
// memory, signal, ipc, creds; with or without strace's leading '%') and single syscall names, or
// '!' followed by such a list for "everything but". Whatever SPEC says, the calls that change the
// process context the enricher derives from the stream (fork/exec/exit, cwd, identity, the fd
// table) are always recorded: without them every later record's context could be wrong rather
// than merely absent. So are the calls the native tracer decides on at entry (the table's
// `guarded` fact: ptrace, signals to other processes, seccomp, io_uring_setup…; docs/SECURITY.md).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace capsule {

class TraceSelection {
 public:
  // Throws std::invalid_argument("unknown syscall or class 'x'") for a name that is neither.
  static TraceSelection parse(std::string_view spec);

  // True when a call of this name is recorded.
  bool includes(std::string_view syscall) const;

  const std::string& spec() const { return spec_; }
  bool negated() const { return negated_; }
  // The names SPEC lists, classes expanded (sorted, unique); for a negated SPEC, the excluded ones.
  const std::set<std::string, std::less<>>& listed() const { return listed_; }
  // The calls recorded whatever SPEC says (sorted).
  static const std::set<std::string, std::less<>>& always_recorded();
  // The classes --trace accepts, for --help and the manual.
  static std::vector<std::string_view> class_names();

  // The selection as strace's `-e trace=` expression (for the strace backend).
  std::string strace_expression() const;
  // The manifest's description of the selection (JSON object text).
  std::string manifest_json(std::string_view mode) const;

 private:
  std::string spec_;
  bool negated_ = false;
  std::set<std::string, std::less<>> listed_;
};

}  // namespace capsule
