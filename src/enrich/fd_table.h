// One process's open file descriptors, as the kernel's fd table would hold them, rebuilt from the
// event stream: what each fd refers to (strace -yy text), its class and its close-on-exec flag.
//
// Looked up for every fd argument of every event, so small fds (the common case) live in a flat
// vector indexed by number; the rare huge fds (dup2(x, 10000)) go to a hash map.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "enrich/resource_class.h"

namespace capsule {

struct FdEntry {
  std::string ref;  // "/etc/passwd", "pipe:[]", "TCP:[127.0.0.1:40000->127.0.0.1:8080]"
  ResourceClass cls = ResourceClass::Unknown;
  bool cloexec = false;
  // Sockets only: the strace -yy protocol label ("TCP", "UDPv6", "UNIX-STREAM"; empty when unknown) and
  // the addresses learnt from bind/connect/accept ("127.0.0.1:8080", "[::1]:53", "/run/x.sock").
  std::string proto;
  std::string local;
  std::string remote;
  // A pidfd: the process it refers to, until that process is reaped (enrich/pidfd_refs.h); else 0.
  int32_t pidfd_of = 0;
};

class FdTable {
 public:
  const FdEntry* find(int64_t fd) const;
  FdEntry* find(int64_t fd);

  // Installs entry at fd, replacing whatever was there (the kernel reuses numbers).
  FdEntry& set(int64_t fd, FdEntry entry);
  // Removes fd; false when it was not open.
  bool erase(int64_t fd);
  // close_range(lo, hi): removes every fd in [lo, hi].
  void erase_range(int64_t lo, int64_t hi);
  // close_range(lo, hi, CLOSE_RANGE_CLOEXEC).
  void set_cloexec_range(int64_t lo, int64_t hi);
  // What execve does: closes every fd marked close-on-exec.
  void drop_cloexec();

  size_t size() const { return count_; }

  // Calls f(entry) for every open fd's entry, which f may change (in no particular order).
  template <class F>
  void update_each(F&& f) {
    for (size_t i = 0; i < dense_.size(); ++i) {
      if (used_[i]) f(dense_[i]);
    }
    for (auto& [fd, entry] : sparse_) f(entry);
  }

  // Calls f(fd, entry) for every open fd, in ascending fd order.
  template <class F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < dense_.size(); ++i) {
      if (used_[i]) f(static_cast<int64_t>(i), dense_[i]);
    }
    if (sparse_.empty()) return;
    std::vector<int64_t> keys;
    keys.reserve(sparse_.size());
    for (const auto& [fd, entry] : sparse_) keys.push_back(fd);
    sort_fds(keys);
    for (int64_t fd : keys) f(fd, sparse_.at(fd));
  }

 private:
  // fds below this go to the flat vector; 4096 entries cover every ordinary program.
  static constexpr int64_t kDenseLimit = 4096;
  static void sort_fds(std::vector<int64_t>& fds);

  std::vector<FdEntry> dense_;
  std::vector<uint8_t> used_;
  std::unordered_map<int64_t, FdEntry> sparse_;
  size_t count_ = 0;
};

}  // namespace capsule
