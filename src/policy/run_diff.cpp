#include "policy/run_diff.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "policy/landlock_learn.h"
#include "policy/run_observations.h"

namespace capsule {
namespace {

using Json = nlohmann::json;

// "127.0.0.1:8080" / "[::1]:53" from a sockaddr as events.jsonl renders it; "" for other families.
std::string peer_of(const Json& addr) {
  if (!addr.is_object()) return {};
  const std::string family = addr.value("sa_family", "");
  if (family == "AF_INET" && addr.contains("sin_addr") && addr["sin_addr"].is_string()) {
    return addr["sin_addr"].get<std::string>() + ":" + std::to_string(addr.value("sin_port", 0));
  }
  if (family == "AF_INET6" && addr.contains("sin6_addr") && addr["sin6_addr"].is_string()) {
    return "[" + addr["sin6_addr"].get<std::string>() + "]:" + std::to_string(addr.value("sin6_port", 0));
  }
  return {};
}

void note_peers(const std::filesystem::path& log_dir, std::set<std::string>& peers) {
  const auto events = stream_file_path(log_dir, run_stream(RunStream::Events).name);
  LineReader in(events);
  if (in.error() != 0) throw std::runtime_error("cannot read " + events.string() + ": " + in.error_text());
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    // connect's and sendto's sockaddr: cheap to tell by name before parsing the line.
    if (line.find("\"syscall\":\"connect\"") == std::string_view::npos &&
        line.find("\"syscall\":\"sendto\"") == std::string_view::npos) {
      continue;
    }
    const Json rec = Json::parse(line, nullptr, false);
    if (!rec.is_object() || rec.contains("denied") || !rec.contains("args") || !rec["args"].is_object()) continue;
    const Json& args = rec["args"];
    const auto addr = args.find(rec.value("syscall", "") == "connect" ? "addr" : "dest_addr");
    if (addr == args.end()) continue;
    if (std::string peer = peer_of(*addr); !peer.empty()) peers.insert(std::move(peer));
  }
}

std::set<std::string> minus(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::inserter(out, out.end()));
  return out;
}

template <typename Fn>
void for_each_part(const RunFootprint& f, Fn fn) {
  fn("syscalls", "syscall", f.syscalls);
  fn("paths", "path", f.paths);
  fn("bind_tcp", "bind_tcp", f.bind_tcp);
  fn("connect_tcp", "connect_tcp", f.connect_tcp);
  fn("peers", "peer", f.peers);
}

}  // namespace

RunFootprint run_footprint(const std::filesystem::path& log_dir, const std::string& cwd) {
  RunFootprint f;
  Observations obs;
  observe_run(log_dir, run_id_of(log_dir), obs);
  for (const auto& [name, use] : obs.syscalls) f.syscalls.insert(name);
  FsNetObservations fs_net;
  observe_fs_net(log_dir, cwd, fs_net);
  // The same generalisation as the policy's rules, one access per entry, so that a directory
  // read by both and written by one shows as that write.
  for (const FsRule& r : build_landlock_policy(fs_net).fs) {
    if (r.read) f.paths.insert(r.path + " read");
    if (r.write) f.paths.insert(r.path + " write");
    if (r.execute) f.paths.insert(r.path + " execute");
  }
  for (uint16_t p : fs_net.bind_tcp) f.bind_tcp.insert(std::to_string(p));
  for (uint16_t p : fs_net.connect_tcp) f.connect_tcp.insert(std::to_string(p));
  note_peers(log_dir, f.peers);
  return f;
}

RunFootprint footprint_minus(const RunFootprint& a, const RunFootprint& b) {
  return RunFootprint{minus(a.syscalls, b.syscalls), minus(a.paths, b.paths), minus(a.bind_tcp, b.bind_tcp),
                      minus(a.connect_tcp, b.connect_tcp), minus(a.peers, b.peers)};
}

bool footprint_empty(const RunFootprint& f) {
  bool empty = true;
  for_each_part(f, [&](const char*, const char*, const std::set<std::string>& s) { empty = empty && s.empty(); });
  return empty;
}

nlohmann::ordered_json footprint_json(const RunFootprint& f) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for_each_part(f, [&](const char* key, const char*, const std::set<std::string>& s) { j[key] = s; });
  return j;
}

std::string footprint_text(const RunFootprint& f) {
  std::string out;
  for_each_part(f, [&](const char*, const char* word, const std::set<std::string>& s) {
    for (const auto& item : s) out += std::string("  ") + word + " " + item + "\n";
  });
  return out;
}

}  // namespace capsule
