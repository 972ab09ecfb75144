// The cost of tamper evidence: hashing records (per record, as checkpoints.jsonl; per block, as the
// data streams), the per-epoch forward-security
// tags, signing a checkpoint, and verifying a sealed run (MB/s of log on one core).
// Run: ./build-seal/bench/bench_chain
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "log/chain/chain.h"
#include "log/chain/chained_stream.h"
#include "log/chain/checkpointer.h"
#include "log/chain/epoch_key.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "log/chain/signing_key.h"
#include "log/verify/verify.h"

namespace {
namespace fs = std::filesystem;

// A record the size of a typical events.jsonl line (~330 bytes) or enriched.jsonl line (~2 KB).
std::string payload(size_t size) {
  std::string p = "{\"seq\":12345,\"ts\":\"2026-11-23T17:30:00.123456Z\",\"x\":\"";
  p.append(size - p.size() - 2, 'a');
  p += "\"}";
  return p;
}

void BM_ChainAppend(benchmark::State& state) {
  const std::string p = payload(static_cast<size_t>(state.range(0)));
  capsule::Chain chain("0b6d0000-0000-4000-8000-000000000000", "events");
  for (auto _ : state) benchmark::DoNotOptimize(chain.append(p));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * p.size()));
}
BENCHMARK(BM_ChainAppend)->Arg(330)->Arg(2000);

// The same with the epoch tag absorbing every record hash, as ChainedStream does.
void BM_ChainAppendWithEpochTag(benchmark::State& state) {
  const std::string p = payload(static_cast<size_t>(state.range(0)));
  capsule::Chain chain("0b6d0000-0000-4000-8000-000000000000", "events");
  capsule::EpochTag tag;
  capsule::EpochKeyRatchet ratchet = capsule::EpochKeyRatchet::random();
  tag.begin(ratchet.tag_key(), "0b6d0000-0000-4000-8000-000000000000", "events", 0, 0);
  for (auto _ : state) tag.absorb(chain.append(p));
  benchmark::DoNotOptimize(tag.finish(chain.count()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * p.size()));
}
BENCHMARK(BM_ChainAppendWithEpochTag)->Arg(330)->Arg(2000);

// What the data streams pay since format 3: one BLAKE3 call per 64 KiB block of lines, timed
// per record as chain_block over a block of such records (no file I/O).
void BM_BlockHashPerRecord(benchmark::State& state) {
  const std::string p = payload(static_cast<size_t>(state.range(0))) + "\n";
  std::string block;
  while (block.size() + p.size() <= capsule::kStreamFlushBytes) block += p;
  const uint64_t records = block.size() / p.size();
  capsule::Hash32 head{};
  uint64_t index = 0;
  for (auto _ : state) {
    head = capsule::chain_block("0b6d0000-0000-4000-8000-000000000000", "events",
                                {index++, 0, records, 0, block.size()}, head, block);
    benchmark::DoNotOptimize(head);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * records));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * block.size()));
}
BENCHMARK(BM_BlockHashPerRecord)->Arg(330)->Arg(2000);

void BM_SignCheckpoint(benchmark::State& state) {
  const fs::path home = fs::temp_directory_path() / ("capsule-bench-key-" + std::to_string(::getpid()));
  const capsule::SigningKey key = capsule::SigningKey::load_or_create(home);
  capsule::CheckpointRecord r;
  r.streams.resize(4);
  for (auto _ : state) {
    r.signature = key.sign(capsule::signed_message(r, "0b6d0000-0000-4000-8000-000000000000", {}));
    benchmark::DoNotOptimize(r.signature);
  }
  fs::remove_all(home);
}
BENCHMARK(BM_SignCheckpoint);

// verify_run over a sealed run of ~64 MB (events-like and enriched-like streams, a checkpoint
// every 10000 events), signatures and epoch tags checked.
class SealedRun {
 public:
  SealedRun() {
    root_ = fs::temp_directory_path() / ("capsule-bench-run-" + std::to_string(::getpid()));
    run_ = capsule::create_run(root_ / "home", 1795455000000000);
    key_.emplace(capsule::SigningKey::load_or_create(root_ / "home"));
    epoch_ = capsule::EpochSecretKey::load(root_ / "home", true);
    capsule::ChainedStream events(run_.log_dir, "events", "events.jsonl", capsule::StreamForm::Jsonl, run_.run_id);
    capsule::ChainedStream enriched(run_.log_dir, "enriched", "enriched.jsonl", capsule::StreamForm::Jsonl, run_.run_id);
    capsule::Checkpointer cp(run_.log_dir, run_.run_id, *key_, epoch_->public_key(), {10000, int64_t{1} << 60});
    cp.open({&events, &enriched}, 0);
    const std::string small = payload(330), big = payload(2000);
    for (uint64_t i = 0; i < 28000; ++i) {
      std::string e = "{\"seq\":" + std::to_string(i) + small.substr(12);
      events.append(e);
      enriched.append(big);
      if (cp.due_by_records(i + 1)) cp.checkpoint(i + 1, static_cast<int64_t>(i));
    }
    events.close();
    enriched.close();
    bytes_ = fs::file_size(run_.log_dir / "events.jsonl") + fs::file_size(run_.log_dir / "enriched.jsonl");
    capsule::Manifest m;
    m.format_version = capsule::kManifestFormatVersion;
    m.run_id = run_.run_id;
    m.state = "complete";
    m.streams = {{"events", "events.jsonl", events.count(), events.head_hex()},
                 {"enriched", "enriched.jsonl", enriched.count(), enriched.head_hex()}};
    capsule::write_manifest(run_.log_dir, m);
    cp.seal({0, std::nullopt, capsule::manifest_text(m)}, 1 << 30);
  }
  ~SealedRun() { fs::remove_all(root_); }
  const fs::path& dir() const { return run_.log_dir; }
  uint64_t bytes() const { return bytes_; }
  capsule::VerifyKeys keys() const {
    capsule::VerifyKeys k;
    k.trusted = key_->public_key();
    k.epoch_secret = &*epoch_;
    return k;
  }

 private:
  fs::path root_;
  capsule::RunPaths run_;
  std::optional<capsule::SigningKey> key_;
  std::optional<capsule::EpochSecretKey> epoch_;
  uint64_t bytes_ = 0;
};

void BM_VerifySealedRun(benchmark::State& state) {
  static const SealedRun run;
  const capsule::VerifyKeys keys = run.keys();
  for (auto _ : state) {
    const capsule::VerifyReport r = capsule::verify_run(run.dir(), keys);
    if (r.exit_code() != 0) state.SkipWithError("the benchmark run does not verify");
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * run.bytes()));
}
BENCHMARK(BM_VerifySealedRun)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
