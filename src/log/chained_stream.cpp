#include "log/chained_stream.h"

#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "log/file_io.h"

namespace capsule {
namespace {

int64_t wall_clock_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

// Writes buf to fd and drops what was written from buf, also when only part of it was.
void drain(int fd, std::string& buf, const std::filesystem::path& path) {
  size_t written = 0;
  const int err = file_io::write_all(fd, buf, written);
  buf.erase(0, written);
  if (err != 0) file_io::throw_write_error("cannot write", path, err);
}

}  // namespace

std::string sidecar_file_name(std::string_view file_name) {
  const size_t dot = file_name.rfind('.');
  std::string out(file_name.substr(0, dot));
  out += ".chain";
  return out;
}

struct ChainedStream::Files {
  std::filesystem::path dir;
  std::filesystem::path main_path;
  std::filesystem::path side_path;
  file_io::Fd main;
  file_io::Fd side;  // Text form only
};

ChainedStream::ChainedStream(const std::filesystem::path& dir, std::string stream_name,
                             std::string file_name, StreamForm form, std::string_view run_id)
    : name_(std::move(stream_name)), file_(std::move(file_name)), form_(form), run_id_(run_id),
      chain_(run_id, name_), files_(std::make_unique<Files>()) {
  files_->dir = dir;
  files_->main_path = dir / file_;
  files_->main = file_io::create_private_file(files_->main_path);
  if (form_ == StreamForm::Text) {
    files_->side_path = dir / sidecar_file_name(file_);
    files_->side = file_io::create_private_file(files_->side_path);
  }
}

ChainedStream::~ChainedStream() {
  try {
    close();
  } catch (...) {
    // A destructor cannot report; whoever needed the result called close() and saw the error.
  }
}

void ChainedStream::append(std::string_view payload) {
  if (!files_->main) throw std::logic_error("append to closed stream " + name_);
  if (buf_.empty()) oldest_us_ = wall_clock_us();
  if (form_ == StreamForm::Jsonl) {
    if (payload.size() <= 2 || payload.front() != '{' || payload.back() != '}') {
      throw std::invalid_argument("stream " + name_ + ": record is not a non-empty JSON object");
    }
    buf_.append(payload.substr(0, payload.size() - 1));
    buf_.append(",\"chain\":\"");
    buf_.append(record_hash_hex(payload));
    buf_.append("\"}\n");
  } else {
    if (payload.find('\n') != std::string_view::npos) {
      throw std::invalid_argument("stream " + name_ + ": text record contains a newline");
    }
    buf_.append(payload);
    buf_.push_back('\n');
    side_buf_.append(record_hash_hex(payload));
    side_buf_.push_back('\n');
  }
  if (buf_.size() >= kStreamFlushBytes) flush();
}

std::string ChainedStream::record_hash_hex(std::string_view payload) {
  if (!chained_) {
    ++unchained_count_;
    return std::string(2 * sizeof(Hash32), '0');
  }
  const Hash32& h = chain_.append(payload);
  tag_.absorb(h);
  return to_hex(h);
}

bool ChainedStream::flush_due(int64_t now_us, int64_t max_age_us) const {
  if (buf_.empty() && side_buf_.empty()) return false;
  return buf_.size() >= kStreamFlushBytes || now_us - oldest_us_ >= max_age_us;
}

void ChainedStream::flush() {
  if (!files_->main) return;
  if (!buf_.empty()) drain(files_->main.get(), buf_, files_->main_path);
  // Only now, with every log line on disk, may the sidecar name them.
  if (!side_buf_.empty()) drain(files_->side.get(), side_buf_, files_->side_path);
}

void ChainedStream::close() {
  if (!files_->main) return;
  flush();
  auto sync_and_close = [](file_io::Fd& fd, const std::filesystem::path& path) {
    if (!fd) return;
    if (::fsync(fd.get()) != 0) file_io::throw_write_error("cannot fsync", path, errno);
    if (const int err = fd.close_checked(); err != 0) {
      file_io::throw_write_error("cannot close", path, err);
    }
  };
  // The sidecar first: the main fd doubles as the "still open" flag, so a failure here leaves
  // the stream open for a retry.
  sync_and_close(files_->side, files_->side_path);
  sync_and_close(files_->main, files_->main_path);
  file_io::fsync_directory(files_->dir);
}

}  // namespace capsule
