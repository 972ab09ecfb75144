#include "log/rundir/process_instance.h"

#include <fstream>
#include <sstream>
#include <string_view>

namespace capsule {
namespace {

std::string read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Field 22 of /proc/<pid>/stat (starttime). The command name (field 2) may hold spaces and
// parentheses, so counting starts after its last ')'.
std::string start_ticks(pid_t pid) {
  const std::string stat = read_small_file("/proc/" + std::to_string(pid) + "/stat");
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream fields(stat.substr(close + 1));
  std::string field;
  for (int index = 3; index <= 22; ++index) {
    if (!(fields >> field)) return {};
  }
  return field;
}

}  // namespace

std::string process_instance_token(pid_t pid) {
  if (pid <= 0) return {};
  const std::string ticks = start_ticks(pid);
  if (ticks.empty()) return {};
  std::string boot_id = read_small_file("/proc/sys/kernel/random/boot_id");
  while (!boot_id.empty() && (boot_id.back() == '\n' || boot_id.back() == ' ')) boot_id.pop_back();
  return boot_id + ":" + ticks;
}

}  // namespace capsule
