#include "strace/relative_span.h"

#include <string_view>
#include <vector>

#include "strace/line_splitter.h"
#include "strace/strace_line.h"

namespace capsule {
namespace {

// What the lines seen so far say: no timestamp yet, -r deltas (summed), or another form.
struct SpanState {
  bool decided = false;
  bool relative = false;
  int64_t sum_us = 0;

  void line(std::string_view text) {
    strace_detail::Cursor c{text, 0, nullptr};
    strace_detail::LineHead head;
    if (!strace_detail::read_line_head(c, head) || head.ts.form == strace_detail::TimestampForm::None) return;
    if (!decided) {
      decided = true;
      relative = head.ts.form == strace_detail::TimestampForm::Relative;
    }
    if (relative && head.ts.form == strace_detail::TimestampForm::Relative) sum_us += head.ts.value_us;
  }
};

}  // namespace

std::optional<int64_t> relative_span_us(const std::function<ssize_t(char* buf, size_t n)>& read_chunk) {
  SpanState state;
  LineSplitter lines;
  const auto on_line = [&state](std::string_view line) { state.line(line); };
  std::vector<char> buf(1 << 16);
  while (!state.decided || state.relative) {
    const ssize_t n = read_chunk(buf.data(), buf.size());
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    lines.feed(std::string_view(buf.data(), static_cast<size_t>(n)), on_line);
  }
  lines.finish(on_line);
  if (!state.decided || !state.relative) return std::nullopt;
  return state.sum_us;
}

}  // namespace capsule
