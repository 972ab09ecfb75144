#include "view/run_follower.h"

#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

#include "log/rundir/manifest.h"
#include "log/rundir/process_instance.h"
#include "log/rundir/run_dir.h"
#include "view/stream_names.h"

namespace capsule::view {
namespace fs = std::filesystem;

namespace {
constexpr uint32_t kRunDirEvents = IN_CREATE | IN_MODIFY | IN_MOVED_TO | IN_CLOSE_WRITE;
constexpr const char* kManifestFile = "manifest.json";
}  // namespace

RunFollower::RunFollower(Inotify& inotify, fs::path run_dir, std::string stream)
    : inotify_(inotify),
      dir_(std::move(run_dir)),
      run_id_(run_id_of(dir_)),
      stream_(std::move(stream)),
      tailer_(dir_ / stream_file_name(stream_)) {
  wd_ = inotify_.watch(dir_, kRunDirEvents);
}

RunFollower::~RunFollower() { inotify_.unwatch(wd_); }

void RunFollower::switch_stream(std::string stream) {
  stream_ = std::move(stream);
  tailer_ = StreamTailer(dir_ / stream_file_name(stream_));
}

void RunFollower::also_follow(const std::string& stream) {
  side_stream_ = stream;
  side_tailer_.emplace(dir_ / stream_file_name(stream));
}

void RunFollower::note_event(const InotifyEvent& ev) {
  if (ev.name == kManifestFile) manifest_changed_ = true;
}

void RunFollower::watch_recorder(int pid, const std::string& instance) {
  if (recorder_pid_ == pid) return;
  recorder_pid_ = pid;
  recorder_instance_ = instance;
  pidfd_ = UniqueFd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  // The pid may already belong to another process: only a pidfd opened while the instance
  // token still matches names the recorder.
  if (pidfd_ && process_instance_token(pid) != instance) {
    pidfd_.reset();
    recorder_exited_ = true;
  } else if (!pidfd_ && errno == ESRCH) {
    recorder_exited_ = true;
  }
}

void RunFollower::refresh_state() {
  if (end_ != RunEnd::NotYet) return;
  const bool check_recorder = recorder_exited_ || needs_liveness_checks();
  if (!manifest_changed_ && !check_recorder) return;
  manifest_changed_ = false;
  Manifest m;
  try {
    m = read_manifest(dir_);
  } catch (const std::exception&) {
    return;  // not written yet (the run is starting), or unreadable: nothing to decide on
  }
  have_manifest_ = true;
  if (m.state == "complete") {
    end_ = RunEnd::Complete;
    return;
  }
  if (!m.capsule_pid || m.capsule_instance.empty()) return;  // nobody to watch: follow on
  watch_recorder(*m.capsule_pid, m.capsule_instance);
  if (needs_liveness_checks() && process_instance_token(recorder_pid_) != recorder_instance_) {
    recorder_exited_ = true;
  }
  // The capsule completes the manifest before it exits; if it is gone and the manifest (read
  // after it went) still says "running", it never will.
  if (recorder_exited_) end_ = RunEnd::RecorderGone;
}

bool RunFollower::catch_up(const LineSink& sink, const LineSink& side_sink) {
  // State first, records second: the capsule writes every record before it completes the
  // manifest, so a run seen complete here has all its records in the file read below.
  refresh_state();
  if (!tailer_.catch_up(sink)) return false;
  return !side_tailer_ || side_tailer_->catch_up(side_sink);
}

bool RunFollower::finish(const LineSink& sink, const LineSink& side_sink) {
  if (!tailer_.flush_partial(sink)) return false;
  return !side_tailer_ || !side_tailer_->is_open() || side_tailer_->flush_partial(side_sink);
}

}  // namespace capsule::view
