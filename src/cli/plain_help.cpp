#include "cli/plain_help.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string_view>
#include <regex>

namespace capsule {
namespace {

std::string trim_number(const std::string& n) {
  try {
    const double v = std::stod(n);
    if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
    return fmt::format("{:g}", v);
  } catch (const std::exception&) {
    return n;
  }
}

// "zstd[:LEVEL]" -> "zstd"; "" when what is left is not a plain word (a value to type, not a choice).
std::string choice_word(std::string part) {
  part = part.substr(0, part.find('['));
  const bool plain = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
  return plain ? part : std::string();
}

std::vector<std::string> split_choices(const std::string& list, char sep) {
  std::vector<std::string> out;
  size_t from = 0;
  while (from <= list.size()) {
    const size_t to = std::min(list.find(sep, from), list.size());
    std::string w = choice_word(list.substr(from, to - from));
    if (!w.empty() && std::find(out.begin(), out.end(), w) == out.end()) out.push_back(w);
    from = to + 1;
  }
  return out;
}

}  // namespace

ValueWords value_words(const std::string& type_name) {
  const std::string base = type_name.substr(0, type_name.find(':'));
  const bool whole = base == "INT" || base == "UINT";
  const bool number = whole || base == "FLOAT";
  ValueWords k{whole ? "N" : number ? "NUMBER" : "TEXT", whole ? "a whole number" : number ? "a number" : "a value", {}};
  static const std::regex range(R"(in \[([^ ]+) - ([^\]]+)\])");
  static const std::regex choices(R"(\{([^}]*)\})");
  std::smatch m;
  if (std::regex_search(type_name, m, range)) {
    k.wants += fmt::format(" from {} to {}", trim_number(m[1]), trim_number(m[2]));
  } else if (std::regex_search(type_name, m, choices)) {
    std::string list = m[1];
    k.choices = split_choices(list, ',');
    for (char& c : list) {
      if (c == ',') c = '|';
    }
    k.placeholder = list;
    k.wants = "one of " + std::regex_replace(std::string(m[1]), std::regex(","), ", ");
  } else if (type_name.find('|') != std::string::npos && !std::isupper(static_cast<unsigned char>(type_name[0]))) {
    // A type name written as the spellings it takes ("none|zstd[:LEVEL]").
    k.placeholder = type_name;
    k.choices = split_choices(type_name, '|');
  }
  return k;
}

namespace {

class PlainFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* opt) const override {
    if (opt->get_expected_max() == 0 || opt->get_type_size_max() == 0) return "";  // a flag
    std::string out = " " + value_words(opt->get_type_name()).placeholder;
    if (!opt->get_default_str().empty()) out += " (default " + opt->get_default_str() + ")";
    if (opt->get_expected_max() > 1) out += " ...";
    return out;
  }
};

}  // namespace

std::shared_ptr<CLI::Formatter> plain_formatter() {
  auto f = std::make_shared<PlainFormatter>();
  f->column_width(34);
  return f;
}

std::optional<std::string> plain_value_error(const CLI::App& sub, const std::string& message) {
  // "--timeout: Value abc not in range 0.000000 to 1000000000.000000", "--backend: foo not in {…}",
  // "--x: Value nan is not a finite number". Taken apart by hand: the value is the user's and may
  // be megabytes long, which std::regex's recursion does not survive.
  const size_t colon = message.find(": ");
  if (colon == std::string::npos || message.empty() || message[0] != '-') return std::nullopt;
  const std::string name = message.substr(0, colon);
  std::string_view rest = std::string_view(message).substr(colon + 2);
  if (rest.substr(0, 6) == "Value ") rest.remove_prefix(6);
  size_t cut = std::string_view::npos;
  for (std::string_view tail : {" not in range ", " not in {", " is not a finite number"}) {
    cut = std::min(cut, rest.rfind(tail));
  }
  if (cut == std::string_view::npos) return std::nullopt;
  const CLI::Option* opt = sub.get_option_no_throw(name);
  if (opt == nullptr) return std::nullopt;
  return fmt::format("{} wants {}, not '{}'", name, value_words(opt->get_type_name()).wants, rest.substr(0, cut));
}

}  // namespace capsule
