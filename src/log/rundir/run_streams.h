// The streams of a run, declared once (docs/FORMAT.md, "Run directory"): the pipeline opens them
// in this order, `capsule tail` and `capsule verify` know them by this list. Adding a stream is a
// row here (and an enumerator in RunStream) plus the code in the pipeline that writes it.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "log/chain/chained_stream.h"

namespace capsule {

// Indexes kRunStreams; in pipeline order.
enum class RunStream : size_t { Syscalls, Events, Enriched, Actions, Risks };

struct RunStreamSpec {
  RunStream id;
  std::string_view name;  // the stream's name, also its file's stem ("syscalls")
  std::string_view file;  // its file in the run directory ("syscalls.log")
  StreamForm form;
  // One record per event (every event is rendered into it): in each checkpoint such streams
  // hold the same count, which verify checks.
  bool per_event;
};

inline constexpr std::array<RunStreamSpec, 5> kRunStreams{{
    {RunStream::Syscalls, "syscalls", "syscalls.log", StreamForm::Text, true},
    {RunStream::Events, "events", "events.jsonl", StreamForm::Jsonl, true},
    {RunStream::Enriched, "enriched", "enriched.jsonl", StreamForm::Jsonl, true},
    {RunStream::Actions, "actions", "actions.jsonl", StreamForm::Jsonl, false},
    {RunStream::Risks, "risks", "risks.jsonl", StreamForm::Jsonl, false},
}};

// Each row sits at its enumerator's index, so that run_stream() is a plain lookup.
constexpr bool run_streams_in_enum_order() {
  for (size_t i = 0; i < kRunStreams.size(); ++i) {
    if (static_cast<size_t>(kRunStreams[i].id) != i) return false;
  }
  return true;
}
static_assert(run_streams_in_enum_order());

constexpr const RunStreamSpec& run_stream(RunStream id) { return kRunStreams[static_cast<size_t>(id)]; }

// The declaration of a stream by its name, if capsule writes one of that name.
constexpr const RunStreamSpec* find_run_stream(std::string_view name) {
  for (const RunStreamSpec& s : kRunStreams) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// The file of a stream of this name: its declared file, or "<name>.jsonl" for a stream capsule
// does not write itself (any *.jsonl in a run directory is a stream of its stem's name).
inline std::string run_stream_file(std::string_view name) {
  if (const RunStreamSpec* s = find_run_stream(name)) return std::string(s->file);
  return std::string(name) + ".jsonl";
}

}  // namespace capsule
