// What docs/ENRICHED.md tells a reader of enriched.jsonl to do, as the tests' oracle: keep a map
// ctx_id -> ctx_full while reading the records in file order; a record's full context is its
// ctx_full (else the one of its ctx_id, else {}) with the record's own "ctx" keys laid over it.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace capsule::test {

class ContextReader {
 public:
  // The record as written, with "ctx" replaced by its full context; the last line read as
  // written is kept in raw().
  nlohmann::json read(const std::string& line) {
    raw_ = nlohmann::json::parse(line);
    nlohmann::json rec = raw_;
    nlohmann::json full = nlohmann::json::object();
    if (rec.contains("ctx_full")) {
      full = rec["ctx_full"];
      if (rec.contains("ctx_id")) contexts_[rec["ctx_id"].get<uint64_t>()] = full;
    } else if (rec.contains("ctx_id")) {
      // throws when the id was never defined before: a format bug
      full = contexts_.at(rec["ctx_id"].get<uint64_t>());
    }
    for (const auto& [key, value] : rec["ctx"].items()) full[key] = value;
    rec["ctx"] = std::move(full);
    rec.erase("ctx_full");
    return rec;
  }
  const nlohmann::json& raw() const { return raw_; }
  size_t contexts_seen() const { return contexts_.size(); }

 private:
  std::map<uint64_t, nlohmann::json> contexts_;
  nlohmann::json raw_;
};

}  // namespace capsule::test
