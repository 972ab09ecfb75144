// Shared helpers for the strace parser tests: run lines through a parser and collect the result.
#pragma once

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "strace/strace_parser.h"

namespace capsule::strace_test {

// A fixed base date (2026-11-23 00:00:00 UTC) so that expected timestamps are constants.
inline constexpr int64_t kBaseDayUs = 1795392000LL * 1'000'000;

struct ParseResult {
  std::vector<SyscallEvent> events;
  std::vector<StraceParseError> errors;
};

template <typename Lines = std::vector<std::string_view>>
ParseResult parse_lines(const Lines& lines, int32_t default_pid = 0) {
  StraceParseOptions options;
  options.day_start_us = kBaseDayUs;
  options.default_pid = default_pid;
  StraceLineParser parser(std::move(options));
  ParseResult result;
  SyscallEvent ev;
  for (const auto& line : lines) {
    parser.feed(line);
    while (parser.pop(ev)) result.events.push_back(std::move(ev));
  }
  parser.finish();
  while (parser.pop(ev)) result.events.push_back(std::move(ev));
  result.errors = parser.take_errors();
  return result;
}

// Exactly one event from one line; the test fails (and an empty event is returned) otherwise.
inline SyscallEvent parse_one(std::string_view line) {
  ParseResult r = parse_lines(std::vector<std::string_view>{line});
  if (r.events.size() != 1 || !r.errors.empty()) return {};
  return r.events.front();
}

inline std::vector<std::string> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::string fixture_path(std::string_view name) {
  return std::string(CAPSULE_TEST_DATA) + "/strace/" + std::string(name);
}

}  // namespace capsule::strace_test
