// capsule verify: the checkpoints log, then every stream's chain against it, then the streams
// against the manifest (docs/FORMAT.md, "What verify checks").
#include "log/verify/verify.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>

#include "log/chain/chained_stream.h"
#include "log/chain/checkpoint_record.h"
#include "log/compress/compression.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "log/verify/verify_actions.h"
#include "log/verify/verify_run_checks.h"
#include "log/verify/verify_seal.h"
#include "log/verify/verify_stream.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kTextStreamFile = run_stream(RunStream::Syscalls).file;
constexpr std::string_view kSeqStreamFile = run_stream(RunStream::Events).file;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// By the name without any ".zst": a stream is checked in whichever form it is stored.
bool is_jsonl(std::string_view file) { return ends_with(plain_file_name(file), ".jsonl"); }

// By the name without any ".zst" too: the manifest names each file as written, and `capsule
// compact` may have stored it compressed since (the manifest is signed and stays as it was).
const StreamSummary* listed(const std::optional<Manifest>& m, const std::string& file) {
  if (!m) return nullptr;
  for (const StreamSummary& s : m->streams) {
    if (plain_file_name(s.file) == plain_file_name(file)) return &s;
  }
  return nullptr;
}

// Stream files present in the directory: every *.jsonl but checkpoints.jsonl, syscalls.log, and
// any other file the manifest lists (a text stream). Sorted so that reports are stable. A plain
// file beside its own "<file>.zst" is what a compaction stopped before its last step leaves:
// like every reader, verify takes the .zst, and the plain file goes to leftovers.
std::vector<std::string> stream_files_in(const fs::path& dir, const std::optional<Manifest>& m,
                                         std::vector<std::string>& leftovers) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name == kCheckpointsFile) continue;
    const bool stream = is_jsonl(name) || plain_file_name(name) == kTextStreamFile || listed(m, name) != nullptr;
    if (stream && e.is_regular_file(ec)) files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> kept;
  for (const std::string& f : files) {
    const bool has_zst = !is_compressed_file(f) &&
                         std::binary_search(files.begin(), files.end(), f + std::string(kZstdSuffix));
    (has_zst ? leftovers : kept).push_back(f);
  }
  return kept;
}

std::string stem(const std::string& file) {
  const std::string_view plain = plain_file_name(file);
  return std::string(plain.substr(0, plain.rfind('.')));
}

// What check_block_stream needs of a stream file, before the seal's probes.
StreamCheckInput stream_check_input(const fs::path& log_dir, const std::optional<Manifest>& m,
                                    const std::string& run_id, const std::string& file) {
  const StreamSummary* entry = listed(m, file);
  StreamCheckInput in;
  in.dir = log_dir;
  in.file = file;
  in.stream = entry ? entry->name : stem(file);
  in.run_id = run_id;
  in.check_seq = plain_file_name(file) == kSeqStreamFile;
  return in;
}

void fail(StreamVerdict& v, uint64_t line, uint64_t offset, std::string reason) {
  v.ok = false;
  v.bad_line = line;
  v.bad_offset = offset;
  v.reason = std::move(reason);
}

// A chain-intact stream against its manifest entry (sealed runs only).
void compare_with_manifest(const StreamCheck& check, const StreamSummary& entry,
                           StreamVerdict& v) {
  const uint64_t records = check.verdict.records;
  if (records != entry.records) {
    const uint64_t first_differing = std::min(records, entry.records) + 1;
    fail(v, first_differing, check.noted_offset,
         "count differs from manifest (" + std::to_string(records) + " records, manifest says " +
             std::to_string(entry.records) + ")");
  } else if (check.head_hex != entry.head) {
    fail(v, records, check.last_line_offset, "head differs from manifest");
  }
}

// What the signed checkpoints say about one stream, in order.
std::vector<StreamProbe> probes_for(const SealLog& seal, const std::string& stream, bool& listed_in) {
  std::vector<StreamProbe> probes;
  listed_in = false;
  for (const CheckpointRecord& r : seal.epochs) {
    for (const StreamPoint& p : r.streams) {
      if (p.name != stream) continue;
      probes.push_back({r.epoch, p.records, p.head, p.tag});
      listed_in = true;
    }
  }
  return probes;
}

// Turns a stream's chain check into its verdict under the seal log.
// killed_writer: the run may have ended without capsule closing its files (neither sealed nor a
// complete manifest), so a torn last line is the writer's, not an attacker's.
StreamVerdict judge_stream(const StreamCheck& check, const std::vector<StreamProbe>& probes,
                           const SealLog& seal, bool killed_writer) {
  StreamVerdict v = check.verdict;
  v.authenticated = check.authenticated;
  const bool chain_intact = v.ok || check.torn;
  if (chain_intact && check.probes_passed < probes.size()) {
    const StreamProbe& p = probes[check.probes_passed];
    fail(v, v.records + 1, check.torn ? v.bad_offset : check.end_offset,
         "truncated (the signed checkpoint of epoch " + std::to_string(p.epoch) + " covers " +
             std::to_string(p.records) + " records, the file has " + std::to_string(v.records) +
             " intact)");
    return v;
  }
  if (check.torn && seal.sealed && check.tail_bytes > 0) {
    fail(v, v.records + 1, check.end_offset,
         "appended after the seal (" + std::to_string(check.tail_bytes) +
             " bytes after the last block, which the seal covers)");
    return v;
  }
  if (check.torn && killed_writer) {
    // A writer killed mid-line leaves exactly this; it is the unauthenticated tail, not tampering.
    v.ok = true;
    v.torn_tail = true;
    v.reason.clear();
    v.bad_line = v.bad_offset = 0;
  }
  if (!v.ok) return v;
  if (seal.sealed) {
    const uint64_t sealed_count = probes.empty() ? 0 : probes.back().records;
    if (v.records > sealed_count) {
      fail(v, sealed_count + 1, check.noted_offset,
           "records after the seal (" + std::to_string(v.records - sealed_count) + " appended)");
      return v;
    }
    v.sealed = true;
  }
  v.unauthenticated = v.records - v.authenticated;
  return v;
}

// The manifest's "incomplete": a JSON array of reasons (anything else is shown as it is).
std::vector<std::string> incomplete_reasons(const Manifest& m) {
  std::vector<std::string> out;
  for (const auto& [name, raw] : m.extra) {
    if (name == "records_unreadable") {
      out.push_back(raw + " records whose memory capsule could not read (non-dumpable process)");
      continue;
    }
    if (name == "records_unparsed") {
      out.push_back(raw + " strace lines capsule could not read (kept verbatim as unparsed records)");
      continue;
    }
    if (name == "events_unwritten") {
      out.push_back(raw + " events taken from the program but not written (the log failed)");
      continue;
    }
    if (name != "incomplete") continue;
    const auto j = nlohmann::json::parse(raw, nullptr, false);
    if (j.is_array()) {
      for (const auto& r : j) out.push_back(r.is_string() ? r.get<std::string>() : r.dump());
    } else {
      out.push_back(raw);
    }
  }
  return out;
}

}  // namespace

VerifyReport verify_run(const fs::path& log_dir, const VerifyKeys& keys) {
  VerifyReport report;
  std::optional<Manifest> manifest;
  try {
    manifest = read_manifest(log_dir);
  } catch (const std::exception& e) {
    report.problems.push_back(e.what());
  }
  report.complete = manifest && manifest->state == "complete";
  if (manifest) report.incomplete = incomplete_reasons(*manifest);

  const std::string dir_id = run_id_of(log_dir);
  std::string run_id = manifest ? manifest->run_id : dir_id;
  if (manifest && !dir_id.empty() && dir_id != manifest->run_id) {
    report.problems.push_back("manifest run_id " + manifest->run_id +
                              " differs from the directory's " + dir_id);
  }
  if (manifest && manifest->format_version == kPerRecordChainFormat) {
    report.problems.push_back("format_version 2: written by an earlier capsule with per-record "
                              "chains, which this capsule no longer checks (it verifies format " +
                              std::to_string(kManifestFormatVersion) + ")");
    report.ok = false;
    return report;
  }
  if (run_id.empty()) {
    report.problems.push_back("cannot tell the run id (no manifest, directory not named "
                              "<timestamp>-<uuid>): chains not checked");
    report.ok = false;
    return report;
  }

  const SealLog seal = read_seal_log(log_dir, run_id,
                                     {keys.trusted ? &*keys.trusted : nullptr, keys.epoch_secret});
  if (seal.present) {
    StreamVerdict sv = seal.verdict;
    if (!sv.ok && seal.torn && !seal.sealed && !report.complete) {
      sv.ok = true;  // killed while writing a checkpoint: that epoch is simply not authenticated
      sv.torn_tail = true;
      sv.reason.clear();
    }
    sv.sealed = seal.sealed && sv.ok;
    report.streams.push_back(sv);
    if (seal.open) report.signer = key_fingerprint(seal.open->signer);
  }
  report.checkpoints = seal.epochs.size();
  report.signatures_checked = seal.signatures_checked;
  report.tags_checked = !seal.tag_keys.empty();

  std::vector<std::string> leftovers;
  const std::vector<std::string> files = stream_files_in(log_dir, manifest, leftovers);
  if (files.empty()) report.problems.push_back("no log streams in " + log_dir.string());
  // A leftover is checked against the same chain (its sidecar has the frame keys by then, which
  // a plain file ignores), so that grep on it cannot show lines other than the sealed ones.
  for (const std::string& f : leftovers) {
    const StreamCheck check = check_block_stream(stream_check_input(log_dir, manifest, run_id, f));
    if (!check.verdict.ok) {
      report.problems.push_back(f + ", the plain copy beside " + f + std::string(kZstdSuffix) +
                                ", does not match the chain: " + check.verdict.reason);
    } else {
      report.unproven.push_back(f + " is a plain copy of " + f + std::string(kZstdSuffix) +
                                " (same chain) left by a compaction that stopped before its end; "
                                "`capsule compact` removes it");
    }
  }
  const uint64_t sealed_line = seal.sealed ? 1 : 0;

  for (const std::string& file : files) {
    const StreamSummary* entry = listed(manifest, file);
    StreamCheckInput in = stream_check_input(log_dir, manifest, run_id, file);
    bool covered = false;
    in.probes = probes_for(seal, in.stream, covered);
    if (!seal.tag_keys.empty()) in.tag_keys = &seal.tag_keys;
    if (sealed_line != 0 && !in.probes.empty()) {
      in.note_line = in.probes.back().records + 1;
    } else if (entry) {
      in.note_line = entry->records + 1;
    }
    if (!seal.epochs.empty() && !covered) {
      report.problems.push_back(file + " is not covered by the signed checkpoints (inserted)");
    }

    const StreamCheck check = check_block_stream(in);
    StreamVerdict v = judge_stream(check, in.probes, seal, !seal.sealed && !report.complete);
    if (report.complete) {
      if (entry == nullptr) {
        report.problems.push_back(file + " is not listed in the manifest");
      } else if (v.ok) {
        compare_with_manifest(check, *entry, v);
      }
    }
    report.streams.push_back(std::move(v));
  }

  auto missing = [&](const std::string& name, const std::string& file) {
    if (std::any_of(files.begin(), files.end(),
                    [&](const std::string& f) { return plain_file_name(f) == plain_file_name(file); })) {
      return;
    }
    StreamVerdict v;
    v.stream = name;
    v.file = file;
    fail(v, 1, 0, "stream missing");
    report.streams.push_back(std::move(v));
  };
  if (report.complete) {
    for (const StreamSummary& s : manifest->streams) missing(s.name, s.file);
  }
  if (!seal.epochs.empty()) {
    for (const StreamPoint& p : seal.epochs.back().streams) {
      const bool known = std::any_of(report.streams.begin(), report.streams.end(),
                                     [&](const StreamVerdict& v) { return v.stream == p.name; });
      if (!known) missing(p.name, run_stream_file(p.name));
    }
  }

  check_manifest_against_seal(log_dir, manifest, seal, report);
  check_counts_across_streams(seal, report);
  check_actions_account_for_events(log_dir, report);
  check_anchor(keys, run_id, seal, report);

  report.ok = report.problems.empty() &&
              std::all_of(report.streams.begin(), report.streams.end(),
                          [](const StreamVerdict& v) { return v.ok; });
  report.sealed = report.ok && seal.sealed;
  for (const std::string& note : seal.notes) report.unproven.push_back(note);
  if (!seal.present) {
    report.unproven.push_back("no checkpoints.jsonl: nothing is signed, so the chains prove only "
                              "that the lines agree with each other");
  } else if (!seal.sealed) {
    uint64_t tail = 0;
    for (const StreamVerdict& v : report.streams) tail += v.unauthenticated;
    report.unproven.push_back("the run is not sealed (capsule did not end cleanly): " +
                              std::to_string(tail) + " records after the last checkpoint are not "
                              "authenticated, and records cut from there cannot be detected");
  }
  return report;
}

}  // namespace capsule
