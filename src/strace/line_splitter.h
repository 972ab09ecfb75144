// A byte stream cut into lines (without their '\n'), however the stream arrives sliced: strace's
// output through a pipe, a file read in chunks.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace capsule {

class LineSplitter {
 public:
  // Calls on_line(std::string_view) for each line completed by data.
  template <class OnLine>
  void feed(std::string_view data, OnLine&& on_line) {
    while (!data.empty()) {
      const void* nl = std::memchr(data.data(), '\n', data.size());
      if (nl == nullptr) {
        partial_.append(data);
        return;
      }
      const size_t len = static_cast<size_t>(static_cast<const char*>(nl) - data.data());
      if (partial_.empty()) {
        on_line(data.substr(0, len));
      } else {  // the line began in an earlier slice
        partial_.append(data.substr(0, len));
        on_line(std::string_view(partial_));
        partial_.clear();
      }
      data.remove_prefix(len + 1);
    }
  }

  // End of the stream: a last line without its '\n'.
  template <class OnLine>
  void finish(OnLine&& on_line) {
    if (partial_.empty()) return;
    on_line(std::string_view(partial_));
    partial_.clear();
  }

 private:
  std::string partial_;
};

}  // namespace capsule
