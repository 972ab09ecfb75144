// The store's schema (docs/STORE.md), declared once: each table's columns, which of them is its
// day partition key, and its indexes. CREATE TABLE, the COPY column lists and the partitions are
// derived from these rows.
#pragma once

#include <array>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace capsule::store {

class PgConnection;

struct Column {
  std::string_view name;
  std::string_view type;  // SQL type, with NOT NULL where it applies
};

enum class Table : size_t { Runs, PushState, Checkpoints, Processes, Events, Denials, Actions, Findings };

struct TableSpec {
  Table id;
  std::string_view name;       // in schema "capsule"
  std::span<const Column> columns;
  std::string_view partition;  // the timestamptz column it is partitioned on by day; "" when not
  std::string_view primary;    // PRIMARY KEY columns; "" when none (partitioned tables: see STORE.md)
  std::span<const std::string_view> indexes;  // each an index's column list
};

const TableSpec& table(Table id);
std::span<const TableSpec> tables();

// "capsule.events"
std::string qualified(const TableSpec& t);
// "run_id, seq, ts, …": every column, in order, for COPY.
std::string column_list(const TableSpec& t);

// Creates the schema, tables and indexes when missing. Several pushers may do this at once: it
// runs under a transaction-level advisory lock.
void ensure_schema(PgConnection& c);

// The same lock, shared: taken first by every transaction of a push that writes rows. A new
// partition (CREATE TABLE … PARTITION OF locks the parent and the tables it refers to) then never
// interleaves with a COPY into those tables: two pushers of one run, one creating the next day's
// partition while the other copied a batch, deadlocked in PostgreSQL (seen once under ASan in CI).
void hold_schema_lock_shared(PgConnection& c);

// The day partitions ("2026-12-05", UTC) of a partitioned table, created when missing (under the
// same lock; a day already made by this process is not asked for again).
class Partitions {
 public:
  void ensure(PgConnection& c, const TableSpec& t, const std::set<std::string>& days);

 private:
  std::set<std::string> made_;  // "events/2026-12-05"
};

}  // namespace capsule::store
