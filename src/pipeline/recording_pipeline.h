// The pipeline thread: takes events from the backend through a bounded queue, runs them through
// the stages (enricher → renderers → chained writers) in stream order, and keeps every stream
// flushed within the latency bound. Every backend (ptrace, strace, import) feeds the same one.
#pragma once

#include <atomic>
#include <utility>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <sched.h>
#include <string>
#include <thread>
#include <vector>

#include "aggregate/aggregator.h"
#include "detect/detector.h"
#include "detect/rule.h"
#include "enrich/enricher.h"
#include "log/chain/chained_stream.h"
#include "log/chain/checkpointer.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_streams.h"
#include "pipeline/event_ring.h"
#include "policy/policy_check.h"
#include "policy/policy_evaluator.h"
#include "redact/redactor.h"
#include "trace/event_sink.h"

namespace capsule {

struct PipelineConfig {
  std::filesystem::path log_dir;
  std::string run_id;
  int64_t flush_interval_us = 5000;   // a record reaches the disk within this (+ one poll tick)
  size_t queue_capacity = 4096;
  std::optional<cpu_set_t> cpus;      // where the pipeline thread runs (CpuPlacement)
  // Signed checkpoints and seal (log/chain/checkpointer.h); none when signing_key is null.
  std::shared_ptr<const SigningKey> signing_key;
  PublicKey32 epoch_recipient{};      // k_0 is sealed to this (keys/epoch.key's public half)
  CheckpointSchedule checkpoints;
  // actions.jsonl: events of one (pid, kind, target) this close together merge (--window-ms).
  int64_t action_window_us = Aggregator::kDefaultWindowUs;
  // How the streams are stored (--compress; docs/FORMAT.md, "Compression").
  Compression compression;
  // risks.jsonl: the detection rules (detect/rule_book.h). Null: the default rules, loaded by the
  // pipeline (a problem loading them is reported by detection_problem(), and nothing is detected).
  std::shared_ptr<const std::vector<Rule>> rules;
  // Applied to every event before any stage sees it (and to /proc snapshots' argv); null: the
  // events are recorded as they came (--redact none). Used by the pipeline thread only, once
  // start() has run.
  std::shared_ptr<Redactor> redactor;
  // For measurement only (bench/pipeline_replay_bench.cpp); no command sets these. They leave a
  // stage out to see what it costs, and a run made with either off is not a valid record.
  struct Measurement {
    // false: no Enricher::process and no enriched.jsonl records (the other streams then lack
    // the fd paths the enricher resolves, unless the events brought their own).
    bool enrich = true;
    // false (with enrich): the enricher runs, but no enriched.jsonl record is written; what the
    // record itself costs, apart from the process table it comes from.
    bool enriched_stream = true;
    // false: no hash chain, epoch tag or signed checkpoint; each record is written with a
    // placeholder of the same length where its hash goes (ChainedStream::unchained_for_measurement).
    bool tamper_evidence = true;
  };
  Measurement measurement;
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
  // Before start(): --policy-mode complain. Each call is judged against the policy as it is
  // recorded (the one evaluator, policy_evaluator.h), and each one it would refuse becomes a
  // `policy-would-deny` finding in risks.jsonl (one per call) and a line of complained().
  // run_cwd: the run's working directory, for a process whose own is not known.
  void judge_against(std::shared_ptr<const PolicyEvaluator> policy, std::string run_cwd);
  // Null when nothing is redacted (--redact none).
  const Redactor* redactor() const { return cfg_.redactor.get(); }

  void start();
  void emit(SyscallEvent& ev) override { ring_.push(ev); }
  bool failed() const override { return failed_.load(std::memory_order_relaxed); }

  // No more events: drains the queue, flushes and fsyncs every stream, stops the thread.
  void finish();
  // After finish() and after manifest.json is written: the signed seal over every stream, the
  // exit status and the manifest's digest. Does nothing when the run has no checkpoints or the
  // log failed (such a run verifies as unsealed).
  void seal(const SealInfo& info);
  bool sealed() const { return checkpointer_ && checkpointer_->sealed(); }
  // checkpoints.jsonl's record count and chain head: the run's anchor.
  uint64_t checkpoint_records() const { return checkpointer_ ? checkpointer_->count() : 0; }
  std::string checkpoint_head() const { return checkpointer_ ? checkpointer_->head_hex() : ""; }

  std::vector<StreamSummary> summaries() const;
  std::string failure_message() const;
  uint64_t syscall_records() const { return syscalls_; }
  // Records some of whose memory the tracer was refused (SyscallEvent::unreadable).
  uint64_t unreadable_records() const { return unreadable_; }
  // strace lines that could not be read, kept as EventType::Unparsed records.
  uint64_t unparsed_records() const { return unparsed_; }
  // Calls refused rather than run (SyscallEvent::denied): by a --policy or by capsule itself.
  uint64_t denied_records() const { return denied_; }
  // After finish(): the calls a --policy refused, per syscall name, most refused first.
  std::vector<std::pair<std::string, uint64_t>> policy_denials() const;
  // After finish(): what complain mode's policy would have refused (empty without judge_against).
  const PolicyCheck& complained() const { return complained_; }
  uint64_t events_processed() const { return next_seq_; }
  // After finish(): events the tracer handed over whose events.jsonl record is not on disk (the
  // log failed: taken after the failure, or written into a buffer the disk refused). 0 when the
  // log did not fail.
  uint64_t events_unwritten() const;
  // After finish(): the findings written to risks.jsonl.
  const FindingTally& findings() const { return detector_->tally(); }
  // Why the default rules could not be loaded ("" when they were).
  const std::string& detection_problem() const { return detection_problem_; }

 private:
  void loop();
  void process(SyscallEvent& ev);
  void flush_due(bool force);
  void checkpoint_if_due(bool by_time);
  void fail(const std::string& why);
  void write_action(const Action& a);
  void write_finding(const Finding& f);
  void judge(const SyscallEvent& ev, std::string_view cwd_before);
  ChainedStream* stream(RunStream id) const { return streams_[static_cast<size_t>(id)].get(); }

  PipelineConfig cfg_;
  EventRing ring_;
  Enricher enricher_;
  std::vector<std::unique_ptr<ChainedStream>> streams_;  // indexed by RunStream
  std::unique_ptr<Checkpointer> checkpointer_;
  uint64_t next_seq_ = 0;
  uint64_t syscalls_ = 0;
  uint64_t dropped_ = 0;  // events taken after the log failed: never processed
  uint64_t unreadable_ = 0;
  uint64_t unparsed_ = 0;
  uint64_t denied_ = 0;
  // By syscall name, in the order first refused; only refused calls touch it.
  std::vector<std::pair<std::string, uint64_t>> policy_denied_;
  std::shared_ptr<const PolicyEvaluator> complain_;  // judge_against
  std::string complain_cwd_;
  std::string cwd_before_;
  PolicyCheck complained_;
  std::thread thread_;
  std::atomic<bool> failed_{false};
  mutable std::mutex failure_mu_;
  std::string failure_;
  Aggregator aggregator_;
  std::unique_ptr<Detector> detector_;
  std::string detection_problem_;
};

}  // namespace capsule
