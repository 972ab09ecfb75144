// Appends a record's small pieces (keys, numbers, short plain strings) to a std::string through a
// stack buffer, one std::string append per ~200 bytes instead of one per piece: in the enriched
// record, the appends themselves cost more than the bytes they write.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "base/zero_padded.h"
#include "log/render/json_text.h"

namespace capsule {

class RecordWriter {
 public:
  explicit RecordWriter(std::string& out) : out_(out) {}
  ~RecordWriter() { flush(); }
  RecordWriter(const RecordWriter&) = delete;
  RecordWriter& operator=(const RecordWriter&) = delete;

  void text(std::string_view s) {
    if (s.size() > room()) {
      flush();
      if (s.size() > sizeof buf_) {
        out_.append(s);
        return;
      }
    }
    std::memcpy(end_, s.data(), s.size());
    end_ += s.size();
  }
  void ch(char c) {
    if (room() == 0) flush();
    *end_++ = c;
  }
  void num(int64_t v) {
    if (room() < kMaxDigits) flush();
    end_ = std::to_chars(end_, buf_ + sizeof buf_, v).ptr;
  }
  void unum(uint64_t v) {
    if (room() < kMaxDigits) flush();
    end_ = std::to_chars(end_, buf_ + sizeof buf_, v).ptr;
  }
  // v as exactly `width` decimal digits, zero-padded (v < 10^width).
  void digits(uint32_t v, int width) {
    if (room() < static_cast<size_t>(width)) flush();
    end_ = put_zero_padded(end_, v, width);
  }
  // A quoted JSON string, as json::append_string writes it.
  void string(std::string_view s) {
    if (json::is_plain(s) && s.size() + 2 <= sizeof buf_) {
      if (s.size() + 2 > room()) flush();
      *end_++ = '"';
      std::memcpy(end_, s.data(), s.size());
      end_ += s.size();
      *end_++ = '"';
      return;
    }
    json::append_string(flushed(), s);
  }
  // v as lower-case hex digits, without prefix.
  void hex(uint64_t v) {
    if (room() < kMaxHexDigits) flush();
    end_ = std::to_chars(end_, buf_ + sizeof buf_, v, 16).ptr;
  }
  // The string with everything written so far, for appending to it directly.
  std::string& flushed() {
    flush();
    return out_;
  }
  // The length the string will have once flushed.
  size_t size() const { return out_.size() + static_cast<size_t>(end_ - buf_); }

 private:
  static constexpr size_t kMaxDigits = 20;  // "-9223372036854775808" / 18446744073709551615
  static constexpr size_t kMaxHexDigits = 16;
  size_t room() const { return static_cast<size_t>(buf_ + sizeof buf_ - end_); }
  void flush() {
    if (end_ == buf_) return;
    out_.append(buf_, end_);
    end_ = buf_;
  }

  std::string& out_;
  char buf_[256];
  char* end_ = buf_;
};

}  // namespace capsule
