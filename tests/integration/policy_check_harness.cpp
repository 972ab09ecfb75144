#include "policy_check_harness.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace capsule::test {

std::pair<Outcome, std::vector<std::string>> policy_check(const std::filesystem::path& home,
                                                          const std::filesystem::path& policy,
                                                          const std::filesystem::path& run) {
  const Outcome o = run_program({capsule_bin(), "policy", "check", "--home", home.string(), "--policy",
                                 policy.string(), "--run", run.string(), "--json"});
  std::vector<std::string> calls;
  const auto j = nlohmann::json::parse(o.out, nullptr, false);
  if (!j.is_object()) return {o, calls};
  for (const auto& c : j["would_deny"]) {
    std::string line = c["syscall"].get<std::string>() + " " + c["by"].get<std::string>();
    if (c.contains("path")) line += " " + c["path"].get<std::string>();
    if (c.contains("port")) line += " port " + std::to_string(c["port"].get<int>());
    if (c.contains("destination")) line += " " + c["destination"].get<std::string>();
    calls.push_back(line);
  }
  return {o, calls};
}

namespace {

// "127.0.0.1:80" / "[::1]:53" of a sockaddr as events.jsonl writes it ("" for other families).
std::string sockaddr_text(const nlohmann::json& a) {
  if (!a.is_object()) return "";
  if (a.contains("sin_addr")) return a["sin_addr"].get<std::string>() + ":" + std::to_string(a["sin_port"].get<int>());
  if (a.contains("sin6_addr")) {
    return "[" + a["sin6_addr"].get<std::string>() + "]:" + std::to_string(a["sin6_port"].get<int>());
  }
  return "";
}

}  // namespace

std::vector<std::string> policy_refused(const std::filesystem::path& run) {
  std::vector<std::string> out;
  for (const auto& e : read_jsonl(run / "events.jsonl")) {
    if (!e.value("denied", false)) continue;
    const std::string by = e.value("denied_by", "");
    const bool landlock = by == "landlock";
    std::string line = e["syscall"].get<std::string>() + (landlock || by == "egress" ? " " + by : " seccomp");
    const auto& args = e["args"];
    if (by == "egress") {
      for (const char* key : {"addr", "dest_addr"}) {
        if (args.contains(key)) line += " " + sockaddr_text(args[key]);
      }
      if (args.contains("msg") && args["msg"].contains("msg_name")) line += " " + sockaddr_text(args["msg"]["msg_name"]);
    }
    if (landlock && args.contains("pathname")) line += " " + args["pathname"].get<std::string>();
    if (landlock && args.contains("addr") && args["addr"].contains("sin_port")) {
      line += " port " + std::to_string(args["addr"]["sin_port"].get<int>());
    }
    out.push_back(line);
  }
  return out;
}

int free_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(s);
    return -1;
  }
  ::close(s);
  return ntohs(a.sin_port);
}

}  // namespace capsule::test
