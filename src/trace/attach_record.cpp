#include "trace/attach_record.h"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "enrich/proc_snapshot.h"

namespace capsule {

bool begin_attached_record(RunRecorder& rec, pid_t pid) {
  std::optional<ProcessSnapshot> snap = read_proc_snapshot(pid);
  const bool seeded = snap.has_value();
  rec.begin(std::move(snap));
  return seeded;
}

void describe_attached(Manifest& m, pid_t pid, std::string_view backend) {
  m.extra.emplace_back("attached", nlohmann::json{{"pid", pid}, {"backend", backend}}.dump());
}

AttachRelease::AttachRelease(std::optional<int64_t> timeout_ms) : at_ms_(timeout_ms ? monotonic_ms() + *timeout_ms : 0) {}

bool AttachRelease::due(const TerminationRequest& term, bool log_failed) const {
  const bool timed_out = at_ms_ > 0 && monotonic_ms() >= at_ms_;
  return term.count.load(std::memory_order_acquire) > 0 || timed_out || log_failed;
}

void add_attached_outcome(BackendOutcome& out, const AttachedFacts& facts) {
  nlohmann::json attached{{"pid", facts.pid},       {"backend", facts.backend},
                          {"at", facts.at_us},      {"threads", facts.threads},
                          {"context_from_proc", facts.context_from_proc}, {"detached_at", nullptr}};
  if (facts.detached_us) attached["detached_at"] = *facts.detached_us;
  out.manifest_extra.emplace_back("attached", attached.dump());
  out.incomplete.push_back(fmt::format("attached to running process {}: what it did before the attach{} is not recorded",
                                       facts.pid, facts.detached_us ? " and after capsule detached" : ""));
}

}  // namespace capsule
