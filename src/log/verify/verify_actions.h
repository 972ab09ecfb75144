// capsule verify: actions.jsonl must account for every event of events.jsonl (each event belongs
// to exactly one action). Internal to src/log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "log/rundir/run_streams.h"
#include "log/verify/verify.h"

namespace capsule {

// The "events" count of one stored actions.jsonl line, read without parsing the JSON (the
// writer puts ,"events":N near the front, and that byte sequence cannot occur inside a JSON
// string, where quotes are escaped); nullopt when the line has none.
std::optional<uint64_t> action_line_event_count(std::string_view line);

// For a complete run that has actions.jsonl: the sum of its counts against the records of
// events.jsonl (as the stream verdicts found them); a mismatch is a problem in report.
void check_actions_account_for_events(const std::filesystem::path& log_dir, VerifyReport& report);

}  // namespace capsule
