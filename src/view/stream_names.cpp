#include "view/stream_names.h"

#include <algorithm>
#include <system_error>

#include "log/compress/compression.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"

namespace capsule::view {
namespace fs = std::filesystem;

const std::vector<std::string>& known_stream_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const RunStreamSpec& s : kRunStreams) out.emplace_back(s.name);
    return out;
  }();
  return names;
}

bool is_known_stream(std::string_view name) { return find_run_stream(name) != nullptr; }

bool is_valid_stream_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string stream_file_name(std::string_view stream) { return run_stream_file(stream); }

std::vector<std::string> streams_in_run(const fs::path& run_dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const std::string& name : known_stream_names()) {
    if (fs::exists(stream_file_path(run_dir, name), ec)) found.push_back(name);
  }
  std::vector<std::string> others;
  for (fs::directory_iterator it(run_dir, ec), end; !ec && it != end; it.increment(ec)) {
    // events.jsonl or, compressed, events.jsonl.zst
    const fs::path p(std::string(plain_file_name(it->path().filename().string())));
    const std::string stem = p.stem().string();
    if (p.extension() == ".jsonl" && is_valid_stream_name(stem) && !is_known_stream(stem)) {
      others.push_back(stem);
    }
  }
  std::sort(others.begin(), others.end());
  found.insert(found.end(), others.begin(), others.end());
  return found;
}

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace capsule::view
