// What every OCSF event capsule exports shares (docs/EXPORT.md): the base attributes (class,
// category, activity, type_uid, time, severity, metadata, device) and the process objects built
// from a process's context. The four mappers (one file per OCSF class) build on these.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace capsule::ocsf {

// The OCSF schema version the events follow (metadata.version).
inline constexpr std::string_view kSchemaVersion = "1.3.0";

// Who made a call, as enriched.jsonl knew the process at that moment (docs/ENRICHED.md).
struct ProcessContext {
  int32_t pid = 0;
  int32_t ppid = 0;                 // 0: unknown
  std::optional<int64_t> uid;       // real uid
  std::string exe;                  // "" when unknown
  std::vector<std::string> argv;    // empty when unknown
};

// What every event of one run shares.
struct RunFacts {
  std::string run_id;
  std::string product_version;  // the capsule that exports
  std::string hostname;         // the machine the export runs on (device.hostname)
};

// The context of the process behind the record with this seq; falls back to the action's own
// pid and exe when enriched.jsonl did not know it.
using ContextBySeq = std::map<uint64_t, ProcessContext>;

struct Inputs {
  const RunFacts& run;
  const ContextBySeq& contexts;
};

// The base event: class_uid, category_uid, activity_id, type_uid (= class_uid * 100 +
// activity_id), their names, time (ms since the epoch), severity, metadata and device.
// uid is metadata.uid: unique per event ("<run>/<kind>/<n>").
struct EventHead {
  int class_uid = 0;
  std::string_view class_name;
  int category_uid = 0;
  std::string_view category_name;
  int activity_id = 0;
  std::string_view activity_name;
  int severity_id = 1;  // Informational
  int64_t time_ms = 0;
  std::string uid;
};
nlohmann::json base_event(const EventHead& head, const RunFacts& run);

// OCSF severity_id of a capsule severity name (info … critical).
int severity_id(std::string_view severity);
std::string_view severity_name(int severity_id);

// The OCSF process object: pid, user.uid, file {path, name}, cmd_line, parent_process.pid.
nlohmann::json process_object(const ProcessContext& p);

// The context for the record with this seq, or one made of the record's own pid and exe.
ProcessContext context_at(const Inputs& in, uint64_t seq, int32_t pid, const std::string& exe);

// The action's common attributes: time, start/end, count, status (Success when no event
// failed, Failure when all did, Other when some did), status_detail (errno names), and the
// unmapped capsule facts (seq range, bytes, failed, errors).
void add_action_facts(const nlohmann::json& action, nlohmann::json& event);

// ms since the epoch of an ISO-8601 UTC time as the streams write it (0 when unreadable).
int64_t iso_millis(const std::string& ts);

// "name" of "/dir/name".
std::string base_name(std::string_view path);

}  // namespace capsule::ocsf
