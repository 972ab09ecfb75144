// enriched.jsonl's context in compact form (docs/ENRICHED.md): each record carries a small inline
// `ctx` and a `ctx_id`; the full context (`ctx_full`) is written once, on the record where its id
// first appears. The text of both is rendered when a process's context may have changed (new
// process, execve, set*id, capset, setns…), which is rare, and copied as-is into every record:
// rendering the capability names alone costs more than the rest of a record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace capsule {

struct ProcessEntry;  // process_table.h

struct RenderedContext {
  // The context may differ from `full`: set for a new entry and by every event with a process
  // effect; cleared by refresh_rendered_context.
  bool stale = true;
  // ctx_id of `full`; 0 while nothing about the process is known (the record shows "ctx":{}).
  uint64_t id = 0;
  // ctx_full: {"exe":…,"argv":[…],"ppid":…,"uid":…,…,"caps":{…},"ns":{…},"cgroup":…}.
  std::string full;
  // What every record of the process carries after its identification:
  // ,"ctx_id":N,"ctx":{"exe":…,"cwd":…,"ppid":…,"uid":…,"euid":…}
  std::string inline_part;
  // The cwd inline_part shows. The cwd can change without an event of this process (a CLONE_FS
  // sibling's chdir), so it is compared on every event rather than marked stale.
  std::optional<std::string> cwd_shown;
};

// Brings proc.rendered up to date after an event of proc. A changed context gets a new id, taken
// from last_ctx_id (ids count up from 1 within one Enricher); returns true then: the record of
// this event must carry ctx_full. Cheap when nothing changed (one cwd comparison).
bool refresh_rendered_context(ProcessEntry& proc, uint64_t& last_ctx_id);

// For a record of a process whose cache is stale (its event was not process()ed): the inline
// ctx and ctx_full rendered on the spot, without a ctx_id (an id is only given by a refresh).
void append_uncached_context(const ProcessEntry& proc, std::string& out);

}  // namespace capsule
