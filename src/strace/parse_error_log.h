// parse_errors.log: the strace lines a run could not read, kept verbatim so that nothing of the
// input is silently lost. The file (0600, like every file of a run) is created at the first
// error only; one line per error:
//
//   <line number> TAB <why> TAB <the line, verbatim>
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/unique_fd.h"
#include "strace/strace_parser.h"

namespace capsule {

class ParseErrorLog {
 public:
  explicit ParseErrorLog(std::filesystem::path path) : path_(std::move(path)) {}
  ~ParseErrorLog();
  ParseErrorLog(const ParseErrorLog&) = delete;
  ParseErrorLog& operator=(const ParseErrorLog&) = delete;

  // Never throws: a diagnostics file that cannot be written must not stop the recording; the
  // problem is reported by close().
  void add(const StraceParseError& error);
  // Flushes and closes. Returns an empty string, or why the file could not be written.
  std::string close();

  uint64_t count() const { return count_; }

 private:
  void flush();

  std::filesystem::path path_;
  UniqueFd fd_;
  int err_ = 0;
  uint64_t count_ = 0;
  std::string buffer_;
};

}  // namespace capsule
