#include "policy/egress_learn.h"

#include <stdexcept>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "policy/recorded_calls.h"

namespace capsule {
namespace {

// The seqs of the calls a policy refused (events.jsonl's "denied"): syscalls.log, which the
// evaluator reads, shows them as plain failures.
std::unordered_set<uint64_t> denied_seqs(const std::filesystem::path& log_dir) {
  const auto events = stream_file_path(log_dir, run_stream(RunStream::Events).name);
  LineReader in(events);
  if (in.error() != 0) throw std::runtime_error("cannot read " + events.string() + ": " + in.error_text());
  std::unordered_set<uint64_t> out;
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    if (line.find("\"denied\":true") == std::string_view::npos) continue;
    const auto rec = nlohmann::json::parse(line, nullptr, false);
    if (rec.is_object() && rec.contains("seq") && rec["seq"].is_number_unsigned()) out.insert(rec["seq"].get<uint64_t>());
  }
  return out;
}

}  // namespace

void observe_egress(const std::filesystem::path& log_dir, std::string_view cwd, std::set<std::string>& allow) {
  const auto denied = denied_seqs(log_dir);
  replay_recorded_calls(log_dir, cwd, [&](const RecordedCall& c) {
    if (denied.count(c.ev.seq) > 0) return;
    const auto d = egress_destination(c.ev);
    if (!d) return;
    const std::string_view name = c.host_of(d->ip);
    if (!name.empty()) {
      const std::string by_name = std::string(name) + ":" + std::to_string(d->port);
      try {  // a name an answer gave that a policy cannot hold (a space, an empty label): by address
        parse_egress(nlohmann::json{{"allow", {by_name}}}, "egress");
        allow.insert(by_name);
        return;
      } catch (const std::exception&) {
      }
    }
    allow.insert(destination_text(*d));
  });
}

EgressPolicy build_egress_policy(const std::set<std::string>& allow) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : allow) list.push_back(a);
  // Through the parser: what is written is what `run --policy` reads back, normalised.
  return parse_egress(nlohmann::json{{"allow", list}}, "egress");
}

}  // namespace capsule
