// Help and errors in plain words (#26): CLI11 shows its type notes ("FLOAT:FINITE:FLOAT in
// [0 - 1e+09]") and says "Value abc not in range 0.000000 to 1000000000.000000"; a user wants
// "--timeout SECONDS (a number from 0 to 1e+09)" and "--timeout wants a number from 0 to 1e+09,
// not 'abc'".
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace capsule {

// What a value of CLI11's type name is, in words: "UINT:UINT in [1 - 1048576]" gives N, and
// "TEXT:{a,b}" or the type name "a|b" gives the choices a and b (help, completions, man pages).
struct ValueWords {
  std::string placeholder;           // N, NUMBER, TEXT, or "a|b"
  std::string wants;                 // "a whole number from 1 to 1048576", "one of a, b"
  std::vector<std::string> choices;  // when the value is one of a fixed set
};
ValueWords value_words(const std::string& type_name);

// The formatter every command's help uses.
std::shared_ptr<CLI::Formatter> plain_formatter();

// The user's mistake in a value, in plain words, when the message is one of CLI11's range or
// choice errors about one of sub's options; nullopt for any other message.
std::optional<std::string> plain_value_error(const CLI::App& sub, const std::string& message);

}  // namespace capsule
