#include "view/record_render.h"

#include <array>
#include <cstdio>

namespace capsule::view {
namespace {

// Column widths (in characters). The target is padded but never cut: a long path pushes the
// result to the right rather than lose the part that tells it apart.
constexpr size_t kTimeWidth = 15;    // "17:30:00.123456"
constexpr size_t kPidWidth = 7;
constexpr size_t kExeWidth = 15;
constexpr size_t kWhatWidth = 14;
constexpr size_t kTargetWidth = 44;

constexpr std::string_view kRed = "\x1b[31m";
constexpr std::string_view kBoldMagenta = "\x1b[1;35m";
constexpr std::string_view kBoldRed = "\x1b[1;31m";
constexpr std::string_view kReset = "\x1b[0m";

void pad_left(std::string& out, std::string_view s, size_t width) {
  for (size_t w = display_width(s); w < width; ++w) out.push_back(' ');
  out.append(s);
}

void pad_right(std::string& out, std::string_view s, size_t width) {
  out.append(s);
  for (size_t w = display_width(s); w < width; ++w) out.push_back(' ');
}

std::string_view colour_of(Emphasis e) {
  switch (e) {
    case Emphasis::Failure: return kRed;
    case Emphasis::Privilege: return kBoldMagenta;
    case Emphasis::Finding: return kBoldRed;
    case Emphasis::None: break;
  }
  return {};
}

std::string with_emphasis(std::string line, Emphasis e, const RenderStyle& style) {
  const std::string_view colour = colour_of(e);
  if (!style.colour || colour.empty()) return line;
  return std::string(colour) + line + std::string(kReset);
}

// A syscalls.log line "1234 17:30:00.123456 name(args) = result": failed when its result is
// -1, privileged when the call changes identity, failed too when a process was killed.
Emphasis strace_line_emphasis(std::string_view line) {
  if (line.find(") = -1 ") != std::string_view::npos || line.find("+++ killed by") != std::string_view::npos) {
    return Emphasis::Failure;
  }
  size_t pos = line.find(' ');
  if (pos != std::string_view::npos) pos = line.find(' ', pos + 1);
  if (pos == std::string_view::npos) return Emphasis::None;
  const std::string_view rest = line.substr(pos + 1);
  const size_t paren = rest.find('(');
  if (paren == std::string_view::npos) return Emphasis::None;
  return columns::is_privilege_syscall(rest.substr(0, paren)) ? Emphasis::Privilege : Emphasis::None;
}

// The run column, when there is one: the short run id and a space.
void run_column(std::string& out, const RenderStyle& style) {
  if (style.run.empty()) return;
  pad_right(out, fit(printable(style.run.substr(0, kRunColumnWidth)), kRunColumnWidth), kRunColumnWidth);
  out.push_back(' ');
}

}  // namespace

// Characters, not bytes: UTF-8 continuation bytes take no column.
size_t display_width(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string fit(std::string_view s, size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  std::string out;
  size_t chars = 0;
  for (const char c : s) {
    const bool starts_char = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (starts_char && ++chars > width - 1) break;
    out.push_back(c);
  }
  return out + "\u2026";
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // C0 controls, DEL, and the UTF-8 spelling of C1 controls (U+0080–U+009F, e.g. CSI) can all
    // drive a terminal.
    const bool c1 = byte == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (byte < 0x20 || byte == 0x7F || c1) {
      const size_t n = c1 ? 2 : 1;
      for (size_t k = 0; k < n; ++k) {
        std::array<char, 5> buf{};
        std::snprintf(buf.data(), buf.size(), "\\x%02x", static_cast<unsigned char>(text[i + k]));
        out.append(buf.data());
      }
      i += n - 1;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

std::string render_columns(const RecordColumns& c, const RenderStyle& style) {
  std::string out;
  run_column(out, style);
  pad_right(out, fit(printable(c.time), kTimeWidth), kTimeWidth);
  out.push_back(' ');
  pad_left(out, fit(printable(c.pid), kPidWidth), kPidWidth);
  out.push_back(' ');
  if (style.show_exe) {
    pad_right(out, fit(printable(c.exe), kExeWidth), kExeWidth);
    out.push_back(' ');
  }
  pad_right(out, fit(printable(c.what), kWhatWidth), kWhatWidth);
  out.push_back(' ');
  const std::string target = printable(c.target);
  pad_right(out, target, kTargetWidth);
  out.append("  ");
  out.append(printable(c.result));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (style.width != 0) out = fit(out, style.width);
  return with_emphasis(std::move(out), c.emphasis, style);
}

std::string render_record(std::string_view stream, std::string_view line, const RenderStyle& style) {
  if (stream == "syscalls") {
    std::string text;
    run_column(text, style);
    text += printable(line);
    if (style.width != 0) text = fit(text, style.width);
    return with_emphasis(std::move(text), strace_line_emphasis(line), style);
  }
  const nlohmann::json record = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (record.is_discarded() || !record.is_object()) return "<unparsable record>";
  const bool is_event = stream == "events" || stream == "enriched";
  RecordColumns c = is_event ? event_columns(record) : action_columns(record);
  if (style.mark_findings && stream == "risks") {
    c.what = "! " + c.what;
    c.emphasis = Emphasis::Finding;
  }
  return render_columns(c, style);
}

}  // namespace capsule::view
