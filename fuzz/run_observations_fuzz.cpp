// libFuzzer target for `capsule profile`'s reader of recorded runs (observe_run): it reads
// events.jsonl and enriched.jsonl of runs anyone who can write the home may have changed. The
// input is split at the first NUL byte into events.jsonl and enriched.jsonl. observe_run may
// throw std::runtime_error (documented: events.jsonl unreadable); anything else is a bug.
//
// Build (see strace_parser_fuzz.cpp for the flags) and run for 10 minutes:
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_run_observations
//   mkdir -p /tmp/observations-corpus && /work/main/build-fuzz/fuzz/fuzz_run_observations \
//       -max_total_time=600 -max_len=16384 /tmp/observations-corpus /work/main/fuzz/corpus/run_observations
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "policy/run_observations.h"

namespace {

const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "capsule-fuzz-observe-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

void write_file(const std::filesystem::path& p, std::string_view text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc).write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const auto& dir = scratch_dir();
  write_file(dir / "events.jsonl", input.substr(0, nul));
  write_file(dir / "enriched.jsonl", nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));
  capsule::Observations obs;
  try {
    capsule::observe_run(dir, "0b6d2c1e-8f3a-4b5c-9d7e-1f2a3b4c5d6e", obs);
  } catch (const std::runtime_error&) {
  }
  return 0;
}
