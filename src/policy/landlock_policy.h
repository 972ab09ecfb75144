// The Landlock part of a capsule policy (docs/POLICY.md): which directories (or files) the program
// may read, write and execute beneath, and which TCP ports it may bind and connect to. Everything
// not listed is refused by the kernel with EACCES.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace capsule {

struct FsRule {
  std::string path;  // absolute
  bool read = false;
  bool write = false;
  bool execute = false;
  bool operator==(const FsRule&) const = default;
};

struct NetRules {
  std::vector<uint16_t> bind_tcp;     // sorted, unique
  std::vector<uint16_t> connect_tcp;  // sorted, unique
  bool operator==(const NetRules&) const = default;
};

struct LandlockPolicy {
  std::vector<FsRule> fs;         // sorted by path
  std::optional<NetRules> net;    // absent: TCP is not restricted
  bool operator==(const LandlockPolicy&) const = default;
};

// The oldest Landlock ABI that enforces all of the policy: 3 for the file rules (truncation is a
// write), 4 when there are network rules.
int required_landlock_abi(const LandlockPolicy& p);

// Reads the "landlock" object. Throws ProfileError positioned by JSON path ("landlock.fs[2].access[0]:
// unknown access 'delete'").
LandlockPolicy parse_landlock(const nlohmann::json& j, const std::string& where);

nlohmann::ordered_json landlock_json(const LandlockPolicy& p);

// "read,write" for messages and the summary.
std::string access_words(const FsRule& r);

}  // namespace capsule
