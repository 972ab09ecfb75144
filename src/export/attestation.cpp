// The runtime-trace statement (attestation.h), from the run's summary model (src/summary: files
// written and read, peers) and manifest (command, times, exit), with each file hashed now.
#include "export/attestation.h"

#include <fstream>
#include <stdexcept>

#include "export/file_digest.h"
#include "log/rundir/line_reader.h"
#include "log/render/event_render.h"
#include "summary/run_summary.h"

namespace capsule::attest {

namespace {

nlohmann::json iso_or_null(const nlohmann::json& us) {
  if (!us.is_number_integer()) return nullptr;
  std::string out;
  append_iso_time(us.get<int64_t>(), out);
  return out;
}

// Every file of the summary's directory lists, with its digest now. subjects gets the written
// files that can still be named by a digest.
nlohmann::json files_of(const std::vector<summary::WrittenDir>& dirs, int64_t end_us, nlohmann::json* subjects) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& d : dirs) {
    for (const auto& f : d.files) {
      const std::string path = d.dir + f.name;
      const FileDigest digest = digest_file(path, end_us);
      nlohmann::json j = {{"path", path}, {"bytes", f.bytes}, {"status", digest.status}};
      if (!digest.sha256.empty()) {
        j["sha256"] = digest.sha256;
        if (subjects != nullptr) subjects->push_back({{"name", path}, {"digest", {{"sha256", digest.sha256}}}});
      }
      out.push_back(j);
    }
    if (d.more > 0) out.push_back({{"path", d.dir}, {"status", "more not listed"}, {"files", d.more}});
  }
  return out;
}

}  // namespace

RunSeal read_run_seal(const std::filesystem::path& run_dir) {
  RunSeal seal;
  LineReader in(run_dir / "checkpoints.jsonl");
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    ++seal.checkpoints;
    const auto r = nlohmann::json::parse(line, nullptr, false);
    seal.chain_head = r.is_object() && r.contains("chain") && r["chain"].is_string() ? r["chain"].get<std::string>() : "";
  }
  return seal;
}

nlohmann::json runtime_statement(const std::filesystem::path& dir, const RunSeal& seal,
                                 const std::string& monitor_version) {
  std::ifstream in(dir / "manifest.json");
  const auto m = nlohmann::json::parse(in, nullptr, false);
  if (m.is_discarded() || !m.is_object()) throw std::runtime_error((dir / "manifest.json").string() + " is not a manifest");
  const summary::RunSummary s = summary::read_summary(dir);
  const int64_t end_us = m.value("end_us", int64_t{0});

  nlohmann::json subjects = nlohmann::json::array();
  const nlohmann::json written = files_of(s.written, end_us, &subjects);
  const nlohmann::json read = files_of(s.read, end_us, nullptr);
  nlohmann::json peers = nlohmann::json::array();
  for (const auto& p : s.peers) {
    nlohmann::json j = {{"address", p.address}, {"port", p.port}, {"connects", p.connects}, {"sent", p.sent},
                        {"received", p.received}};
    if (!p.host.empty()) j["host"] = p.host;
    peers.push_back(j);
  }
  nlohmann::json predicate = {
      {"monitor", {{"name", "capsule"}, {"version", monitor_version}, {"backend", m.value("backend", "")}}},
      {"run",
       {{"id", m.value("run_id", "")},
        {"state", m.value("state", "")},
        {"sealed", seal.sealed},
        {"checkpoints", seal.checkpoints},
        {"chain_head", seal.chain_head},
        {"recorded_by", m.value("capsule_version", "")}}},
      {"command",
       {{"argv", m.value("argv", nlohmann::json::array())},
        {"cwd", m.value("cwd", "")},
        {"exit_code", m.value("exit_code", nlohmann::json())},
        {"exit_signal", m.value("exit_signal", nlohmann::json())},
        {"start", iso_or_null(m.value("start_us", nlohmann::json()))},
        {"end", iso_or_null(m.value("end_us", nlohmann::json()))}}},
      {"files_written", written},
      {"files_read", read},
      {"peers", peers},
  };
  return {{"_type", kStatementType}, {"subject", subjects}, {"predicateType", kPredicateType}, {"predicate", predicate}};
}

}  // namespace capsule::attest
