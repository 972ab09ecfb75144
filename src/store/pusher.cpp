#include "store/pusher.h"

#include <fmt/core.h>

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

std::map<std::string, uint64_t> cursors(PgConnection& c, const std::string& run_id) {
  std::map<std::string, uint64_t> out{{kEventsCursor, 0}, {kActionsCursor, 0}, {kRisksCursor, 0}};
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
    insert_run(c, run, o);
    tx.commit();
  }
  auto limit = [&run](const char* stream) {
    const auto it = run.records.find(stream);
    return it != run.records.end() ? it->second : 0;
  };
  Source events(stream_file_path(log_dir, "events"), limit("events"));
  Source enriched(stream_file_path(log_dir, "enriched"), limit("enriched"));
  Source actions(stream_file_path(log_dir, "actions"), limit("actions"));
  Source risks(stream_file_path(log_dir, "risks"), limit("risks"));
  EventRows ev;
  ActionRows ac;
  FindingRows fi;
  for (;;) {
    const auto at = cursors(c, run.run_id);
    events.seek(at.at(kEventsCursor));
    enriched.seek(at.at(kEventsCursor));
    actions.seek(at.at(kActionsCursor));
    risks.seek(at.at(kRisksCursor));
    ev.clear();
    ac.clear();
    fi.clear();
    std::string_view line;
    std::string_view xline;
    for (uint64_t n = 0; n < o.batch && events.next(line); ++n) {
      if (enriched.present() && !enriched.next(xline)) throw StreamError("enriched: fewer records than events");
      ev.add(run.run_id, line, enriched.present() ? xline : std::string_view());
    }
    for (uint64_t n = 0; n < o.batch && actions.next(line); ++n) ac.add(run.run_id, actions.at() - 1, line);
    for (uint64_t n = 0; n < o.batch && risks.next(line); ++n) fi.add(run.run_id, line);
    if (ev.events.rows() + ac.actions.rows() + fi.findings.rows() == 0) break;

    partitions.ensure(c, table(Table::Events), ev.event_days);
    partitions.ensure(c, table(Table::Denials), ev.denial_days);
    partitions.ensure(c, table(Table::Actions), ac.days);
    partitions.ensure(c, table(Table::Findings), fi.days);
    Transaction tx(c);
    // One pusher per run at a time; another that pushed this batch meanwhile moved the cursors.
    c.exec("SELECT 1 FROM capsule.runs WHERE run_id = $1 FOR UPDATE", {run.run_id});
    if (cursors(c, run.run_id) != at) continue;  // rolled back; read again from the new cursors
    auto copy = [&c](Table t, const CopyRows& rows) {
      if (rows.rows() > 0) c.copy_in(qualified(table(t)), column_list(table(t)), rows.data());
    };
    copy(Table::Events, ev.events);
    copy(Table::Denials, ev.denials);
    copy(Table::Processes, ev.processes);
    copy(Table::Actions, ac.actions);
    copy(Table::Findings, fi.findings);
    for (const auto& [stream, n] : {std::pair{kEventsCursor, events.at()}, std::pair{kActionsCursor, actions.at()},
                                    std::pair{kRisksCursor, risks.at()}}) {
      c.exec("INSERT INTO capsule.push_state (run_id, stream, records) VALUES ($1, $2, $3) "
             "ON CONFLICT (run_id, stream) DO UPDATE SET records = EXCLUDED.records",
             {run.run_id, std::string(stream), std::to_string(n)});
    }
    tx.commit();
    ++result.batches;
    result.events += ev.events.rows();
    result.denials += ev.denials.rows();
    result.processes += ev.processes.rows();
    result.actions += ac.actions.rows();
    result.findings += fi.findings.rows();
  }
  finish(c, run);
  return result;
}

}  // namespace capsule::store
