// A PostgreSQL server for the store tests (docs/STORE.md): initdb in a temporary directory, a
// Unix socket in that directory and no TCP, started and stopped by the test itself. As root it
// runs as uid 65534 (postgres refuses to run as root). available() is false when Debian's
// postgresql is not installed; the tests then skip.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "harness.h"

namespace capsule::test {

class PgServer {
 public:
  PgServer();  // starts it; check available()
  ~PgServer();
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  bool available() const { return started_; }
  const std::string& why_not() const { return why_not_; }
  // The libpq connection string of its database.
  std::string url() const;
  // psql -At: the rows of a query, one line each, columns separated by '|'.
  std::string query(const std::string& sql) const;
  void stop();

 private:
  std::vector<std::string> as_owner(std::vector<std::string> argv) const;
  TempDir dir_;
  std::filesystem::path bin_;
  bool started_ = false;
  std::string why_not_;
};

// One server for the whole test program (starting one takes seconds).
PgServer& pg_server();

}  // namespace capsule::test
