// The canned questions of `capsule query` (docs/STORE.md, "Questions"), each one SQL statement
// over the store's tables. Every answer is a table of text columns (Rows).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/pg_connection.h"

namespace capsule::store {

// A shell-style glob (`*` any run of characters, `/` included; `?` one character) as a LIKE
// pattern, with LIKE's own % _ and \ taken literally.
std::string like_pattern(const std::string& glob);

enum class Access { Read, Write, Any };

struct QueryLimits {
  uint64_t limit = 100;
};

// Runs whose network actions (connect, send, receive, accept) name a peer matching the glob:
// run_id, origin, command, start_ts, peers (the matching targets).
Rows runs_by_peer(PgConnection& c, const std::string& glob, const QueryLimits& l);
// Runs that read and/or wrote a path matching the glob: run_id, origin, command, start_ts, paths.
Rows runs_by_path(PgConnection& c, const std::string& glob, Access access, const QueryLimits& l);
// Findings, optionally of one rule, in [since, until): ts, run_id, rule, severity, exe,
// description, command.
Rows findings(PgConnection& c, const std::optional<std::string>& rule, const std::optional<std::string>& since,
              const std::optional<std::string>& until, const QueryLimits& l);

struct Baseline {
  std::optional<std::string> latest;  // the latest run of the command (none pushed: nullopt)
  uint64_t previous = 0;              // how many earlier runs it was compared with
  Rows news;                          // what, value: executable / peer / written
};
// What the latest run of `command` did that none of its previous n runs did.
Baseline baseline(PgConnection& c, const std::string& command, uint64_t n);

}  // namespace capsule::store
