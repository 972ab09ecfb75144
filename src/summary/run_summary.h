// What a run did, in one structure: the answer to "what did this job do?" (capsule summary, and
// later an HTML report). Built from what the run directory keeps — manifest.json, actions.jsonl,
// risks.jsonl — never from the raw events, so that it costs one pass over the actions; rendered
// separately as text (summary_text.cpp) and JSON (summary_json.cpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace capsule::summary {

struct Process {
  int32_t pid = 0;
  int32_t parent = 0;     // 0: not started under the run's eyes (the traced program)
  std::string exe;        // the last program it ran (or its program when it ran none)
  std::vector<std::string> argv;
  std::string end;        // "exited 0", "killed by SIGKILL", "" when the run did not see it end
  std::vector<int32_t> children;  // in the order they were started
  std::string first, last;        // start of its first action, end of its last (ISO-8601 UTC, µs)
};

struct WrittenFile {
  std::string name;  // within its directory
  uint64_t bytes = 0;
};

struct WrittenDir {
  std::string dir;  // "/tmp/x/" (ends with '/')
  std::vector<WrittenFile> files;  // at most kMaxListed
  uint64_t more = 0;               // files written there beyond those listed
};

struct Peer {
  std::string host;     // the name it was looked up as ("" when unknown)
  std::string address;  // "203.0.113.80", "2001:db8::1"
  int port = 0;
  uint64_t sent = 0, received = 0;
  uint64_t connects = 0;
};

struct Finding {
  std::string severity, rule, description, host;
  int32_t pid = 0;
  std::vector<uint64_t> evidence;  // seqs of events.jsonl that made the rule match
};

struct Denial {
  std::string exe, call;
  uint64_t count = 0;
};

struct RunSummary {
  std::string run_id, command, state, backend;
  std::optional<int> exit_code;
  uint64_t syscalls = 0;
  std::vector<Process> processes;  // in order of first appearance; roots have parent 0
  std::vector<WrittenDir> written;  // directories sorted, files sorted
  std::vector<std::string> read_outside;  // sorted, distinct; at most kMaxListed
  uint64_t read_outside_total = 0;
  std::vector<Peer> peers;        // by address, then port
  std::vector<Finding> findings;  // most severe first, then in order found
  std::vector<Denial> denials;    // by exe, then call
  std::optional<int64_t> start_us, end_us;  // the manifest's, µs since the epoch
  std::vector<WrittenDir> read;   // every file read (system ones too), as `written`
};

// Paths listed at most per section (the counts stay exact).
inline constexpr size_t kMaxListed = 200;

// Folds the records of a run into a RunSummary. Records it cannot read are skipped (verify
// reports them); the order of calls is the order of the streams.
class SummaryBuilder {
 public:
  // The manifest's cwd is the project directory: reads under it are ordinary.
  void add_manifest(const nlohmann::json& manifest);
  void add_action(const nlohmann::json& action);
  void add_finding(const nlohmann::json& finding);
  RunSummary finish();

 private:
  Process& process(int32_t pid, const std::string& exe);
  RunSummary s_;
  std::string project_;
  std::map<int32_t, size_t> index_;  // pid → position in s_.processes
  std::set<int32_t> threads_;        // spawned ids that turned out to be threads
  std::map<std::string, std::map<std::string, uint64_t>> written_;
  std::map<std::string, bool> read_;
  std::map<std::string, std::map<std::string, uint64_t>> read_all_;
  std::map<std::pair<std::string, int>, Peer> peers_;
  std::map<std::pair<std::string, std::string>, uint64_t> denials_;
  std::vector<std::pair<int, Finding>> findings_;
};

// The summary of the run stored in dir (its streams plain or compressed). Throws
// std::runtime_error when the manifest cannot be read.
RunSummary read_summary(const std::filesystem::path& dir);
// The same, handing each action record to also_action as well (a report's timeline).
RunSummary read_summary(const std::filesystem::path& dir, const std::function<void(const nlohmann::json&)>& also_action);

std::string render_text(const RunSummary& s);
std::string render_json(const RunSummary& s);  // one JSON object, newline-terminated

}  // namespace capsule::summary
