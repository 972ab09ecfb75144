#include "store/schema.h"

#include <fmt/core.h>

#include <chrono>
#include <stdexcept>

#include "store/pg_connection.h"

namespace capsule::store {
namespace {

// Every table starts with run_id: the distribution key (docs/STORE.md, "Sharding").
constexpr Column kRuns[] = {
    {"run_id", "uuid NOT NULL"},       {"origin", "text NOT NULL"},      {"command", "text NOT NULL"},
    {"argv", "jsonb NOT NULL"},        {"cwd", "text"},                  {"backend", "text"},
    {"start_ts", "timestamptz"},       {"end_ts", "timestamptz"},        {"exit_code", "integer"},
    {"exit_signal", "text"},           {"state", "text"},                {"signer", "text"},
    {"manifest", "jsonb NOT NULL"},    {"checkpoint_count", "bigint"},   {"checkpoint_head", "text"},
    {"pushed_at", "timestamptz"},
};
constexpr Column kPushState[] = {
    {"run_id", "uuid NOT NULL"}, {"stream", "text NOT NULL"}, {"records", "bigint NOT NULL"}};
constexpr Column kCheckpoints[] = {
    {"run_id", "uuid NOT NULL"}, {"seq", "bigint NOT NULL"}, {"type", "text NOT NULL"},
    {"line", "text NOT NULL"},   {"chain", "text NOT NULL"}};
constexpr Column kProcesses[] = {
    {"run_id", "uuid NOT NULL"}, {"ctx_id", "bigint NOT NULL"}, {"pid", "integer NOT NULL"},
    {"ppid", "integer"},         {"first_seq", "bigint NOT NULL"}, {"first_ts", "timestamptz NOT NULL"},
    {"exe", "text"},             {"argv", "jsonb"},             {"uid", "bigint"},
    {"euid", "bigint"},          {"context", "jsonb NOT NULL"}};
constexpr Column kEvents[] = {
    {"run_id", "uuid NOT NULL"}, {"seq", "bigint NOT NULL"}, {"ts", "timestamptz NOT NULL"},
    {"pid", "integer"},          {"tid", "integer"},         {"type", "text NOT NULL"},
    {"syscall", "text"},         {"ret", "bigint"},          {"errno", "text"},
    {"denied", "boolean NOT NULL"}, {"exe", "text"},         {"path", "text"},
    {"peer", "text"},            {"dur_us", "bigint"},
    // json, not jsonb: an argument may hold NUL bytes (\u0000), which jsonb refuses; and json is
    // only checked, not converted, on COPY.
    {"args", "json"}};
constexpr Column kDenials[] = {
    {"run_id", "uuid NOT NULL"}, {"seq", "bigint NOT NULL"}, {"ts", "timestamptz NOT NULL"},
    {"pid", "integer"},          {"exe", "text"},            {"syscall", "text"},
    {"errno", "text"},           {"denied_by", "text"}};
constexpr Column kActions[] = {
    {"run_id", "uuid NOT NULL"}, {"line", "bigint NOT NULL"}, {"kind", "text NOT NULL"},
    {"pid", "integer"},          {"exe", "text"},             {"target", "text"},
    {"start_ts", "timestamptz NOT NULL"}, {"end_ts", "timestamptz"}, {"events", "bigint"},
    {"bytes", "bigint"},         {"failed", "bigint"},        {"first_seq", "bigint"},
    {"last_seq", "bigint"}};
constexpr Column kFindings[] = {
    {"run_id", "uuid NOT NULL"}, {"finding", "bigint NOT NULL"}, {"ts", "timestamptz NOT NULL"},
    {"rule", "text NOT NULL"},   {"severity", "text NOT NULL"},  {"pid", "integer"},
    {"exe", "text"},             {"argv", "jsonb"},              {"description", "text"},
    {"evidence", "bigint[]"}};

constexpr std::string_view kRunsIdx[] = {"start_ts", "command"};
constexpr std::string_view kProcessesIdx[] = {"exe"};
constexpr std::string_view kEventsIdx[] = {"run_id, seq", "exe", "path", "peer"};
constexpr std::string_view kDenialsIdx[] = {"run_id, seq", "syscall"};
// (run_id, kind, target): a baseline reads each run's network and written targets from the index
// alone (354 -> ~100 ms on 2.5 M actions, docs/BENCHMARKS.md); (kind, target) serves the globs with
// a literal start.
constexpr std::string_view kActionsIdx[] = {"run_id, line", "kind, target", "exe", "run_id, kind, target"};
constexpr std::string_view kFindingsIdx[] = {"run_id, finding", "rule, ts"};

constexpr std::array<TableSpec, 8> kTables{{
    {Table::Runs, "runs", kRuns, "", "run_id", kRunsIdx},
    {Table::PushState, "push_state", kPushState, "", "run_id, stream", {}},
    {Table::Checkpoints, "checkpoints", kCheckpoints, "", "run_id, seq", {}},
    {Table::Processes, "processes", kProcesses, "", "run_id, ctx_id", kProcessesIdx},
    {Table::Events, "events", kEvents, "ts", "", kEventsIdx},
    {Table::Denials, "denials", kDenials, "ts", "", kDenialsIdx},
    {Table::Actions, "actions", kActions, "start_ts", "", kActionsIdx},
    {Table::Findings, "findings", kFindings, "ts", "", kFindingsIdx},
}};

constexpr bool tables_in_enum_order() {
  for (size_t i = 0; i < kTables.size(); ++i) {
    if (static_cast<size_t>(kTables[i].id) != i) return false;
  }
  return true;
}
static_assert(tables_in_enum_order());

// One lock for every change to the schema: two pushers creating the same table or partition at
// once would otherwise collide on the catalog (a unique violation, not IF NOT EXISTS).
constexpr std::string_view kLock = "SELECT pg_advisory_xact_lock(hashtext('capsule.schema'))";
constexpr std::string_view kLockShared = "SELECT pg_advisory_xact_lock_shared(hashtext('capsule.schema'))";

std::string create_table(const TableSpec& t) {
  std::string sql = fmt::format("CREATE TABLE IF NOT EXISTS {} (", qualified(t));
  for (size_t i = 0; i < t.columns.size(); ++i) {
    sql += fmt::format("{}{} {}", i ? ", " : "", t.columns[i].name, t.columns[i].type);
  }
  if (!t.primary.empty()) sql += fmt::format(", PRIMARY KEY ({})", t.primary);
  sql += ")";
  if (!t.partition.empty()) sql += fmt::format(" PARTITION BY RANGE ({})", t.partition);
  return sql;
}

// "2026-12-05" → "2026-12-06".
std::string next_day(const std::string& day) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (std::sscanf(day.c_str(), "%d-%u-%u", &y, &m, &d) != 3) throw std::runtime_error("bad day " + day);
  const std::chrono::sys_days next =
      std::chrono::sys_days(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d)) + std::chrono::days(1);
  const std::chrono::year_month_day ymd(next);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

// A glob that starts with a wildcard (`*/.aws/*`) cannot use a btree: with the pg_trgm extension
// (PostgreSQL's contrib, trusted: a database owner may create it) a trigram index on the action
// targets serves it (~800 -> ~50 ms on 2.5 M actions). A server without it, or a user who may not
// create it, gets a store without that index: those globs read every action.
void trigram_index(PgConnection& c) {
  c.exec("SAVEPOINT capsule_trigram");
  try {
    c.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
    c.exec("CREATE INDEX IF NOT EXISTS actions_target_trgm ON capsule.actions USING gin (target gin_trgm_ops)");
    c.exec("RELEASE SAVEPOINT capsule_trigram");
  } catch (const StoreError& e) {
    if (e.lost()) throw;
    c.exec("ROLLBACK TO SAVEPOINT capsule_trigram");
  }
}

}  // namespace

const TableSpec& table(Table id) { return kTables[static_cast<size_t>(id)]; }
std::span<const TableSpec> tables() { return kTables; }

std::string qualified(const TableSpec& t) { return fmt::format("capsule.{}", t.name); }

std::string column_list(const TableSpec& t) {
  std::string out;
  for (const Column& c : t.columns) out += fmt::format("{}{}", out.empty() ? "" : ", ", c.name);
  return out;
}

void ensure_schema(PgConnection& c) {
  Transaction tx(c);
  c.exec(kLock);
  c.exec("CREATE SCHEMA IF NOT EXISTS capsule");
  for (const TableSpec& t : kTables) {
    c.exec(create_table(t));
    for (size_t i = 0; i < t.indexes.size(); ++i) {
      // Named after the table and the position, so IF NOT EXISTS finds it again.
      c.exec(fmt::format("CREATE INDEX IF NOT EXISTS {}_i{} ON {} ({})", t.name, i, qualified(t), t.indexes[i]));
    }
  }
  trigram_index(c);
  tx.commit();
}

void hold_schema_lock_shared(PgConnection& c) { c.exec(kLockShared); }

void Partitions::ensure(PgConnection& c, const TableSpec& t, const std::set<std::string>& days) {
  std::set<std::string> missing;
  for (const std::string& d : days) {
    if (!made_.contains(std::string(t.name) + "/" + d)) missing.insert(d);
  }
  if (missing.empty()) return;
  Transaction tx(c);
  c.exec(kLock);
  for (const std::string& d : missing) {
    std::string compact = d;
    std::erase(compact, '-');
    c.exec(fmt::format("CREATE TABLE IF NOT EXISTS capsule.{}_{} PARTITION OF {} FOR VALUES FROM ('{} 00:00:00+00') "
                       "TO ('{} 00:00:00+00')",
                       t.name, compact, qualified(t), d, next_day(d)));
  }
  tx.commit();
  for (const std::string& d : missing) made_.insert(std::string(t.name) + "/" + d);
}

}  // namespace capsule::store
