#include "detect/rule_book.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "decode/signatures.h"
#include "detect/rule_text.h"
#include "log/rundir/input_file.h"

namespace capsule {
namespace {

#include "default_rules.inc"  // kBuiltInRules: rules/default.rules as it was built

}  // namespace

RuleBook::RuleBook() {
  for (const SyscallSignature& row : all_signatures()) {
    const SyscallFacts& f = row.facts;
    const std::string name(row.name);
    if (f.access == PathAccess::Exec) lists_["exec_calls"].push_back(name);
    if (f.effect == Effect::Open) lists_["open_calls"].push_back(name);
    if (f.access == PathAccess::Write || f.access == PathAccess::ByOpenFlags) lists_["write_calls"].push_back(name);
  }
}

size_t RuleBook::enabled_count() const {
  return static_cast<size_t>(std::count_if(rules_.begin(), rules_.end(), [](const Rule& r) { return r.enabled; }));
}

void RuleBook::parse(std::string_view text, const std::string& file) {
  RuleFileParser parser(file, lists_);
  for (ParsedRule& pr : parser.parse(text)) {
    auto it = std::find_if(rules_.begin(), rules_.end(), [&](const Rule& r) { return r.id == pr.rule.id; });
    if (it == rules_.end()) {
      if (pr.rule.steps.empty()) {
        throw RuleError(fmt::format("{}: rule \"{}\" has no conditions (and is not a rule to change)",
                                    pr.rule.origin, pr.rule.id));
      }
      rules_.push_back(std::move(pr.rule));
    } else if (!pr.rule.steps.empty()) {
      *it = std::move(pr.rule);  // same id: the later file's rule replaces the earlier one
    } else {
      // Only settings: change them on the existing rule.
      if (pr.set_severity) it->severity = pr.rule.severity;
      if (pr.set_enabled) it->enabled = pr.rule.enabled;
      if (pr.set_within) it->within_us = pr.rule.within_us;
      if (pr.set_scope) it->scope = pr.rule.scope;
      if (pr.set_description) {
        it->description = pr.rule.description;
        it->placeholders = pr.rule.placeholders;
      }
    }
  }
}

void RuleBook::load_file(const std::filesystem::path& path, const std::string& shown_name) {
  std::string text;
  try {
    text = read_input_file(path);
  } catch (const InputFileError& e) {
    throw RuleError(e.what());
  }
  parse(text, shown_name);
}

std::optional<std::filesystem::path> default_rules_dir() {
  if (const char* dir = std::getenv("CAPSULE_RULES_DIR"); dir != nullptr && *dir != '\0') return dir;
  return std::nullopt;
}

RuleBook load_rules(const std::vector<std::string>& user_files) {
  RuleBook book;
  if (const auto dir = default_rules_dir()) {
    const std::filesystem::path defaults = *dir / "default.rules";
    book.load_file(defaults, defaults.string());
  } else {
    book.parse(kBuiltInRules, "default.rules (built in)");
  }
  for (const auto& f : user_files) book.load_file(f, f);
  return book;
}

}  // namespace capsule
