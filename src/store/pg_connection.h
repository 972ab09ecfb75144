// One libpq connection to the store (docs/STORE.md): statements with text parameters, COPY in,
// and transactions. Every failure is a StoreError; `lost()` tells a cut connection (the server
// went away, the backend was terminated) from a refused statement, so a caller can reconnect
// and resume from what the store committed.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace capsule::store {

class StoreError : public std::runtime_error {
 public:
  StoreError(const std::string& what, bool lost) : std::runtime_error(what), lost_(lost) {}
  bool lost() const { return lost_; }

 private:
  bool lost_;
};

// The rows of a result as text; a SQL NULL is nullopt.
struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;
  size_t size() const { return rows.size(); }
  const std::optional<std::string>& at(size_t row, size_t col) const { return rows.at(row).at(col); }
};

class PgConnection {
 public:
  // Connects to a libpq URL or key=value string ("postgres://…", "host=/tmp dbname=x"); the
  // session's time zone is UTC, so day partitions and timestamps read the same everywhere.
  explicit PgConnection(const std::string& url);
  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // A statement with $1… parameters (nullopt = NULL), all sent as text.
  Rows exec(std::string_view sql, const std::vector<std::optional<std::string>>& params = {});
  // COPY table (columns) FROM STDIN in text format: `data` is the rows, each ending in '\n'.
  void copy_in(std::string_view table, std::string_view columns, std::string_view data);
  int backend_pid() const;

 private:
  [[noreturn]] void fail(std::string_view what, const pg_result* result = nullptr) const;
  pg_conn* conn_ = nullptr;
};

// BEGIN … COMMIT; rolled back when it goes out of scope uncommitted (an exception).
class Transaction {
 public:
  explicit Transaction(PgConnection& c) : c_(c) { c_.exec("BEGIN"); }
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.exec("COMMIT");
    done_ = true;
  }

 private:
  PgConnection& c_;
  bool done_ = false;
};

}  // namespace capsule::store
