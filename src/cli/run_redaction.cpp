#include "cli/run_redaction.h"

#include <unistd.h>

#include "log/chain/signing_key.h"

namespace capsule {

void add_redact_option(CLI::App& sub, std::string& mode) {
  sub.add_option("--redact", mode,
                 "What never reaches the disk: none; secrets (values of environment variables named like "
                 "TOKEN, SECRET, PASSWORD, KEY…, and tokens, keys and JWTs by their shape, wherever they "
                 "appear); all-env (secrets, and every environment value). Redacted values become "
                 "<redacted:NAME:HASH> (docs/SECURITY.md)")
      ->default_val(kDefaultRedactMode)
      ->check(CLI::IsMember({"none", "secrets", "all-env"}));
}

std::shared_ptr<Redactor> make_redactor(const std::filesystem::path& home, const std::string& mode,
                                        bool own_environment) {
  const RedactMode m = parse_redact_mode(mode).value_or(RedactMode::Secrets);
  if (m == RedactMode::None) return nullptr;
  auto r = std::make_shared<Redactor>(m, load_or_create_redaction_key(home));
  if (own_environment) r->learn_environment(environ);
  return r;
}

}  // namespace capsule
