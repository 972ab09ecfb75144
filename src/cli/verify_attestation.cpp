// verify --attestation (verify_attestation.h): the DSSE signature over the statement, the
// statement's types, and the attested run against its checkpoint head, through verify's own
// anchor check (the statement's run id, checkpoint count and chain head are an anchor entry).
#include "cli/verify_attestation.h"

#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "export/attestation.h"
#include "export/dsse.h"
#include "log/chain/signing_key.h"
#include "log/rundir/input_file.h"
#include "log/rundir/run_dir.h"
#include "log/verify/verify.h"
#include "view/record_render.h"

namespace capsule {

namespace {

int fail(const std::string& why) {
  fmt::print("FAILED\n  problem: {}\n", view::printable(why));
  print_error("verify: attestation: " + why);
  return exit_code::kTampered;
}

}  // namespace

int verify_attestation(const std::filesystem::path& file, const std::filesystem::path& home,
                       const std::optional<std::string>& pubkey) {
  std::string text;
  std::optional<PublicKey32> key;
  std::string key_source;
  try {
    text = read_input_file(file);
    if (pubkey) {
      key = read_public_key_file(*pubkey);
      key_source = "--pubkey " + *pubkey;
    } else {
      key = home_signing_public_key(home);
      key_source = "this home's key";
    }
  } catch (const std::exception& e) {
    print_error(fmt::format("--attestation {}", e.what()));
    return exit_code::kUsage;
  }
  if (!key) {
    print_error("verify: no key to check the attestation with (this home has none; pass --pubkey FILE)");
    return exit_code::kUsage;
  }
  const auto envelope = nlohmann::json::parse(text, nullptr, false);
  if (envelope.is_discarded()) return fail("not JSON");
  const dsse::Opened opened = dsse::open(envelope, *key);
  if (!opened.signed_by_key) return fail(opened.problem);
  if (opened.payload_type != attest::kPayloadType) return fail("payloadType is not " + std::string(attest::kPayloadType));
  const auto statement = nlohmann::json::parse(opened.payload, nullptr, false);
  if (!statement.is_object() || statement.value("_type", "") != attest::kStatementType ||
      statement.value("predicateType", "") != attest::kPredicateType) {
    return fail("not an in-toto Statement v1 with the " + std::string(attest::kPredicateType) + " predicate");
  }
  const auto& run = statement["predicate"]["run"];
  const std::string run_id = run.value("id", "");
  const std::string signed_line = fmt::format("  attestation: signed by {} ({}), run {}, {} subjects\n", opened.keyid,
                                              key_source, view::printable(run_id), statement["subject"].size());
  std::filesystem::path dir;
  try {
    dir = resolve_run(home, run_id);
  } catch (const std::exception&) {
    fmt::print("ok\n{}  cannot prove: run {} is not in {}: its records were not checked\n", signed_line,
               view::printable(run_id), view::printable(home.string()));
    return exit_code::kOk;
  }
  VerifyKeys keys;
  keys.trusted = key;
  keys.trusted_source = key_source;
  const auto epoch_secret = EpochSecretKey::load(home, false);
  if (epoch_secret) keys.epoch_secret = &*epoch_secret;
  keys.anchor_entries = std::vector<AnchorEntry>{{run_id, run.value("checkpoints", uint64_t{0}), run.value("chain_head", "")}};
  keys.anchor_name = "the attestation";
  const VerifyReport r = verify_run(dir, keys);
  if (r.exit_code() == exit_code::kTampered) {
    return fail("run " + run_id + " does not verify as attested: " +
                (r.problems.empty() ? std::string("see capsule verify --run ") + run_id : r.problems.front()));
  }
  if (r.exit_code() == exit_code::kUnsealed) {
    fmt::print("unsealed\n{}  run {}: intact but not sealed\n", signed_line, view::printable(run_id));
    return exit_code::kUnsealed;
  }
  fmt::print("ok\n{}  run {}: intact, sealed, and the run attested\n", signed_line, view::printable(run_id));
  return exit_code::kOk;
}

}  // namespace capsule
