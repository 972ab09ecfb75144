// Turns one stored line of a stream into what `capsule tail` prints for it.
#pragma once

#include <string>
#include <string_view>

#include "view/record_columns.h"

namespace capsule::view {

struct RenderStyle {
  bool colour = false;    // ANSI colours (a terminal, and no NO_COLOR)
  bool show_exe = true;   // events.jsonl names no program: its exe column is left out
  size_t width = 0;       // cut each line to this many columns ("…" at the cut); 0: never cut
  // risks records shown among another stream's (tail's default view): "! " before the rule id,
  // and bold red on a terminal, so that a finding stands out among the actions.
  bool mark_findings = false;
  // The run's id, shown first, cut to kRunColumnWidth (tail following several runs at once);
  // "": no run column.
  std::string run{};
};

// Characters of a run id shown in the run column: enough to tell runs apart, and a prefix that
// --run accepts.
inline constexpr size_t kRunColumnWidth = 8;

// Human form of a line of `stream`, without the final newline. syscalls.log lines are shown as
// they are (they are strace's own human form); a JSON line that does not parse becomes
// "<unparsable record>". Control characters from the traced program are shown as \xNN, so a
// record is always one line and cannot drive the terminal.
std::string render_record(std::string_view stream, std::string_view line, const RenderStyle& style);

// The aligned line for columns already extracted.
std::string render_columns(const RecordColumns& c, const RenderStyle& style);

// Columns a UTF-8 text takes (continuation bytes take none).
size_t display_width(std::string_view s);
// Cuts s to at most width columns, marking a cut with "…".
std::string fit(std::string_view s, size_t width);

// Replaces control bytes (and DEL) with \xNN.
std::string printable(std::string_view text);

}  // namespace capsule::view
