// Which streams a run can have and which file holds each (docs/FORMAT.md, "Run directory").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::view {

// The streams capsule writes (log/rundir/run_streams.h), in pipeline order. A run may hold others: any
// *.jsonl file in it is a stream of that name.
const std::vector<std::string>& known_stream_names();

bool is_known_stream(std::string_view name);

// A name that can be a stream at all: lower-case letters, digits, '_' and '-' (never a path).
bool is_valid_stream_name(std::string_view name);

// A known stream's declared file ("syscalls" → "syscalls.log"); any other → "<name>.jsonl".
std::string stream_file_name(std::string_view stream);

// The streams whose files exist in run_dir: known ones in pipeline order, then the rest by name.
std::vector<std::string> streams_in_run(const std::filesystem::path& run_dir);

// "a, b, c"
std::string join_names(const std::vector<std::string>& names);

}  // namespace capsule::view
