// libFuzzer target for the seccomp profile reader behind `capsule run --policy FILE`: a profile
// may come from anywhere. parse_profile either returns a profile or throws ProfileError (the CLI
// turns that into exit 2); any other exception would surface as exit 125 ("could not record"),
// and a crash as a crash, so both are bugs here.
//
// Build (see strace_parser_fuzz.cpp for the flags) and run for 10 minutes:
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_seccomp_profile
//   mkdir -p /tmp/profile-corpus && /work/main/build-fuzz/fuzz/fuzz_seccomp_profile \
//       -max_total_time=600 -max_len=16384 /tmp/profile-corpus /work/main/fuzz/corpus/seccomp_profile
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/seccomp_profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    (void)capsule::parse_profile(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const capsule::ProfileError&) {
  }
  return 0;
}
