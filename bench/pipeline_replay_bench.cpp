// Events per second through the pipeline with the tracer replaced by a replay: real strace
// traces (tests/data/strace) are parsed into SyscallEvents once, then pushed through the whole
// RecordingPipeline (enricher → renderers → chained writers → signed checkpoints, to a temporary
// run directory, keys made like a real run's). The target: ≥ 500,000 events/s, so that
// the pipeline hides behind the tracer on the second core.
//
// Variants (docs/BENCHMARKS.md, "Enrichment cost" and "Tamper-evidence cost"), through the
// measurement-only switches of PipelineConfig::Measurement:
//   variant 0: everything, every stream compressed (--compress zstd-all:1);
//   variant 1: without enrichment (no Enricher::process, no enriched.jsonl);
//   variant 2: without tamper evidence (no hash chains, epoch tags or signatures; the same bytes
//              written, a placeholder where each hash goes);
//   variant 3: neither (enrichment's own cost, without the hashing of its records);
//   variant 4: the enricher runs but writes no enriched.jsonl (0 - 4: what the record costs;
//              4 - 1: the process table, and what the other streams gain from it);
//   variant 5: everything, plain (--compress none, the default; 0 - 5: what compression costs).
//   events 0: as strace -yy printed them (fd paths given: the enricher learns them, as for
//             --backend strace); events 1: fd annotations removed, as the native tracer hands
//             them over (the enricher resolves every fd itself); events 2: the syscall storm
//             (`dd if=/dev/zero of=/dev/null bs=64`: read and write of 64 NUL bytes, over and over),
//             where every record carries binary data, the costliest to escape.
// Besides real and process CPU time per iteration, the counter pipeline_ns_per_event is the CPU
// time of everything but the thread that emits (the pipeline thread): the replay's own copying
// of events is the tracer's work, not the pipeline's.
#include <benchmark/benchmark.h>

#include <time.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "enrich/enricher.h"
#include "log/compress/compression.h"
#include "log/render/event_render.h"
#include "log/chain/signing_key.h"
#include "pipeline/recording_pipeline.h"
#include "strace_fixtures.h"

namespace {

int64_t cpu_ns(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// The keys a real run signs with, made once in a temporary home.
struct BenchKeys {
  std::filesystem::path home;
  std::shared_ptr<const capsule::SigningKey> signing;
  capsule::PublicKey32 epoch_public{};
  BenchKeys() {
    char tmpl[] = "/tmp/capsule-pipeline-bench-keys-XXXXXX";
    home = mkdtemp(tmpl);
    signing = std::make_shared<const capsule::SigningKey>(capsule::SigningKey::load_or_create(home));
    epoch_public = capsule::EpochSecretKey::load(home, true)->public_key();
  }
  ~BenchKeys() { std::filesystem::remove_all(home); }
};

void BM_PipelineReplay(benchmark::State& state) {
  static const std::vector<capsule::SyscallEvent> annotated = capsule::bench::load_strace_fixtures(true);
  static const std::vector<capsule::SyscallEvent> native = capsule::bench::load_strace_fixtures(false);
  static const std::vector<capsule::SyscallEvent> storm = capsule::bench::load_storm_events();
  static const BenchKeys keys;
  const auto variant = state.range(0);
  const std::vector<capsule::SyscallEvent>& base = state.range(1) == 0 ? annotated : state.range(1) == 1 ? native : storm;
  const size_t total = 200000;
  char tmpl[] = "/tmp/capsule-pipeline-bench-XXXXXX";
  const std::filesystem::path dir = mkdtemp(tmpl);
  int round = 0;
  int64_t pipeline_ns = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const auto run_dir = dir / std::to_string(round++);
    std::filesystem::create_directories(run_dir);
    capsule::PipelineConfig cfg;
    cfg.log_dir = run_dir;
    cfg.run_id = "00000000-0000-4000-8000-000000000000";
    cfg.signing_key = keys.signing;
    cfg.epoch_recipient = keys.epoch_public;
    const bool all = variant == 0 || variant == 5;
    cfg.measurement.enrich = all || variant == 2 || variant == 4;
    cfg.measurement.enriched_stream = variant != 4;
    cfg.measurement.tamper_evidence = all || variant == 1 || variant == 4;
    cfg.compression = variant == 5 ? capsule::Compression{capsule::Compression::Codec::None, 0}
                                   : *capsule::parse_compression("zstd-all:1");
    capsule::RecordingPipeline pipeline(cfg);
    pipeline.start();
    capsule::SyscallEvent ev;
    const int64_t process_before = cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
    const int64_t emitter_before = cpu_ns(CLOCK_THREAD_CPUTIME_ID);
    state.ResumeTiming();
    for (size_t i = 0; i < total; ++i) {
      ev = base[i % base.size()];
      pipeline.emit(ev);
    }
    pipeline.finish();
    state.PauseTiming();
    pipeline_ns += (cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - process_before) -
                   (cpu_ns(CLOCK_THREAD_CPUTIME_ID) - emitter_before);
    std::filesystem::remove_all(run_dir);
    state.ResumeTiming();
  }
  std::filesystem::remove_all(dir);
  const auto events = static_cast<int64_t>(state.iterations() * total);
  state.SetItemsProcessed(events);
  state.counters["pipeline_ns_per_event"] =
      benchmark::Counter(static_cast<double>(pipeline_ns) / static_cast<double>(events));
}
BENCHMARK(BM_PipelineReplay)
    ->ArgNames({"variant", "events"})
    ->ArgsProduct({{0, 1, 2, 3, 4, 5}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->MinTime(2.0);

// The enricher alone, on one thread, without I/O: Enricher::process and the enriched.jsonl record
// per event (stage:1), against the copy of the event only (stage:0) and the two other renderers
// (stage:2, syscalls.log and events.jsonl lines) for scale. Much steadier than the pipeline's
// CPU time on a shared host; the difference stage 1 - stage 0 is enrichment's own work.
void BM_EnricherOnly(benchmark::State& state) {
  static const std::vector<capsule::SyscallEvent> annotated = capsule::bench::load_strace_fixtures(true);
  static const std::vector<capsule::SyscallEvent> native = capsule::bench::load_strace_fixtures(false);
  static const std::vector<capsule::SyscallEvent> storm = capsule::bench::load_storm_events();
  const auto stage = state.range(0);
  const std::vector<capsule::SyscallEvent>& base = state.range(1) == 0 ? annotated : state.range(1) == 1 ? native : storm;
  const size_t total = 200000;
  std::string line;
  line.reserve(8192);
  for (auto _ : state) {
    capsule::Enricher enricher;
    capsule::SyscallEvent ev;
    for (size_t i = 0; i < total; ++i) {
      ev = base[i % base.size()];
      ev.seq = i;
      line.clear();
      if (stage == 1) {
        enricher.process(ev);
        enricher.append_enriched_json(ev, line);
      } else if (stage == 2) {
        capsule::append_strace_line(ev, line);
        line.clear();
        capsule::append_event_json(ev, line);
      }
      benchmark::DoNotOptimize(line.data());
    }
  }
  state.counters["ns_per_event"] = benchmark::Counter(
      static_cast<double>(state.iterations() * total), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_EnricherOnly)
    ->ArgNames({"stage", "events"})
    ->ArgsProduct({{0, 1, 2}, {0, 1, 2}})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
