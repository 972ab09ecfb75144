#include "store/pg_connection.h"

#include <fmt/core.h>
#include <libpq-fe.h>

namespace capsule::store {
namespace {

// One owner for a PGresult.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* text) {
  std::string s = text != nullptr ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

PgConnection::PgConnection(const std::string& url) {
  conn_ = PQconnectdb(url.c_str());
  if (conn_ == nullptr) throw StoreError("cannot connect to the store: out of memory", true);
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = trimmed(PQerrorMessage(conn_));
    PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("cannot connect to the store: " + why, true);
  }
  exec("SET TIME ZONE 'UTC'");
  exec("SET client_min_messages = warning");  // CREATE … IF NOT EXISTS notices are not news
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) PQfinish(conn_);
}

int PgConnection::backend_pid() const { return PQbackendPID(conn_); }

void PgConnection::fail(std::string_view what, const pg_result* result) const {
  std::string why = result != nullptr ? trimmed(PQresultErrorMessage(result)) : "";
  if (why.empty()) why = trimmed(PQerrorMessage(conn_));
  // A statement the server refused leaves the connection usable; anything else is a cut. The
  // server's last words on a connection it ends (SQLSTATE class 08, connection exception, or
  // 57P01-57P03, an administrator's or a shutdown's termination) can arrive before libpq sees the
  // socket close, with the status still OK: they are a cut too.
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state != nullptr ? state : "";
  const bool lost = PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08") ||
                    sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
  throw StoreError(fmt::format("{}: {}", what, why), lost);
}

Rows PgConnection::exec(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  const std::string text(sql);
  Result r(PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                        nullptr, 0));
  const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail("store", r.get());
  Rows out;
  const int ncols = PQnfields(r.get());
  for (int c = 0; c < ncols; ++c) out.columns.emplace_back(PQfname(r.get(), c));
  const int nrows = PQntuples(r.get());
  out.rows.reserve(static_cast<size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    auto& row = out.rows.emplace_back();
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(r.get(), i, c)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(PQgetvalue(r.get(), i, c), static_cast<size_t>(PQgetlength(r.get(), i, c))));
    }
  }
  return out;
}

void PgConnection::copy_in(std::string_view table, std::string_view columns, std::string_view data) {
  const std::string sql = fmt::format("COPY {} ({}) FROM STDIN", table, columns);
  Result start(PQexec(conn_, sql.c_str()));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) fail(sql, start.get());
  // libpq buffers; hand it the rows in large pieces.
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    const size_t n = std::min(kPiece, data.size() - at);
    if (PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) fail(sql);
  }
  if (PQputCopyEnd(conn_, nullptr) != 1) fail(sql);
  Result end(PQgetResult(conn_));
  if (!end || PQresultStatus(end.get()) != PGRES_COMMAND_OK) fail(sql, end.get());
  while (Result more{PQgetResult(conn_)}) {
  }
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    c_.exec("ROLLBACK");
  } catch (const StoreError&) {
    // The connection is gone: the server rolled the transaction back itself.
  }
}

}  // namespace capsule::store
