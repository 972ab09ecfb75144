// libFuzzer target for the manifest reader (read_manifest), which verify, runs, tail and profile
// call on a run directory anyone who can write the home may have changed. The input is the
// manifest.json; the only way out is a std::runtime_error (documented), never a crash or another
// exception. A manifest that reads also renders (manifest_text) and reads back to the same text.
//
// Build (see strace_parser_fuzz.cpp for the flags) and run for 10 minutes:
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_manifest
//   mkdir -p /tmp/manifest-corpus && /work/main/build-fuzz/fuzz/fuzz_manifest \
//       -max_total_time=600 -max_len=16384 /tmp/manifest-corpus /work/main/fuzz/corpus/manifest
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include "log/rundir/manifest.h"

namespace {

const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "capsule-fuzz-manifest-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

void write_file(const std::filesystem::path& p, const uint8_t* data, size_t size) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& dir = scratch_dir();
  write_file(dir / "manifest.json", data, size);
  capsule::Manifest m;
  try {
    m = capsule::read_manifest(dir);
  } catch (const std::runtime_error&) {
    return 0;  // malformed: reported, as documented
  }
  // What was read renders, and the rendering reads back to the same manifest text.
  const std::string text = capsule::manifest_text(m);
  write_file(dir / "manifest.json", reinterpret_cast<const uint8_t*>(text.data()), text.size());
  try {
    if (capsule::manifest_text(capsule::read_manifest(dir)) != text) __builtin_trap();
  } catch (const std::runtime_error&) {
    __builtin_trap();  // capsule's own rendering must read back
  }
  return 0;
}
