// Events per second through the pipeline with the tracer replaced by a replay: real strace
// traces (tests/data/strace) are parsed into SyscallEvents once, then pushed through the whole
// RecordingPipeline (enricher → renderers → chained writers, to a temporary run directory).
// The target: ≥ 500,000 events/s, so that the pipeline hides behind the tracer on the
// second core.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "pipeline/recording_pipeline.h"
#include "strace/strace_parser.h"

namespace {

std::vector<capsule::SyscallEvent> load_events() {
  std::vector<capsule::SyscallEvent> events;
  const std::filesystem::path dir = std::filesystem::path(CAPSULE_SOURCE_DIR) / "tests/data/strace";
  for (const char* name : {"python_import_json.trace", "gcc_c.trace", "tar_czf.trace", "sh_ls_wc.trace",
                           "net_loopback.trace", "python_threads.trace"}) {
    capsule::StraceLineParser parser;
    std::ifstream in(dir / name);
    std::string line;
    while (std::getline(in, line)) parser.feed(line);
    parser.finish();
    capsule::SyscallEvent ev;
    while (parser.pop(ev)) events.push_back(ev);
  }
  return events;
}

void BM_PipelineReplay(benchmark::State& state) {
  static const std::vector<capsule::SyscallEvent> base = load_events();
  const size_t total = 200000;
  char tmpl[] = "/tmp/capsule-pipeline-bench-XXXXXX";
  const std::filesystem::path dir = mkdtemp(tmpl);
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto run_dir = dir / std::to_string(round++);
    std::filesystem::create_directories(run_dir);
    capsule::PipelineConfig cfg;
    cfg.log_dir = run_dir;
    cfg.run_id = "00000000-0000-4000-8000-000000000000";
    capsule::RecordingPipeline pipeline(cfg);
    pipeline.start();
    capsule::SyscallEvent ev;
    state.ResumeTiming();
    for (size_t i = 0; i < total; ++i) {
      ev = base[i % base.size()];
      pipeline.emit(ev);
    }
    pipeline.finish();
    state.PauseTiming();
    std::filesystem::remove_all(run_dir);
    state.ResumeTiming();
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * total));
}
BENCHMARK(BM_PipelineReplay)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
