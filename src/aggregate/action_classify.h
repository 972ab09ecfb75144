// What one event is, as an action: its kind and its target. The aggregator merges events whose
// (pid, kind, target) are equal; see docs/FORMAT.md, "actions.jsonl".
#pragma once

#include <string>
#include <string_view>

#include "aggregate/action.h"
#include "event/syscall_event.h"

namespace capsule {

struct ActionKey {
  ActionKind kind = ActionKind::Other;
  std::string_view target;  // into the event or into the classifier's buffers
};

// Classifies events; holds the buffers the targets that are built (not just pointed at) live in,
// so that classifying allocates nothing once they have grown.
class ActionClassifier {
 public:
  // The key of ev (after the enricher filled ev.fd_refs). The target view stays valid until the
  // next call, or as long as ev when it points into ev.
  ActionKey classify(const SyscallEvent& ev);

 private:
  std::string_view syscall_target(const SyscallEvent& ev, ActionKind& kind);

  std::string built_;   // a target put together from parts ("127.0.0.1:80", "dir/file")
  std::string second_;  // the second path of a rename or link
  std::string denied_;  // "unlink /x" for a refused call
};

}  // namespace capsule
