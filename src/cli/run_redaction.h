// --redact for the commands that make a run (run, import), and the redactor it gives the
// pipeline (redact/redactor.h; docs/SECURITY.md, "Redaction").
#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "redact/redactor.h"

namespace capsule {

inline constexpr const char* kDefaultRedactMode = "secrets";

void add_redact_option(CLI::App& sub, std::string& mode);

// The redactor for a run in this home, its key made on first use (keys/redact.key); null for
// "none". own_environment: the program starts with capsule's environment (`run`), whose secret
// values are then redacted from the first event on. Throws KeyError.
std::shared_ptr<Redactor> make_redactor(const std::filesystem::path& home, const std::string& mode,
                                        bool own_environment);

}  // namespace capsule
