#include "store/pusher.h"

#include <fmt/core.h>

#include <future>
#include <map>
#include <memory>
#include <optional>

#include "log/render/event_render.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "store/local_run.h"
#include "store/pg_connection.h"
#include "store/stream_rows.h"

namespace capsule::store {
namespace {

namespace fs = std::filesystem;

// The cursors of push_state: the events cursor covers events.jsonl and enriched.jsonl (read in
// step), and with them the events, denials and processes rows.
constexpr const char* kEventsCursor = "events";
constexpr const char* kActionsCursor = "actions";
constexpr const char* kRisksCursor = "risks";

// A stream read from its start and positioned at a record count, never past `limit` (what the
// seal covers).
class Source {
 public:
  Source(fs::path file, uint64_t limit) : file_(std::move(file)), limit_(limit) { reopen(); }
  bool present() const { return present_; }
  uint64_t at() const { return at_; }
  void seek(uint64_t n) {
    if (n < at_) reopen();
    std::string_view skip;
    while (at_ < n && next(skip)) {
    }
  }
  bool next(std::string_view& line) {
    if (!present_ || at_ >= limit_) return false;
    bool nl = false;
    if (!reader_->next(line, nl) || !nl) return false;
    ++at_;
    return true;
  }

 private:
  void reopen() {
    present_ = fs::exists(file_);
    reader_ = std::make_unique<LineReader>(file_);
    at_ = 0;
  }
  fs::path file_;
  uint64_t limit_;
  std::unique_ptr<LineReader> reader_;
  bool present_ = false;
  uint64_t at_ = 0;
};

using Cursors = std::map<std::string, uint64_t>;

// One batch's rows, and the cursors before and after it.
struct Batch {
  EventRows ev;
  ActionRows ac;
  FindingRows fi;
  Cursors from, to;
  bool empty() const { return ev.events.rows() + ac.actions.rows() + fi.findings.rows() == 0; }
};

// The run's four streams, read in step from the cursors on.
class BatchReader {
 public:
  BatchReader(const fs::path& log_dir, const LocalRun& run)
      : run_id_(run.run_id),
        events_(stream_file_path(log_dir, "events"), limit(run, "events")),
        enriched_(stream_file_path(log_dir, "enriched"), limit(run, "enriched")),
        actions_(stream_file_path(log_dir, "actions"), limit(run, "actions")),
        risks_(stream_file_path(log_dir, "risks"), limit(run, "risks")) {}

  void seek(const Cursors& at) {
    events_.seek(at.at(kEventsCursor));
    enriched_.seek(at.at(kEventsCursor));
    actions_.seek(at.at(kActionsCursor));
    risks_.seek(at.at(kRisksCursor));
  }

  // Up to `batch` records of each stream into b.
  void read(Batch& b, uint64_t batch) {
    b.ev.clear();
    b.ac.clear();
    b.fi.clear();
    b.from = position();
    std::string_view line;
    std::string_view xline;
    for (uint64_t n = 0; n < batch && events_.next(line); ++n) {
      if (enriched_.present() && !enriched_.next(xline)) throw StreamError("enriched: fewer records than events");
      b.ev.add(run_id_, line, enriched_.present() ? xline : std::string_view());
    }
    for (uint64_t n = 0; n < batch && actions_.next(line); ++n) b.ac.add(run_id_, actions_.at() - 1, line);
    for (uint64_t n = 0; n < batch && risks_.next(line); ++n) b.fi.add(run_id_, line);
    b.to = position();
  }

 private:
  static uint64_t limit(const LocalRun& run, const char* stream) {
    const auto it = run.records.find(stream);
    return it != run.records.end() ? it->second : 0;
  }
  Cursors position() const {
    return {{kEventsCursor, events_.at()}, {kActionsCursor, actions_.at()}, {kRisksCursor, risks_.at()}};
  }
  std::string run_id_;
  Source events_, enriched_, actions_, risks_;
};

Cursors cursors(PgConnection& c, const std::string& run_id) {
  Cursors out{{kEventsCursor, 0}, {kActionsCursor, 0}, {kRisksCursor, 0}};
  const Rows rows = c.exec("SELECT stream, records FROM capsule.push_state WHERE run_id = $1", {run_id});
  for (const auto& r : rows.rows) out[r.at(0).value_or("")] = std::stoull(r.at(1).value_or("0"));
  return out;
}

std::optional<std::string> iso_time(const nlohmann::json& m, const char* key) {
  const auto it = m.find(key);
  if (it == m.end() || !it->is_number_integer()) return std::nullopt;
  std::string out;
  append_iso_time(it->get<int64_t>(), out);
  return out;
}

std::optional<std::string> text_field(const nlohmann::json& m, const char* key) {
  const auto it = m.find(key);
  if (it == m.end() || it->is_null()) return std::nullopt;
  return it->is_string() ? it->get<std::string>() : it->dump();
}

void insert_run(PgConnection& c, const LocalRun& run, const PushOptions& o) {
  const nlohmann::json& m = run.manifest;
  c.exec("INSERT INTO capsule.runs (run_id, origin, command, argv, cwd, backend, start_ts, end_ts, exit_code, "
         "exit_signal, state, signer, manifest) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
         "ON CONFLICT (run_id) DO NOTHING",
         {run.run_id, o.origin, m.value("command", std::string()), m.value("argv", nlohmann::json::array()).dump(),
          text_field(m, "cwd"), text_field(m, "backend"), iso_time(m, "start_us"), iso_time(m, "end_us"),
          text_field(m, "exit_code"), text_field(m, "exit_signal"), text_field(m, "state"),
          run.signer.empty() ? std::nullopt : std::optional<std::string>(run.signer), m.dump()});
}

// The anchor the store already holds for this run must be this run's: a run replaced locally
// after it was pushed is not pushed over the original.
bool already_whole(PgConnection& c, const LocalRun& run) {
  const Rows r = c.exec("SELECT checkpoint_count, checkpoint_head FROM capsule.runs WHERE run_id = $1", {run.run_id});
  if (r.size() == 0 || !r.at(0, 0)) return false;
  const uint64_t count = std::stoull(*r.at(0, 0));
  const std::string head = r.at(0, 1).value_or("");
  if (count != run.checkpoints.size() || head != run.head) {
    throw PushError(fmt::format("run {}: the store holds another version of it ({} checkpoint records, head {}; "
                                "this copy: {}, {}); not pushed (capsule verify --anchor the store)",
                                run.run_id, count, head.substr(0, 16), run.checkpoints.size(),
                                run.head.substr(0, 16)));
  }
  return true;
}

void finish(PgConnection& c, const LocalRun& run) {
  Transaction tx(c);
  hold_schema_lock_shared(c);
  c.exec("SELECT 1 FROM capsule.runs WHERE run_id = $1 FOR UPDATE", {run.run_id});
  for (size_t i = 0; i < run.checkpoints.size(); ++i) {
    const std::string& line = run.checkpoints[i];
    const auto j = nlohmann::json::parse(line, nullptr, false);
    c.exec("INSERT INTO capsule.checkpoints (run_id, seq, type, line, chain) VALUES ($1, $2, $3, $4, $5) "
           "ON CONFLICT (run_id, seq) DO NOTHING",
           {run.run_id, std::to_string(i), j.is_object() ? j.value("type", std::string()) : std::string(), line,
            chain_of(line)});
  }
  c.exec("UPDATE capsule.runs SET checkpoint_count = $2, checkpoint_head = $3, pushed_at = now() WHERE run_id = $1",
         {run.run_id, std::to_string(run.checkpoints.size()), run.head});
  tx.commit();
}

}  // namespace

PushResult push_run(PgConnection& c, Partitions& partitions, const fs::path& log_dir, const PushOptions& o) {
  const LocalRun run = read_local_run(log_dir);
  PushResult result;
  result.run_id = run.run_id;
  if (already_whole(c, run)) {
    result.already = true;
    return result;
  }
  {
    Transaction tx(c);
    hold_schema_lock_shared(c);
    insert_run(c, run, o);
    tx.commit();
  }
  BatchReader reader(log_dir, run);
  Batch current;
  Batch next;
  reader.seek(cursors(c, run.run_id));
  reader.read(current, o.batch);
  while (!current.empty()) {
    // The next batch is read and made into rows while the server takes this one (two CPUs: the
    // server's COPY and capsule's parsing overlap). The future is declared after the batches, so
    // unwinding waits for it before they go.
    std::future<void> ahead = std::async(std::launch::async, [&reader, &next, &o] { reader.read(next, o.batch); });
    partitions.ensure(c, table(Table::Events), current.ev.event_days);
    partitions.ensure(c, table(Table::Denials), current.ev.denial_days);
    partitions.ensure(c, table(Table::Actions), current.ac.days);
    partitions.ensure(c, table(Table::Findings), current.fi.days);
    Transaction tx(c);
    hold_schema_lock_shared(c);  // before any table lock (schema.h)
    // One pusher per run at a time; another that pushed this batch meanwhile moved the cursors.
    c.exec("SELECT 1 FROM capsule.runs WHERE run_id = $1 FOR UPDATE", {run.run_id});
    const auto at = cursors(c, run.run_id);
    if (at != current.from) {
      // Rolled back; read again from the new cursors.
      tx.commit();
      ahead.get();
      reader.seek(at);
      reader.read(current, o.batch);
      continue;
    }
    auto copy = [&c](Table t, const CopyRows& rows) {
      if (rows.rows() > 0) c.copy_in(qualified(table(t)), column_list(table(t)), rows.data());
    };
    copy(Table::Events, current.ev.events);
    copy(Table::Denials, current.ev.denials);
    copy(Table::Processes, current.ev.processes);
    copy(Table::Actions, current.ac.actions);
    copy(Table::Findings, current.fi.findings);
    for (const auto& [stream, n] : current.to) {
      c.exec("INSERT INTO capsule.push_state (run_id, stream, records) VALUES ($1, $2, $3) "
             "ON CONFLICT (run_id, stream) DO UPDATE SET records = EXCLUDED.records",
             {run.run_id, stream, std::to_string(n)});
    }
    tx.commit();
    ++result.batches;
    result.events += current.ev.events.rows();
    result.denials += current.ev.denials.rows();
    result.processes += current.ev.processes.rows();
    result.actions += current.ac.actions.rows();
    result.findings += current.fi.findings.rows();
    ahead.get();
    std::swap(current, next);
  }
  finish(c, run);
  return result;
}

}  // namespace capsule::store
