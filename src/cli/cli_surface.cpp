#include "cli/cli_surface.h"

#include <algorithm>

#include "cli/plain_help.h"

namespace capsule {
namespace {

OptionSurface option_surface(const CLI::Option& o) {
  OptionSurface s;
  s.longs = o.get_lnames();
  s.shorts = o.get_snames();
  s.takes_value = o.get_expected_max() != 0 && o.get_type_size_max() != 0;
  if (s.takes_value) {
    const ValueWords words = value_words(o.get_type_name());
    s.placeholder = words.placeholder;
    s.choices = words.choices;
    s.file_value = s.choices.empty() && words.placeholder == "TEXT";
  }
  s.default_value = o.get_default_str();
  s.description = o.get_description();
  return s;
}

CommandSurface surface_of(const CLI::App& app, const std::string& name, bool takes_program) {
  CommandSurface c;
  c.name = name;
  c.aliases = app.get_aliases();
  c.description = app.get_description();
  c.takes_program = takes_program;
  c.footer = app.get_footer();
  for (const CLI::Option* o : app.get_options()) {
    if (o->nonpositional()) c.options.push_back(option_surface(*o));
  }
  return c;
}

}  // namespace

std::vector<CommandSurface> command_surfaces(const CLI::App& app, const std::vector<Command>& commands) {
  std::vector<CommandSurface> out{surface_of(app, "", false)};
  for (const Command& cmd : commands) {
    if (cmd.app->get_description().empty() || cmd.app->get_group().empty()) continue;
    out.push_back(surface_of(*cmd.app, cmd.app->get_name(), cmd.program != nullptr));
  }
  return out;
}

std::string first_sentence(const std::string& text) {
  const size_t stop = std::min({text.find(". "), text.find(": "), text.find(" ("), text.find('\n')});
  std::string s = text.substr(0, stop);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace capsule
