// The actions.jsonl record of an action (keys: docs/FORMAT.md, "actions.jsonl").
#pragma once

#include <string>
#include <string_view>

#include "aggregate/action.h"

namespace capsule {

// One JSON object, "{...}" with no newline and no chain field (the chained writer adds it).
// The count comes second, spelled ,"events":N, so that verify finds it without parsing the line
// (log/verify/verify_actions.cpp).
void append_action_json(const Action& a, std::string& out);

}  // namespace capsule
