// The subcommands. Each registers its options on the CLI11 app and returns the code to exit with.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace capsule {

// Options every subcommand that reads or writes runs shares.
struct HomeOption {
  std::optional<std::string> home;
};

// A registered subcommand: what runs it after a successful parse and, for commands that run a
// program, where the program's own argv goes (it is split off before CLI11 parses the rest).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
  std::vector<std::string>* program = nullptr;
};

Command add_run_command(CLI::App& app);
Command add_verify_command(CLI::App& app);

// Where the program starts in args[from..]: at the word after "--", or at the first word that is
// neither an option of `sub` nor the value of one. Returns {end of capsule's options, start of
// the program}; both are args.size() when there is no program.
std::pair<size_t, size_t> split_program_args(const CLI::App& sub, const std::vector<char*>& args, size_t from);

// "capsule: <message>" on stderr.
void print_error(const std::string& message);

}  // namespace capsule
