// OCSF 1001 File System Activity from the actions on paths (docs/EXPORT.md, "File System
// Activity"). Only actions whose target is a path are files: reads and writes of pipes, sockets
// and unknown fds ("pipe:[9]", "TCP:[…]", "fd 7") are not, nor are stat, getdents and mmap.
#include <array>
#include <string>

#include "export/ocsf_mappers.h"

namespace capsule::ocsf {

namespace {

constexpr int kFileActivityClass = 1001;

struct FileKind {
  std::string_view action;  // actions.jsonl "kind"
  int activity_id;
  std::string_view activity_name;
};

// Each action kind that is file activity, at its OCSF activity.
constexpr std::array<FileKind, 9> kFileKinds{{
    {"Mkdir", 1, "Create"},  // mkdir, mknod
    {"Link", 1, "Create"},   // link, symlink: a new name ("old -> new"; the file is the new one)
    {"Read", 2, "Read"},
    {"Write", 3, "Update"},
    {"Delete", 4, "Delete"},
    {"Rename", 5, "Rename"},
    {"Chmod", 6, "Set Attributes"},
    {"Chown", 7, "Set Security"},
    {"Open", 14, "Open"},
}};

// A target may carry the fd's device annotation, as enriched.jsonl names fds: "/dev/null<char 1:3>".
nlohmann::json file_object(const std::string& target) {
  std::string path = target;
  int type_id = 0;
  std::string_view type = "Unknown";
  const auto open = target.rfind('<');
  if (open != std::string::npos && target.back() == '>') {
    path = target.substr(0, open);
    const std::string_view note = std::string_view(target).substr(open + 1);
    if (note.starts_with("char ")) type_id = 3, type = "Character Device";
    if (note.starts_with("block ")) type_id = 4, type = "Block Device";
  }
  return {{"path", path}, {"name", base_name(path)}, {"type_id", type_id}, {"type", type}};
}

}  // namespace

std::optional<nlohmann::json> file_activity(const nlohmann::json& a, const Inputs& in) {
  const std::string kind = a.value("kind", "");
  const std::string target = a.value("target", "");
  const FileKind* k = nullptr;
  for (const auto& fk : kFileKinds) {
    if (fk.action == kind) k = &fk;
  }
  if (k == nullptr || target.empty() || target[0] != '/') return std::nullopt;
  const uint64_t seq = action_seq(a);
  const int32_t pid = a.value("pid", 0);
  auto e = base_event({kFileActivityClass, "File System Activity", 1, "System Activity", k->activity_id, k->activity_name, 1,
                       iso_millis(a.value("start", "")), in.run.run_id + "/action/" + std::to_string(seq)},
                      in.run);
  e["actor"] = {{"process", process_object(context_at(in, seq, pid, a.value("exe", "")))}};
  // Rename and Link name two paths, "old -> new".
  const auto arrow = target.find(" -> ");
  if (arrow != std::string::npos && (kind == "Rename" || kind == "Link")) {
    const std::string from = target.substr(0, arrow), to = target.substr(arrow + 4);
    if (kind == "Rename") {
      e["file"] = file_object(from);
      e["file_result"] = file_object(to);
    } else {
      e["file"] = file_object(to);
    }
  } else {
    e["file"] = file_object(target);
  }
  add_action_facts(a, e);
  return e;
}

}  // namespace capsule::ocsf
