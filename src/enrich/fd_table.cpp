#include "enrich/fd_table.h"

#include <algorithm>

namespace capsule {

const FdEntry* FdTable::find(int64_t fd) const {
  if (fd < 0) return nullptr;
  if (fd < kDenseLimit) {
    const auto i = static_cast<size_t>(fd);
    return i < used_.size() && used_[i] ? &dense_[i] : nullptr;
  }
  const auto it = sparse_.find(fd);
  return it == sparse_.end() ? nullptr : &it->second;
}

FdEntry* FdTable::find(int64_t fd) {
  return const_cast<FdEntry*>(static_cast<const FdTable*>(this)->find(fd));
}

FdEntry& FdTable::set(int64_t fd, FdEntry entry) {
  if (fd < kDenseLimit && fd >= 0) {
    const auto i = static_cast<size_t>(fd);
    if (i >= used_.size()) {
      dense_.resize(i + 1);
      used_.resize(i + 1, 0);
    }
    if (!used_[i]) ++count_;
    used_[i] = 1;
    dense_[i] = std::move(entry);
    return dense_[i];
  }
  auto [it, inserted] = sparse_.insert_or_assign(fd, std::move(entry));
  if (inserted) ++count_;
  return it->second;
}

bool FdTable::erase(int64_t fd) {
  if (fd < 0) return false;
  if (fd < kDenseLimit) {
    const auto i = static_cast<size_t>(fd);
    if (i >= used_.size() || !used_[i]) return false;
    used_[i] = 0;
    dense_[i] = FdEntry{};  // release the strings now rather than at the next reuse
    --count_;
    return true;
  }
  if (sparse_.erase(fd) == 0) return false;
  --count_;
  return true;
}

void FdTable::erase_range(int64_t lo, int64_t hi) {
  if (hi < lo) return;
  lo = std::max<int64_t>(lo, 0);
  const int64_t dense_hi = std::min<int64_t>(hi, static_cast<int64_t>(used_.size()) - 1);
  for (int64_t fd = lo; fd <= dense_hi; ++fd) erase(fd);
  for (auto it = sparse_.begin(); it != sparse_.end();) {
    if (it->first >= lo && it->first <= hi) {
      it = sparse_.erase(it);
      --count_;
    } else {
      ++it;
    }
  }
}

void FdTable::set_cloexec_range(int64_t lo, int64_t hi) {
  for (size_t i = 0; i < used_.size(); ++i) {
    const auto fd = static_cast<int64_t>(i);
    if (used_[i] && fd >= lo && fd <= hi) dense_[i].cloexec = true;
  }
  for (auto& [fd, entry] : sparse_) {
    if (fd >= lo && fd <= hi) entry.cloexec = true;
  }
}

void FdTable::drop_cloexec() {
  for (size_t i = 0; i < used_.size(); ++i) {
    if (used_[i] && dense_[i].cloexec) erase(static_cast<int64_t>(i));
  }
  for (auto it = sparse_.begin(); it != sparse_.end();) {
    if (it->second.cloexec) {
      it = sparse_.erase(it);
      --count_;
    } else {
      ++it;
    }
  }
}

void FdTable::sort_fds(std::vector<int64_t>& fds) { std::sort(fds.begin(), fds.end()); }

}  // namespace capsule
