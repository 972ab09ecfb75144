// capsule attest [--run ID] [-o FILE]: the run as an in-toto Statement v1 with capsule's
// runtime-trace predicate, in a DSSE envelope signed with the home's Ed25519 key (src/export/,
// docs/EXPORT.md, "Attestations"). Only a sealed run that verifies is attested: the statement
// names its checkpoint chain head, which `capsule verify --attestation` checks the run against.
#include <fmt/core.h>

#include <stdexcept>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "export/attestation.h"
#include "export/dsse.h"
#include "log/chain/signing_key.h"
#include "log/rundir/run_dir.h"
#include "log/verify/verify.h"
#include "version.h"

namespace capsule {
namespace {

struct AttestOptions {
  HomeOption home;
  std::string run;
  std::string output = "-";
};

int attest_run(const AttestOptions& o) {
  const auto dir = chosen_run_dir(o.home, o.run);
  if (!dir) return exit_code::kUsage;
  try {
    const auto home = resolve_home(o.home.home);
    VerifyKeys keys;
    keys.trusted = home_signing_public_key(home);
    const auto epoch_secret = EpochSecretKey::load(home, false);
    if (epoch_secret) keys.epoch_secret = &*epoch_secret;
    const VerifyReport report = verify_run(*dir, keys);
    if (report.exit_code() == exit_code::kTampered) {
      print_error(fmt::format("attest: the run does not verify ({}): nothing attested",
                              report.problems.empty() ? "see capsule verify" : report.problems.front()));
      return exit_code::kTampered;
    }
    if (!report.sealed) {
      print_error("attest: the run is not sealed by this home's key (still running, killed, or recorded "
                  "elsewhere): nothing attested");
      return exit_code::kUnsealed;
    }
    // Verified and sealed: checkpoints.jsonl ends with the seal, nothing after it.
    attest::RunSeal seal = attest::read_run_seal(*dir);
    seal.sealed = report.sealed;
    const auto statement = attest::runtime_statement(*dir, seal, CAPSULE_VERSION);
    const auto key = SigningKey::load_or_create(home);
    const auto envelope = dsse::sign(attest::kPayloadType, statement.dump(), key);
    if (!write_output(o.output, envelope.dump() + "\n", "attest: ")) return exit_code::kCannotRecord;
  } catch (const std::exception& e) {
    print_error(fmt::format("attest: {}", e.what()));
    return exit_code::kUsage;
  }
  return exit_code::kOk;
}

}  // namespace

Command add_attest_command(CLI::App& app) {
  auto opts = std::make_shared<AttestOptions>();
  auto* sub = app.add_subcommand("attest", "A sealed run as a signed in-toto attestation (DSSE): the command, the files "
                                           "it read and wrote with their sha256, its peers");
  add_run_option(*sub, opts->run);
  add_home_option(*sub, opts->home);
  sub->add_option("-o,--output", opts->output, "Write the envelope here; - for standard output (the default)")
      ->check(non_empty());
  sub->footer("The run is verified first (exit 1 tampered, 3 not sealed: nothing is written). Files are hashed\n"
              "when attest runs: one gone is \"absent\", one modified after the run ended \"changed since run\".\n"
              "Check it with: capsule verify --attestation FILE [--pubkey KEYFILE] (docs/EXPORT.md).");
  return {sub, [opts] { return attest_run(*opts); }, nullptr};
}

}  // namespace capsule
