// libFuzzer target for the strace text parser: the input is split into lines and fed in order,
// then finished, so the unfinished/resumed joining and the pid bookkeeping are fuzzed too.
//
// Build and run for 10 minutes with the fixtures as seed corpus. CMAKE_CXX_FLAGS instruments the
// libraries too: fuzz/CMakeLists.txt adds -fsanitize=fuzzer to this target only, and without
// coverage of src/strace the fuzzer would be blind to the parser it is meant to explore.
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_strace_parser
//   mkdir -p /tmp/strace-corpus && /work/main/build-fuzz/fuzz/fuzz_strace_parser \
//       -max_total_time=600 -max_len=8192 /tmp/strace-corpus /work/main/tests/data/strace
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "strace/strace_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  capsule::StraceParseOptions options;
  options.day_start_us = 0;
  capsule::StraceLineParser parser(std::move(options));
  capsule::SyscallEvent ev;
  std::string_view rest = input;
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    parser.feed(rest.substr(0, newline));
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    while (parser.pop(ev)) {
    }
  }
  parser.finish();
  while (parser.pop(ev)) {
  }
  if (parser.error_count() != parser.take_errors().size()) __builtin_trap();
  (void)capsule::looks_like_strace(input);
  return 0;
}
