// The events of the real strace traces in tests/data/strace, parsed once, for the benchmarks that
// replay them (detect_bench, pipeline_replay_bench).
#pragma once

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

}  // namespace capsule::bench
