// Where runs live: $CAPSULE_HOME (default ~/.capsule) holds logs/<UTC timestamp>-<uuid>/ and
// run/<uuid>/log_dir.txt pointing at it. Directories 0700, files 0600: argv and env hold secrets.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace capsule {

// A problem with the home or a run reference that the user caused (unwritable home, unknown run):
// reported as one "capsule: ..." line.
class RunDirError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunPaths {
  std::filesystem::path home;
  std::filesystem::path log_dir;
  std::string run_id;  // a random UUID, lower-case
};

// --home if given, else $CAPSULE_HOME, else $HOME/.capsule.
std::filesystem::path resolve_home(const std::optional<std::string>& home_flag);

// Checks that home can hold runs (creating it 0700 if missing): throws RunDirError otherwise.
void prepare_home(const std::filesystem::path& home);

// Creates a new run directory for a run starting at start_us; throws RunDirError.
RunPaths create_run(const std::filesystem::path& home, int64_t start_us);

// All run directories in home, newest first.
std::vector<std::filesystem::path> list_runs(const std::filesystem::path& home);
// What else is in home/logs: entries that are not run directories (a run directory renamed, a
// file put there), sorted by name. verify --all reports them rather than skip them.
std::vector<std::filesystem::path> list_strays(const std::filesystem::path& home);

// Resolves --run: a uuid, a unique prefix of one, a log directory path, or "latest" (also when
// spec is empty). Throws RunDirError naming what exists when nothing or more than one matches.
std::filesystem::path resolve_run(const std::filesystem::path& home, const std::string& spec);

// The file holding stream `name` in a log directory: "<file>.zst" when the run stored it
// compressed (that file exists), else the plain "<file>" (which may not exist). Read it with
// LineReader, which decodes either form.
std::filesystem::path stream_file_path(const std::filesystem::path& log_dir, std::string_view name);

// The run id (uuid) of a log directory named <timestamp>-<uuid>.
std::string run_id_of(const std::filesystem::path& log_dir);
// The time a run directory's name starts with (the run's start; for `capsule import`, the
// import's), in µs since the epoch; 0 when the name does not start with one.
int64_t run_dir_time_us(const std::filesystem::path& log_dir);

}  // namespace capsule
