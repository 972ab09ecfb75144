// The rules in force for a run: the defaults (rules/default.rules) and then each --rules FILE,
// parsed by the same code. A rule whose id is already known replaces it (or, when it has no
// conditions, changes only the settings it gives: `severity: low`, `enabled: no`). Lists
// (`list shells: …`) are shared by every file loaded after them; the lists of syscalls come from the
// syscall table's facts, not from a file.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "detect/rule.h"

namespace capsule {

// "my.rules:12: unknown field \"sycall\"": the file as named by the user, the 1-based line.
class RuleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RuleBook {
 public:
  // Starts with the lists derived from the syscall table (@exec_calls, @open_calls, @write_calls).
  RuleBook();
  // Parses one file's text; `file` names it in errors. Throws RuleError.
  void parse(std::string_view text, const std::string& file);
  // Reads and parses a file; an unreadable file is a RuleError too ("FILE: cannot read: …").
  void load_file(const std::filesystem::path& path, const std::string& shown_name);

  const std::vector<Rule>& rules() const { return rules_; }
  size_t enabled_count() const;

 private:
  std::vector<Rule> rules_;
  std::unordered_map<std::string, std::vector<std::string>> lists_;
};

// Where the default rules come from: $CAPSULE_RULES_DIR/default.rules when that variable is set,
// else (nullopt) the copy of rules/default.rules built into capsule.
std::optional<std::filesystem::path> default_rules_dir();

// The defaults, then each user file in order. Throws RuleError.
RuleBook load_rules(const std::vector<std::string>& user_files);

}  // namespace capsule
