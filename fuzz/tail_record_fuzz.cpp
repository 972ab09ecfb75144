// libFuzzer target for what `capsule tail` does with each stored line (render_record): the lines
// come from log files anyone who can write the home may have changed, and from the traced
// program's own bytes. Every line of the input is rendered as each stream, with and without
// colour; the result must be one line (no '\n'), as docs promise, and never a crash.
//
// Build (see strace_parser_fuzz.cpp for the flags) and run for 10 minutes:
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_tail_record
//   mkdir -p /tmp/tail-corpus && /work/main/build-fuzz/fuzz/fuzz_tail_record \
//       -max_total_time=600 -max_len=16384 /tmp/tail-corpus /work/main/fuzz/corpus/tail_record
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "view/record_render.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  while (!rest.empty()) {
    const size_t newline = rest.find('\n');
    const std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    for (const char* stream : {"events", "enriched", "actions", "syscalls", "risks", "checkpoints"}) {
      for (const bool colour : {false, true}) {
        capsule::view::RenderStyle style;
        style.colour = colour;
        style.show_exe = std::string_view(stream) != "events";
        const std::string out = capsule::view::render_record(stream, line, style);
        if (out.find('\n') != std::string::npos) __builtin_trap();  // one record, one line
      }
    }
  }
  return 0;
}
