#include "trace/ebpf/cgroup_guard.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

namespace capsule {
namespace {

[[noreturn]] void throw_errno(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

bool write_file(const char* path, const char* text, size_t len) {
  const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::write(fd, text, len) == static_cast<ssize_t>(len);
  ::close(fd);
  return ok;
}

// The watchdog (forked, so async-signal-safe only): waits for capsule's end, then kills the tree.
// It leaves capsule's session so that a Ctrl-C meant for the program does not end it first, and
// ignores the signals that would; only SIGKILL ends it early.
[[noreturn]] void watchdog_main(int read_fd, const char* kill_file) {
  ::setsid();
  ::signal(SIGINT, SIG_IGN);
  ::signal(SIGTERM, SIG_IGN);
  ::signal(SIGHUP, SIG_IGN);
  ::signal(SIGQUIT, SIG_IGN);
  char c;
  while (::read(read_fd, &c, 1) != 0) {
    if (errno != EINTR) break;
  }
  write_file(kill_file, "1", 1);
  _exit(0);
}

}  // namespace

std::optional<std::filesystem::path> cgroup2_mount() {
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    // "36 25 0:31 / /sys/fs/cgroup/unified rw,… - cgroup2 cgroup2 rw": fields before " - ".
    const size_t dash = line.find(" - ");
    if (dash == std::string::npos || line.compare(dash + 3, 8, "cgroup2 ") != 0) continue;
    std::istringstream f(line.substr(0, dash));
    std::string id, parent, dev, root, mount;
    if (f >> id >> parent >> dev >> root >> mount) return std::filesystem::path(mount);
  }
  return std::nullopt;
}

CgroupGuard::CgroupGuard() {
  const auto mount = cgroup2_mount();
  if (!mount) throw_errno(ENOENT, "no cgroup v2 hierarchy is mounted");
  static std::atomic<unsigned> serial{0};
  // A cgroup of an earlier capsule with the same pid can still be there (killed with SIGKILL, or
  // its rmdir below gave up under load): the next name then, never someone else's cgroup.
  for (;;) {
    dir_ = *mount / ("capsule-" + std::to_string(::getpid()) + "-" + std::to_string(serial++));
    if (::mkdir(dir_.c_str(), 0755) == 0) break;
    if (errno != EEXIST) throw_errno(errno, "mkdir " + dir_.string());
  }
  procs_ = (dir_ / "cgroup.procs").string();
  kill_file_ = (dir_ / "cgroup.kill").string();
  freeze_file_ = (dir_ / "cgroup.freeze").string();
  events_.reset(::open((dir_ / "cgroup.events").c_str(), O_RDONLY | O_CLOEXEC));

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    const int err = errno;
    ::rmdir(dir_.c_str());
    throw_errno(err, "pipe2");
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[1]);
    watchdog_main(fds[0], kill_file_.c_str());
  }
  const int err = errno;
  ::close(fds[0]);
  watchdog_pipe_.reset(fds[1]);
  if (pid < 0) {
    ::rmdir(dir_.c_str());
    throw_errno(err, "fork");
  }
  watchdog_ = pid;
}

CgroupGuard::~CgroupGuard() {
  kill_all();
  watchdog_pipe_.reset();  // the watchdog's EOF: it writes cgroup.kill once more and exits
  int status = 0;
  while (::waitpid(watchdog_, &status, 0) < 0 && errno == EINTR) {
  }
  // The killed processes leave the cgroup asynchronously; rmdir succeeds once it is empty.
  for (int i = 0; i < 200 && ::rmdir(dir_.c_str()) != 0 && errno == EBUSY; ++i) ::usleep(5000);
}

bool CgroupGuard::populated() const {
  // "populated 1\nfrozen 0\n". Read through the open fd (also clearing its EPOLLPRI), a fresh
  // open only if that failed.
  char buf[128];
  ssize_t n = events_ ? ::pread(events_.get(), buf, sizeof(buf) - 1, 0) : -1;
  if (n < 0) {
    const UniqueFd fd(::open((dir_ / "cgroup.events").c_str(), O_RDONLY | O_CLOEXEC));
    n = fd ? ::read(fd.get(), buf, sizeof(buf) - 1) : -1;
  }
  if (n <= 0) return false;
  const std::string_view text(buf, static_cast<size_t>(n));
  const size_t at = text.find("populated ");
  return at != std::string_view::npos && at + 10 < text.size() && text[at + 10] != '0';
}

void CgroupGuard::kill_all() const { write_file(kill_file_.c_str(), "1", 1); }

void CgroupGuard::freeze(bool on) const { write_file(freeze_file_.c_str(), on ? "1" : "0", 1); }

void CgroupGuard::signal_all(int sig) const {
  std::ifstream in(procs_);
  pid_t pid = 0;
  while (in >> pid) ::kill(pid, sig);
}

}  // namespace capsule
