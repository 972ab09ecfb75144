// Whether an event satisfies a step's conditions (rule.h), by the operators of docs/RULES.md.
#pragma once

#include <vector>

#include "detect/event_view.h"
#include "detect/rule.h"

namespace capsule {

class ConditionMatcher {
 public:
  bool matches(const Step& step, EventView& view);
  bool matches(const Condition& c, EventView& view);

 private:
  bool item_matches(const FieldItem& item, const CondValue& v, EventView& view);
  std::vector<FieldItem> items_;
  std::vector<FieldItem> ref_items_;
};

}  // namespace capsule
