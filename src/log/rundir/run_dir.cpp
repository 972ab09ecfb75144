// The run directory layout under the capsule home (docs/FORMAT.md, "Run directory").
#include "log/rundir/run_dir.h"

#include <sys/stat.h>
#include <unistd.h>
#include <uuid/uuid.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <system_error>

#include "log/render/event_render.h"
#include "log/rundir/file_io.h"
#include "log/chain/chained_stream.h"
#include "log/rundir/run_streams.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

constexpr size_t kUuidLength = 36;
// "20261123T173000.123456Z": fixed width, so names sort by time for any year 1000–9999.
constexpr size_t kTimestampLength = 23;

std::string errno_text(int err) { return std::strerror(err); }

bool is_uuid(std::string_view s) {
  if (s.size() != kUuidLength) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool dash_slot = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_slot ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// What a --run spec may be when it names a run by id: hex digits and dashes only, so that it
// can never be a path ("../../etc") in disguise.
bool looks_like_id_prefix(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
  });
}

bool is_run_dir_name(std::string_view name) {
  return name.size() == kTimestampLength + 1 + kUuidLength && name[kTimestampLength] == '-' &&
         name[8] == 'T' && name[kTimestampLength - 1] == 'Z' &&
         is_uuid(name.substr(kTimestampLength + 1));
}

// "20261123T173000.123456Z" from the ISO form "2026-11-23T17:30:00.123456Z".
std::string compact_timestamp(int64_t us) {
  std::string iso;
  append_iso_time(us, iso);
  std::string out;
  for (const char c : iso) {
    if (c != '-' && c != ':') out.push_back(c);
  }
  return out;
}

// mkdir 0700 unless it exists as a directory; a missing parent is created too (with the same
// mode, since it is ours). Existing directories are tightened to 0700 only when named in
// tighten (the logs/ and run/ folders we own), never the user's own home choice.
void ensure_private_dir(const fs::path& dir, bool tighten) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(dir, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(fs::status(dir, ec))) {
      throw RunDirError(dir.string() + " exists and is not a directory");
    }
    if (tighten && (st.permissions() & (fs::perms::group_all | fs::perms::others_all)) !=
                       fs::perms::none) {
      ::chmod(dir.c_str(), 0700);
    }
    return;
  }
  if (dir.has_parent_path() && dir.parent_path() != dir) {
    const fs::path parent = dir.parent_path();
    if (!fs::exists(parent, ec)) ensure_private_dir(parent, false);
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    throw RunDirError("cannot create " + dir.string() + ": " + errno_text(errno));
  }
  ::chmod(dir.c_str(), 0700);  // in case the umask removed owner bits
}

}  // namespace

fs::path resolve_home(const std::optional<std::string>& home_flag) {
  fs::path home;
  if (home_flag && !home_flag->empty()) {
    home = *home_flag;
  } else if (const char* env = std::getenv("CAPSULE_HOME"); env != nullptr && *env != '\0') {
    home = env;
  } else if (const char* user_home = std::getenv("HOME"); user_home != nullptr && *user_home) {
    home = fs::path(user_home) / ".capsule";
  } else {
    throw RunDirError("cannot find the capsule home: set $HOME or $CAPSULE_HOME, or pass --home");
  }
  // Absolute, because run/<uuid>/log_dir.txt records paths for other working directories.
  std::error_code ec;
  fs::path abs = fs::absolute(home, ec);
  return ec ? home : abs.lexically_normal();
}

void prepare_home(const fs::path& home) {
  ensure_private_dir(home, false);
  ensure_private_dir(home / "logs", true);
  ensure_private_dir(home / "run", true);
  for (const char* sub : {"logs", "run"}) {
    const fs::path p = home / sub;
    if (::access(p.c_str(), W_OK | X_OK) != 0) {
      throw RunDirError("capsule home " + home.string() + " is not writable (" + p.string() +
                        ": " + errno_text(errno) + ")");
    }
  }
}

RunPaths create_run(const fs::path& home, int64_t start_us) {
  prepare_home(home);
  uuid_t uu;
  uuid_generate_random(uu);
  char text[kUuidLength + 1];
  uuid_unparse_lower(uu, text);

  RunPaths run;
  run.home = home;
  run.run_id = text;
  run.log_dir = home / "logs" / (compact_timestamp(start_us) + "-" + run.run_id);
  if (::mkdir(run.log_dir.c_str(), 0700) != 0) {
    throw RunDirError("cannot create " + run.log_dir.string() + ": " + errno_text(errno));
  }
  ::chmod(run.log_dir.c_str(), 0700);

  const fs::path pointer_dir = home / "run" / run.run_id;
  if (::mkdir(pointer_dir.c_str(), 0700) != 0) {
    throw RunDirError("cannot create " + pointer_dir.string() + ": " + errno_text(errno));
  }
  ::chmod(pointer_dir.c_str(), 0700);
  try {
    // Unsynced: a live pointer for `capsule runs` and `tail`, useless once the machine is gone.
    file_io::write_file_atomically(pointer_dir / "log_dir.txt", run.log_dir.string() + "\n",
                                   file_io::Durability::Unsynced);
  } catch (const LogWriteError& e) {
    throw RunDirError(e.what());
  }
  return run;
}

std::vector<fs::path> list_runs(const fs::path& home) {
  std::vector<fs::path> runs;
  std::error_code ec;
  fs::directory_iterator it(home / "logs", ec);
  if (ec) return runs;
  for (const fs::directory_entry& entry : it) {
    if (is_run_dir_name(entry.path().filename().string()) && entry.is_directory(ec)) {
      runs.push_back(entry.path());
    }
  }
  // The timestamp leads the name, so name order is time order; newest first.
  std::sort(runs.begin(), runs.end(),
            [](const fs::path& a, const fs::path& b) { return a.filename() > b.filename(); });
  return runs;
}

std::vector<fs::path> list_strays(const fs::path& home) {
  std::vector<fs::path> strays;
  std::error_code ec;
  fs::directory_iterator it(home / "logs", ec);
  if (ec) return strays;
  for (const fs::directory_entry& entry : it) {
    if (!is_run_dir_name(entry.path().filename().string()) || !entry.is_directory(ec)) strays.push_back(entry.path());
  }
  std::sort(strays.begin(), strays.end());
  return strays;
}

fs::path stream_file_path(const fs::path& log_dir, std::string_view name) {
  const std::string plain = run_stream_file(name);
  fs::path compressed = log_dir / (plain + std::string(kZstdSuffix));
  std::error_code ec;
  if (fs::exists(compressed, ec)) return compressed;
  return log_dir / plain;
}

int64_t run_dir_time_us(const fs::path& log_dir) {
  const std::string name = log_dir.filename().string();  // 20261205T125130.433643Z-uuid
  std::tm tm{};
  int usec = 0;
  if (std::sscanf(name.c_str(), "%4d%2d%2dT%2d%2d%2d.%6dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &usec) != 7) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000000 + usec;
}

std::string run_id_of(const fs::path& log_dir) {
  std::string name = log_dir.filename().string();
  if (name.empty()) name = log_dir.parent_path().filename().string();  // "dir/" spelling
  if (name.size() >= kUuidLength + 1 && name[name.size() - kUuidLength - 1] == '-') {
    std::string tail = name.substr(name.size() - kUuidLength);
    if (is_uuid(tail)) return tail;
  }
  return is_uuid(name) ? name : std::string();
}

fs::path resolve_run(const fs::path& home, const std::string& spec) {
  const std::vector<fs::path> runs = list_runs(home);
  if (spec.empty() || spec == "latest") {
    if (runs.empty()) throw RunDirError("no runs in " + (home / "logs").string());
    return runs.front();
  }

  if (looks_like_id_prefix(spec)) {
    std::string prefix = spec;
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c; });
    std::vector<fs::path> matches;
    for (const fs::path& run : runs) {
      const std::string id = run_id_of(run);
      if (id == prefix) return run;  // an exact id wins even when it prefixes nothing else
      if (id.compare(0, prefix.size(), prefix) == 0) matches.push_back(run);
    }
    if (matches.size() == 1) return matches.front();
    if (matches.size() > 1) {
      std::string msg = "run '" + spec + "' is ambiguous; it matches:";
      for (const fs::path& m : matches) msg += " " + run_id_of(m);
      throw RunDirError(msg);
    }
  }

  // A path to a log directory (or the name of one under logs/).
  std::error_code ec;
  fs::path dir = spec;
  if (dir.is_relative() && spec.find('/') == std::string::npos && is_run_dir_name(spec)) {
    dir = home / "logs" / spec;
  }
  if (fs::is_directory(dir, ec)) {
    if (fs::exists(dir / "manifest.json", ec) || fs::exists(stream_file_path(dir, "events"), ec)) {
      return dir;
    }
    throw RunDirError("no run matches '" + spec +
                      "': that directory holds no manifest.json or events.jsonl");
  }
  std::string msg = "no run matches '" + spec + "'";
  msg += runs.empty() ? " (no runs in " + (home / "logs").string() + ")"
                      : " (newest: " + run_id_of(runs.front()) + ")";
  throw RunDirError(msg);
}

}  // namespace capsule
