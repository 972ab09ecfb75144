#include "detect/condition_match.h"

#include <charconv>

namespace capsule {
namespace {

// Calls f on each '|'-separated token of a flag set ("O_WRONLY|O_CREAT"); a plain text is one token.
template <class F>
bool any_token(std::string_view text, F&& f) {
  while (true) {
    const size_t bar = text.find('|');
    if (f(text.substr(0, bar))) return true;
    if (bar == std::string_view::npos) return false;
    text.remove_prefix(bar + 1);
  }
}

}  // namespace

bool ConditionMatcher::item_matches(const FieldItem& item, const CondValue& v, EventView& view) {
  if (v.ref) {
    view.values(*v.ref, v.ref_arg, ref_items_);
    for (const FieldItem& r : ref_items_) {
      if (item.has_num && r.has_num ? item.num == r.num : (!item.has_num && !r.has_num && item.text == r.text)) return true;
    }
    return false;
  }
  if (item.has_num) {
    if (v.lo) return item.num >= *v.lo && item.num <= *v.hi;
    char buf[24];
    const auto res = std::to_chars(buf, buf + sizeof buf, item.num);
    return v.glob.matches(std::string_view(buf, static_cast<size_t>(res.ptr - buf)), view.home());
  }
  // A ~/ pattern needs HOME; every other pattern does not look it up.
  return v.glob.pattern().starts_with("~/") ? v.glob.matches(item.text, view.home()) : v.glob.matches(item.text);
}

bool ConditionMatcher::matches(const Condition& c, EventView& view) {
  view.values(c.field, c.arg_name, items_);
  // A $field reference reuses the view's buffers: then work on a copy of the few items.
  bool has_ref = false;
  for (const CondValue& v : c.values) has_ref = has_ref || v.ref.has_value();
  std::vector<FieldItem> copy;
  if (has_ref) copy = items_;
  const std::vector<FieldItem>& items = has_ref ? copy : items_;
  switch (c.op) {
    case Op::In:
    case Op::NotIn: {
      bool any = false;
      for (const FieldItem& it : items) {
        for (const CondValue& v : c.values) {
          if (item_matches(it, v, view)) {
            any = true;
            break;
          }
        }
        if (any) break;
      }
      return c.op == Op::In ? any : !any;
    }
    case Op::Has:
    case Op::Lacks: {
      bool any = false;
      for (const FieldItem& it : items) {
        if (it.has_num) {
          for (const CondValue& v : c.values) {
            if (v.lo && (it.num & *v.lo) == *v.lo) any = true;
          }
        } else {
          any = any_token(it.text, [&](std::string_view tok) {
            const FieldItem t{tok, 0, false};
            for (const CondValue& v : c.values) {
              if (item_matches(t, v, view)) return true;
            }
            return false;
          });
        }
        if (any) break;
      }
      return c.op == Op::Has ? any : !any;
    }
    case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: {
      const int64_t bound = *c.values[0].lo;
      for (const FieldItem& it : items) {
        if (!it.has_num) continue;
        if ((c.op == Op::Lt && it.num < bound) || (c.op == Op::Le && it.num <= bound) ||
            (c.op == Op::Gt && it.num > bound) || (c.op == Op::Ge && it.num >= bound)) {
          return true;
        }
      }
      return false;
    }
  }
  return false;
}

bool ConditionMatcher::matches(const Step& step, EventView& view) {
  for (const Condition& c : step.conditions) {
    if (!matches(c, view)) return false;
  }
  return true;
}

}  // namespace capsule
