// The human form of a stream record for `capsule tail`: one line a record, in aligned columns
// (time, pid, exe, kind or syscall, target, result), failures and privilege changes marked so
// that the renderer can colour them. Every key is optional: a missing one is a blank column.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace capsule::view {

enum class Emphasis { None, Failure, Privilege, Finding };

struct RecordColumns {
  std::string time;    // "17:30:00.123456" (UTC, as in syscalls.log)
  std::string pid;
  std::string exe;     // the program's base name, when the stream knows it
  std::string what;    // syscall name, "signal"/"exit", or an action's kind
  std::string target;  // path, fd reference, address or peer
  std::string result;  // "3", "-1 ENOENT", "exited 0", "4096 B, 2 calls"
  Emphasis emphasis = Emphasis::None;
};

// events.jsonl and enriched.jsonl records (their identification keys are the same).
RecordColumns event_columns(const nlohmann::json& record);
// actions.jsonl, risks.jsonl and any other stream: kind/pid/exe/target/bytes/syscalls/failed…
RecordColumns action_columns(const nlohmann::json& record);

// Shared helpers of the two extractors.
namespace columns {
// "2026-11-23T17:30:00.123456Z" → "17:30:00.123456"; a number is taken as µs since the epoch.
std::string time_of_day(const nlohmann::json& value);
// A scalar as text ("" for null or a missing value); objects and arrays as compact JSON.
std::string text_of(const nlohmann::json& record, std::string_view key);
std::string base_name(std::string_view path);
// Syscalls that change who a process is (uids, gids, groups, capabilities, namespaces).
bool is_privilege_syscall(std::string_view name);
}  // namespace columns

}  // namespace capsule::view
