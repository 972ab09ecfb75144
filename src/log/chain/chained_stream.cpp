#include "log/chain/chained_stream.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/clock.h"
#include "base/number_parse.h"
#include "log/rundir/file_io.h"

namespace capsule {
namespace {

// Writes buf to fd and drops what was written from buf, also when only part of it was.
void drain(int fd, std::string& buf, const std::filesystem::path& path) {
  size_t written = 0;
  const int err = file_io::write_all(fd, buf, written);
  buf.erase(0, written);
  if (err != 0) file_io::throw_write_error("cannot write", path, err);
}

// Reads the canonical decimal at s[i..] (no sign, no leading zero, at most 19 digits).
bool take_literal(std::string_view s, size_t& i, std::string_view lit) {
  if (s.substr(i, lit.size()) != lit) return false;
  i += lit.size();
  return true;
}

constexpr std::string_view kBlockKeys[] = {"{\"block\":", ",\"first\":", ",\"count\":",
                                           ",\"offset\":", ",\"bytes\":"};
constexpr std::string_view kFrameKeys[] = {",\"zframe\":", ",\"zoffset\":", ",\"zbytes\":"};
constexpr std::string_view kBlockHashKey = ",\"hash\":\"";

}  // namespace

std::string render_block_entry(const BlockHeader& b, const Hash32& hash, const FrameSpan* z) {
  std::string out;
  out.reserve(200);
  const uint64_t values[] = {b.index, b.first, b.count, b.offset, b.bytes};
  for (size_t k = 0; k < 5; ++k) {
    out += kBlockKeys[k];
    out += std::to_string(values[k]);
  }
  if (z != nullptr) {
    const uint64_t zvalues[] = {z->zframe, z->zoffset, z->zbytes};
    for (size_t k = 0; k < 3; ++k) {
      out += kFrameKeys[k];
      out += std::to_string(zvalues[k]);
    }
  }
  out += kBlockHashKey;
  out += to_hex(hash);
  out += "\"}";
  return out;
}

namespace {

// Reads `"key":N` pairs in the given order into fields.
template <size_t N>
bool take_fields(std::string_view line, size_t& i, const std::string_view (&keys)[N],
                 uint64_t* const (&fields)[N]) {
  for (size_t k = 0; k < N; ++k) {
    if (!take_literal(line, i, keys[k])) return false;
    const auto v = take_canonical_decimal(line, i);
    if (!v) return false;
    *fields[k] = *v;
  }
  return true;
}

}  // namespace

bool parse_block_entry(std::string_view line, BlockHeader& b, Hash32& hash, FrameSpan* z) {
  uint64_t* const fields[] = {&b.index, &b.first, &b.count, &b.offset, &b.bytes};
  size_t i = 0;
  if (!take_fields(line, i, kBlockKeys, fields)) return false;
  if (z != nullptr) {
    uint64_t* const zfields[] = {&z->zframe, &z->zoffset, &z->zbytes};
    if (!take_fields(line, i, kFrameKeys, zfields)) return false;
  }
  if (!take_literal(line, i, kBlockHashKey) || line.size() != i + 64 + 2) return false;
  return from_hex(line.substr(i, 64), hash) && line.substr(i + 64) == "\"}";
}

std::string sidecar_file_name(std::string_view file_name) {
  file_name = plain_file_name(file_name);
  const size_t dot = file_name.rfind('.');
  std::string out(file_name.substr(0, dot));
  out += ".chain";
  return out;
}

struct ChainedStream::Files {
  std::filesystem::path dir;
  std::filesystem::path main_path;
  std::filesystem::path side_path;
  UniqueFd main;
  UniqueFd side;  // Text form only
};

ChainedStream::ChainedStream(const std::filesystem::path& dir, std::string stream_name,
                             std::string file_name, StreamForm form, std::string_view run_id,
                             Chaining chaining, Compression compression)
    : name_(std::move(stream_name)), file_(stored_file_name(file_name, compression)), form_(form),
      chaining_(chaining), run_id_(run_id),
      head_(chaining == Chaining::Blocks ? block_genesis(run_id, name_)
                                         : chain_genesis(run_id, name_)),
      files_(std::make_unique<Files>()) {
  if (chaining_ == Chaining::PerRecord && form_ != StreamForm::Jsonl) {
    throw std::invalid_argument("stream " + name_ + ": per-record chaining needs JSONL");
  }
  if (compression.on()) {
    if (chaining_ != Chaining::Blocks) {
      throw std::invalid_argument("stream " + name_ + ": only block-chained streams are compressed");
    }
    encoder_ = std::make_unique<ZstdBlockEncoder>(compression.level);
  }
  files_->dir = dir;
  files_->main_path = dir / file_;
  files_->main = file_io::create_private_file(files_->main_path);
  if (chaining_ == Chaining::Blocks) {
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

void ChainedStream::check_payload(std::string_view payload) const {
  if (form_ == StreamForm::Jsonl) {
    if (payload.size() <= 2 || payload.front() != '{' || payload.back() != '}') {
      throw std::invalid_argument("stream " + name_ + ": record is not a non-empty JSON object");
    }
  } else if (payload.find('\n') != std::string_view::npos) {
    throw std::invalid_argument("stream " + name_ + ": text record contains a newline");
  }
}

size_t ChainedStream::begin_rendered() const {
  if (!files_->main) throw std::logic_error("append to closed stream " + name_);
  return buf_.size();
}

void ChainedStream::end_rendered(size_t start) {
  try {
    check_payload(std::string_view(buf_).substr(start));
  } catch (...) {
    buf_.resize(start);
    throw;
  }
  if (start == 0) oldest_us_ = wall_clock_us();  // the buffer was empty: the oldest record
  buf_.push_back('\n');
  ++records_;
  after_record();
}

void ChainedStream::append(std::string_view payload) {
  if (!files_->main) throw std::logic_error("append to closed stream " + name_);
  check_payload(payload);
  if (buf_.empty()) oldest_us_ = wall_clock_us();
  if (chaining_ == Chaining::PerRecord) {
    append_per_record(payload);
  } else {
    buf_.append(payload);
    buf_.push_back('\n');
  }
  ++records_;
  after_record();
}

void ChainedStream::after_record() {
  if (buf_.size() - block_start_ < kStreamFlushBytes) return;
  if (chaining_ != Chaining::Blocks) {
    if (buf_.size() >= kStreamWriteBytes) flush();
    return;
  }
  close_block(false);
  if ((encoder_ ? zbuf_.size() : buf_.size()) >= kStreamWriteBytes) write_closed();
}

const Hash32& ChainedStream::next_hash(const Hash32& h) {
  head_ = h;
  tag_.absorb(h);
  return head_;
}

void ChainedStream::append_per_record(std::string_view payload) {
  buf_.append(payload.substr(0, payload.size() - 1));
  buf_.append(",\"chain\":\"");
  if (chained_) {
    buf_.append(to_hex(next_hash(chain_record(run_id_, name_, records_, head_, payload))));
  } else {
    buf_.append(2 * sizeof(Hash32), '0');
  }
  buf_.append("\"}\n");
}

void ChainedStream::close_block(bool end_frame) {
  const uint64_t block_records = records_ - block_first_;
  if (block_records == 0) {
    // Nothing to add, but the run ends: the open frame gets its end (bytes of no block).
    if (encoder_ && end_frame) {
      const size_t before = zbuf_.size();
      encoder_->end_frame(zbuf_);
      zoffset_ += zbuf_.size() - before;
    }
    return;
  }
  const std::string_view data = std::string_view(buf_).substr(block_start_);
  BlockHeader b{blocks_, block_first_, block_records, block_offset_, data.size()};
  Hash32 h{};
  // The plain lines are hashed, compressed or not (docs/FORMAT.md, "What is hashed").
  if (chained_) h = next_hash(chain_block(run_id_, name_, b, head_, data));
  FrameSpan z;
  if (encoder_) compress_block(data, block_records, end_frame, z);
  side_buf_.append(render_block_entry(b, h, encoder_ ? &z : nullptr));
  side_buf_.push_back('\n');
  ++blocks_;
  block_first_ = records_;
  block_offset_ += data.size();
  if (encoder_) buf_.clear();  // now in zbuf_
  block_start_ = buf_.size();
}

void ChainedStream::compress_block(std::string_view data, uint64_t block_records, bool end_frame,
                                   FrameSpan& z) {
  if (!encoder_->frame_open()) zframe_ = zoffset_;
  const size_t before = zbuf_.size();
  encoder_->add_block(data, end_frame, zbuf_);
  z = {zframe_, zoffset_, zbuf_.size() - before};
  zoffset_ += z.zbytes;
  zpending_.emplace_back(zbuf_.size(), block_records);
}

uint64_t ChainedStream::unwritten() const {
  uint64_t n = static_cast<uint64_t>(std::count(buf_.begin(), buf_.end(), '\n'));
  for (const auto& [end, records] : zpending_) n += records;
  return n;
}

bool ChainedStream::flush_due(int64_t now_us, int64_t max_age_us) const {
  if (buf_.empty() && side_buf_.empty() && zbuf_.empty()) return false;
  return buf_.size() >= kStreamWriteBytes || zbuf_.size() >= kStreamWriteBytes || now_us - oldest_us_ >= max_age_us;
}

void ChainedStream::flush() { flush_blocks(false); }

void ChainedStream::drain_compressed() {
  size_t written = 0;
  const int err = file_io::write_all(files_->main.get(), zbuf_, written);
  zbuf_.erase(0, written);
  // Blocks wholly written leave the count of unwritten records; the others move up.
  size_t done = 0;
  while (done < zpending_.size() && zpending_[done].first <= written) ++done;
  zpending_.erase(zpending_.begin(), zpending_.begin() + static_cast<std::ptrdiff_t>(done));
  for (auto& p : zpending_) p.first -= written;
  if (err != 0) file_io::throw_write_error("cannot write", files_->main_path, err);
}

void ChainedStream::flush_blocks(bool end_frame) {
  if (!files_->main) return;
  if (chaining_ == Chaining::Blocks) close_block(end_frame);
  write_closed();
}

void ChainedStream::write_closed() {
  if (encoder_) {
    if (!zbuf_.empty()) drain_compressed();
  } else if (!buf_.empty()) {
    try {
      drain(files_->main.get(), buf_, files_->main_path);
    } catch (...) {
      block_start_ = buf_.size();  // what drain() left behind was hashed already
      throw;
    }
    block_start_ = 0;
  }
  // Only now, with every log line on disk, may the sidecar name them.
  if (!side_buf_.empty()) drain(files_->side.get(), side_buf_, files_->side_path);
}

void ChainedStream::start_writeback() {
  if (!files_->main) return;
  flush_blocks(true);
  file_io::start_writeback(files_->main.get());
  if (files_->side) file_io::start_writeback(files_->side.get());
}

void ChainedStream::close(DirectorySync dir_sync) {
  if (!files_->main) return;
  flush_blocks(true);
  auto sync_and_close = [](UniqueFd& fd, const std::filesystem::path& path) {
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
  if (dir_sync == DirectorySync::Yes) file_io::fsync_directory(files_->dir);
}

}  // namespace capsule
