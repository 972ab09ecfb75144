#include "aggregate/action.h"

#include <array>

namespace capsule {
namespace {

// Indexed by ActionKind; the static_assert below keeps it in step with the enum.
constexpr std::array<std::string_view, 28> kKindNames = {
    "Read",    "Write",  "Open",   "Close",  "Stat",      "Chmod",     "Chown",
    "List",    "Connect", "Bind",  "Listen", "Accept",    "Send",      "Receive",
    "Spawn",   "Exec",   "Exit",   "Map",    "Unmap",     "Delete",    "Rename",
    "Link",    "Mkdir",  "Privilege", "Namespace", "Signal", "Ptrace", "Denied",
};
static_assert(kKindNames.size() == static_cast<size_t>(ActionKind::Other),
              "one name per ActionKind before Other");

}  // namespace

std::string_view action_kind_name(ActionKind kind) {
  const auto i = static_cast<size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : "Other";
}

bool never_merged(ActionKind kind) {
  switch (kind) {
    case ActionKind::Spawn: case ActionKind::Exec: case ActionKind::Exit:
    case ActionKind::Connect: case ActionKind::Bind: case ActionKind::Privilege:
    case ActionKind::Namespace: case ActionKind::Ptrace: case ActionKind::Signal:
    case ActionKind::Delete: case ActionKind::Denied:
      return true;
    default:
      return false;
  }
}

bool moves_bytes(ActionKind kind) {
  return kind == ActionKind::Read || kind == ActionKind::Write || kind == ActionKind::Send ||
         kind == ActionKind::Receive;
}

}  // namespace capsule
