#include "view/watch/watch_model.h"

#include "view/record_columns.h"
#include "view/record_filter.h"

namespace capsule::view::watch {
namespace {

using json = nlohmann::json;

// The action kinds that build the tree: who started whom, what each ran, how each ended.
bool shapes_tree(const std::string& kind) { return kind == "Spawn" || kind == "Exec" || kind == "Exit"; }

}  // namespace

void WatchModel::set_manifest(const json& manifest) { builder_.add_manifest(manifest); }

void WatchModel::add_action(std::string_view line) {
  const json a = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!a.is_object()) return;  // a torn or corrupt line: verify reports it
  ++action_count_;
  actions_.emplace_back(line);
  if (actions_.size() > keep_) actions_.pop_front();
  const std::string kind = columns::text_of(a, "kind");
  const auto pid = a.find("pid");
  const bool new_pid = pid != a.end() && pid->is_number_integer() && seen_pids_.insert(pid->get<int32_t>()).second;
  if (shapes_tree(kind)) {
    builder_.add_action(a);
  } else if (new_pid) {
    // Any other action makes its process known (one that acted without being seen to start),
    // with its times; its kind and target are left out, so no file or peer is collected.
    json seen = json::object();
    for (const char* key : {"pid", "exe", "start", "end"}) {
      if (const auto it = a.find(key); it != a.end()) seen[key] = *it;
    }
    builder_.add_action(seen);
  }
}

void WatchModel::add_finding(std::string_view line) {
  const json f = json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!f.is_object()) return;
  ++finding_count_;
  if (const auto rank = severity_rank(columns::text_of(f, "severity"))) ++by_severity_[static_cast<size_t>(*rank)];
  builder_.add_finding(f);
}

summary::RunSummary WatchModel::snapshot() const {
  summary::SummaryBuilder copy = builder_;
  return copy.finish();
}

}  // namespace capsule::view::watch
