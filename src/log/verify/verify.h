// capsule verify: recompute every stream's chain, authenticate it against the signed checkpoints
// and seal (checkpoints.jsonl), and compare with the manifest and, when given, an anchor.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "log/chain/anchor.h"
#include "log/chain/signing_key.h"

namespace capsule {

struct StreamVerdict {
  std::string stream;
  std::string file;
  uint64_t records = 0;       // records read and found intact
  bool ok = true;
  uint64_t bad_line = 0;      // 1-based line of the first bad record (when !ok); seq = line - 1
  uint64_t bad_offset = 0;    // byte offset of that line
  std::string reason;         // "modified", "truncated", "count differs from manifest", …
  bool sealed = false;        // the seal covers every record
  uint64_t authenticated = 0; // records covered by the last valid signed checkpoint
  uint64_t unauthenticated = 0;  // intact records after it (a run that did not end cleanly)
  bool torn_tail = false;     // ends in an incomplete line: the writer was killed mid-write
};

// What the verifier trusts.
struct VerifyKeys {
  std::optional<PublicKey32> trusted;  // the signing key runs must carry (pinned or the home's)
  std::string trusted_source;          // for the report: "pinned (--pubkey FILE)", …
  const EpochSecretKey* epoch_secret = nullptr;  // opens each run's k_0: epoch tags checked
  std::optional<std::filesystem::path> anchor;   // heads.log to compare with
  // Anchors the caller read elsewhere (the store: `verify --anchor postgres://…`), used instead of
  // reading `anchor`; anchor_name says where they came from in messages.
  std::optional<std::vector<AnchorEntry>> anchor_entries;
  std::string anchor_name;
};

struct VerifyReport {
  bool ok = true;             // nothing found tampered
  bool complete = false;      // the manifest says the run ended cleanly
  bool sealed = false;        // a valid seal signed by the trusted key covers every stream
  bool signatures_checked = false;
  bool tags_checked = false;
  uint64_t checkpoints = 0;   // valid checkpoint and seal records
  std::string signer;         // fingerprint of the key the run is signed with
  std::vector<StreamVerdict> streams;
  std::vector<std::string> problems;  // run-level problems (manifest missing/altered, …)
  std::vector<std::string> unproven;  // what this verification could not prove
  // What the recording says it left out: the manifest's "incomplete" reasons (--allow-io-uring…)
  // and its counts of records it could not take whole (unreadable memory, unwritten events).
  // Intact and incomplete are separate questions: this does not change the exit code.
  std::vector<std::string> incomplete;

  // 0 intact and sealed by a trusted key; 1 tampered; 3 intact but not (fully) authenticated.
  int exit_code() const { return !ok ? 1 : (sealed && signatures_checked) ? 0 : 3; }
};

VerifyReport verify_run(const std::filesystem::path& log_dir, const VerifyKeys& keys = {});

}  // namespace capsule
