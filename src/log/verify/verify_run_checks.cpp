#include "log/verify/verify_run_checks.h"

#include <string>

#include "log/chain/anchor.h"
#include "log/chain/checkpoint_record.h"
#include "log/rundir/input_file.h"
#include "log/rundir/run_streams.h"

namespace capsule {
namespace fs = std::filesystem;

void check_manifest_against_seal(const fs::path& log_dir, const std::optional<Manifest>& manifest,
                                 const SealLog& seal, VerifyReport& report) {
  if (manifest && manifest->format_version >= 2 && !seal.present) {
    report.problems.push_back("checkpoints.jsonl missing (the manifest is format " +
                              std::to_string(manifest->format_version) +
                              ", whose runs are always checkpointed)");
  }
  if (seal.sealed) {
    std::string bytes;
    try {
      bytes = read_input_file(log_dir / "manifest.json");
    } catch (const InputFileError&) {
      return;  // "no manifest.json" (or why it cannot be read) is already a problem
    }
    if (manifest_digest(bytes) != seal.epochs.back().manifest_digest) {
      report.problems.push_back("manifest altered (manifest.json is not the one the seal signed)");
    }
  } else if (seal.present && seal.verdict.ok && manifest && manifest->state == "complete") {
    report.problems.push_back("seal missing (the manifest says the run ended cleanly, but "
                              "checkpoints.jsonl has no seal)");
  }
}

void check_counts_across_streams(const SealLog& seal, VerifyReport& report) {
  for (const CheckpointRecord& r : seal.epochs) {
    std::optional<uint64_t> expected;
    std::string counts;
    bool differ = false;
    for (const StreamPoint& p : r.streams) {
      const RunStreamSpec* spec = find_run_stream(p.name);
      if (spec == nullptr || !spec->per_event) continue;
      counts += (counts.empty() ? "" : ", ") + p.name + " " + std::to_string(p.records);
      if (expected && *expected != p.records) differ = true;
      expected = p.records;
    }
    if (differ) {
      report.problems.push_back("counts across streams do not add up in the checkpoint of epoch " +
                                std::to_string(r.epoch) + " (" + counts + ")");
      return;
    }
  }
}

void check_anchor(const VerifyKeys& keys, const std::string& run_id, const SealLog& seal, VerifyReport& report) {
  if (!keys.anchor && !keys.anchor_entries) {
    report.unproven.push_back("no anchor given (--anchor): rollback to an older copy, truncation "
                              "to a checkpoint with the seal removed, and replacement of the "
                              "whole run by someone holding the signing key are not detectable");
    return;
  }
  std::vector<AnchorEntry> entries;
  std::string name = keys.anchor_name;
  if (keys.anchor_entries) {
    entries = *keys.anchor_entries;
  } else {
    name = keys.anchor->string();
    try {
      entries = read_anchors(*keys.anchor);
    } catch (const std::exception& e) {
      report.problems.push_back(e.what());
      return;
    }
  }
  const std::optional<AnchorEntry> entry = find_anchor(entries, run_id);
  if (!entry) {
    // Every sealed run writes its anchor line at its end, so one missing from heads.log was
    // replaced; a store holds only the runs pushed to it so far.
    if (keys.anchor_entries) {
      report.unproven.push_back(name + " has no entry for this run (not pushed)");
    } else if (seal.sealed) {
      report.problems.push_back("replaced versus anchor: the run is sealed but " + name +
                                " has no entry for it");
    } else {
      report.unproven.push_back("the anchor has no entry for this run (it never ended cleanly)");
    }
    return;
  }
  const std::string counts = " (anchor: " + std::to_string(entry->count) +
                             " checkpoint records, run: " + std::to_string(seal.count) + ")";
  if (seal.count < entry->count) {
    report.problems.push_back("rolled back or truncated versus anchor" + counts);
  } else if (seal.count > entry->count) {
    report.problems.push_back("replaced versus anchor: more checkpoint records than anchored" + counts);
  } else if (seal.head_hex != entry->head) {
    report.problems.push_back("replaced versus anchor: the checkpoints head differs from the "
                              "anchored one");
  }
}

}  // namespace capsule
