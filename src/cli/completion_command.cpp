// capsule completion SHELL: the completion script for bash, zsh or fish, made from the commands
// as registered (so it never lags behind an option). And, hidden, capsule manpage [COMMAND]:
// the roff page the build installs (cmake/man_pages.cmake).
#include <fmt/core.h>

#include <memory>

#include "cli/cli_surface.h"
#include "cli/commands.h"
#include "cli/completion_scripts.h"
#include "cli/exit_codes.h"
#include "cli/man_page.h"
#include "version.h"

namespace capsule {

Command add_completion_command(CLI::App& app, const std::vector<Command>& commands) {
  auto shell = std::make_shared<std::string>();
  auto* sub = app.add_subcommand("completion", "Print the shell completion script for bash, zsh or fish");
  sub->add_option("shell", *shell, "bash, zsh or fish")->required();
  sub->footer("Try: source <(capsule completion bash). The package installs all three.");
  return {sub,
          [&app, &commands, shell] {
            const auto script = completion_script(*shell, command_surfaces(app, commands));
            if (!script) {
              print_error(fmt::format("completion: no script for '{}'; capsule has them for {}", *shell, kCompletionShells));
              return exit_code::kUsage;
            }
            fmt::print("{}", *script);
            return exit_code::kOk;
          },
          nullptr};
}

Command add_manpage_command(CLI::App& app, const std::vector<Command>& commands) {
  auto command = std::make_shared<std::string>();
  auto list = std::make_shared<bool>(false);
  auto* sub = app.add_subcommand("manpage", "Print a man page in roff (capsule's build uses it)");
  sub->group("");  // not listed in the help: a build step, not a user's command
  sub->add_option("command", *command, "The command's page; capsule(1) without one");
  sub->add_flag("--list", *list, "Print the commands that have a page, one a line");
  return {sub,
          [&app, &commands, command, list] {
            if (*list) {
              const std::vector<CommandSurface> surface = command_surfaces(app, commands);
              for (size_t i = 1; i < surface.size(); ++i) fmt::print("{}\n", surface[i].name);
              return exit_code::kOk;
            }
            const auto page = man_page(*command, command_surfaces(app, commands), CAPSULE_VERSION);
            if (!page) {
              print_error(fmt::format("manpage: no command '{}'", *command));
              return exit_code::kUsage;
            }
            fmt::print("{}", *page);
            return exit_code::kOk;
          },
          nullptr};
}

}  // namespace capsule
