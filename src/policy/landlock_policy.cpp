#include "policy/landlock_policy.h"

#include <algorithm>

#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

using Json = nlohmann::json;


std::vector<uint16_t> ports_at(const Json& j, const std::string& where) {
  if (!j.is_array()) profile_fail(where, "expected an array of port numbers");
  std::vector<uint16_t> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number_unsigned() || j[i].get<uint64_t>() > 65535) {
      profile_fail(where + "[" + std::to_string(i) + "]", "expected a port number 0-65535");
    }
    out.push_back(static_cast<uint16_t>(j[i].get<uint64_t>()));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

FsRule parse_fs_rule(const Json& j, const std::string& at) {
  if (!j.is_object()) profile_fail(at, "expected an object");
  FsRule r;
  bool have_access = false;
  for (const auto& [k, v] : j.items()) {
    if (k == "path") {
      if (!v.is_string() || v.get_ref<const std::string&>().empty() || v.get_ref<const std::string&>()[0] != '/') {
        profile_fail(at + ".path", "expected an absolute path");
      }
      r.path = v.get<std::string>();
    } else if (k == "access") {
      if (!v.is_array()) profile_fail(at + ".access", "expected an array of read, write, execute");
      for (size_t i = 0; i < v.size(); ++i) {
        const std::string a = v[i].is_string() ? v[i].get<std::string>() : std::string();
        if (a == "read") r.read = true;
        else if (a == "write") r.write = true;
        else if (a == "execute") r.execute = true;
        else profile_fail(at + ".access[" + std::to_string(i) + "]", "unknown access '" + a + "' (read, write or execute)");
      }
      have_access = true;
    } else if (k != "comment") {
      profile_fail(at + "." + k, "unknown key");
    }
  }
  if (r.path.empty()) profile_fail(at, "missing \"path\"");
  if (!have_access) profile_fail(at, "missing \"access\"");
  return r;
}

}  // namespace

int required_landlock_abi(const LandlockPolicy& p) { return p.net ? 4 : 3; }

LandlockPolicy parse_landlock(const Json& j, const std::string& where) {
  if (!j.is_object()) profile_fail(where, "expected an object");
  LandlockPolicy p;
  for (const auto& [key, value] : j.items()) {
    const std::string at = where + "." + key;
    if (key == "fs") {
      if (!value.is_array()) profile_fail(at, "expected an array");
      for (size_t i = 0; i < value.size(); ++i) p.fs.push_back(parse_fs_rule(value[i], at + "[" + std::to_string(i) + "]"));
    } else if (key == "net") {
      if (!value.is_object()) profile_fail(at, "expected an object");
      NetRules n;
      for (const auto& [k, v] : value.items()) {
        if (k == "bind_tcp") n.bind_tcp = ports_at(v, at + "." + k);
        else if (k == "connect_tcp") n.connect_tcp = ports_at(v, at + "." + k);
        else profile_fail(at + "." + k, "unknown key");
      }
      p.net = std::move(n);
    } else if (key != "comment") {
      profile_fail(at, "unknown key");
    }
  }
  return p;
}

std::string access_words(const FsRule& r) {
  std::string out;
  for (const auto& [on, word] : {std::pair{r.read, "read"}, {r.write, "write"}, {r.execute, "execute"}}) {
    if (!on) continue;
    if (!out.empty()) out += ",";
    out += word;
  }
  return out;
}

nlohmann::ordered_json landlock_json(const LandlockPolicy& p) {
  nlohmann::ordered_json j;
  auto& fs = j["fs"] = nlohmann::ordered_json::array();
  for (const FsRule& r : p.fs) {
    nlohmann::ordered_json access = nlohmann::ordered_json::array();
    if (r.read) access.push_back("read");
    if (r.write) access.push_back("write");
    if (r.execute) access.push_back("execute");
    fs.push_back({{"path", r.path}, {"access", std::move(access)}});
  }
  if (p.net) j["net"] = {{"bind_tcp", p.net->bind_tcp}, {"connect_tcp", p.net->connect_tcp}};
  return j;
}

}  // namespace capsule
