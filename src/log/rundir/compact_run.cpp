#include "log/rundir/compact_run.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "log/chain/chain.h"
#include "log/chain/chained_stream.h"
#include "log/compress/compression.h"
#include "log/rundir/file_io.h"
#include "log/rundir/input_file.h"
#include "log/rundir/manifest.h"
#include "log/rundir/retention.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kCompactPartialSuffix = ".partial";

// Tests stop a compaction between its steps (CAPSULE_TEST_COMPACT_STOP=written|sidecar|renamed):
// the process ends there at once, as a kill would end it, to show what each state leaves.
void maybe_stop_compaction_for_test(std::string_view step) {
  const char* stop = std::getenv("CAPSULE_TEST_COMPACT_STOP");
  if (stop != nullptr && step == stop) ::_exit(86);
}

[[noreturn]] void compact_io_error(const std::string& what, const fs::path& path, int err) {
  throw CompactError(what + " " + path.string() + ": " + std::strerror(err));
}

bool read_exact(int fd, uint64_t offset, uint64_t size, std::string& out) {
  out.resize(size);
  size_t got = 0;
  while (got < size) {
    const ssize_t n = ::pread(fd, out.data() + got, size - got, static_cast<off_t>(offset + got));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    got += static_cast<size_t>(n);
  }
  return true;
}

void write_or_throw(int fd, std::string_view data, const fs::path& path) {
  size_t written = 0;
  if (const int err = file_io::write_all(fd, data, written)) compact_io_error("cannot write", path, err);
}

void fsync_or_throw(int fd, const fs::path& path) {
  if (::fsync(fd) != 0) compact_io_error("cannot fsync", path, errno);
}

void rename_or_throw(const fs::path& from, const fs::path& to) {
  if (::rename(from.c_str(), to.c_str()) != 0) compact_io_error("cannot rename", from, errno);
}

// A sidecar entry in either form: a plain stream's, or (a compaction stopped after renaming the
// sidecar) one with the frame keys.
bool parse_entry_any_form(std::string_view line, BlockHeader& b, Hash32& h, bool& has_frame_keys) {
  FrameSpan ignored;
  has_frame_keys = false;
  if (parse_block_entry(line, b, h)) return true;
  has_frame_keys = parse_block_entry(line, b, h, &ignored);
  return has_frame_keys;
}

struct StreamPaths {
  fs::path plain;     // events.jsonl
  fs::path zst;       // events.jsonl.zst
  fs::path side;      // events.chain
  fs::path zst_part;  // events.jsonl.zst.partial
  fs::path side_part; // events.chain.partial
};

StreamPaths paths_of(const fs::path& dir, const std::string& plain_file) {
  StreamPaths p;
  p.plain = dir / plain_file;
  p.zst = dir / (plain_file + std::string(kZstdSuffix));
  p.side = dir / sidecar_file_name(plain_file);
  p.zst_part = p.zst;
  p.zst_part += kCompactPartialSuffix;
  p.side_part = p.side;
  p.side_part += kCompactPartialSuffix;
  return p;
}

// The sidecar's lines, or why the stream cannot be compacted.
std::string read_sidecar_lines(const fs::path& side, std::vector<std::string>& lines) {
  std::string text;
  try {
    text = read_input_file(side);
  } catch (const InputFileError& e) {
    return e.why();
  }
  if (!text.empty() && text.back() != '\n') return "its sidecar ends in a torn entry";
  size_t at = 0;
  while (at < text.size()) {
    const size_t nl = text.find('\n', at);
    lines.emplace_back(text.substr(at, nl - at));
    at = nl + 1;
  }
  return {};
}

// Rewrites one plain stream as described in compact_run.h. Empty when done; else why the stream
// stays plain (nothing was renamed then).
std::string compact_stream(const fs::path& dir, const std::string& run_id, const std::string& stream,
                           const std::string& plain_file, const CompactOptions& o) {
  const StreamPaths p = paths_of(dir, plain_file);
  std::vector<std::string> lines;
  if (std::string why = read_sidecar_lines(p.side, lines); !why.empty()) return why;
  UniqueFd in;
  try {
    in = open_regular_file(p.plain);
  } catch (const InputFileError& e) {
    return e.why();
  }

  std::error_code ec;
  fs::remove(p.zst_part, ec);  // a stopped compaction's, never read
  fs::remove(p.side_part, ec);
  UniqueFd zout = file_io::create_private_file(p.zst_part);
  UniqueFd sout = file_io::create_private_file(p.side_part);

  ZstdBlockEncoder encoder(o.level, o.frame_plain_bytes);
  Hash32 head = block_genesis(run_id, stream);
  uint64_t records = 0, plain_end = 0, zoffset = 0, zframe = 0;
  std::string data, zbytes, side_text;
  for (size_t k = 0; k < lines.size(); ++k) {
    BlockHeader b;
    Hash32 stored;
    bool has_frame_keys = false;
    if (!parse_entry_any_form(lines[k], b, stored, has_frame_keys) || b.index != k || b.first != records ||
        b.offset != plain_end || b.count == 0 || b.bytes > kMaxBlockBytes) {
      return "sidecar entry of block " + std::to_string(k) + " is not the one that follows";
    }
    if (!read_exact(in.get(), b.offset, b.bytes, data)) {
      return "block " + std::to_string(k) + " ends past the end of the file";
    }
    // Checked here so that a compaction never turns a damaged stream into one that hides where.
    if (chain_block(run_id, stream, b, head, data) != stored) {
      return "block " + std::to_string(k) + " does not match its hash (see capsule verify)";
    }
    head = stored;
    if (!encoder.frame_open()) zframe = zoffset;
    zbytes.clear();
    encoder.add_block(data, k + 1 == lines.size(), zbytes);
    const FrameSpan z{zframe, zoffset, zbytes.size()};
    write_or_throw(zout.get(), zbytes, p.zst_part);
    zoffset += zbytes.size();
    side_text += render_block_entry(b, stored, &z);
    side_text += '\n';
    records += b.count;
    plain_end += b.bytes;
  }
  const off_t size = ::lseek(in.get(), 0, SEEK_END);
  if (size < 0 || static_cast<uint64_t>(size) != plain_end) {
    return std::to_string(static_cast<uint64_t>(std::max<off_t>(size, 0)) - plain_end) +
           " bytes after the last block have no sidecar entry";
  }
  write_or_throw(sout.get(), side_text, p.side_part);
  fsync_or_throw(zout.get(), p.zst_part);
  fsync_or_throw(sout.get(), p.side_part);
  maybe_stop_compaction_for_test("written");
  // The sidecar first: a plain stream whose sidecar has the frame keys still verifies (they are
  // not hashed, and verify reads a plain file by offset and bytes); then the .zst, which every
  // reader prefers to the plain file from that moment.
  rename_or_throw(p.side_part, p.side);
  maybe_stop_compaction_for_test("sidecar");
  rename_or_throw(p.zst_part, p.zst);
  if (const int err = file_io::fsync_directory(dir)) compact_io_error("cannot fsync", dir, err);
  maybe_stop_compaction_for_test("renamed");
  if (::unlink(p.plain.c_str()) != 0) compact_io_error("cannot remove", p.plain, errno);
  return {};
}

// Whether the sidecar of a stream found both plain and compressed already has the frame keys:
// then the .zst is the finished half of a stopped compaction and the plain file can go.
bool sidecar_has_frame_keys(const fs::path& side) {
  std::vector<std::string> lines;
  if (!read_sidecar_lines(side, lines).empty()) return false;
  if (lines.empty()) return true;  // an empty stream: both files are empty, nothing to lose
  BlockHeader b;
  Hash32 h;
  bool has_frame_keys = false;
  return parse_entry_any_form(lines.front(), b, h, has_frame_keys) && has_frame_keys;
}

}  // namespace

CompactResult compact_run(const fs::path& log_dir, const CompactOptions& o) {
  Manifest m;
  try {
    m = read_manifest(log_dir);
  } catch (const std::exception& e) {
    throw CompactError(e.what());
  }
  if (m.state != "complete") throw CompactError("the run is not complete (state " + m.state + ")");
  CompactResult r;
  r.bytes_before = disk_bytes(log_dir);
  r.bytes_after = r.bytes_before;
  // Held until return (the fd closes): another compactor of this run skips it meanwhile.
  const UniqueFd lock(::open(log_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!lock) compact_io_error("cannot open", log_dir, errno);
  if (::flock(lock.get(), LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK) compact_io_error("cannot lock", log_dir, errno);
    r.busy = true;
    return r;
  }
  for (const StreamSummary& s : m.streams) {
    const std::string plain_file(plain_file_name(s.file));
    const StreamPaths p = paths_of(log_dir, plain_file);
    std::error_code ec;
    const bool has_plain = fs::is_regular_file(p.plain, ec);
    const bool has_zst = fs::is_regular_file(p.zst, ec);
    if (!has_plain) continue;  // compressed already (written so, or compacted)
    if (has_zst) {
      if (!sidecar_has_frame_keys(p.side)) {
        r.left_plain.push_back(plain_file + ": both it and " + p.zst.filename().string() +
                               " exist and the sidecar has no frame keys");
      } else if (o.dry_run) {
        r.finished.push_back(plain_file);
      } else if (::unlink(p.plain.c_str()) == 0) {
        r.finished.push_back(plain_file);
      } else {
        compact_io_error("cannot remove", p.plain, errno);
      }
      continue;
    }
    if (o.dry_run) {
      r.compacted.push_back(plain_file);
      continue;
    }
    std::string why;
    try {
      why = compact_stream(log_dir, m.run_id, s.name, plain_file, o);
    } catch (const LogWriteError& e) {
      fs::remove(p.zst_part, ec);
      fs::remove(p.side_part, ec);
      throw CompactError(e.what());
    } catch (const CompactError&) {
      fs::remove(p.zst_part, ec);
      fs::remove(p.side_part, ec);
      throw;
    }
    if (why.empty()) {
      r.compacted.push_back(plain_file);
    } else {
      r.left_plain.push_back(plain_file + ": " + why);
      fs::remove(p.zst_part, ec);
      fs::remove(p.side_part, ec);
    }
  }
  if (!o.dry_run && !r.finished.empty()) {
    if (const int err = file_io::fsync_directory(log_dir)) compact_io_error("cannot fsync", log_dir, err);
  }
  r.bytes_after = disk_bytes(log_dir);
  return r;
}

bool is_compacted(const fs::path& log_dir) {
  try {
    const Manifest m = read_manifest(log_dir);
    for (const StreamSummary& s : m.streams) {
      std::error_code ec;
      if (!is_compressed_file(s.file) && fs::is_regular_file(log_dir / (s.file + std::string(kZstdSuffix)), ec)) {
        return true;
      }
    }
  } catch (const std::exception&) {
  }
  return false;
}

}  // namespace capsule
