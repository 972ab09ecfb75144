#include "cli/cli_main.h"

#include <fmt/core.h>

#include <cstdio>
#include <exception>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "trace/termination.h"
#include "version.h"
#include "view/record_render.h"

namespace capsule {

// Escaped: a message can carry a path, argv or rule text that the traced program chose, and it
// must not drive the terminal (view::printable, as `capsule tail` shows records).
void print_error(const std::string& message) { fmt::print(stderr, "capsule: {}\n", view::printable(message)); }

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

int cli_main(int argc, char** argv) {
  // Before anything else: a SIGTERM sent to `capsule run` while it is still starting must end the
  // program it is about to run, not kill capsule (termination.h). Commands that trace nothing
  // get the signals back below.
  const SignalState signals_before = block_capsule_signals();
  CLI::App app{"capsule: a flight recorder for command-line programs. Runs a program unchanged, "
               "records every system call it and its children make into tamper-evident logs.",
               "capsule"};
  app.set_version_flag("--version", CAPSULE_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Exit codes: the traced program's own code (128+N if it died of signal N); 2 usage error;\n"
      "4 run --fail-on: a finding reached the severity; 125 capsule could not record;\n"
      "126 program cannot be executed; 127 program not found;\n"
      "verify: 0 intact and sealed, 1 tampered, 3 intact but not sealed;\n"
      "cat: 1 a compressed stream cannot be decoded to its end.\n"
      "Environment: CAPSULE_HOME (default ~/.capsule) holds the runs.");

  const std::vector<Command> commands{add_run_command(app), add_verify_command(app),
                                      add_tail_command(app), add_runs_command(app),
                                      add_keys_command(app), add_import_command(app), add_findings_command(app),
                                      add_cat_command(app), add_profile_command(app)};

  // `capsule run [OPTIONS] [--] PROGRAM ARGS...`: everything from the program name on is the
  // program's, options included, so that part is cut off before CLI11 sees the line.
  std::vector<char*> args(argv, argv + argc);
  if (argc > 1) {
    for (const auto& c : commands) {
      if (c.program == nullptr || !c.app->check_name(argv[1])) continue;
      const auto [options_end, program_start] = split_program_args(*c.app, args, 2);
      c.program->assign(args.begin() + static_cast<long>(program_start), args.end());
      args.resize(options_end);
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
    print_error(e.what());
    fmt::print(stderr, "Run 'capsule --help' for usage.\n");
    return exit_code::kUsage;
  }
  try {
    for (const auto& c : commands) {
      if (!c.app->parsed()) continue;
      if (c.program == nullptr) restore_signals(signals_before);
      return c.run();
    }
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }
  return exit_code::kUsage;
}

}  // namespace capsule
