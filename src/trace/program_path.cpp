#include "trace/program_path.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

namespace capsule {
namespace {

bool is_regular(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

ProgramLookup find_program(const std::string& name) {
  if (name.empty()) return {"", ENOENT};
  if (name.find('/') != std::string::npos) {
    struct stat st {};
    if (::stat(name.c_str(), &st) != 0) return {"", errno};
    if (S_ISDIR(st.st_mode)) return {name, EISDIR};
    if (::access(name.c_str(), X_OK) != 0) return {name, EACCES};
    return {name, 0};
  }
  const char* env_path = std::getenv("PATH");
  std::string_view path = env_path != nullptr ? env_path : "/usr/local/bin:/usr/bin:/bin";
  std::string denied;  // a match that exists but cannot be executed: 126 if nothing better
  while (true) {
    const size_t colon = path.find(':');
    // An empty PATH entry means the current directory, as in a shell.
    std::string candidate(colon == 0 ? std::string_view(".") : path.substr(0, colon));
    candidate.push_back('/');
    candidate.append(name);
    if (is_regular(candidate)) {
      if (::access(candidate.c_str(), X_OK) == 0) return {candidate, 0};
      if (denied.empty()) denied = candidate;
    }
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  if (!denied.empty()) return {denied, EACCES};
  return {"", ENOENT};
}

}  // namespace capsule
