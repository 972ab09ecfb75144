// What `capsule report` shows: the run's summary (src/summary's model, shared with `capsule
// summary`) and what only a report has room for — the verifier's verdict, each process's user and
// timeline, the events behind each finding, and the profile the run would give. Built once and
// rendered as HTML (render_html.cpp) or Markdown (render_md.cpp). Every string in it is the
// traced program's or the record's, untrusted: renderers escape all of it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "summary/run_summary.h"

namespace capsule::report {

// Caps that keep the page of a 1,000,000-syscall run under 10 MB; each table that reaches its cap
// says how many rows it left out.
inline constexpr size_t kMaxProcesses = 2000;       // tree nodes
inline constexpr size_t kMaxTimeline = 100;         // actions shown per process
inline constexpr size_t kMaxTimelineTotal = 5000;   // actions shown in all
inline constexpr size_t kMaxFileRows = 3000;        // files read or written, in all
inline constexpr size_t kMaxFindings = 500;
inline constexpr size_t kMaxEvidencePerFinding = 16;  // the detector keeps as many (detector.h)
inline constexpr size_t kMaxProfileNames = 400;

struct Action {
  uint64_t first_seq = 0;
  std::string start, kind, target;
  uint64_t events = 0, bytes = 0, failed = 0;
};

struct Timeline {
  std::vector<Action> shown;  // in seq order, at most kMaxTimeline
  uint64_t more = 0;          // actions of the process left out (kMaxTimeline, kMaxTimelineTotal)
};

struct Evidence {
  uint64_t seq = 0;
  std::string ts, call;  // "openat" or, for a record that is no syscall, its type
  int32_t pid = 0;
  std::string detail;    // the record's arguments and result as compact JSON
};

struct Verdict {
  int code = 3;              // capsule verify's exit code: 0 intact and sealed, 1 tampered, 3 unsealed
  std::string word;          // "intact", "tampered", "unsealed"
  std::string signer;        // key fingerprint the run is signed with ("" when none)
  std::vector<std::string> problems, unproven, incomplete;
};

struct ProfileView {
  std::string error;                     // why there is none ("" when built)
  std::string default_action;            // "SCMP_ACT_ERRNO"
  std::vector<std::string> allowed;      // syscall names, sorted; at most kMaxProfileNames
  uint64_t allowed_total = 0;
};

struct ReportModel {
  summary::RunSummary summary;
  Verdict verdict;
  std::map<int32_t, uint32_t> users;     // pid → uid, as the enricher saw it first
  std::map<int32_t, Timeline> timelines;
  std::map<uint64_t, Evidence> evidence;  // by seq: every event a shown finding names
  ProfileView profile;
};

// Reads the run in dir; keys for the verdict come from home. Throws std::runtime_error when the
// manifest cannot be read.
ReportModel read_report(const std::filesystem::path& dir, const std::filesystem::path& home);

// 1970-based µs of an ISO-8601 UTC time as the streams write it ("2026-11-23T17:30:00.123456Z").
std::optional<int64_t> iso_micros(std::string_view ts);

}  // namespace capsule::report
