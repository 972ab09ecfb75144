#include "store/queries.h"

#include <fmt/core.h>

namespace capsule::store {
namespace {

// Action kinds (docs/FORMAT.md, "actions.jsonl") grouped as the questions see them.
constexpr std::string_view kNetworkKinds = "'Connect', 'Send', 'Receive', 'Accept'";
// An Open alone is neither: its flags are not in actions.jsonl, and what was done with the fd is.
constexpr std::string_view kReadKinds = "'Read', 'Exec', 'List'";
constexpr std::string_view kWriteKinds = "'Write', 'Delete', 'Rename', 'Mkdir', 'Link', 'Chmod', 'Chown'";

std::string kinds_of(Access a) {
  switch (a) {
    case Access::Read: return std::string(kReadKinds);
    case Access::Write: return std::string(kWriteKinds);
    case Access::Any: break;
  }
  return fmt::format("{}, {}", kReadKinds, kWriteKinds);
}

// Runs with actions of these kinds on targets like the pattern, newest first.
Rows runs_by_target(PgConnection& c, const std::string& kinds, const std::string& glob, const QueryLimits& l,
                    const char* label) {
  return c.exec(fmt::format("SELECT r.run_id::text AS run_id, r.origin, r.command, r.start_ts, m.targets AS {} "
                            "FROM (SELECT run_id, string_agg(DISTINCT target, ' ' ORDER BY target) AS targets "
                            "      FROM capsule.actions WHERE kind IN ({}) AND target LIKE $1 GROUP BY run_id) m "
                            "JOIN capsule.runs r USING (run_id) ORDER BY r.start_ts DESC, r.run_id LIMIT $2",
                            label, kinds),
                {like_pattern(glob), std::to_string(l.limit)});
}

// What a baseline compares, for the runs of the uuid[] parameter `param`: executables, peers and
// written paths, as (what, value).
std::string facts_of_runs(std::string_view param) {
  return fmt::format(
      "SELECT 'executable' AS what, exe AS value FROM capsule.processes WHERE run_id = ANY({0}::uuid[]) "
      "AND exe IS NOT NULL "
      "UNION SELECT 'peer', target FROM capsule.actions WHERE run_id = ANY({0}::uuid[]) AND kind IN ({1}) "
      "UNION SELECT 'written', target FROM capsule.actions WHERE run_id = ANY({0}::uuid[]) AND kind IN ({2})",
      param, kNetworkKinds, kWriteKinds);
}

}  // namespace

std::string like_pattern(const std::string& glob) {
  std::string out;
  for (const char ch : glob) {
    if (ch == '*') out += '%';
    else if (ch == '?') out += '_';
    else if (ch == '%' || ch == '_' || ch == '\\') out += {'\\', ch};
    else out += ch;
  }
  return out;
}

Rows runs_by_peer(PgConnection& c, const std::string& glob, const QueryLimits& l) {
  return runs_by_target(c, std::string(kNetworkKinds), glob, l, "peers");
}

Rows runs_by_path(PgConnection& c, const std::string& glob, Access access, const QueryLimits& l) {
  return runs_by_target(c, kinds_of(access), glob, l, "paths");
}

Rows findings(PgConnection& c, const std::optional<std::string>& rule, const std::optional<std::string>& since,
              const std::optional<std::string>& until, const QueryLimits& l) {
  return c.exec("SELECT f.ts, f.run_id::text AS run_id, f.rule, f.severity, f.exe, f.description, r.command "
                "FROM capsule.findings f JOIN capsule.runs r USING (run_id) "
                "WHERE ($1::text IS NULL OR f.rule = $1) AND ($2::timestamptz IS NULL OR f.ts >= $2) "
                "AND ($3::timestamptz IS NULL OR f.ts < $3) ORDER BY f.ts, f.run_id, f.finding LIMIT $4",
                {rule, since, until, std::to_string(l.limit)});
}

Baseline baseline(PgConnection& c, const std::string& command, uint64_t n) {
  Baseline b;
  // Only runs pushed whole: a run half pushed would look as if it did less.
  const Rows runs = c.exec("SELECT run_id::text FROM capsule.runs WHERE command = $1 AND checkpoint_count IS NOT NULL "
                           "ORDER BY start_ts DESC, run_id LIMIT $2",
                           {command, std::to_string(n + 1)});
  if (runs.size() == 0) return b;
  b.latest = runs.at(0, 0);
  b.previous = runs.size() - 1;
  std::string previous = "{";
  for (size_t i = 1; i < runs.size(); ++i) previous += (i > 1 ? "," : "") + runs.at(i, 0).value_or("");
  previous += "}";
  b.news = c.exec(fmt::format("SELECT what, value FROM ({}) latest EXCEPT SELECT what, value FROM ({}) earlier "
                              "ORDER BY what, value",
                              facts_of_runs("$1"), facts_of_runs("$2")),
                  {"{" + *b.latest + "}", previous});
  return b;
}

}  // namespace capsule::store
