#include "trace/ebpf/outside_tree_supervisor.h"

#include <linux/seccomp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

namespace capsule {
namespace {

// The kernel's sizes of the notification structs (they may grow): the buffers are at least these.
seccomp_notif_sizes kernel_notif_sizes() {
  seccomp_notif_sizes sizes{};
  if (::syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
    throw std::system_error(errno, std::generic_category(), "seccomp(SECCOMP_GET_NOTIF_SIZES)");
  }
  return sizes;
}

// CLOCK_MONOTONIC, the kernel side's clock (bpf_ktime_get_ns).
uint64_t monotonic_ns() {
  timespec t{};
  ::clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<uint64_t>(t.tv_sec) * 1'000'000'000u + static_cast<uint64_t>(t.tv_nsec);
}

bool notification_valid(int listener, uint64_t id) {
  return ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0;
}

}  // namespace

pid_t thread_group_of(pid_t tid) {
  std::ifstream in("/proc/" + std::to_string(tid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Tgid:", 0) == 0) return static_cast<pid_t>(std::strtol(line.c_str() + 5, nullptr, 10));
  }
  return 0;
}

OutsideTreeSupervisor::OutsideTreeSupervisor(std::function<bool(pid_t)> traced)
    : traced_(std::move(traced)),
      // A tid is in the tree when its process is; most pids asked about are processes.
      in_tree_([this](pid_t p) {
        if (traced_(p)) return true;
        const pid_t group = thread_group_of(p);
        return group > 0 && group != p && traced_(group);
      }),
      // io_uring_setup is the filter of io_uring_guard.h's, never notified here.
      containment_(ContainmentOptions{.allow_outside_tree = false, .allow_io_uring = true}) {}

void OutsideTreeSupervisor::start(UniqueFd listener) {
  const seccomp_notif_sizes sizes = kernel_notif_sizes();
  notif_size_ = std::max<size_t>(sizes.seccomp_notif, sizeof(seccomp_notif));
  resp_size_ = std::max<size_t>(sizes.seccomp_notif_resp, sizeof(seccomp_notif_resp));
  listener_ = std::move(listener);
  thread_.start([this] { serve(); });
}

void OutsideTreeSupervisor::serve() {
  // uint64_t elements: aligned for the structs placed in them.
  std::vector<uint64_t> req_buf((notif_size_ + 7) / 8), resp_buf((resp_size_ + 7) / 8);
  while (true) {
    pollfd fds[2] = {{listener_.get(), POLLIN, 0}, {thread_.stop_fd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    // POLLHUP alone: no process uses the filter any more (the tree has ended).
    if ((fds[0].revents & POLLIN) == 0) {
      if ((fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) != 0) return;
      continue;
    }
    std::fill(req_buf.begin(), req_buf.end(), 0);  // the kernel wants it zeroed
    if (::ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_RECV, req_buf.data()) != 0) {
      if (errno == EINTR || errno == ENOENT) continue;  // ENOENT: the caller was interrupted first
      return;
    }
    std::fill(resp_buf.begin(), resp_buf.end(), 0);
    answer(*reinterpret_cast<const seccomp_notif*>(req_buf.data()), resp_buf.data());
  }
}

void OutsideTreeSupervisor::answer(const seccomp_notif& req, void* resp_buf) {
  auto* resp = static_cast<seccomp_notif_resp*>(resp_buf);
  resp->id = req.id;
  const auto tid = static_cast<pid_t>(req.pid);
  RawSyscall call;
  call.arch = req.data.arch;
  call.nr = req.data.nr;
  for (int i = 0; i < 6; ++i) call.args[i] = req.data.args[i];
  const pid_t tgid = traced_(tid) ? tid : thread_group_of(tid);
  std::optional<Refusal> refusal = containment_.check(call, tid, tgid, in_tree_);
  // What was read may belong to a thread that has gone and whose id was reused: act only for a
  // notification that still waits.
  if (!notification_valid(listener_.get(), req.id)) return;
  if (!refusal) {
    resp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  } else if (refusal->tree_group > 0) {
    // kill(0)/kill(-PGID) on a group shared with outsiders: the tree's part of it only, as the
    // ptrace backend does. The caller waits killably only (SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV),
    // so a signal it sends itself arrives after this answer, as under ptrace, unless it is fatal
    // (then it may end the wait first: the call is recorded interrupted, docs/SECURITY.md).
    const std::vector<pid_t> members = tree_members_of_group(refusal->tree_group, in_tree_);
    if (members.empty()) {
      refusal->tree_group = 0;  // no one of the tree in it: refused
    } else {
      for (pid_t p : members) ::kill(p, refusal->signal);
    }
  }
  const bool refused = refusal && refusal->tree_group == 0;
  if (refused) {
    // Kept before the answer: the call's record can only come after it.
    resp->error = -refusal->err;
    const std::lock_guard<std::mutex> lock(mutex_);
    pending_[tid].push_back(Pending{call.nr, refusal->err, refusal->reason, monotonic_ns()});
    pending_count_.fetch_add(1);
  }
  if (::ioctl(listener_.get(), SECCOMP_IOCTL_NOTIF_SEND, resp) == 0) {
    if (refused && refusal->reason == DenyReason::OutsideTree) refused_.fetch_add(1);
    return;
  }
  // ENOENT: the caller was interrupted (or killed) meanwhile; its call runs again, or never.
  if (!refused) return;
  const std::lock_guard<std::mutex> lock(mutex_);
  if (const auto it = pending_.find(tid); it != pending_.end()) {
    it->second.pop_back();
    if (it->second.empty()) pending_.erase(it);
    pending_count_.fetch_sub(1);
  }
}

std::optional<DenyReason> OutsideTreeSupervisor::take_refusal(pid_t tid, int32_t nr, int64_t ret, uint64_t t_exit_ns) {
  if (pending_count_.load() == 0) return std::nullopt;  // every call but the few refused
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = pending_.find(tid);
  if (it == pending_.end()) return std::nullopt;
  std::deque<Pending>& queue = it->second;
  // A call of the thread's that ended before the oldest refusal: its record was still in the ring.
  if (t_exit_ns < queue.front().decided_ns) return std::nullopt;
  const Pending p = queue.front();
  queue.pop_front();
  if (queue.empty()) pending_.erase(it);
  pending_count_.fetch_sub(1);
  if (p.nr != nr || ret != -p.err) return std::nullopt;  // a refusal whose call never returned
  return p.reason;
}

}  // namespace capsule
