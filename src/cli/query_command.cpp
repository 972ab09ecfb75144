// capsule query QUESTION [VALUE] --db URL: the canned questions over the store (docs/STORE.md,
// "Questions"): runs that contacted a peer, runs that read or wrote a path, findings by rule and
// time, and a command's baseline diff. Text for people, --json for scripts.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "view/record_render.h"

#ifdef CAPSULE_HAVE_STORE
#include "store/queries.h"
#endif

namespace capsule {
namespace {

struct QueryOptions {
  std::string question;
  std::optional<std::string> value;
  std::string db;
  std::string access = "any";
  std::optional<std::string> rule, since, until;
  uint64_t previous = 5;
  uint64_t limit = 100;
  bool json = false;
};

#ifdef CAPSULE_HAVE_STORE

nlohmann::json rows_json(const store::Rows& rows) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : rows.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (size_t i = 0; i < rows.columns.size(); ++i) o[rows.columns[i]] = r[i] ? nlohmann::json(*r[i]) : nullptr;
    out.push_back(std::move(o));
  }
  return out;
}

// One line per row, columns separated by two spaces; control characters escaped (the values are
// paths and commands the traced programs chose).
void print_rows(const store::Rows& rows) {
  for (const auto& r : rows.rows) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) line += (i ? "  " : "") + r[i].value_or("-");
    fmt::print("{}\n", view::printable(line));
  }
}

int answer(const QueryOptions& o) {
  const bool needs_value = o.question != "findings";
  if (needs_value && !o.value) {
    print_error(fmt::format("query: '{}' needs a value (capsule help query)", o.question));
    return exit_code::kUsage;
  }
  store::QueryLimits limits;
  limits.limit = o.limit;
  store::PgConnection c(o.db);
  if (o.question == "baseline") {
    const store::Baseline b = store::baseline(c, *o.value, o.previous);
    if (o.json) {
      nlohmann::json j{{"command", *o.value},
                       {"latest", b.latest ? nlohmann::json(*b.latest) : nullptr},
                       {"previous", b.previous},
                       {"new", rows_json(b.news)}};
      fmt::print("{}\n", j.dump(2));
      return exit_code::kOk;
    }
    if (!b.latest) {
      fmt::print("no run of this command in the store\n");
      return exit_code::kOk;
    }
    fmt::print("latest run {} against the {} before it: {} new\n", *b.latest, b.previous, b.news.size());
    print_rows(b.news);
    return exit_code::kOk;
  }
  store::Rows rows;
  if (o.question == "peer") {
    rows = store::runs_by_peer(c, *o.value, limits);
  } else if (o.question == "path") {
    const store::Access a = o.access == "read" ? store::Access::Read
                            : o.access == "write" ? store::Access::Write
                                                  : store::Access::Any;
    rows = store::runs_by_path(c, *o.value, a, limits);
  } else {
    rows = store::findings(c, o.rule, o.since, o.until, limits);
  }
  if (o.json) fmt::print("{}\n", rows_json(rows).dump(2));
  else print_rows(rows);
  return exit_code::kOk;
}

int query(const QueryOptions& o) {
  try {
    return answer(o);
  } catch (const store::StoreError& e) {
    print_error(fmt::format("query: {}", e.what()));
    return exit_code::kStore;
  }
}

#else

int query(const QueryOptions&) {
  print_error("query: this capsule was built without the PostgreSQL store (libpq-dev; CAPSULE_STORE)");
  return exit_code::kStore;
}

#endif

}  // namespace

Command add_query_command(CLI::App& app) {
  auto opts = std::make_shared<QueryOptions>();
  auto* sub = app.add_subcommand("query", "Ask the PostgreSQL store a canned question (docs/STORE.md)");
  sub->add_option("question", opts->question,
                  "peer GLOB: runs that contacted a peer; path GLOB: runs that read/wrote a path; "
                  "findings: findings by rule and time; baseline COMMAND: what the latest run of COMMAND did "
                  "that its previous runs did not")
      ->required()
      ->check(CLI::IsMember({"peer", "path", "findings", "baseline"}));
  sub->add_option("value", opts->value, "The glob (peer, path) or the command line as recorded (baseline)");
  sub->add_option("--db", opts->db, "The store: a libpq URL or key=value string")->required()->check(non_empty());
  sub->add_option("--access", opts->access, "path: read, write or any")
      ->check(CLI::IsMember({"read", "write", "any"}))
      ->default_val("any");
  sub->add_option("--rule", opts->rule, "findings: only this rule");
  sub->add_option("--since", opts->since, "findings: from this time (ISO-8601, e.g. 2026-12-01T00:00:00Z)");
  sub->add_option("--until", opts->until, "findings: before this time");
  sub->add_option("--previous", opts->previous, "baseline: how many earlier runs to compare with")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10000}))
      ->default_val(5);
  sub->add_option("--limit", opts->limit, "At most this many rows")
      ->check(CLI::Range(uint64_t{1}, uint64_t{1000000}))
      ->default_val(100);
  sub->add_flag("--json", opts->json, "Print the answer as JSON");
  sub->footer("Globs: * any characters (/ included), ? one character. Exit 6 when the store cannot be reached or "
              "refuses the question.");
  return {sub, [opts] { return query(*opts); }, nullptr};
}

}  // namespace capsule
