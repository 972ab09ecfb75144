// The subcommands. Each registers its options on the CLI11 app and returns the code to exit with.
#pragma once

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "log/compress/compression.h"

namespace capsule {

// Options every subcommand that reads or writes runs shares.
struct HomeOption {
  std::optional<std::string> home;
};

// Refuses an empty value: `--home ''` or `--trace ''` is a mistake (an unset variable in a
// script), not a request for the default.
inline CLI::Validator non_empty() {
  return CLI::Validator([](std::string& text) { return text.empty() ? std::string("must not be empty") : std::string(); },
                        "NONEMPTY");
}

// --home, the same for every subcommand.
inline CLI::Option* add_home_option(CLI::App& sub, HomeOption& o) {
  return sub.add_option("--home", o.home, "Where runs are kept (default: $CAPSULE_HOME or ~/.capsule)")
      ->check(non_empty());
}

// --compress, the same for every command that records a run (run, import).
// Not given: retention.conf's `compress`, else none (home_compression in cli/compact_command.h).
inline CLI::Option* add_compress_option(CLI::App& sub, std::optional<Compression>& c) {
  return sub
      .add_option_function<std::string>(
          "--compress", [&c](const std::string& text) { c = parse_compression(text); },
          "How the streams are stored: none keeps every file plain (for grep and jq); zstd[:LEVEL] "
          "compresses the JSON streams to about a tenth and keeps syscalls.log plain (LEVEL -7..19, "
          "default 1; read them with `capsule cat` or zstdcat); zstd-all[:LEVEL] compresses syscalls.log too. "
          "Default: `compress` in $CAPSULE_HOME/retention.conf, else none (finished runs are compacted "
          "after compress-after, 1h by default: `capsule compact`)")
      ->check(CLI::Validator(
          [](std::string& text) {
            return parse_compression(text) ? std::string()
                                           : std::string("expected none, zstd[:LEVEL] or zstd-all[:LEVEL] (LEVEL -7..19)");
          },
          ""))
      ->type_name("none|zstd[:LEVEL]|zstd-all[:LEVEL]")
      ->default_str(compression_text(Compression{}));
}

// A registered subcommand: what runs it after a successful parse and, for commands that run a
// program, where the program's own argv goes (it is split off before CLI11 parses the rest).
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
  std::vector<std::string>* program = nullptr;
  // Traces without a program of its own (attach): keeps capsule's signals for the tracer too.
  bool traces = false;
};

Command add_run_command(CLI::App& app);
Command add_attach_command(CLI::App& app);  // run_command.cpp: `run -p PID` as a command
Command add_verify_command(CLI::App& app);
Command add_import_command(CLI::App& app);  // import_command.cpp
Command add_tail_command(CLI::App& app);
Command add_watch_command(CLI::App& app);  // watch_command.cpp (src/view/watch)
Command add_runs_command(CLI::App& app);
Command add_keys_command(CLI::App& app);
Command add_findings_command(CLI::App& app);  // findings_command.cpp
Command add_cat_command(CLI::App& app);       // cat_command.cpp
Command add_profile_command(CLI::App& app);  // profile_command.cpp
Command add_policy_command(CLI::App& app);   // policy_command.cpp
Command add_prune_command(CLI::App& app);    // prune_command.cpp
Command add_compact_command(CLI::App& app);  // compact_command.cpp
Command add_summary_command(CLI::App& app);  // summary_command.cpp
Command add_report_command(CLI::App& app);   // report_command.cpp (src/report)
Command add_push_command(CLI::App& app);     // push_command.cpp (src/store)
Command add_query_command(CLI::App& app);    // query_command.cpp (src/store)
Command add_export_command(CLI::App& app);   // export_command.cpp (src/export)
Command add_attest_command(CLI::App& app);   // attest_command.cpp (src/export)
// completion_command.cpp: both walk `commands` when they run, so they are added last.
Command add_completion_command(CLI::App& app, const std::vector<Command>& commands);
Command add_manpage_command(CLI::App& app, const std::vector<Command>& commands);

// Where the program starts in args[from..]: at the word after "--", or at the first word that is
// neither an option of `sub` nor the value of one. Returns {end of capsule's options, start of
// the program}; both are args.size() when there is no program.
std::pair<size_t, size_t> split_program_args(const CLI::App& sub, const std::vector<char*>& args, size_t from);

// argv as one line a shell would read back (quoted where needed): the manifest's "command".
std::string join_command(const std::vector<std::string>& argv);

// Refuses NaN and infinities for a number option. CLI::Range lets NaN through (every comparison
// with NaN is false), so `--timeout nan` would otherwise be taken: check this before a Range.
inline CLI::Validator finite_number() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str()) return {};  // not a number at all: the type conversion says so
        return std::isfinite(v) ? std::string() : "Value " + text + " is not a finite number";
      },
      "FINITE");
}

// "capsule: <message>" on stderr.
void print_error(const std::string& message);

// A command's text output: to path, or to standard output for "-". False after printing
// "<context>cannot write PATH" (the caller's exit code is then kCannotRecord).
bool write_output(const std::string& path, std::string_view text, std::string_view context = "");

// --run for the commands that read one run (cat, findings…): an id, a unique prefix, a log
// directory or "latest".
inline CLI::Option* add_run_option(CLI::App& sub, std::string& run) {
  return sub.add_option("--run", run, "Which run: id, unique prefix, log directory, or latest (default)");
}

// The log directory --run names in the home; nullopt after printing why there is none (no run,
// an ambiguous prefix, an unreadable home), which is a usage error for the caller.
std::optional<std::filesystem::path> chosen_run_dir(const HomeOption& home, const std::string& run);

}  // namespace capsule
