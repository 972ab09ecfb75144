// manifest.json via nlohmann: not a hot path, and a real parser is what a reader needs anyway.
#include "log/rundir/manifest.h"

#include <cerrno>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "log/render/json_text.h"
#include "log/rundir/file_io.h"
#include "log/rundir/input_file.h"

namespace capsule {
namespace {

using Json = nlohmann::ordered_json;

constexpr int kManifestFormat = kManifestFormatVersion;

// argv and cwd are bytes, not necessarily UTF-8; nlohmann refuses invalid UTF-8, so such bytes
// are spelled \xNN the way events.jsonl spells them.
std::string text(const std::string& s) { return json::visible_utf8(s); }

Json optional_int(const std::optional<int>& v) { return v ? Json(*v) : Json(nullptr); }

Json to_json(const Manifest& m) {
  Json j;
  j["format_version"] = m.format_version;
  j["run_id"] = m.run_id;
  j["capsule_version"] = text(m.capsule_version);
  j["backend"] = m.backend;
  j["state"] = m.state;
  Json argv = Json::array();
  for (const std::string& a : m.argv) argv.push_back(text(a));
  j["argv"] = std::move(argv);
  j["command"] = text(m.command);
  j["cwd"] = text(m.cwd);
  j["start_us"] = m.start_us;
  j["end_us"] = m.end_us;
  j["exit_code"] = optional_int(m.exit_code);
  j["exit_signal"] = optional_int(m.exit_signal);
  j["syscalls"] = m.syscalls;
  j["processes"] = m.processes;
  j["seccomp_mode"] = m.seccomp_mode;
  j["compression"] = m.compression;
  if (m.capsule_pid) {
    j["capsule_pid"] = *m.capsule_pid;
    j["capsule_instance"] = m.capsule_instance;
  }
  Json streams = Json::array();
  for (const StreamSummary& s : m.streams) {
    streams.push_back(Json{{"name", s.name}, {"file", s.file}, {"records", s.records},
                           {"head", s.head}});
  }
  j["streams"] = std::move(streams);
  Json extra = Json::object();
  for (const auto& [name, raw] : m.extra) {
    // A stage's counter that is not valid JSON is a bug there; keep it visible as a string
    // rather than lose the whole manifest at the end of a run.
    Json value = Json::parse(raw, nullptr, false);
    extra[text(name)] = value.is_discarded() ? Json(text(raw)) : std::move(value);
  }
  j["extra"] = std::move(extra);
  return j;
}

template <typename T>
T get_or(const Json& j, const char* key, T fallback) {
  auto it = j.find(key);
  return (it == j.end() || it->is_null()) ? fallback : it->get<T>();
}

std::optional<int> get_optional_int(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<int>();
}

Manifest from_json(const Json& j) {
  if (!j.is_object()) throw std::runtime_error("not a JSON object");
  Manifest m;
  for (const char* required : {"format_version", "run_id", "state", "streams"}) {
    if (!j.contains(required)) throw std::runtime_error(std::string("no \"") + required + "\"");
  }
  m.format_version = j.at("format_version").get<int>();
  if (m.format_version > kManifestFormat) {
    throw std::runtime_error("format_version " + std::to_string(m.format_version) +
                             " is newer than this capsule understands (" +
                             std::to_string(kManifestFormat) + ")");
  }
  m.run_id = j.at("run_id").get<std::string>();
  m.state = j.at("state").get<std::string>();
  m.capsule_version = get_or<std::string>(j, "capsule_version", "");
  m.backend = get_or<std::string>(j, "backend", "");
  m.argv = get_or<std::vector<std::string>>(j, "argv", {});
  m.command = get_or<std::string>(j, "command", "");
  m.cwd = get_or<std::string>(j, "cwd", "");
  m.start_us = get_or<int64_t>(j, "start_us", 0);
  m.end_us = get_or<int64_t>(j, "end_us", 0);
  m.exit_code = get_optional_int(j, "exit_code");
  m.exit_signal = get_optional_int(j, "exit_signal");
  m.syscalls = get_or<uint64_t>(j, "syscalls", 0);
  m.processes = get_or<uint64_t>(j, "processes", 0);
  m.seccomp_mode = get_or<std::string>(j, "seccomp_mode", "");
  m.compression = get_or<std::string>(j, "compression", "none");
  m.capsule_pid = get_optional_int(j, "capsule_pid");
  m.capsule_instance = get_or<std::string>(j, "capsule_instance", "");
  for (const Json& s : j.at("streams")) {
    StreamSummary summary;
    summary.name = s.at("name").get<std::string>();
    summary.file = s.at("file").get<std::string>();
    summary.records = s.at("records").get<uint64_t>();
    summary.head = s.at("head").get<std::string>();
    m.streams.push_back(std::move(summary));
  }
  if (auto it = j.find("extra"); it != j.end() && it->is_object()) {
    for (const auto& [name, value] : it->items()) m.extra.emplace_back(name, value.dump());
  }
  return m;
}

}  // namespace

std::string manifest_text(const Manifest& m) {
  std::string out = to_json(m).dump(2);
  out.push_back('\n');
  return out;
}

void write_manifest(const std::filesystem::path& log_dir, const Manifest& m) {
  file_io::write_file_atomically(log_dir / "manifest.json", manifest_text(m),
                                 m.state == "running" ? file_io::Durability::Unsynced : file_io::Durability::Synced);
}

Manifest read_manifest(const std::filesystem::path& log_dir) {
  const std::filesystem::path path = log_dir / "manifest.json";
  std::string content;
  try {
    content = read_input_file(path);
  } catch (const InputFileError& e) {
    if (e.error_number() == ENOENT) throw std::runtime_error("no manifest.json in " + log_dir.string());
    throw;
  }
  try {
    return from_json(Json::parse(content));
  } catch (const std::exception& e) {
    throw std::runtime_error(path.string() + " is malformed: " + e.what());
  }
}

}  // namespace capsule
