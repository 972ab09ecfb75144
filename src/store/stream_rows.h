// The store's rows made from a run's stream records (docs/STORE.md, "Where each column comes
// from"): an event (its events.jsonl record with the enriched.jsonl record of the same seq) gives
// an events row, a denials row when it was refused, and a processes row when it defines a process
// context; an actions.jsonl line an actions row; a risks.jsonl line a findings row. Each row
// builder also collects the days its rows fall on, for the day partitions.
#pragma once

#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

#include "store/copy_rows.h"
#include "store/json_view.h"

namespace capsule::store {

// "2026-12-05" of "2026-12-05T16:12:49.061958Z"; throws std::runtime_error for anything else
// (the day is spelled into a partition's name and bounds).
std::string day_of(std::string_view ts);

class StreamError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a row builder keeps from one line to the next, so that a line costs no allocation.
struct RowScratch {
  JsonObject record, enriched, ctx, element;
  std::string ts, type, text, found, rest;  // decoded strings that have escapes
  std::string last_event_day, last_denial_day;
};

struct EventRows {
  CopyRows events, denials, processes;
  std::set<std::string> event_days, denial_days;
  // Throws StreamError when a line is not a record or the two lines are not the same seq.
  void add(const std::string& run_id, std::string_view event_line, std::string_view enriched_line);
  void clear();

 private:
  RowScratch scratch_;
};

struct ActionRows {
  CopyRows actions;
  std::set<std::string> days;
  void add(const std::string& run_id, uint64_t line_number, std::string_view line);
  void clear();

 private:
  RowScratch scratch_;
};

struct FindingRows {
  CopyRows findings;
  std::set<std::string> days;
  void add(const std::string& run_id, std::string_view line);
  void clear();

 private:
  RowScratch scratch_;
};

}  // namespace capsule::store
