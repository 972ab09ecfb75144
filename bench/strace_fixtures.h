// The events of the real strace traces in tests/data/strace, parsed once, for the benchmarks that
// replay them (detect_bench, pipeline_replay_bench).
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "strace/strace_parser.h"

namespace capsule::bench {

// keep_fd_annotations false: the events as the native tracer hands them over (no -yy paths; the
// enricher resolves every fd itself).
inline std::vector<SyscallEvent> load_strace_fixtures(bool keep_fd_annotations = true) {
  std::vector<SyscallEvent> events;
  const std::filesystem::path dir = std::filesystem::path(CAPSULE_SOURCE_DIR) / "tests/data/strace";
  for (const char* name : {"python_import_json.trace", "gcc_c.trace", "tar_czf.trace", "sh_ls_wc.trace",
                           "net_loopback.trace", "python_threads.trace"}) {
    StraceLineParser parser;
    std::ifstream in(dir / name);
    std::string line;
    while (std::getline(in, line)) parser.feed(line);
    parser.finish();
    SyscallEvent ev;
    while (parser.pop(ev)) {
      if (!keep_fd_annotations) ev.fd_refs.clear();
      events.push_back(ev);
    }
  }
  return events;
}

// The syscall storm of bench/ebpf_bench.py and docs/BENCHMARKS.md (`dd if=/dev/zero of=/dev/null
// bs=64`): all but ~130 of its records are these two calls, each with its 64 NUL bytes, written
// as capsule's syscalls.log writes them (strace -yy's fd names), one microsecond apart.
inline std::vector<SyscallEvent> load_storm_events(size_t pairs = 1000) {
  std::string zeros;
  for (int i = 0; i < 64; ++i) zeros += "\\x00";
  StraceLineParser parser;
  for (size_t i = 0; i < pairs; ++i) {
    const auto time = [&](size_t k) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "14:08:%02zu.%06zu", (2 * i + k) / 1000000 % 60, (2 * i + k) % 1000000);
      return std::string(buf);
    };
    parser.feed("24636 " + time(0) + " read(0</dev/zero<char 1:5>>, \"" + zeros + "\", 64) = 64");
    parser.feed("24636 " + time(1) + " write(1</dev/null<char 1:3>>, \"" + zeros + "\", 64) = 64");
  }
  parser.finish();
  std::vector<SyscallEvent> events;
  SyscallEvent ev;
  while (parser.pop(ev)) events.push_back(ev);
  return events;
}

}  // namespace capsule::bench
