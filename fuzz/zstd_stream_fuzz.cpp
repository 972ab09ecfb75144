// libFuzzer target for the readers of a compressed stream (docs/FORMAT.md, "Compression"): the
// bytes of events.jsonl.zst and its sidecar come from a file anyone may have changed, so the
// block-by-block frame check of verify, the line reader of cat/findings/profile and the live
// decoder of tail must report, never crash, loop or take unbounded memory. Input: two bytes
// (little-endian) giving the length of the sidecar text, the sidecar (events.chain), then the
// zstd bytes. Seeds: fuzz/corpus/zstd_stream (made from a real run's events.chain and
// events.jsonl.zst).
//
// Build as strace_parser_fuzz.cpp says, then:
//   /work/main/build-fuzz/fuzz/fuzz_zstd_stream -max_total_time=600 /tmp/zstd-corpus /work/main/fuzz/corpus/zstd_stream
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "log/rundir/line_reader.h"
#include "log/verify/verify_stream.h"
#include "view/stream_tailer.h"

namespace {

const std::filesystem::path& run_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "capsule-fuzz-zstd-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

void write(const std::filesystem::path& p, std::string_view bytes) {
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t side_size = std::min<size_t>(size - 2, data[0] | (size_t{data[1]} << 8));
  const std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  const auto& dir = run_dir();
  write(dir / "events.chain", rest.substr(0, side_size));
  write(dir / "events.jsonl.zst", rest.substr(side_size));

  capsule::StreamCheckInput in;
  in.dir = dir;
  in.stream = "events";
  in.file = "events.jsonl.zst";
  in.run_id = "00000000-0000-4000-8000-000000000000";
  in.check_seq = true;
  (void)capsule::check_block_stream(in);

  capsule::LineReader lines(dir / "events.jsonl.zst");
  std::string_view line;
  bool has_newline = false;
  size_t n = 0;
  while (lines.next(line, has_newline)) n += line.size();

  capsule::view::StreamTailer tailer(dir / "events.jsonl");
  (void)tailer.catch_up([&n](std::string_view l) {
    n += l.size();
    return true;
  });
  return n == SIZE_MAX ? 1 : 0;
}
