#include "store_server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

namespace capsule::test {
namespace fs = std::filesystem;

PgServer::PgServer() {
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", fs::directory_options::skip_permission_denied)) {
    if (fs::exists(e.path() / "bin" / "initdb")) bin_ = e.path() / "bin";
  }
  if (bin_.empty()) {
    why_not_ = "PostgreSQL is not installed (Debian: postgresql)";
    return;
  }
  if (::geteuid() == 0) {
    ::chmod(dir_.path().c_str(), 0755);
    if (::chown(dir_.path().c_str(), 65534, 65534) != 0) throw std::runtime_error("chown " + dir_.path().string());
  }
  const std::string data = (dir_.path() / "data").string();
  const auto init = run_program(as_owner({(bin_ / "initdb").string(), "-D", data, "-A", "trust", "-U", "capsule",
                                          "--no-sync", "-E", "UTF8", "--locale", "C"}));
  if (init.exit_code != 0) {
    why_not_ = "initdb failed: " + init.err;
    return;
  }
  const auto start = run_program(as_owner(
      {(bin_ / "pg_ctl").string(), "-D", data, "-l", (dir_.path() / "server.log").string(), "-w", "-o",
       "-k " + dir_.path().string() + " -c listen_addresses='' -c fsync=off -c max_connections=40", "start"}));
  if (start.exit_code != 0) {
    why_not_ = "pg_ctl start failed: " + start.out + start.err;
    return;
  }
  started_ = true;
}

PgServer::~PgServer() { stop(); }

void PgServer::stop() {
  if (!started_) return;
  run_program(as_owner({(bin_ / "pg_ctl").string(), "-D", (dir_.path() / "data").string(), "-m", "immediate", "-w",
                        "stop"}));
  started_ = false;
}

std::vector<std::string> PgServer::as_owner(std::vector<std::string> argv) const {
  if (::geteuid() != 0) return argv;
  std::vector<std::string> cmd{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return cmd;
}

std::string PgServer::url() const { return "host=" + dir_.path().string() + " user=capsule dbname=postgres"; }

std::string PgServer::query(const std::string& sql) const {
  const auto o = run_program({"psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", url(), "-c", sql});
  if (o.exit_code != 0) throw std::runtime_error("psql: " + sql + ": " + o.err);
  std::string out = o.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

PgServer& pg_server() {
  static PgServer server;
  return server;
}

}  // namespace capsule::test
