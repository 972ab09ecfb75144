#include "policy/recorded_calls.h"

#include <stdexcept>
#include <string>

#include "enrich/enricher.h"
#include "enrich/proc_snapshot.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "strace/strace_ingest.h"

namespace capsule {

void replay_recorded_calls(const std::filesystem::path& log_dir, std::string_view cwd,
                           const std::function<void(const RecordedCall&)>& fn) {
  const auto file = stream_file_path(log_dir, run_stream(RunStream::Syscalls).name);
  LineReader in(file);
  if (in.error() != 0) throw std::runtime_error("cannot read " + file.string() + ": " + in.error_text());
  Enricher enricher;
  uint64_t seq = 0;
  const HostOf host_of = [&enricher](std::string_view ip) { return enricher.host_of(ip); };
  StraceParseOptions popts;
  popts.keep_unparsed = true;  // every line is one event: the count gives the pipeline's seq
  StraceIngest ingest(std::move(popts), [&](SyscallEvent& ev) {
    if (seq == 0) {
      // The program as it started: the run's working directory (the tracer seeded it from /proc).
      ProcessSnapshot root;
      root.pid = ev.pid;
      root.cwd = std::string(cwd);
      enricher.seed(root);
    }
    ev.seq = seq++;
    // The working directory before the call (a chdir changes it for the calls after).
    const std::string before(enricher.cwd_of(ev.pid));
    enricher.process(ev);
    fn(RecordedCall{ev, enricher.exe_of(ev.pid), before.empty() ? cwd : std::string_view(before), host_of});
  });
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    ingest.feed_bytes(line);
    ingest.feed_bytes("\n");
  }
  ingest.finish();
}

}  // namespace capsule
