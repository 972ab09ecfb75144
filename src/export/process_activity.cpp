// OCSF 1007 Process Activity from the run's exec and exit records (docs/EXPORT.md, "Process
// Activity"): an Exec action is a Launch of the program it names, an exit record a Terminate.
// exit/exit_group calls are not exported: the exit record that follows each says the same, with
// how the process ended.
#include <string>

#include "base/number_parse.h"
#include "export/ocsf_mappers.h"

namespace capsule::ocsf {

namespace {

constexpr int kProcessActivityClass = 1007;
constexpr int kLaunch = 1, kTerminate = 2;

// "exited 3", "killed by SIGKILL": a process's exit record. Anything else (a thread's exit
// "thread T exited 0", the call "exit_group(0)") is not.
bool is_exit_record(const std::string& target) {
  return target.rfind("exited ", 0) == 0 || target.rfind("killed by ", 0) == 0;
}

}  // namespace

std::optional<nlohmann::json> process_activity(const nlohmann::json& a, const Inputs& in) {
  const std::string kind = a.value("kind", "");
  const std::string target = a.value("target", "");
  const bool launch = kind == "Exec";
  if (!launch && !(kind == "Exit" && is_exit_record(target))) return std::nullopt;
  const uint64_t seq = action_seq(a);
  const int32_t pid = a.value("pid", 0);
  const int activity = launch ? kLaunch : kTerminate;
  auto e = base_event({kProcessActivityClass, "Process Activity", 1, "System Activity", activity, launch ? "Launch" : "Terminate", 1,
                       iso_millis(a.value("start", "")), in.run.run_id + "/action/" + std::to_string(seq)},
                      in.run);
  // The context after the call: for a successful exec, the new program (enriched.jsonl's rule).
  const ProcessContext ctx = context_at(in, seq, pid, a.value("exe", ""));
  ProcessContext process = ctx;
  if (launch) {
    process.exe = target;  // the program asked for, also when the exec failed
    if (a.contains("argv")) process.argv = a["argv"].get<std::vector<std::string>>();
  }
  e["process"] = process_object(process);
  e["actor"] = {{"process", process_object(ctx)}};
  if (!launch) {
    if (const auto code = parse_whole<int>(std::string_view(target).substr(target.find(' ') + 1));
        code && target.rfind("exited ", 0) == 0) {
      e["exit_code"] = *code;
    }
  }
  add_action_facts(a, e);
  if (!launch) e["status_detail"] = target;  // how it ended says more than the (absent) errnos
  return e;
}

}  // namespace capsule::ocsf
