// A process as /proc shows it at one moment: the starting point for a process the enricher meets
// for the first time (the traced program, or a process attached to). Afterwards the tables are
// kept up to date from the events alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "enrich/identity.h"

namespace capsule {

struct SnapshotFd {
  int64_t fd = 0;
  std::string ref;         // the /proc/PID/fd/N link text, as strace -yy shows it
  bool cloexec = false;    // O_CLOEXEC in /proc/PID/fdinfo/N "flags"
  bool directory = false;  // the fd is an open directory
  bool operator==(const SnapshotFd&) const = default;
};

struct ProcessSnapshot {
  int32_t pid = 0;
  std::optional<int32_t> ppid;
  std::optional<std::string> exe;
  std::optional<std::string> cwd;
  std::optional<std::vector<std::string>> argv;
  Credentials cred;
  // /proc/PID/status NoNewPrivs: whether set-id bits and file capabilities are ignored at execve.
  std::optional<bool> no_new_privs;
  NamespaceIds ns;
  std::optional<std::string> cgroup;        // the unified (v2) path, else the first v1 one
  std::optional<std::string> container_id;  // first 12 hex digits, when the cgroup names one
  std::vector<SnapshotFd> fds;              // ascending fd order
};

// Reads /proc/PID/{status,exe,cwd,cmdline,fd/,fdinfo/,ns/,cgroup}. nullopt when the process does
// not exist (or status cannot be read); any other unreadable part is simply left absent.
// Which fds a snapshot lists. A child capsule holds before its execve has all of capsule's own
// fds (rings, maps, logs: some 50, each close-on-exec); the exec closes them before the program
// runs, so a launch's snapshot leaves them out instead of reading each one's link and flags.
enum class SnapshotFds { All, SurvivingExec };

std::optional<ProcessSnapshot> read_proc_snapshot(int pid, SnapshotFds which = SnapshotFds::All);

// Same, below another /proc mount point (tests point it at a fake tree).
std::optional<ProcessSnapshot> read_proc_snapshot(std::string_view proc_root, int pid,
                                                  SnapshotFds which = SnapshotFds::All);

// The container id in a cgroup path ("/system.slice/docker-<64 hex>.scope",
// "/kubepods/…/cri-containerd-<64 hex>.scope", "/docker/<64 hex>", "…/crio-<64 hex>",
// "…/libpod-<64 hex>…"): its first 12 hex digits, as docker ps and Falco show it.
std::optional<std::string> container_id_from_cgroup(std::string_view cgroup_path);

}  // namespace capsule
