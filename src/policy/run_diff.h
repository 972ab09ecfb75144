// capsule profile --diff A B: what one recorded run did that another did not, in the terms a
// policy is made of (docs/POLICY.md, "Comparing runs"): syscalls, paths by directory with their
// access (generalised as the Landlock part is learnt), TCP ports bound and connected to, and the
// network peers (address:port) connected or sent to.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>

namespace capsule {

struct RunFootprint {
  std::set<std::string> syscalls;
  std::set<std::string> paths;  // "/usr read", "/home/ci/src write": one access per entry
  std::set<std::string> bind_tcp;
  std::set<std::string> connect_tcp;
  std::set<std::string> peers;  // "127.0.0.1:8080", "[::1]:53"
};

// One run (its events.jsonl and enriched.jsonl; cwd: its manifest's). Throws std::runtime_error
// when the run cannot be read.
RunFootprint run_footprint(const std::filesystem::path& log_dir, const std::string& cwd);

// What a has that b has not.
RunFootprint footprint_minus(const RunFootprint& a, const RunFootprint& b);

bool footprint_empty(const RunFootprint& f);

// {"syscalls":[…],"paths":[…],"bind_tcp":[…],"connect_tcp":[…],"peers":[…]}
nlohmann::ordered_json footprint_json(const RunFootprint& f);
// "  syscall socket\n  path /tmp write\n  connect_tcp 443\n  peer 10.0.0.1:443\n"
std::string footprint_text(const RunFootprint& f);

}  // namespace capsule
