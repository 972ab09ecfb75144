#include "pipeline/recording_pipeline.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/core.h>

#include <ctime>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "aggregate/action_json.h"
#include "base/clock.h"
#include "detect/rule_book.h"
#include "log/render/event_render.h"
#include "log/rundir/run_streams.h"
#include "trace/cpu_placement.h"

namespace capsule {
namespace {

// Whether this process holds CAP_SYS_PTRACE; nullopt when it cannot tell. The tracer is this
// process (native backend) or strace started with its credentials (--backend strace).
std::optional<bool> can_ptrace() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
  if (::syscall(SYS_capget, &header, data) != 0) return std::nullopt;
  return ((data[CAP_SYS_PTRACE / 32].effective >> (CAP_SYS_PTRACE % 32)) & 1u) != 0;
}

}  // namespace

RecordingPipeline::RecordingPipeline(PipelineConfig cfg)
    : cfg_(std::move(cfg)),
      ring_(cfg_.queue_capacity),
      aggregator_(
          cfg_.action_window_us, [this](const Action& a) { write_action(a); },
          [this](int32_t pid) { return enricher_.exe_of(pid); },
          [this](std::string_view peer) { return enricher_.host_of(peer); },
          [this](int32_t pid) -> const std::vector<std::string>* {
            const ProcessContext* c = enricher_.context_of(pid);
            return c != nullptr && c->argv ? &*c->argv : nullptr;
          }) {
  // Every declared stream, in its declared order (which is the manifest's and the checkpoints').
  for (const RunStreamSpec& spec : kRunStreams) {
    streams_.push_back(std::make_unique<ChainedStream>(cfg_.log_dir, std::string(spec.name), std::string(spec.file),
                                                       spec.form, cfg_.run_id, Chaining::Blocks,
                                                       stream_compression(cfg_.compression,
                                                                          spec.form == StreamForm::Text)));
    if (!cfg_.measurement.tamper_evidence) streams_.back()->unchained_for_measurement();
  }
  std::shared_ptr<const std::vector<Rule>> rules = cfg_.rules;
  if (!rules) {
    try {
      rules = std::make_shared<const std::vector<Rule>>(load_rules({}).rules());
    } catch (const RuleError& e) {
      detection_problem_ = e.what();
      rules = std::make_shared<const std::vector<Rule>>();
    }
  }
  detector_ = std::make_unique<Detector>(*rules, [this](const Finding& f) { write_finding(f); });
  // Before any seed: whether traced execs honour set-id bits depends on the tracer.
  if (const auto cap = can_ptrace()) enricher_.set_tracer_can_ptrace(*cap);
  if (cfg_.redactor) {
    enricher_.set_argv_filter([r = cfg_.redactor](std::vector<std::string>& argv) {
      for (std::string& word : argv) r->redact_text(word);
    });
  }
  if (cfg_.signing_key && cfg_.measurement.tamper_evidence) {
    checkpointer_ = std::make_unique<Checkpointer>(cfg_.log_dir, cfg_.run_id, *cfg_.signing_key,
                                                   cfg_.epoch_recipient, cfg_.checkpoints);
  }
}

RecordingPipeline::~RecordingPipeline() {
  if (thread_.joinable()) {
    ring_.close();
    thread_.join();
  }
}

void RecordingPipeline::start() {
  if (checkpointer_) {
    // Every stream opened by now is covered by every checkpoint, from epoch 0 on.
    std::vector<ChainedStream*> streams;
    for (auto& s : streams_) streams.push_back(s.get());
    try {
      checkpointer_->open(std::move(streams), wall_clock_us());
    } catch (const LogWriteError& e) {
      fail(e.what());
    }
  }
  thread_ = std::thread([this] { loop(); });
}

void RecordingPipeline::checkpoint_if_due(bool by_time) {
  if (!checkpointer_) return;
  if (by_time) {
    const int64_t now = wall_clock_us();
    if (checkpointer_->due_by_time(now)) checkpointer_->checkpoint(next_seq_, now);
  } else if (checkpointer_->due_by_records(next_seq_)) {
    checkpointer_->checkpoint(next_seq_, wall_clock_us());
  }
}

void RecordingPipeline::seal(const SealInfo& info) {
  if (!checkpointer_ || failed()) return;
  try {
    checkpointer_->seal(info, wall_clock_us());
  } catch (const LogWriteError& e) {
    fail(e.what());
  }
}

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
  if (cfg_.redactor) cfg_.redactor->redact(ev);  // first: no stage, no stream sees a secret
  if (ev.type == EventType::Syscall) ++syscalls_;
  if (ev.unreadable) ++unreadable_;
  if (ev.type == EventType::Unparsed) ++unparsed_;
  if (ev.denied) {
    ++denied_;
    if (ev.deny_reason == DenyReason::Policy || ev.deny_reason == DenyReason::Landlock ||
        ev.deny_reason == DenyReason::Egress) {
      // Seccomp's refusals by name, Landlock's as "landlock:openat", the allow-list's as
      // "egress:connect": the three are told apart.
      count_refusal(policy_denied_, refusal_key(ev.deny_reason, ev.name));
    }
  }
  const bool enrich = cfg_.measurement.enrich;
  const bool judged = complain_ && ev.type == EventType::Syscall;
  // The working directory the call was made in: a chdir changes it for the calls after.
  if (judged) cwd_before_.assign(enricher_.cwd_of(ev.pid));
  if (enrich) enricher_.process(ev);
  // Rendered straight into each stream's buffer.
  stream(RunStream::Syscalls)->append_rendered([&](std::string& out) { append_strace_line(ev, out); });
  stream(RunStream::Events)->append_rendered([&](std::string& out) { append_event_json(ev, out); });
  if (enrich && cfg_.measurement.enriched_stream) {
    stream(RunStream::Enriched)->append_rendered([&](std::string& out) { enricher_.append_enriched_json(ev, out); });
  }
  aggregator_.feed(ev);  // may complete earlier actions: they are written from inside
  detector_->feed(ev, enricher_);  // needs the enricher's view of this very event: right after it
  if (judged) judge(ev, cwd_before_.empty() ? std::string_view(complain_cwd_) : std::string_view(cwd_before_));
}

void RecordingPipeline::judge_against(std::shared_ptr<const PolicyEvaluator> policy, std::string run_cwd) {
  complain_ = std::move(policy);
  complain_cwd_ = std::move(run_cwd);
}

void RecordingPipeline::judge(const SyscallEvent& ev, std::string_view cwd_before) {
  const HostOf host_of = [this](std::string_view ip) { return enricher_.host_of(ip); };
  auto refusal = complain_->refusal(ev, cwd_before, host_of);
  if (!refusal) return;
  const std::string_view exe = enricher_.exe_of(ev.pid);
  Finding f;
  f.ts_us = ev.ts_us;
  f.rule = "policy-would-deny";
  f.severity = Severity::Low;  // nothing was refused: what enforcing the policy would change
  f.pid = ev.pid;
  f.exe = std::string(exe);
  if (const ProcessContext* c = enricher_.context_of(ev.pid); c != nullptr && c->argv) f.argv = *c->argv;
  const std::string target = refusal_target(*refusal);
  f.description = fmt::format("{} would be refused {} by the policy (by: {}{}{})", exe.empty() ? "?" : exe, ev.name,
                              refusal_part(refusal->by), target.empty() ? "" : ": ", target);
  if (refusal->destination) f.host = std::string(enricher_.host_of(refusal->destination->ip));
  f.evidence = {ev.seq};
  detector_->report(std::move(f));
  complained_.add(WouldRefuse{ev.seq, ev.pid, std::string(exe), ev.name, std::move(*refusal)});
}

void RecordingPipeline::write_action(const Action& a) {
  stream(RunStream::Actions)->append_rendered([&](std::string& out) { append_action_json(a, out); });
}

void RecordingPipeline::write_finding(const Finding& f) {
  stream(RunStream::Risks)->append_rendered([&](std::string& out) { append_finding_json(f, out); });
}

void RecordingPipeline::flush_due(bool force) {
  const int64_t now = wall_clock_us();
  for (auto& s : streams_) {
    if (force || s->flush_due(now, cfg_.flush_interval_us)) s->flush();
  }
}

void RecordingPipeline::loop() {
  if (cfg_.cpus) CpuPlacement::pin_current_thread(*cfg_.cpus);
  // Poll every 2 ms: the tracer does not wake us per event (see EventRing), and a record must
  // reach the disk within a few ms of its syscall.
  const auto tick = std::chrono::milliseconds(2);
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
          checkpoint_if_due(false);
        } catch (const LogWriteError& e) {
          fail(e.what());
        }
      } else {
        ++dropped_;
      }
    }
    // Even after a failure the queue is drained, so that the tracer is never blocked on it while
    // it stops the program.
    ring_.release(n);
    if (!failed()) {
      try {
        // Actions whose window has passed are written even while no event comes.
        aggregator_.tick(wall_clock_us());
        flush_due(false);
        // Also when nothing was recorded: an epoch left unsealed would let a log be cut there.
        checkpoint_if_due(true);
      } catch (const LogWriteError& e) {
        fail(e.what());
      }
    }
  }
}

void RecordingPipeline::finish() {
  ring_.close();
  if (thread_.joinable()) thread_.join();
  if (!failed()) {
    try {
      aggregator_.flush_all();  // the thread is gone: this thread owns the aggregator now
      detector_->finish();      // sequences still waiting did not complete: nothing to report
    } catch (const LogWriteError& e) {
      fail(e.what());
    }
  }
  // Each fsync is a disk flush (≈ 0.2-0.4 ms here, the largest part of a short run's fixed cost):
  // every stream's writes are started first so that they overlap (half the time of fsyncing one
  // file after another, measured). The directory, which holds every stream's entry, is not synced
  // here: the final manifest, written next by every caller (run, import), syncs it after its
  // rename, and a run without that manifest is not complete anyway.
  for (auto& s : streams_) {
    try {
      s->start_writeback();
    } catch (const LogWriteError& e) {
      fail(e.what());
    }
  }
  // And the fsyncs go on side by side, one thread per stream: ext4 commits fsyncs that wait
  // together in one journal transaction, where one after another each waits for its own (a run of
  // `true` spent 3.9 ms here with ten in a row).
  std::vector<std::string> errors(streams_.size());
  {
    std::vector<std::jthread> closers;
    for (size_t i = 0; i < streams_.size(); ++i) {
      auto close_one = [this, i, &errors] {
        try {
          streams_[i]->close(ChainedStream::DirectorySync::LeftToCaller);
        } catch (const LogWriteError& e) {
          errors[i] = e.what();
        }
      };
      try {
        closers.emplace_back(close_one);
      } catch (const std::system_error&) {
        close_one();  // no thread: here
      }
    }
  }
  for (const std::string& e : errors) {
    if (!e.empty()) fail(e);
  }
}

std::vector<std::pair<std::string, uint64_t>> RecordingPipeline::policy_denials() const {
  return ranked(policy_denied_);
}

uint64_t RecordingPipeline::events_unwritten() const {
  if (!failed()) return 0;
  const ChainedStream* events = stream(RunStream::Events);
  const uint64_t on_disk = events->count() - events->unwritten();
  const uint64_t taken = next_seq_ + dropped_;
  return taken > on_disk ? taken - on_disk : 0;
}

std::vector<StreamSummary> RecordingPipeline::summaries() const {
  std::vector<StreamSummary> out;
  for (const auto& s : streams_) out.push_back({s->stream_name(), s->file_name(), s->count(), s->head_hex()});
  return out;
}

}  // namespace capsule
