#include "log/chain/anchor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "log/rundir/file_io.h"
#include "log/rundir/input_file.h"

namespace capsule {

std::string anchor_line(const AnchorEntry& e) {
  return nlohmann::ordered_json{{"run", e.run}, {"count", e.count}, {"head", e.head}}.dump();
}

void append_anchor(const std::filesystem::path& file, const AnchorEntry& e) {
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) throw std::runtime_error("cannot open " + file.string() + ": " + std::strerror(errno));
  const std::string line = anchor_line(e) + "\n";
  size_t written = 0;
  if (const int err = file_io::write_all(fd.get(), line, written); err != 0) {
    throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(err));
  }
  if (::fsync(fd.get()) != 0) {
    throw std::runtime_error("cannot fsync " + file.string() + ": " + std::strerror(errno));
  }
}

std::vector<AnchorEntry> read_anchors(const std::filesystem::path& file) {
  std::istringstream in(read_input_file(file));  // InputFileError names the file
  std::vector<AnchorEntry> out;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("run") || !j.contains("count") || !j.contains("head")) continue;
    if (!j["run"].is_string() || !j["count"].is_number_unsigned() || !j["head"].is_string()) continue;
    out.push_back({j["run"].get<std::string>(), j["count"].get<uint64_t>(), j["head"].get<std::string>()});
  }
  return out;
}

std::optional<AnchorEntry> find_anchor(const std::vector<AnchorEntry>& entries, std::string_view run) {
  std::optional<AnchorEntry> found;
  for (const AnchorEntry& e : entries) {
    if (e.run == run) found = e;
  }
  return found;
}

}  // namespace capsule
