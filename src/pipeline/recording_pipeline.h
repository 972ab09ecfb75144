// The pipeline thread: takes events from the backend through a bounded queue, runs them through
// the stages (enricher → renderers → chained writers) in stream order, and keeps every stream
// flushed within the latency bound. Every backend (ptrace, strace, import) feeds the same one.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "enrich/enricher.h"
#include "log/chained_stream.h"
#include "log/manifest.h"
#include "pipeline/event_ring.h"
#include "trace/event_sink.h"

namespace capsule {

struct PipelineConfig {
  std::filesystem::path log_dir;
  std::string run_id;
  int64_t flush_interval_us = 50000;  // a record reaches the disk within this (+ one batch)
  size_t queue_capacity = 4096;
};

class RecordingPipeline final : public EventSink {
 public:
  // Creates the stream files; throws LogWriteError when it cannot.
  explicit RecordingPipeline(PipelineConfig cfg);
  ~RecordingPipeline() override;
  RecordingPipeline(const RecordingPipeline&) = delete;
  RecordingPipeline& operator=(const RecordingPipeline&) = delete;

  // Seed the enricher before start().
  Enricher& enricher() { return enricher_; }

  void start();
  void emit(SyscallEvent& ev) override { ring_.push(ev); }
  bool failed() const override { return failed_.load(std::memory_order_relaxed); }

  // No more events: drains the queue, flushes and fsyncs every stream, stops the thread.
  void finish();

  std::vector<StreamSummary> summaries() const;
  std::string failure_message() const;
  uint64_t syscall_records() const { return syscalls_; }
  uint64_t events_processed() const { return next_seq_; }

 private:
  void loop();
  void process(SyscallEvent& ev);
  void flush_due(bool force);
  void fail(const std::string& why);

  PipelineConfig cfg_;
  EventRing ring_;
  Enricher enricher_;
  std::vector<std::unique_ptr<ChainedStream>> streams_;
  ChainedStream* syscalls_log_ = nullptr;
  ChainedStream* events_ = nullptr;
  ChainedStream* enriched_ = nullptr;
  std::string line_;
  uint64_t next_seq_ = 0;
  uint64_t syscalls_ = 0;
  std::thread thread_;
  std::atomic<bool> failed_{false};
  mutable std::mutex failure_mu_;
  std::string failure_;
};

}  // namespace capsule
