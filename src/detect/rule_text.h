// The rules-file syntax (docs/RULES.md): a line-oriented block format.
//
//   list NAME: value value …          a named list, used as @NAME in values
//   rule ID                           starts a rule; its lines are indented:
//     severity: high                  settings end with ':'
//     description: text {field} …
//     within: 30s   scope: process    (sequences)
//     FIELD OP VALUE…                 a condition of the current step
//     then                            starts the next step
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/rule.h"

namespace capsule {

struct ParsedRule {
  Rule rule;
  // Which settings the text gave (a rule without conditions only changes these).
  bool set_severity = false, set_enabled = false, set_within = false, set_scope = false,
       set_description = false;
};

class RuleFileParser {
 public:
  using Lists = std::unordered_map<std::string, std::vector<std::string>>;
  RuleFileParser(std::string file, Lists& lists) : file_(std::move(file)), lists_(lists) {}

  // Throws RuleError naming file and line.
  std::vector<ParsedRule> parse(std::string_view text);

 private:
  [[noreturn]] void fail(const std::string& message) const;
  void start_rule(const std::vector<std::string>& words);
  void define_list(std::string_view line);
  void rule_line(std::string_view line, const std::vector<std::string>& words);
  void setting(const std::string& key, std::string_view rest, const std::vector<std::string>& words);
  void condition(const std::vector<std::string>& words);
  std::vector<std::string> expand(const std::vector<std::string>& words, size_t from);
  void finish_rule();

  std::string file_;
  Lists& lists_;
  size_t line_no_ = 0;
  std::vector<ParsedRule> out_;
  ParsedRule* current_ = nullptr;
  size_t current_line_ = 0;
};

// Splits a line into words: whitespace separates, "double quotes" keep spaces (\" and \\ inside).
std::vector<std::string> split_words(std::string_view line);

}  // namespace capsule
