// The command line's surface, taken from the registered commands themselves: their names,
// options, value kinds and help texts. Completions (bash, zsh, fish) and man pages are rendered
// from it, so an option added to a command appears in all of them without being written twice.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/commands.h"

namespace capsule {

struct OptionSurface {
  std::vector<std::string> longs;   // without "--"
  std::vector<std::string> shorts;  // without "-"
  bool takes_value = false;
  std::string placeholder;            // N, NUMBER, TEXT, or the choices "a|b"
  std::vector<std::string> choices;   // the values it accepts, when they are a fixed set
  bool file_value = false;            // a free text value: a path, for completion
  std::string default_value;
  std::string description;
};

struct CommandSurface {
  std::string name;                  // "run"; "" for capsule itself
  std::vector<std::string> aliases;  // "trace"
  std::string description;
  std::vector<OptionSurface> options;  // --help first, as CLI11 declares it
  bool takes_program = false;          // PROGRAM [ARGS...] follows the options
  std::string footer;                  // usage notes and exit codes, as the help shows them
};

// capsule itself (name "") and then each command, in the order registered. Hidden commands
// (no description) are left out.
std::vector<CommandSurface> command_surfaces(const CLI::App& app, const std::vector<Command>& commands);

// The first sentence of a help text, for the one-line descriptions completions show.
std::string first_sentence(const std::string& text);

}  // namespace capsule
