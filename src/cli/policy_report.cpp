#include "cli/policy_report.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include "policy/recorded_calls.h"

namespace capsule {

PolicyCheck check_recorded_run(const std::filesystem::path& log_dir, std::string_view cwd, const PolicyEvaluator& policy) {
  PolicyCheck out;
  replay_recorded_calls(log_dir, cwd, [&](const RecordedCall& c) {
    auto refusal = policy.refusal(c.ev, c.cwd, c.host_of);
    if (refusal) out.add(WouldRefuse{c.ev.seq, c.ev.pid, std::string(c.exe), c.ev.name, std::move(*refusal)});
  });
  return out;
}

std::string policy_denial_line(std::string_view verb, const std::vector<std::pair<std::string, uint64_t>>& by_call) {
  constexpr size_t kNamesShown = 8;
  uint64_t total = 0;
  std::vector<std::string> names;
  for (const auto& [name, n] : by_call) {
    total += n;
    if (names.size() < kNamesShown) names.push_back(n == 1 ? name : fmt::format("{} \u00d7{}", name, n));
  }
  if (by_call.size() > kNamesShown) names.emplace_back("\u2026");
  return fmt::format("policy {} {} call{}: {}", verb, total, total == 1 ? "" : "s", fmt::join(names, ", "));
}

std::string by_call_json(const std::vector<std::pair<std::string, uint64_t>>& by_call) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& [name, n] : by_call) j[name] = n;
  return j.dump();
}

nlohmann::ordered_json would_refuse_json(const WouldRefuse& w) {
  nlohmann::ordered_json j;
  j["seq"] = w.seq;
  j["pid"] = w.pid;
  j["exe"] = w.exe;
  j["syscall"] = w.syscall;
  j["by"] = refusal_part(w.refusal.by);
  const LandlockAsk& ask = w.refusal.ask;
  if (ask.kind == LandlockAsk::Path) j["path"] = ask.path;
  if (ask.kind == LandlockAsk::Bind || ask.kind == LandlockAsk::Connect) j["port"] = ask.port;
  if (w.refusal.destination) j["destination"] = destination_text(*w.refusal.destination);
  return j;
}

std::string would_refuse_text(const WouldRefuse& w) {
  const std::string what = refusal_target(w.refusal);
  const std::string target = what.empty() ? what : ": " + what;
  return fmt::format("seq {} pid {} {} {} by {}{}", w.seq, w.pid, w.exe.empty() ? "?" : w.exe, w.syscall,
                     refusal_part(w.refusal.by), target);
}

}  // namespace capsule
