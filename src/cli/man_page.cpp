#include "cli/man_page.h"

#include <fmt/core.h>

#include <cctype>
#include <cstdint>

namespace capsule {
namespace {

// Text as roff reads it: backslashes and hyphens escaped, no line starting with a control
// character ('.' or '\''), and every character beyond ASCII as groff's \[uXXXX] (the help
// texts say "…", "·", "→").
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      const size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
      uint32_t cp = len == 1 ? 0xfffd : c & (0x7f >> len);
      for (size_t k = 1; k < len && i + k < text.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3f);
      i += len - 1;
      out += fmt::format("\\[u{:04X}]", cp);
    }
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string option_item(const OptionSurface& o) {
  std::string names;
  for (const auto& s : o.shorts) names += (names.empty() ? "" : ", ") + fmt::format("\\fB\\-{}\\fR", roff(s));
  for (const auto& l : o.longs) names += (names.empty() ? "" : ", ") + fmt::format("\\fB\\-\\-{}\\fR", roff(l));
  if (o.takes_value) names += " \\fI" + roff(o.placeholder.empty() ? "VALUE" : o.placeholder) + "\\fR";
  std::string body = roff(o.description);
  if (!o.default_value.empty()) body += fmt::format(" (default: {})", roff(o.default_value));
  return fmt::format(".TP\n{}\n{}\n", names, body);
}

// A help footer as a paragraph per line: "Exit codes: …" and usage notes.
std::string footer_paragraphs(std::string_view footer) {
  std::string out;
  size_t from = 0;
  while (from < footer.size()) {
    const size_t to = std::min(footer.find('\n', from), footer.size());
    const std::string_view line = footer.substr(from, to - from);
    if (!line.empty()) out += fmt::format(".PP\n{}\n", roff(line));
    from = to + 1;
  }
  return out;
}

std::string header(std::string_view title, std::string_view version) {
  return fmt::format(".TH {} 1 \"\" \"capsule {}\" \"Capsule Manual\"\n", upper(title), roff(version));
}

std::string main_page(const std::vector<CommandSurface>& surface, std::string_view version) {
  const CommandSurface& top = surface.front();
  std::string out = header("capsule", version);
  out += ".SH NAME\ncapsule \\- a flight recorder for command\\-line programs\n";
  out += ".SH SYNOPSIS\n.B capsule\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n.br\n"
         ".B capsule run\n[\\fIOPTIONS\\fR] [\\fB\\-\\-\\fR] \\fIPROGRAM\\fR [\\fIARGS\\fR...]\n";
  out += ".SH DESCRIPTION\n" + roff(top.description) + "\n";
  out += ".SH COMMANDS\n";
  for (size_t i = 1; i < surface.size(); ++i) {
    out += fmt::format(".TP\n\\fBcapsule\\-{}\\fR(1)\n{}\n", roff(surface[i].name), roff(surface[i].description));
  }
  out += ".TP\n\\fBhelp\\fR [\\fICOMMAND\\fR]\nThe help of capsule or of a command.\n";
  out += ".SH OPTIONS\n";
  for (const OptionSurface& o : top.options) out += option_item(o);
  out += ".SH EXIT STATUS\n" + footer_paragraphs(top.footer);
  out += ".SH FILES\n.TP\n\\fI~/.capsule\\fR\nThe home: one log directory per run under \\fIlogs/\\fR, keys, heads.log "
         "and retention.conf (0700 directories, 0600 files).\n";
  out += ".SH SEE ALSO\n\\fBstrace\\fR(1), \\fBseccomp\\fR(2), \\fBlandlock\\fR(7); the documents in "
         "\\fI/usr/share/doc/capsule\\fR.\n";
  return out;
}

std::string command_page(const CommandSurface& c, std::string_view version) {
  std::string out = header("capsule-" + c.name, version);
  out += fmt::format(".SH NAME\ncapsule\\-{} \\- {}\n", roff(c.name), roff(first_sentence(c.description)));
  out += fmt::format(".SH SYNOPSIS\n.B capsule {}\n[\\fIOPTIONS\\fR]{}\n", roff(c.name),
                     c.takes_program ? " [\\fB\\-\\-\\fR] \\fIPROGRAM\\fR [\\fIARGS\\fR...]" : "");
  out += ".SH DESCRIPTION\n" + roff(c.description) + "\n";
  if (!c.aliases.empty()) {
    std::string names;
    for (const auto& a : c.aliases) names += (names.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(a));
    out += fmt::format(".PP\nAlso spelled {}.\n", names);
  }
  out += ".SH OPTIONS\n";
  for (const OptionSurface& o : c.options) out += option_item(o);
  if (!c.footer.empty()) out += ".SH NOTES\n" + footer_paragraphs(c.footer);
  out += ".SH SEE ALSO\n\\fBcapsule\\fR(1)\n";
  return out;
}

}  // namespace

std::optional<std::string> man_page(std::string_view command, const std::vector<CommandSurface>& surface,
                                    std::string_view version) {
  if (command.empty()) return main_page(surface, version);
  for (size_t i = 1; i < surface.size(); ++i) {
    if (surface[i].name == command) return command_page(surface[i], version);
  }
  return std::nullopt;
}

}  // namespace capsule
