// An action: what a run of syscalls did, in one line ("python3 (pid 812) read /etc/passwd, 3
// reads, 2841 bytes"). The aggregator (aggregator.h) folds the event stream into actions; the
// renderer (action_json.h) writes them to actions.jsonl (docs/FORMAT.md, "actions.jsonl").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "decode/syscall_facts.h"  // ActionKind, declared with the syscall table's facts

namespace capsule {


// "Read", "Write", … as written in actions.jsonl.
std::string_view action_kind_name(ActionKind kind);

// Kinds that are never merged: each such event is one action, written at once, because each one
// matters on its own (a review wants every exec, every connect, every uid change).
bool never_merged(ActionKind kind);

// Kinds whose "bytes" count data moved (the sum of successful return values).
bool moves_bytes(ActionKind kind);

struct Action {
  ActionKind kind = ActionKind::Other;
  int32_t pid = 0;
  std::string exe;       // the process's executable when the action started ("" if unknown)
  std::string target;    // path, socket peer, child pid… (see action_target.h)
  std::string host;      // the host name the run looked the target's peer up as ("" if none)
  std::vector<std::string> argv;  // Exec: the new program's command line (empty when unknown)
  int64_t start_us = 0;  // entry time of the first event
  int64_t end_us = 0;    // exit time of the last event
  uint64_t events = 0;   // events folded in (syscalls and signal/exit records)
  uint64_t bytes = 0;    // moves_bytes kinds only
  uint64_t failed = 0;   // events that failed (ret -1 with an errno)
  // errno → count of the failed ones. A short vector, not a map: an action rarely sees more than
  // one or two distinct errnos, and the vector keeps its capacity from action to action.
  std::vector<std::pair<int, uint64_t>> errors;
  uint64_t first_seq = 0;
  uint64_t last_seq = 0;
  // Every seq, only when they are not contiguous (another pid's events came in between);
  // empty means exactly first_seq..last_seq.
  std::vector<uint64_t> seqs;

  // The seqs are first_seq..last_seq without gaps.
  bool contiguous() const { return seqs.empty(); }
};

}  // namespace capsule
