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

// Makes dir enterable by uid 65534 and puts in it a copy of the print_ids helper owned by
// owner:owner with the setuid bit; returns its path. Needs root (chown).
std::filesystem::path setuid_copy(const TempDir& dir, unsigned owner);

// A directory under dir owned by uid/gid 65534, to be the HOME of as_nobody(). Needs root.
std::filesystem::path nobody_home(const TempDir& dir);
// argv run as an unprivileged user: setpriv to uid/gid 65534 without supplementary groups, with
// HOME=home.
std::vector<std::string> as_nobody(const std::filesystem::path& home, const std::vector<std::string>& argv);

// `capsule run --home HOME -- argv...`
Outcome capsule_run(const std::filesystem::path& home, const std::vector<std::string>& argv,
                    const std::vector<std::string>& extra_flags = {});

// The newest run directory under home/logs.
std::filesystem::path latest_run(const std::filesystem::path& home);

// All JSON records of a stream (the chain field included).
std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file);

// The manifest.json of the newest run in `home`.
nlohmann::json latest_manifest(const std::filesystem::path& home);
std::vector<std::string> read_lines(const std::filesystem::path& file);
// A program's output split into lines (without their '\n').
std::vector<std::string> output_lines(const std::string& text);
// The columns a UTF-8 line takes on a terminal (continuation bytes take none).
size_t display_columns(const std::string& line);
// A file's bytes, whole (empty when it cannot be read); and a file replaced by these bytes.
// For a stream of a compressed run (only "<file>.zst" exists) slurp and read_lines give its
// plain bytes, decoded by the zstd tool; spit always writes the file named (and its missing folders).
std::string slurp(const std::filesystem::path& file);
void spit(const std::filesystem::path& file, const std::string& bytes);
// A file's bytes as stored, never decoded.
std::string slurp_raw(const std::filesystem::path& file);

}  // namespace capsule::test
