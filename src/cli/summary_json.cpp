#include "cli/summary_json.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "cli/policy_report.h"
#include "log/rundir/file_io.h"

namespace capsule {

void write_summary_json(const std::filesystem::path& file, const RunSummaryFacts& f) {
  using Json = nlohmann::ordered_json;
  const Manifest& m = f.manifest;
  Json j;
  j["run_id"] = m.run_id;
  j["log_dir"] = f.log_dir.string();
  j["backend"] = m.backend;
  j["command"] = m.command;
  j["exit_code"] = m.exit_code ? Json(*m.exit_code) : Json(nullptr);
  j["exit_signal"] = m.exit_signal ? Json(*m.exit_signal) : Json(nullptr);
  j["start_us"] = m.start_us;
  j["end_us"] = m.end_us;
  j["syscalls"] = m.syscalls;
  Json streams = Json::object();
  for (const auto& s : m.streams) streams[s.name] = s.records;
  j["records"] = std::move(streams);
  Json by_severity = Json::object();
  static constexpr const char* kNames[] = {"info", "low", "medium", "high", "critical"};
  for (size_t i = 0; i < 5; ++i) by_severity[kNames[i]] = f.findings.by_severity[i];
  Json first = Json::array();
  for (const auto& b : f.findings.first) {
    first.push_back({{"rule", b.rule}, {"severity", kNames[static_cast<size_t>(b.severity)]}, {"description", b.description}});
  }
  j["findings"] = {{"total", f.findings.total}, {"by_severity", std::move(by_severity)}, {"first", std::move(first)}};
  j["denied"] = f.denied;
  Json by_call = Json::object();
  for (const auto& [name, n] : f.policy_denied) by_call[name] = n;
  j["policy_denied"] = std::move(by_call);
  if (f.policy_would_deny != nullptr) {  // complain mode: what enforcing would have refused, call by call
    Json would = Json::object();
    for (const auto& [name, n] : f.policy_would_deny->ranked()) would[name] = n;
    Json calls = Json::array();
    for (const auto& w : f.policy_would_deny->calls) calls.push_back(would_refuse_json(w));
    j["policy_would_deny"] = {{"total", f.policy_would_deny->total}, {"by_call", std::move(would)},
                              {"calls", std::move(calls)}};
  }
  j["incomplete"] = f.incomplete;
  j["sealed"] = f.sealed;
  const std::string text = j.dump(2) + "\n";

  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!fd) throw std::runtime_error("cannot write " + tmp.string() + ": " + std::strerror(errno));
    size_t written = 0;
    if (const int err = file_io::write_all(fd.get(), text, written); err != 0) {
      throw std::runtime_error("cannot write " + tmp.string() + ": " + std::strerror(err));
    }
  }
  if (::rename(tmp.c_str(), file.c_str()) != 0) {
    throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(errno));
  }
}

}  // namespace capsule
