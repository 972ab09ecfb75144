// A read-only table of short names indexed by number, stored in one contiguous buffer so that
// building it costs a handful of allocations and a lookup is an index (names.cpp builds several).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace capsule {

class NameTable {
 public:
  // Appends the name for the next index (index = number of names added so far).
  void push(std::string_view name) {
    offsets_.push_back(static_cast<uint32_t>(buffer_.size()));
    buffer_.append(name);
  }

  // Freezes the table: finishes the offsets and builds the reverse (name → index) index.
  void finish() {
    offsets_.push_back(static_cast<uint32_t>(buffer_.size()));
    by_name_.reserve(size());
    for (size_t i = 0; i < size(); ++i) by_name_.push_back(static_cast<uint32_t>(i));
    std::stable_sort(by_name_.begin(), by_name_.end(),
                     [this](uint32_t a, uint32_t b) { return at(a) < at(b); });
  }

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }

  std::string_view at(size_t i) const {
    return std::string_view(buffer_).substr(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }

  // The lowest index whose name is `name`, or -1.
  int64_t find(std::string_view name) const {
    auto it = std::lower_bound(by_name_.begin(), by_name_.end(), name,
                               [this](uint32_t i, std::string_view n) { return at(i) < n; });
    if (it == by_name_.end() || at(*it) != name) return -1;
    return *it;
  }

 private:
  std::string buffer_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> by_name_;
};

}  // namespace capsule
