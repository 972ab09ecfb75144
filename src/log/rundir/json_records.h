// Each JSON record of a run's stream, parsed: the readers that want whole records (summary,
// export) share this loop. A line that does not parse (a torn last line) is skipped: verify
// reports it.
#pragma once

#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"

namespace capsule {

template <typename Add>
void each_json_record(const std::filesystem::path& dir, RunStream stream, Add&& add) {
  LineReader in(stream_file_path(dir, run_stream(stream).name));
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    const auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_discarded()) add(record);
  }
}

}  // namespace capsule
