// The cost of detection: real strace traces (tests/data/strace) replayed through what the
// pipeline thread does per event — enricher, the three renderers — without and with the
// Detector running every default rule. The budget: detection ≤ 5% of the pipeline's
// throughput. (Writing and hashing come on top of the baseline, so the real share is lower.)
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>
#include <vector>

#include "detect/detector.h"
#include "detect/rule_book.h"
#include "enrich/enricher.h"
#include "log/render/event_render.h"
#include "strace_fixtures.h"

namespace {

void replay(benchmark::State& state, bool detect) {
  static const std::vector<capsule::SyscallEvent> base = capsule::bench::load_strace_fixtures();
  static const std::vector<capsule::Rule> rules = capsule::load_rules({}).rules();
  constexpr size_t kEvents = 100000;
  uint64_t findings = 0;
  for (auto _ : state) {
    capsule::Enricher enricher;
    capsule::Detector detector(detect ? rules : std::vector<capsule::Rule>{},
                               [&](const capsule::Finding&) { ++findings; });
    std::string line;
    capsule::SyscallEvent ev;
    for (size_t i = 0; i < kEvents; ++i) {
      ev = base[i % base.size()];
      ev.seq = i;
      enricher.process(ev);
      line.clear();
      capsule::append_strace_line(ev, line);
      line.clear();
      capsule::append_event_json(ev, line);
      line.clear();
      enricher.append_enriched_json(ev, line);
      if (detect) detector.feed(ev, enricher);
      benchmark::DoNotOptimize(line.data());
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kEvents));
  state.counters["findings"] = static_cast<double>(findings) / static_cast<double>(state.iterations());
}

void BM_EnrichRender(benchmark::State& state) { replay(state, false); }
void BM_EnrichRenderDetect(benchmark::State& state) { replay(state, true); }

BENCHMARK(BM_EnrichRender)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(BM_EnrichRenderDetect)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
