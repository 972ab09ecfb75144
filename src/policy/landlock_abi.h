// The Landlock kernel interface beyond what Debian 12's linux-libc-dev (6.1, Landlock ABI 2)
// declares: the truncate right (ABI 3) and TCP port rules (ABI 4). The values are the kernel's
// stable uapi (include/uapi/linux/landlock.h); there is no Debian package of liblandlock, so the
// three syscalls are made raw.
#pragma once

#include <linux/landlock.h>

#include <cstdint>

namespace capsule::landlock {

// ABI 3 and 4 additions, absent from the 6.1 header.
inline constexpr uint64_t kFsTruncate = 1ULL << 14;
inline constexpr uint64_t kNetBindTcp = 1ULL << 0;
inline constexpr uint64_t kNetConnectTcp = 1ULL << 1;
inline constexpr int kRuleNetPort = 2;  // LANDLOCK_RULE_NET_PORT

// struct landlock_ruleset_attr as of ABI 4: the kernel reads as many bytes as it is given, so the
// fs-only prefix is passed when no network rights are handled (older kernels accept it).
struct RulesetAttr {
  uint64_t handled_access_fs = 0;
  uint64_t handled_access_net = 0;
};

// struct landlock_net_port_attr (ABI 4).
struct NetPortAttr {
  uint64_t allowed_access = 0;
  uint64_t port = 0;
};

// The policy's three words, as the kernel's rights.
inline constexpr uint64_t kRead = LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR;
inline constexpr uint64_t kWrite = LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
                                   LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
                                   LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
                                   LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
                                   LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM |
                                   LANDLOCK_ACCESS_FS_REFER | kFsTruncate;
inline constexpr uint64_t kExecute = LANDLOCK_ACCESS_FS_EXECUTE;
// The rights a rule on a file (not a directory) may carry; the kernel refuses others (EINVAL).
inline constexpr uint64_t kFileRights =
    LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | kFsTruncate;

// The fs rights each ABI knows: 1 all but REFER, 2 adds REFER, 3 adds TRUNCATE.
constexpr uint64_t fs_rights_of_abi(int abi) {
  uint64_t all = kRead | kWrite | kExecute;
  if (abi < 3) all &= ~kFsTruncate;
  if (abi < 2) all &= ~static_cast<uint64_t>(LANDLOCK_ACCESS_FS_REFER);
  return abi < 1 ? 0 : all;
}

}  // namespace capsule::landlock
