// Shell completions for capsule, rendered from the command line's surface (cli_surface.h):
// commands, their options, the choices an option takes, files for free text values, and
// command names for the program of `capsule run`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_surface.h"

namespace capsule {

// The script for "bash", "zsh" or "fish"; nullopt for another shell.
std::optional<std::string> completion_script(std::string_view shell, const std::vector<CommandSurface>& surface);

inline constexpr std::string_view kCompletionShells = "bash, zsh or fish";

}  // namespace capsule
