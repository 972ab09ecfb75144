// What the detector remembers about each process beyond the enricher's context: its parent (for
// "same process tree" across exits), its HOME (for ~/ patterns), the identity it had before the
// current event (for "privilege gained"), and the files the run created (for "executed a file
// the run wrote", "timestamps rewritten on a file it did not create").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "enrich/enricher.h"
#include "event/syscall_event.h"

namespace capsule {

class ProcessTracker {
 public:
  // Call before the rules look at ev (after the enricher processed it): learns new pids, HOME
  // from an execve's envp, and what identity the event gained.
  // identity_event: the call can change who the process is (set*id, capset, execve).
  void observe(const SyscallEvent& ev, const Enricher& enr, bool identity_event);
  // Call after the rules: remembers paths the event created (resolved paths of the event).
  void note_created(std::string_view path) { created_.emplace(path); }
  bool created(std::string_view path) const { return created_.contains(std::string(path)); }

  // "~" of pid: HOME from its (or an ancestor's) execve envp, else the passwd entry of its uid.
  std::string_view home(int32_t pid, const Enricher& enr);
  // Tokens gained by the event last observed: "uid0", "gid0", "caps" (empty when none).
  const std::vector<std::string_view>& gained() const { return gained_; }
  // pid is anc or a descendant of anc (as far as the run saw them start).
  bool in_tree(int32_t pid, int32_t anc) const;
  // pid's parent as first seen; pid itself when unknown.
  int32_t parent_of(int32_t pid) const;
  // Whether the program file has the set-user-id or set-group-id bit (stat, cached per path).
  bool setid_file(const std::string& path);
  // Whether the directory holding path may be written by users other than its owner and group
  // (S_IWOTH), by a stat at the time of the call on this machine (not cached: a job may chmod
  // it); nullopt when it cannot be stat'ed (gone, or an imported run's machine).
  static std::optional<bool> shared_dir(std::string_view path);

 private:
  struct Identity {
    std::optional<uint32_t> uid, euid, gid, egid;
    std::optional<uint64_t> caps;       // effective
    std::optional<uint64_t> permitted;  // what capset may raise the effective set to
  };
  struct Facts {
    int32_t ppid = 0;
    std::string home;  // empty: not known from an envp
    Identity identity;
  };
  static Identity identity_of(const ProcessContext* ctx);
  void compare(const Identity& before, const Identity& after);
  std::string_view passwd_home(uint32_t uid);

  std::unordered_map<int32_t, Facts> procs_;
  std::unordered_set<std::string> created_;
  std::unordered_map<std::string, bool> setid_;
  std::unordered_map<uint32_t, std::string> passwd_home_;
  std::vector<std::string_view> gained_;
  // Events come in runs from one process: a repeat of the last pid needs no lookup.
  int32_t last_pid_ = -1;
};

}  // namespace capsule
