// libFuzzer target for `capsule verify` on a damaged run directory: verify_run must report, never
// crash, whatever the files hold. The input is split at NUL bytes into manifest.json,
// events.jsonl, events.chain, syscalls.log, syscalls.chain and checkpoints.jsonl (missing parts are empty
// files), so seeds made from a real run (fuzz/corpus/verify_run) get past the chain checks and
// the fuzzer explores the seal, checkpoint and manifest comparisons too.
//
// Build (see strace_parser_fuzz.cpp for the flags) and run for 10 minutes:
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_verify_run
//   mkdir -p /tmp/verify-corpus && /work/main/build-fuzz/fuzz/fuzz_verify_run \
//       -max_total_time=600 -max_len=65536 /tmp/verify-corpus /work/main/fuzz/corpus/verify_run
#include <unistd.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "log/verify/verify.h"

namespace {

const std::filesystem::path& run_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "capsule-fuzz-verify-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    // Not named <timestamp>-<uuid>: the run id is the manifest's, whatever run the seed came from.
    const auto run = std::filesystem::path(tmpl) / "run";
    std::filesystem::create_directories(run);
    return run;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& dir = run_dir();
  static constexpr std::array<const char*, 6> kFiles{"manifest.json", "events.jsonl", "events.chain",
                                                     "syscalls.log", "syscalls.chain",
                                                     "checkpoints.jsonl"};
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  for (const char* file : kFiles) {
    const size_t nul = rest.find('\0');
    const std::string_view part = rest.substr(0, nul);
    std::ofstream(dir / file, std::ios::binary | std::ios::trunc)
        .write(part.data(), static_cast<std::streamsize>(part.size()));
    rest.remove_prefix(nul == std::string_view::npos ? rest.size() : nul + 1);
  }
  const capsule::VerifyReport report = capsule::verify_run(dir);
  (void)report;
  return 0;
}
