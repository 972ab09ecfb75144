#include "corpus_allowed.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "harness.h"

namespace capsule::test {

std::vector<Allowance> read_allowances(const std::filesystem::path& file) {
  std::vector<Allowance> out;
  int number = 0;
  for (const auto& text : read_lines(file)) {
    ++number;
    if (text.empty() || text[0] == '#') continue;
    Allowance a;
    a.line = number;
    std::istringstream in(text);
    in >> a.backend >> a.program >> a.syscall >> std::ws;
    std::string rest;
    std::getline(in, rest);
    // An optional /pattern/ (an ECMAScript regex, ended by a slash followed by a space).
    if (rest.starts_with("/")) {
      const size_t end = rest.find("/ ", 1);
      if (end == std::string::npos) {
        throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": unterminated /pattern/");
      }
      a.pattern_text = rest.substr(1, end - 1);
      a.pattern = std::regex(a.pattern_text);
      rest = rest.substr(end + 2);
    }
    a.reason = rest;
    static const std::regex backends(R"(\*|(ptrace|ebpf|import)(,(ptrace|ebpf|import))*)");
    if (!std::regex_match(a.backend, backends) || a.syscall.empty() || a.reason.size() < 10) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) +
                               ": want BACKEND PROGRAM SYSCALL [/PATTERN/] REASON");
    }
    out.push_back(std::move(a));
  }
  return out;
}

const Allowance* allowing(const std::vector<Allowance>& all, const std::string& backend, const std::string& program,
                          const std::string& name, const std::string& line) {
  for (const auto& a : all) {
    if (a.backend != "*" && ("," + a.backend + ",").find("," + backend + ",") == std::string::npos) continue;
    if (a.program != "*" && a.program != program) continue;
    if (a.syscall != "*" && a.syscall != name) continue;
    if (a.pattern && !std::regex_search(line, *a.pattern)) continue;
    return &a;
  }
  return nullptr;
}

}  // namespace capsule::test
