// One mapper per OCSF class (docs/EXPORT.md has the field mapping): each turns one record of a
// run (an action of actions.jsonl, a finding of risks.jsonl) into an OCSF event, or nullopt when
// the record is not of its class. An action maps to at most one class.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "export/ocsf_event.h"

namespace capsule::ocsf {

// 1007 Process Activity: Exec → Launch, an exit record (Exit "exited N" / "killed by …") →
// Terminate.
std::optional<nlohmann::json> process_activity(const nlohmann::json& action, const Inputs& in);
// 1001 File System Activity: Read, Write, Open, Mkdir, Link, Delete, Rename, Chmod, Chown on a path.
std::optional<nlohmann::json> file_activity(const nlohmann::json& action, const Inputs& in);
// 4001 Network Activity: Connect, Bind, Listen, Accept, Send, Receive on an inet endpoint.
std::optional<nlohmann::json> network_activity(const nlohmann::json& action, const Inputs& in);
// 2004 Detection Finding: one finding of risks.jsonl.
nlohmann::json detection_finding(const nlohmann::json& finding, const Inputs& in);

// The seq whose process context an action's event describes (its first), and a finding's (its
// last evidence event): the contexts the export looks up in enriched.jsonl.
uint64_t action_seq(const nlohmann::json& action);
std::optional<uint64_t> finding_seq(const nlohmann::json& finding);

}  // namespace capsule::ocsf
