// Decoder tests against strace's own text: the line a natively decoded event renders to (without
// the pid and time prefix), and the event `capsule import` makes of that same text, whose
// arguments must equal the native decoder's, so that both backends give the same record.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "fake_memory.h"
#include "log/render/event_render.h"
#include "strace/strace_parser.h"

namespace capsule::testing {

inline constexpr std::string_view kSpellingPrefix = "1 00:00:01.000000 ";

// "name(args) = ret" as syscalls.log writes the event.
inline std::string strace_spelling(SyscallEvent ev) {
  ev.pid = ev.tid = 1;
  ev.ts_us = ev.end_us = 1'000'000;
  std::string out;
  append_strace_line(ev, out);
  return out.starts_with(kSpellingPrefix) ? out.substr(kSpellingPrefix.size()) : out;
}

// The event the strace parser reads from "name(args) = ret"; an empty name when it read none.
inline SyscallEvent imported_event(std::string_view text) {
  StraceParseOptions options;
  options.day_start_us = 0;
  StraceLineParser parser(std::move(options));
  parser.feed(std::string(kSpellingPrefix) + std::string(text));
  parser.finish();
  SyscallEvent ev;
  if (!parser.pop(ev) || !parser.take_errors().empty()) return {};
  return ev;
}

// A zero the parser reads as the number 0 where the decoder named it ("sem_flg=0": a flag set's
// Symbol "0", or a hex word): the same value.
inline bool spelled_zero(const Arg& a) {
  return a.num == 0 && a.items.empty() &&
         (a.kind == ArgKind::Int || a.kind == ArgKind::Hex || (a.kind == ArgKind::Symbol && a.text == "0"));
}

// The same value, the zeros above aside.
inline bool same_value(const Arg& a, const Arg& b) {
  if (a.name != b.name) return false;
  if (spelled_zero(a) && spelled_zero(b)) return true;
  if (a.kind != b.kind || a.num != b.num || a.text != b.text || a.truncated != b.truncated ||
      a.items.size() != b.items.size()) {
    return false;
  }
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (!same_value(a.items[i], b.items[i])) return false;
  }
  return true;
}

// The event renders to `text` word for word, and the strace parser reads `text` back into the
// same arguments.
inline void expect_strace_spelling(const SyscallEvent& ev, std::string_view text) {
  EXPECT_EQ(strace_spelling(ev), text);
  const SyscallEvent back = imported_event(text);
  EXPECT_EQ(back.name, ev.name) << text;
  ASSERT_EQ(back.args.size(), ev.args.size()) << text;
  for (size_t i = 0; i < ev.args.size(); ++i) {
    EXPECT_TRUE(same_value(back.args[i], ev.args[i]))
        << text << "\n argument " << i << " imported: " << ::testing::PrintToString(back.args[i])
        << "\n decoded: " << ::testing::PrintToString(ev.args[i]);
  }
}

}  // namespace capsule::testing
