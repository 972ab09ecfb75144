// Runs the built capsule binary (and other programs) for the integration tests, and reads what
// a run left behind.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace capsule::test {

struct Outcome {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs argv (argv[0] searched in PATH) with optional extra environment "K=V" entries, capturing
// stdout and stderr. stdin is /dev/null.
Outcome run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

std::string capsule_bin();
std::string helper(const std::string& name);

// A fresh private directory, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `capsule run --home HOME -- argv...`
Outcome capsule_run(const std::filesystem::path& home, const std::vector<std::string>& argv,
                    const std::vector<std::string>& extra_flags = {});

// The newest run directory under home/logs.
std::filesystem::path latest_run(const std::filesystem::path& home);

// All JSON records of a stream (the chain field included).
std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file);
std::vector<std::string> read_lines(const std::filesystem::path& file);

}  // namespace capsule::test
