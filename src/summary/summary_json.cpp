// The summary as one JSON object (capsule summary --json): the RunSummary's fields under the same
// names, for scripts and the HTML report.
#include "summary/run_summary.h"

namespace capsule::summary {

std::string render_json(const RunSummary& s) {
  using OrderedJson = nlohmann::ordered_json;
  OrderedJson out;
  out["run_id"] = s.run_id;
  out["command"] = s.command;
  out["state"] = s.state;
  out["backend"] = s.backend;
  out["exit_code"] = s.exit_code ? OrderedJson(*s.exit_code) : OrderedJson(nullptr);
  out["syscalls"] = s.syscalls;
  OrderedJson procs = OrderedJson::array();
  for (const Process& p : s.processes) {
    OrderedJson j{{"pid", p.pid}};
    if (p.parent != 0) j["parent"] = p.parent;
    j["exe"] = p.exe;
    j["argv"] = p.argv;
    j["end"] = p.end.empty() ? OrderedJson(nullptr) : OrderedJson(p.end);
    j["children"] = p.children;
    procs.push_back(std::move(j));
  }
  out["processes"] = std::move(procs);
  OrderedJson written = OrderedJson::array();
  for (const WrittenDir& d : s.written) {
    OrderedJson files = OrderedJson::array();
    for (const WrittenFile& f : d.files) files.push_back({{"name", f.name}, {"bytes", f.bytes}});
    OrderedJson j{{"dir", d.dir}, {"files", std::move(files)}};
    if (d.more > 0) j["more"] = d.more;
    written.push_back(std::move(j));
  }
  out["written"] = std::move(written);
  out["read_outside"] = s.read_outside;
  out["read_outside_total"] = s.read_outside_total;
  OrderedJson peers = OrderedJson::array();
  for (const Peer& p : s.peers) {
    OrderedJson j;
    if (!p.host.empty()) j["host"] = p.host;
    j["address"] = p.address;
    j["port"] = p.port;
    j["connects"] = p.connects;
    j["sent"] = p.sent;
    j["received"] = p.received;
    peers.push_back(std::move(j));
  }
  out["peers"] = std::move(peers);
  OrderedJson findings = OrderedJson::array();
  for (const Finding& f : s.findings) {
    OrderedJson j{{"severity", f.severity}, {"rule", f.rule}, {"pid", f.pid}, {"description", f.description}};
    if (!f.host.empty()) j["host"] = f.host;
    findings.push_back(std::move(j));
  }
  out["findings"] = std::move(findings);
  OrderedJson denials = OrderedJson::array();
  for (const Denial& d : s.denials) denials.push_back({{"exe", d.exe}, {"call", d.call}, {"count", d.count}});
  out["denials"] = std::move(denials);
  // Program-chosen strings may be any bytes: replace what is not UTF-8 rather than throw.
  return out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) + "\n";
}

}  // namespace capsule::summary
