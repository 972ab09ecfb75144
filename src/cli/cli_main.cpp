#include "cli/cli_main.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/did_you_mean.h"
#include "cli/plain_help.h"
#include "cli/exit_codes.h"
#include "trace/termination.h"
#include "version.h"
#include "view/record_render.h"

namespace capsule {

// Escaped: a message can carry a path, argv or rule text that the traced program chose, and it
// must not drive the terminal (view::printable, as `capsule tail` shows records).
void print_error(const std::string& message) { fmt::print(stderr, "capsule: {}\n", view::printable(message)); }

bool write_output(const std::string& path, std::string_view text, std::string_view context) {
  if (path == "-") {
    fmt::print("{}", text);
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.flush();
  if (out) return true;
  print_error(fmt::format("{}cannot write {}", context, path));
  return false;
}

std::pair<size_t, size_t> split_program_args(const CLI::App& sub, const std::vector<char*>& args, size_t from) {
  size_t i = from;
  while (i < args.size()) {
    const std::string a = args[i];
    if (a == "--") return {i, i + 1};
    if (a.size() < 2 || a[0] != '-') return {i, i};  // the program name
    // An option of capsule's: skip its value when it takes one and it is not given as --opt=value.
    const size_t eq = a.find('=');
    const CLI::Option* opt = sub.get_option_no_throw(a.substr(0, eq));
    const bool takes_value = opt != nullptr && opt->get_expected_min() > 0;
    i += (takes_value && eq == std::string::npos) ? 2 : 1;
  }
  return {args.size(), args.size()};
}

namespace {

std::vector<std::string> command_names(const std::vector<Command>& commands) {
  std::vector<std::string> names;
  for (const auto& c : commands) {
    names.push_back(c.app->get_name());
    for (const auto& a : c.app->get_aliases()) names.push_back(a);
  }
  names.emplace_back("help");
  return names;
}

const Command* find_command(const std::vector<Command>& commands, const std::string& name) {
  for (const auto& c : commands) {
    if (c.app->check_name(name)) return &c;
  }
  return nullptr;
}

// "unknown command 'rn'; did you mean 'run'?" and where the list is.
int unknown_command(const std::vector<Command>& commands, const std::string& word) {
  const auto near = nearest_word(word, command_names(commands));
  print_error(fmt::format("unknown command '{}'{}", word, near ? fmt::format("; did you mean '{}'?", *near) : ""));
  fmt::print(stderr, "Run 'capsule help' for the commands.\n");
  return exit_code::kUsage;
}

// The first word among args[from, to) that looks like an option and that `sub` does not know,
// with the nearest option it does know.
std::optional<std::string> unknown_option_note(const CLI::App& sub, const std::vector<char*>& args, size_t from, size_t to) {
  std::vector<std::string> known;
  for (const CLI::Option* o : sub.get_options()) {
    for (const auto& l : o->get_lnames()) known.push_back("--" + l);
    for (const auto& s : o->get_snames()) known.push_back("-" + s);
  }
  for (size_t i = from; i < to && i < args.size(); ++i) {
    std::string a = args[i];
    if (a.size() < 2 || a[0] != '-' || a == "--") continue;
    a = a.substr(0, a.find('='));
    if (std::find(known.begin(), known.end(), a) != known.end()) continue;
    const auto near = nearest_word(a, known);
    return fmt::format("unknown option '{}' for 'capsule {}'{}", a, sub.get_name(),
                       near ? fmt::format("; did you mean '{}'?", *near) : "");
  }
  return std::nullopt;
}

}  // namespace

int cli_main(int argc, char** argv) {
  // Before anything else: a SIGTERM sent to `capsule run` while it is still starting must end the
  // program it is about to run, not kill capsule (termination.h). Commands that trace nothing
  // get the signals back below.
  const SignalState signals_before = block_capsule_signals();
  CLI::App app{"capsule: a flight recorder for command-line programs. Runs a program unchanged, "
               "records every system call it and its children make into tamper-evident logs.",
               "capsule"};
  app.set_version_flag("-V,--version", fmt::format("capsule {} ({})", CAPSULE_VERSION, CAPSULE_BUILD_ID));
  app.require_subcommand(1);
  app.formatter(plain_formatter());  // subcommands made after this inherit it
  app.footer(
      "Exit codes: the traced program's own code (128+N if it died of signal N; attach: 0 when\n"
      "capsule detached and the process runs on); 2 usage error;\n"
      "4 run --fail-on: a finding reached the severity; 5 run --policy: cannot be enforced here;\n"
      "125 capsule could not record; "
      "126 program cannot be executed; 127 program not found;\n"
      "verify: 0 intact and sealed, 1 tampered, 3 intact but not sealed;\n"
      "cat: 1 a compressed stream cannot be decoded to its end;\n"
      "compact: 1 a stream does not match its chain and was left plain;\n"
      "push: 1 a run does not verify, 3 a run is not sealed, 6 the store is unreachable;\n"
      "policy check: 7 the policy would refuse calls of the run.\n"
      "Environment: CAPSULE_HOME (default ~/.capsule) holds the runs.");

  std::vector<Command> commands{add_run_command(app), add_attach_command(app), add_verify_command(app),
                                add_tail_command(app), add_watch_command(app), add_runs_command(app),
                                add_keys_command(app), add_import_command(app), add_findings_command(app),
                                add_cat_command(app), add_profile_command(app), add_policy_command(app),
                                add_prune_command(app), add_compact_command(app), add_summary_command(app), add_report_command(app),
                                add_push_command(app), add_query_command(app), add_export_command(app),
                                add_attest_command(app)};
  commands.push_back(add_completion_command(app, commands));
  commands.push_back(add_manpage_command(app, commands));

  // `capsule run [OPTIONS] [--] PROGRAM ARGS...`: everything from the program name on is the
  // program's, options included, so that part is cut off before CLI11 sees the line.
  std::vector<char*> args(argv, argv + argc);
  // `capsule help [COMMAND]`, and a mistyped command, before CLI11 would only say that a
  // subcommand is required.
  if (argc > 1 && std::string(argv[1]) == "help") {
    if (argc == 2) {
      fmt::print("{}", app.help());
      return exit_code::kOk;
    }
    const Command* c = find_command(commands, argv[2]);
    if (c == nullptr) return unknown_command(commands, argv[2]);
    fmt::print("{}", c->app->help());
    return exit_code::kOk;
  }
  if (argc > 1 && argv[1][0] != '-' && find_command(commands, argv[1]) == nullptr) {
    return unknown_command(commands, argv[1]);
  }
  size_t options_end_of_command = args.size();
  if (argc > 1) {
    for (const auto& c : commands) {
      if (c.program == nullptr || !c.app->check_name(argv[1])) continue;
      const auto [options_end, program_start] = split_program_args(*c.app, args, 2);
      c.program->assign(args.begin() + static_cast<long>(program_start), args.end());
      args.resize(options_end);
      options_end_of_command = options_end;
    }
  }
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const Command* c = argc > 1 ? find_command(commands, argv[1]) : nullptr;
    std::optional<std::string> note;
    if (c != nullptr && dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr) {
      note = unknown_option_note(*c->app, args, 2, options_end_of_command);
    } else if (c != nullptr) {
      note = plain_value_error(*c->app, e.what());
    }
    print_error(note ? *note : std::string(e.what()));
    fmt::print(stderr, "Run 'capsule help{}' for usage.\n", c != nullptr ? " " + c->app->get_name() : "");
    return exit_code::kUsage;
  }
  try {
    for (const auto& c : commands) {
      if (!c.app->parsed()) continue;
      if (c.program == nullptr && !c.traces) restore_signals(signals_before);
      return c.run();
    }
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }
  return exit_code::kUsage;
}

}  // namespace capsule
