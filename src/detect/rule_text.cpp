#include "detect/rule_text.h"

#include <fmt/core.h>

#include <cctype>
#include <optional>

#include "base/number_parse.h"
#include "detect/rule_book.h"

namespace capsule {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A rule's number is an int64 written by a person: a larger magnitude is a mistake in the rule,
// not a bit pattern.
std::optional<int64_t> parse_number(std::string_view t) {
  const auto n = parse_signed_magnitude(t, IntNotation::DecimalOrHex);
  if (!n || n->magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  const auto v = static_cast<int64_t>(n->magnitude);
  return n->negative ? -v : v;
}

// "30s", "500ms", "2m", "1h" → µs.
std::optional<int64_t> parse_duration(std::string_view t) {
  static constexpr std::pair<std::string_view, int64_t> kUnits[] = {
      {"ms", 1000}, {"s", 1000000}, {"m", 60000000}, {"h", 3600000000}};
  for (const auto& [suffix, scale] : kUnits) {
    if (!t.ends_with(suffix)) continue;
    const auto n = parse_number(t.substr(0, t.size() - suffix.size()));
    if (n && *n >= 0) return *n * scale;
    return std::nullopt;
  }
  return std::nullopt;
}

bool is_path_field(Field f) { return f == Field::Path || f == Field::FdPath || f == Field::Exe; }
bool is_numeric_field(Field f) {
  return f == Field::Ret || f == Field::AddrPort || f == Field::Pid || f == Field::Ppid || f == Field::Uid ||
         f == Field::Euid || f == Field::Gid || f == Field::Egid;
}

std::optional<Op> parse_op(std::string_view w) {
  if (w == "is" || w == "in") return Op::In;
  if (w == "not") return Op::NotIn;
  if (w == "has") return Op::Has;
  if (w == "lacks") return Op::Lacks;
  if (w == "<") return Op::Lt;
  if (w == "<=") return Op::Le;
  if (w == ">") return Op::Gt;
  if (w == ">=") return Op::Ge;
  return std::nullopt;
}

}  // namespace

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i >= line.size()) break;
    std::string w;
    if (line[i] == '"') {
      ++i;
      while (i < line.size() && line[i] != '"') {
        if (line[i] == '\\' && i + 1 < line.size()) ++i;
        w.push_back(line[i++]);
      }
      ++i;  // the closing quote
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') w.push_back(line[i++]);
    }
    words.push_back(std::move(w));
  }
  return words;
}

void RuleFileParser::fail(const std::string& message) const {
  throw RuleError(fmt::format("{}:{}: {}", file_, line_no_, message));
}

std::vector<ParsedRule> RuleFileParser::parse(std::string_view text) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view raw = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no_;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const bool indented = raw.front() == ' ' || raw.front() == '\t';
    const std::vector<std::string> words = split_words(line);
    if (!indented) {
      finish_rule();
      if (words[0] == "rule") {
        start_rule(words);
      } else if (words[0] == "list") {
        define_list(line);
      } else {
        fail(fmt::format("expected \"rule ID\" or \"list NAME: …\" at the start of a line, not \"{}\" "
                         "(a rule's lines are indented)", words[0]));
      }
    } else {
      if (current_ == nullptr) fail("an indented line outside a rule");
      rule_line(line, words);
    }
  }
  finish_rule();
  return std::move(out_);
}

void RuleFileParser::start_rule(const std::vector<std::string>& words) {
  if (words.size() != 2) fail("expected \"rule ID\" (one word: letters, digits, '-', '_', '.')");
  for (char c : words[1]) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
      fail(fmt::format("rule id \"{}\": only letters, digits, '-', '_', '.'", words[1]));
    }
  }
  for (const auto& pr : out_) {
    if (pr.rule.id == words[1]) fail(fmt::format("rule \"{}\" is defined twice in this file", words[1]));
  }
  out_.emplace_back();
  current_ = &out_.back();
  current_line_ = line_no_;
  current_->rule.id = words[1];
  current_->rule.origin = fmt::format("{}:{}", file_, line_no_);
}

void RuleFileParser::define_list(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) fail("expected \"list NAME: value value …\"");
  const auto head = split_words(line.substr(0, colon));
  if (head.size() != 2 || head[0] != "list") fail("expected \"list NAME: value value …\"");
  const auto values = expand(split_words(line.substr(colon + 1)), 0);
  lists_[head[1]] = values;  // replaces a list of that name (use @NAME inside to extend it)
}

std::vector<std::string> RuleFileParser::expand(const std::vector<std::string>& words, size_t from) {
  std::vector<std::string> out;
  for (size_t i = from; i < words.size(); ++i) {
    if (words[i].size() > 1 && words[i].front() == '@') {
      auto it = lists_.find(words[i].substr(1));
      if (it == lists_.end()) fail(fmt::format("unknown list \"{}\"", words[i]));
      out.insert(out.end(), it->second.begin(), it->second.end());
    } else {
      out.push_back(words[i]);
    }
  }
  return out;
}

void RuleFileParser::rule_line(std::string_view line, const std::vector<std::string>& words) {
  Rule& r = current_->rule;
  if (words[0].back() == ':') {
    const std::string key = words[0].substr(0, words[0].size() - 1);
    setting(key, trim(line.substr(words[0].size())), words);
    return;
  }
  if (words[0] == "then") {
    if (words.size() != 1) fail("\"then\" stands alone on its line");
    if (r.steps.empty() || (r.steps.back().conditions.empty() && r.steps.back().syscalls.empty())) {
      fail("\"then\" must follow a step's conditions");
    }
    r.steps.emplace_back();
    return;
  }
  condition(words);
}

void RuleFileParser::setting(const std::string& key, std::string_view rest, const std::vector<std::string>& words) {
  Rule& r = current_->rule;
  auto one_word = [&]() -> const std::string& {
    if (words.size() != 2) fail(fmt::format("{}: expects one value", key));
    return words[1];
  };
  if (key == "severity") {
    const auto s = parse_severity(one_word());
    if (!s) fail(fmt::format("unknown severity \"{}\" (info, low, medium, high, critical)", words[1]));
    r.severity = *s;
    current_->set_severity = true;
  } else if (key == "description") {
    if (rest.empty()) fail("description: is empty");
    r.description = rest;
    r.placeholders.clear();
    size_t i = 0;
    while ((i = r.description.find('{', i)) != std::string::npos) {
      const size_t end = r.description.find('}', i);
      if (end == std::string::npos) fail("description: '{' without '}'");
      Rule::Placeholder ph;
      ph.text = r.description.substr(i + 1, end - i - 1);
      const auto f = parse_field(ph.text, ph.arg_name);
      if (!f) fail(fmt::format("unknown field \"{}\" in description", ph.text));
      ph.field = *f;
      r.placeholders.push_back(std::move(ph));
      i = end + 1;
    }
    current_->set_description = true;
  } else if (key == "within") {
    const auto d = parse_duration(one_word());
    if (!d) fail(fmt::format("within: \"{}\" is not a duration (500ms, 30s, 5m, 1h)", words[1]));
    r.within_us = *d;
    current_->set_within = true;
  } else if (key == "scope") {
    const std::string& s = one_word();
    if (s == "process") r.scope = Scope::Process;
    else if (s == "tree") r.scope = Scope::Tree;
    else if (s == "run") r.scope = Scope::Run;
    else fail(fmt::format("unknown scope \"{}\" (process, tree, run)", s));
    current_->set_scope = true;
  } else if (key == "enabled") {
    const std::string& s = one_word();
    if (s != "yes" && s != "no") fail(fmt::format("enabled: \"{}\" (yes or no)", s));
    r.enabled = s == "yes";
    current_->set_enabled = true;
  } else {
    fail(fmt::format("unknown field \"{}\"", key));
  }
}

void RuleFileParser::condition(const std::vector<std::string>& words) {
  Rule& r = current_->rule;
  std::string arg_name;
  const auto field = parse_field(words[0], arg_name);
  if (!field) fail(fmt::format("unknown field \"{}\"", words[0]));
  if (words.size() < 2) fail(fmt::format("\"{}\": expected an operator (is, not, has, lacks, <, <=, >, >=)", words[0]));
  const auto op = parse_op(words[1]);
  if (!op) fail(fmt::format("unknown operator \"{}\" (is, in, not, has, lacks, <, <=, >, >=)", words[1]));
  const std::vector<std::string> values = expand(words, 2);
  if (values.empty()) fail(fmt::format("\"{} {}\": no value", words[0], words[1]));
  if (r.steps.empty()) r.steps.emplace_back();
  Step& step = r.steps.back();

  const bool ordering = *op == Op::Lt || *op == Op::Le || *op == Op::Gt || *op == Op::Ge;
  if (*field == Field::Syscall && *op == Op::In) {
    if (!step.syscalls.empty()) fail("syscall is given twice in one step");
    for (const auto& v : values) {
      if (v.find_first_of("*?[$") != std::string::npos) fail(fmt::format("syscall \"{}\": give names, not patterns", v));
    }
    step.syscalls = values;  // the index guarantees it: no condition to evaluate per event
    return;
  }
  Condition c;
  c.field = *field;
  c.arg_name = arg_name;
  c.op = *op;
  for (const auto& v : values) {
    CondValue cv{Glob(v, is_path_field(*field)), std::nullopt, std::nullopt, std::nullopt, {}};
    if (v.size() > 1 && v.front() == '$') {
      const auto ref = parse_field(std::string_view(v).substr(1), cv.ref_arg);
      if (!ref) fail(fmt::format("unknown field \"{}\"", v));
      cv.ref = ref;
    } else if (const size_t dots = v.find(".."); dots != std::string::npos && dots > 0) {
      cv.lo = parse_number(std::string_view(v).substr(0, dots));
      cv.hi = parse_number(std::string_view(v).substr(dots + 2));
      if (!cv.lo || !cv.hi) fail(fmt::format("\"{}\" is not a range of numbers (0..2)", v));
    } else if (const auto n = parse_number(v)) {
      cv.lo = cv.hi = n;
    } else if (ordering || is_numeric_field(*field)) {
      fail(fmt::format("{}: \"{}\" is not a number", words[0], v));
    }
    c.values.push_back(std::move(cv));
  }
  if (ordering && (c.values.size() != 1 || c.values[0].lo != c.values[0].hi)) {
    fail(fmt::format("\"{} {}\" takes one number", words[0], words[1]));
  }
  step.conditions.push_back(std::move(c));
}

void RuleFileParser::finish_rule() {
  if (current_ == nullptr) return;
  Rule& r = current_->rule;
  const size_t saved = line_no_;
  line_no_ = current_line_;
  if (!r.steps.empty()) {
    if (r.steps.back().conditions.empty() && r.steps.back().syscalls.empty()) fail("\"then\" with no step after it");
    if (!current_->set_severity) fail(fmt::format("rule \"{}\" has no severity:", r.id));
    if (!current_->set_description) fail(fmt::format("rule \"{}\" has no description:", r.id));
  }
  line_no_ = saved;
  current_ = nullptr;
}

}  // namespace capsule
