#include "store/pg_connection.h"

#include <fmt/core.h>
#include "store/libpq_api.h"

namespace capsule::store {
namespace {

// One owner for a PGresult.
struct ResultDeleter {
  void operator()(PGresult* r) const { libpq().PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string trimmed(const char* text) {
  std::string s = text != nullptr ? text : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

PgConnection::PgConnection(const std::string& url) {
  conn_ = libpq().PQconnectdb(url.c_str());
  if (conn_ == nullptr) throw StoreError("cannot connect to the store: out of memory", true);
  if (libpq().PQstatus(conn_) != CONNECTION_OK) {
    const std::string why = trimmed(libpq().PQerrorMessage(conn_));
    libpq().PQfinish(conn_);
    conn_ = nullptr;
    throw StoreError("cannot connect to the store: " + why, true);
  }
  exec("SET TIME ZONE 'UTC'");
  exec("SET client_min_messages = warning");  // CREATE … IF NOT EXISTS notices are not news
}

PgConnection::~PgConnection() {
  if (conn_ != nullptr) libpq().PQfinish(conn_);
}

int PgConnection::backend_pid() const { return libpq().PQbackendPID(conn_); }

void PgConnection::fail(std::string_view what, const pg_result* result) const {
  std::string why = result != nullptr ? trimmed(libpq().PQresultErrorMessage(result)) : "";
  if (why.empty()) why = trimmed(libpq().PQerrorMessage(conn_));
  // A statement the server refused leaves the connection usable; anything else is a cut. The
  // server's last words on a connection it ends (SQLSTATE class 08, connection exception, or
  // 57P01-57P03, an administrator's or a shutdown's termination) can arrive before libpq sees the
  // socket close, with the status still OK: they are a cut too.
  const char* state = result != nullptr ? libpq().PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string_view sqlstate = state != nullptr ? state : "";
  const bool lost = libpq().PQstatus(conn_) != CONNECTION_OK || sqlstate.starts_with("08") ||
                    sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
  throw StoreError(fmt::format("{}: {}", what, why), lost);
}

Rows PgConnection::exec(std::string_view sql, const std::vector<std::optional<std::string>>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  const std::string text(sql);
  Result r(libpq().PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                        nullptr, 0));
  const ExecStatusType st = r ? libpq().PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) fail("store", r.get());
  Rows out;
  const int ncols = libpq().PQnfields(r.get());
  for (int c = 0; c < ncols; ++c) out.columns.emplace_back(libpq().PQfname(r.get(), c));
  const int nrows = libpq().PQntuples(r.get());
  out.rows.reserve(static_cast<size_t>(nrows));
  const LibpqApi& pq = libpq();
  for (int i = 0; i < nrows; ++i) {
    auto& row = out.rows.emplace_back();
    for (int c = 0; c < ncols; ++c) {
      if (pq.PQgetisnull(r.get(), i, c)) row.emplace_back(std::nullopt);
      else row.emplace_back(std::string(pq.PQgetvalue(r.get(), i, c), static_cast<size_t>(pq.PQgetlength(r.get(), i, c))));
    }
  }
  return out;
}

void PgConnection::copy_in(std::string_view table, std::string_view columns, std::string_view data) {
  const std::string sql = fmt::format("COPY {} ({}) FROM STDIN", table, columns);
  Result start(libpq().PQexec(conn_, sql.c_str()));
  if (!start || libpq().PQresultStatus(start.get()) != PGRES_COPY_IN) fail(sql, start.get());
  // libpq buffers; hand it the rows in large pieces.
  constexpr size_t kPiece = 1 << 20;
  for (size_t at = 0; at < data.size(); at += kPiece) {
    const size_t n = std::min(kPiece, data.size() - at);
    if (libpq().PQputCopyData(conn_, data.data() + at, static_cast<int>(n)) != 1) fail(sql);
  }
  if (libpq().PQputCopyEnd(conn_, nullptr) != 1) fail(sql);
  Result end(libpq().PQgetResult(conn_));
  if (!end || libpq().PQresultStatus(end.get()) != PGRES_COMMAND_OK) fail(sql, end.get());
  while (Result more{libpq().PQgetResult(conn_)}) {
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
