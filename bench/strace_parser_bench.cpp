// Throughput of the strace parser over the committed fixtures (real strace output plus the
// hand-written constructs), reported as lines per second (items_per_second).
// Run: ./build-strace/bench/bench_strace_parser
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "strace/strace_parser.h"

namespace {

// The fixtures next to this source (CMake compiles it by absolute path); the environment
// variable CAPSULE_STRACE_FIXTURES points elsewhere.
std::filesystem::path fixture_dir() {
  if (const char* dir = std::getenv("CAPSULE_STRACE_FIXTURES")) return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path() / "tests" / "data" / "strace";
}

std::vector<std::string> load_lines(bool real_traces_only) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(fixture_dir())) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".trace") continue;
    if (real_traces_only && name.starts_with("handwritten")) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> lines;
  for (const auto& file : files) {
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  return lines;
}

void run(benchmark::State& state, const std::vector<std::string>& lines) {
  size_t bytes = 0;
  for (const auto& l : lines) bytes += l.size() + 1;
  capsule::SyscallEvent ev;
  for (auto _ : state) {
    capsule::StraceParseOptions options;
    options.day_start_us = 0;
    capsule::StraceLineParser parser(std::move(options));
    for (const auto& line : lines) {
      parser.feed(line);
      while (parser.pop(ev)) benchmark::DoNotOptimize(ev.args.data());
    }
    parser.finish();
    while (parser.pop(ev)) benchmark::DoNotOptimize(ev.args.data());
    if (parser.error_count() != 0) state.SkipWithError("fixture lines failed to parse");
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * lines.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

void BM_RealStraceFixtures(benchmark::State& state) {
  static const std::vector<std::string> lines = load_lines(true);
  run(state, lines);
}
BENCHMARK(BM_RealStraceFixtures)->Unit(benchmark::kMillisecond);

void BM_AllFixtures(benchmark::State& state) {
  static const std::vector<std::string> lines = load_lines(false);
  run(state, lines);
}
BENCHMARK(BM_AllFixtures)->Unit(benchmark::kMillisecond);

// One typical line, repeated: the parser's per-line cost without file mix effects.
void BM_TypicalOpenatLine(benchmark::State& state) {
  static const std::vector<std::string> lines(
      1000, "10185 17:42:54.505111 openat(AT_FDCWD</tmp/w>, \"/etc/ld.so.cache\", "
            "O_RDONLY|O_CLOEXEC) = 3</etc/ld.so.cache>");
  run(state, lines);
}
BENCHMARK(BM_TypicalOpenatLine)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
