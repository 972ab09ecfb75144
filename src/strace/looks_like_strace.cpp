// Sniffing a file before importing it: strace output has a recognisable grammar, so rather than
// guessing from a few characters, the first lines are run through the real parser.
#include <string_view>

#include "strace/strace_parser.h"

namespace capsule {

bool looks_like_strace(std::string_view first_lines) {
  constexpr size_t kMaxLinesExamined = 50;
  StraceParseOptions options;
  options.on_error = [](const StraceParseError&) {};  // counted by the parser; nothing to keep
  StraceLineParser parser(std::move(options));
  size_t lines = 0;
  while (!first_lines.empty() && lines < kMaxLinesExamined) {
    const size_t newline = first_lines.find('\n');
    std::string_view line = first_lines.substr(0, newline);
    first_lines.remove_prefix(newline == std::string_view::npos ? first_lines.size() : newline + 1);
    // The last line of a head excerpt may be cut mid-way; do not hold that against the file.
    if (first_lines.empty() && newline == std::string_view::npos && lines > 0) break;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    parser.feed(line);
    ++lines;
  }
  parser.finish();
  if (lines == 0) return false;
  // Syscall lines seen become events (directly, or at finish() when left unfinished).
  const uint64_t good = lines - parser.error_count();
  return parser.events_emitted() > 0 && good * 2 > lines;
}

}  // namespace capsule
