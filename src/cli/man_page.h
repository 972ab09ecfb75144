// Man pages in roff, rendered from the command line's surface (cli_surface.h): capsule(1) with
// the commands, exit codes, environment and files, and capsule-COMMAND(1) for each command.
// The build writes them (cmake/man_pages.cmake) and `cmake --install` puts them in man1.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli_surface.h"

namespace capsule {

// The page of `command` ("" for capsule(1)); nullopt when there is no such command.
std::optional<std::string> man_page(std::string_view command, const std::vector<CommandSurface>& surface,
                                    std::string_view version);

}  // namespace capsule
