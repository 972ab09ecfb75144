// capsule verify: every stream's chain, then the streams against the manifest (docs/FORMAT.md,
// "What verify checks").
#include "log/verify.h"

#include <algorithm>
#include <optional>

#include "log/chained_stream.h"
#include "log/manifest.h"
#include "log/run_dir.h"
#include "log/verify_stream.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kTextStreamFile = "syscalls.log";
constexpr std::string_view kSeqStreamFile = "events.jsonl";

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_jsonl(std::string_view file) { return ends_with(file, ".jsonl"); }

const StreamSummary* listed(const std::optional<Manifest>& m, const std::string& file) {
  if (!m) return nullptr;
  for (const StreamSummary& s : m->streams) {
    if (s.file == file) return &s;
  }
  return nullptr;
}

// Stream files present in the directory: every *.jsonl, syscalls.log, and any other file the
// manifest lists (a text stream). Sorted so that reports are stable.
std::vector<std::string> stream_files_in(const fs::path& dir, const std::optional<Manifest>& m) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    const bool stream = is_jsonl(name) || name == kTextStreamFile || listed(m, name) != nullptr;
    if (stream && e.is_regular_file(ec)) files.push_back(name);
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string stem(const std::string& file) { return file.substr(0, file.rfind('.')); }

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

}  // namespace

VerifyReport verify_run(const fs::path& log_dir) {
  VerifyReport report;
  std::optional<Manifest> manifest;
  try {
    manifest = read_manifest(log_dir);
  } catch (const std::exception& e) {
    report.problems.push_back(e.what());
  }
  report.complete = manifest && manifest->state == "complete";

  const std::string dir_id = run_id_of(log_dir);
  std::string run_id = manifest ? manifest->run_id : dir_id;
  if (manifest && !dir_id.empty() && dir_id != manifest->run_id) {
    report.problems.push_back("manifest run_id " + manifest->run_id +
                              " differs from the directory's " + dir_id);
  }
  if (run_id.empty()) {
    report.problems.push_back("cannot tell the run id (no manifest, directory not named "
                              "<timestamp>-<uuid>): chains not checked");
    report.ok = false;
    return report;
  }

  const std::vector<std::string> files = stream_files_in(log_dir, manifest);
  if (files.empty()) report.problems.push_back("no log streams in " + log_dir.string());

  for (const std::string& file : files) {
    const StreamSummary* entry = listed(manifest, file);
    StreamCheckInput in;
    in.dir = log_dir;
    in.file = file;
    in.stream = entry ? entry->name : stem(file);
    in.run_id = run_id;
    in.check_seq = file == kSeqStreamFile;
    if (entry) in.note_line = entry->records + 1;

    StreamCheck check = is_jsonl(file) ? check_jsonl_stream(in) : check_text_stream(in);
    StreamVerdict v = check.verdict;
    if (report.complete) {
      if (entry == nullptr) {
        report.problems.push_back(file + " is not listed in the manifest");
      } else if (v.ok) {
        compare_with_manifest(check, *entry, v);
      }
    }
    report.streams.push_back(std::move(v));
  }

  if (report.complete) {
    for (const StreamSummary& s : manifest->streams) {
      if (std::find(files.begin(), files.end(), s.file) != files.end()) continue;
      StreamVerdict v;
      v.stream = s.name;
      v.file = s.file;
      fail(v, 1, 0, "stream missing");
      report.streams.push_back(std::move(v));
    }
  }

  report.ok = report.problems.empty() &&
              std::all_of(report.streams.begin(), report.streams.end(),
                          [](const StreamVerdict& v) { return v.ok; });
  return report;
}

}  // namespace capsule
