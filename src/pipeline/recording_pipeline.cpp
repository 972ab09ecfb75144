#include "pipeline/recording_pipeline.h"

#include <ctime>

#include "log/event_render.h"

namespace capsule {
namespace {

int64_t wall_us() {
  timespec ts{};
  clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

}  // namespace

RecordingPipeline::RecordingPipeline(PipelineConfig cfg)
    : cfg_(std::move(cfg)), ring_(cfg_.queue_capacity) {
  auto open = [&](const char* name, const char* file, StreamForm form) {
    streams_.push_back(std::make_unique<ChainedStream>(cfg_.log_dir, name, file, form, cfg_.run_id));
    return streams_.back().get();
  };
  syscalls_log_ = open("syscalls", "syscalls.log", StreamForm::Text);
  events_ = open("events", "events.jsonl", StreamForm::Jsonl);
  enriched_ = open("enriched", "enriched.jsonl", StreamForm::Jsonl);
  line_.reserve(8192);
}

RecordingPipeline::~RecordingPipeline() {
  if (thread_.joinable()) {
    ring_.close();
    thread_.join();
  }
}

void RecordingPipeline::start() { thread_ = std::thread([this] { loop(); }); }

void RecordingPipeline::fail(const std::string& why) {
  {
    std::lock_guard lk(failure_mu_);
    if (failure_.empty()) failure_ = why;
  }
  failed_.store(true, std::memory_order_relaxed);
}

std::string RecordingPipeline::failure_message() const {
  std::lock_guard lk(failure_mu_);
  return failure_;
}

void RecordingPipeline::process(SyscallEvent& ev) {
  ev.seq = next_seq_++;
  if (ev.type == EventType::Syscall) ++syscalls_;
  enricher_.process(ev);
  line_.clear();
  append_strace_line(ev, line_);
  syscalls_log_->append(line_);
  line_.clear();
  append_event_json(ev, line_);
  events_->append(line_);
  line_.clear();
  enricher_.append_enriched_json(ev, line_);
  enriched_->append(line_);
}

void RecordingPipeline::flush_due(bool force) {
  const int64_t now = wall_us();
  for (auto& s : streams_) {
    if (force || s->flush_due(now, cfg_.flush_interval_us)) s->flush();
  }
}

void RecordingPipeline::loop() {
  // Wake at least every 10 ms so that a quiet program's last records still reach the disk in time.
  const auto tick = std::chrono::milliseconds(10);
  while (true) {
    const size_t n = ring_.wait_available(tick);
    if (n == 0) {
      if (ring_.closed() && ring_.available() == 0) break;
    }
    for (size_t i = 0; i < n; ++i) {
      SyscallEvent& ev = ring_.at(i);
      if (!failed()) {
        try {
          process(ev);
        } catch (const LogWriteError& e) {
          fail(e.what());
        }
      }
    }
    // Even after a failure the queue is drained, so that the tracer is never blocked on it while
    // it stops the program.
    ring_.release(n);
    if (!failed()) {
      try {
        flush_due(false);
      } catch (const LogWriteError& e) {
        fail(e.what());
      }
    }
  }
}

void RecordingPipeline::finish() {
  ring_.close();
  if (thread_.joinable()) thread_.join();
  for (auto& s : streams_) {
    try {
      s->close();
    } catch (const LogWriteError& e) {
      fail(e.what());
    }
  }
}

std::vector<StreamSummary> RecordingPipeline::summaries() const {
  std::vector<StreamSummary> out;
  for (const auto& s : streams_) out.push_back({s->stream_name(), s->file_name(), s->count(), s->head_hex()});
  return out;
}

}  // namespace capsule
