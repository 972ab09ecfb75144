#include "background_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stdexcept>

extern char** environ;

namespace capsule::test {

int64_t parse_iso_us(const std::string& iso) {
  tm t{};
  int micro = 0;
  if (std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d.%dZ", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
                  &t.tm_min, &t.tm_sec, &micro) != 7) {
    throw std::runtime_error("not an ISO time: " + iso);
  }
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&t)) * 1000000 + micro;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv) {
  int out[2], err[2];
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawnp(&pid_, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  close(err[1]);
  ch_[0].fd = out[0];
  ch_[1].fd = err[0];
  if (rc != 0) throw std::runtime_error("posix_spawnp " + argv[0]);
}

BackgroundProcess::~BackgroundProcess() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, &status_, 0);
  }
  for (auto& c : ch_) {
    if (c.fd >= 0) close(c.fd);
  }
}

void BackgroundProcess::send_signal(int sig) const { kill(pid_, sig); }

void BackgroundProcess::pump(int timeout_ms) {
  pollfd p[2] = {{ch_[0].fd, POLLIN, 0}, {ch_[1].fd, POLLIN, 0}};
  if (ch_[0].fd < 0 && ch_[1].fd < 0) return;
  if (poll(p, 2, timeout_ms) <= 0) return;
  const int64_t now = wall_clock_us();
  for (int i = 0; i < 2; ++i) {
    if (p[i].fd < 0 || p[i].revents == 0) continue;
    char buf[65536];
    const ssize_t n = read(p[i].fd, buf, sizeof buf);
    if (n <= 0) {
      close(ch_[i].fd);
      ch_[i].fd = -1;
      continue;
    }
    Channel& c = ch_[i];
    c.buf.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = c.buf.find('\n')) != std::string::npos;) {
      c.lines.push_back({c.buf.substr(0, nl), now});
      c.buf.erase(0, nl + 1);
    }
  }
}

std::optional<TimedLine> BackgroundProcess::next_line(int which, std::chrono::milliseconds timeout) {
  const int64_t deadline = wall_clock_us() + timeout.count() * 1000;
  for (;;) {
    Channel& c = ch_[which];
    if (!c.lines.empty()) {
      TimedLine l = std::move(c.lines.front());
      c.lines.erase(c.lines.begin());
      return l;
    }
    const int64_t left_ms = (deadline - wall_clock_us()) / 1000;
    if (left_ms <= 0 || c.fd < 0) return std::nullopt;
    pump(static_cast<int>(left_ms));
  }
}

std::optional<int> BackgroundProcess::wait_exit(std::chrono::milliseconds timeout) {
  const int64_t deadline = wall_clock_us() + timeout.count() * 1000;
  while (!reaped_) {
    if (waitpid(pid_, &status_, WNOHANG) == pid_) {
      reaped_ = true;
      break;
    }
    if (wall_clock_us() >= deadline) return std::nullopt;
    pump(10);
  }
  // The rest of the output, unless something the process started still holds the pipes.
  const int64_t drain_deadline = wall_clock_us() + 2000000;
  while ((ch_[0].fd >= 0 || ch_[1].fd >= 0) && wall_clock_us() < drain_deadline) pump(100);
  return WIFEXITED(status_) ? WEXITSTATUS(status_) : 128 + WTERMSIG(status_);
}

std::string BackgroundProcess::pending(int which) const {
  std::string out;
  for (const auto& l : ch_[which].lines) out += l.text + "\n";
  return out + ch_[which].buf;
}

}  // namespace capsule::test
