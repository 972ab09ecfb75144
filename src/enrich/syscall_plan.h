// What the enricher reads in an event of one syscall, worked out once per syscall (from the
// signature table and the rule table) instead of once per event: its table rule, which argument
// positions hold fds, and which hold paths (with the dirfd each is relative to). Looked up by
// syscall number (an array index), by name when the number is unknown.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "decode/signatures.h"
#include "enrich/syscall_rules.h"
#include "event/syscall_event.h"

namespace capsule {

// The top-level path arguments (man-page names) and the dirfd argument each is relative to.
struct PathArgName {
  std::string_view name;
  std::string_view dirfd;
};
inline constexpr std::array<PathArgName, 6> kPathArgNames = {{{"pathname", "dirfd"},
                                                              {"path", "dirfd"},
                                                              {"filename", "dirfd"},
                                                              {"oldpath", "olddirfd"},
                                                              {"newpath", "newdirfd"},
                                                              {"linkpath", "newdirfd"}}};

// A path argument (pathname, path, filename, oldpath, newpath, linkpath) at args[index], resolved
// against the fd at args[dirfd] (-1: the cwd).
struct PathParam {
  uint8_t index = 0;
  int8_t dirfd = -1;
};

struct SyscallPlan {
  std::string_view name;  // the syscall's ("" for the plan of an unknown name)
  // The syscall's shape; nullptr when the table does not describe it (then every argument is
  // looked at, by kind and name).
  const SyscallSignature* sig = nullptr;
  const SyscallRule* rule = nullptr;  // find_rule(name)
  // sig->fd_params, plus the pointers whose target may hold fds once the strace parser has read
  // it (poll's pollfd array, select's fd sets, a msghdr's SCM_RIGHTS): the native decoder shows
  // those as plain pointers, strace as arrays and structs with fd members.
  uint8_t fd_params = 0;
  uint8_t n_paths = 0;
  std::array<PathParam, 2> paths{};   // no syscall has more than two path arguments
  // Positions whose name is checked by laid_out_as (fd and path arguments, their dirfds).
  uint8_t checked = 0;
};

// The plan for ev's syscall (by ev.arch and ev.nr when they name ev.name, else by ev.name). An
// event of an unknown syscall gets a plan without signature or rule.
const SyscallPlan& plan_for(const SyscallEvent& ev);

// Whether ev's arguments are in the signature's order (the decoders and the strace parser name
// them from it): then the fd and path arguments are exactly those the plan names. When not (an
// unknown syscall, a hand-made or oddly shaped event), the caller looks at every argument.
bool laid_out_as(const SyscallPlan& plan, const SyscallEvent& ev);

}  // namespace capsule
