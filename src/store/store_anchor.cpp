#include "store/store_anchor.h"

#include <unistd.h>

#include <string>

#include "store/pg_connection.h"

namespace capsule::store {

std::string default_origin(const std::filesystem::path& home) {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + home.string();
}

std::vector<AnchorEntry> read_store_anchors(PgConnection& c, std::optional<std::string> origin) {
  const Rows rows = c.exec(
      "SELECT run_id::text, checkpoint_count, checkpoint_head FROM capsule.runs WHERE checkpoint_count IS NOT NULL "
      "AND ($1::text IS NULL OR origin = $1)",
      {std::move(origin)});
  std::vector<AnchorEntry> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) {
    out.push_back({r.at(0).value_or(""), std::stoull(r.at(1).value_or("0")), r.at(2).value_or("")});
  }
  return out;
}

}  // namespace capsule::store
