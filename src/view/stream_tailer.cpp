#include "view/stream_tailer.h"

#include <fcntl.h>

#include <cerrno>

#include "log/compress/compression.h"
#include "log/rundir/line_reader.h"

namespace capsule::view {

bool StreamTailer::open() {
  if (fd_) return true;
  std::filesystem::path compressed = file_;
  compressed += kZstdSuffix;
  fd_ = UniqueFd(::open(compressed.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd_) {
    decoder_ = std::make_unique<ZstdDecoder>();
    return true;
  }
  fd_ = UniqueFd(::open(file_.c_str(), O_RDONLY | O_CLOEXEC));
  return static_cast<bool>(fd_);
}

bool StreamTailer::split_lines(std::string_view chunk, const LineSink& sink) {
  while (!chunk.empty()) {
    const size_t nl = chunk.find('\n');
    if (nl == std::string_view::npos) {
      pending_.append(chunk);
      // No record is this long; a few KB of zstd could otherwise make one of GBs.
      if (pending_.size() > LineReader::kMaxDecodedLine) {
        error_ = "a line longer than 64 MiB";
        pending_.clear();
      }
      break;
    }
    bool keep_going = true;
    if (pending_.empty()) {
      keep_going = sink(chunk.substr(0, nl));
    } else {
      pending_.append(chunk.substr(0, nl));
      keep_going = sink(pending_);
      pending_.clear();
    }
    if (!keep_going) return false;
    chunk.remove_prefix(nl + 1);
  }
  return true;
}

bool StreamTailer::decode(std::string_view chunk, const LineSink& sink) {
  char out[65536];
  // Until the input is used and zstd holds nothing back (a full out may leave some behind).
  while (error_.empty()) {
    const ZstdDecoder::Step s = decoder_->step(chunk, out, sizeof out);
    chunk.remove_prefix(s.consumed);
    if (!split_lines(std::string_view(out, s.produced), sink)) return false;
    if (!s.ok) {
      error_ = "corrupt zstd data: " + s.error;
      return true;  // nothing after it can be read (catch_up stops here); verify says where
    }
    if (chunk.empty() && s.produced < sizeof out) return true;
  }
  return true;
}

bool StreamTailer::catch_up(const LineSink& sink) {
  if (!error_.empty() || !open()) return true;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;  // the current end (a read error ends this look the same way)
    const std::string_view chunk(buf, static_cast<size_t>(n));
    if (!(decoder_ ? decode(chunk, sink) : split_lines(chunk, sink))) return false;
    if (!error_.empty()) return true;
  }
}

bool StreamTailer::flush_partial(const LineSink& sink) {
  if (pending_.empty()) return true;
  const std::string last = std::move(pending_);
  pending_.clear();
  return sink(last);
}

}  // namespace capsule::view
