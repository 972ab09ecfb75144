#include "log/verify/verify_actions.h"

#include <string>

#include "base/number_parse.h"
#include "log/compress/compression.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"

namespace capsule {

std::optional<uint64_t> action_line_event_count(std::string_view line) {
  static constexpr std::string_view kKey = ",\"events\":";
  const size_t at = line.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  return parse_leading<uint64_t>(line.substr(at + kKey.size()));
}

void check_actions_account_for_events(const std::filesystem::path& log_dir, VerifyReport& report) {
  if (!report.complete) return;  // a run cut short may hold events whose actions were pending
  std::error_code ec;
  const std::filesystem::path actions = stream_file_path(log_dir, run_stream(RunStream::Actions).name);
  if (!std::filesystem::is_regular_file(actions, ec)) return;  // older runs
  std::optional<uint64_t> events;
  for (const StreamVerdict& v : report.streams) {
    if (plain_file_name(v.file) == run_stream(RunStream::Events).file) events = v.records;
  }
  if (!events) return;  // "stream missing" is reported already

  LineReader reader(actions);
  std::string_view line;
  bool has_newline = false;
  uint64_t sum = 0;
  uint64_t uncounted = 0;
  while (reader.next(line, has_newline)) {
    if (const auto n = action_line_event_count(line)) sum += *n;
    else ++uncounted;
  }
  if (sum == *events && uncounted == 0) return;
  std::string why = "actions do not account for every event (actions.jsonl counts " +
                    std::to_string(sum) + ", events.jsonl has " + std::to_string(*events);
  if (uncounted > 0) why += "; " + std::to_string(uncounted) + " lines without a count";
  report.problems.push_back(why + ")");
}

}  // namespace capsule
