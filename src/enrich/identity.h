// A process's identity (ids, groups, capabilities, namespaces) and the kernel's rules for how the
// set*id family and capset change it. Every field is optional: what was never read from /proc or
// derived from a known value is absent, not guessed.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "decode/capabilities.h"  // capability_name / capability_bit, for the sets below

namespace capsule {

struct Credentials {
  std::optional<uint32_t> uid, euid, suid, fsuid;
  std::optional<uint32_t> gid, egid, sgid, fsgid;
  std::optional<std::vector<uint32_t>> groups;  // supplementary groups
  std::optional<uint64_t> cap_eff, cap_prm, cap_bnd;  // capability bitmasks (bit n = cap n)
  // SECBIT_* flags (prctl PR_SET_SECUREBITS / PR_SET_KEEPCAPS). /proc does not show them: they
  // start at the kernel default 0 and follow the prctl calls seen (not shown in the output).
  uint32_t securebits = 0;
  bool operator==(const Credentials&) const = default;
};

// The namespace kinds /proc/PID/ns shows, in the order the JSON writes them.
enum class NsKind : uint8_t { Mnt, Pid, Net, User, Uts, Ipc, Cgroup };
inline constexpr size_t kNsKindCount = 7;
// "mnt", "pid", "net", "user", "uts", "ipc", "cgroup" (the /proc/PID/ns file names).
std::string_view ns_kind_name(NsKind k);
// The CLONE_NEW* bit of a kind (CLONE_NEWNS for Mnt …).
uint64_t ns_clone_flag(NsKind k);
// Namespace inode ids, indexed by NsKind.
using NamespaceIds = std::array<std::optional<uint64_t>, kNsKindCount>;

inline constexpr uint32_t kUnchangedId = 0xFFFFFFFFu;  // -1: "leave this id alone"
inline constexpr uint32_t kSecbitNoSetuidFixup = 1u << 2;  // SECBIT_NO_SETUID_FIXUP
inline constexpr uint32_t kSecbitKeepCaps = 1u << 4;       // SECBIT_KEEP_CAPS

// The effect of a successful call on cred (kernel/sys.c and the capability fixups of
// security/commoncap.c, honouring SECBIT_KEEP_CAPS and SECBIT_NO_SETUID_FIXUP). Ids passed as kUnchangedId are left alone.
// Fields whose new value depends on an unknown old value become unknown.
void apply_setuid(Credentials& cred, uint32_t uid);
void apply_setreuid(Credentials& cred, uint32_t ruid, uint32_t euid);
void apply_setresuid(Credentials& cred, uint32_t ruid, uint32_t euid, uint32_t suid);
void apply_setfsuid(Credentials& cred, uint32_t fsuid);
void apply_setgid(Credentials& cred, uint32_t gid);
void apply_setregid(Credentials& cred, uint32_t rgid, uint32_t egid);
void apply_setresgid(Credentials& cred, uint32_t rgid, uint32_t egid, uint32_t sgid);
void apply_setfsgid(Credentials& cred, uint32_t fsgid);

// Capabilities (and SECBIT_KEEP_CAPS, which execve clears) after a successful execve of a file without set-id bits or file capabilities:
// root (real or effective uid 0) gets its bounding set as permitted (and effective when euid is
// 0); anyone else keeps no permitted capabilities (ambient capabilities are not tracked), so the
// sets become unknown when they were not empty before.
void apply_exec_capabilities(Credentials& cred);

// What the kernel takes from the file an execve runs when it sets the new identity (fs/exec.c
// bprm_fill_uid, security/commoncap.c): the owner when the set-user-id bit applies, the group
// when the set-group-id bit applies (S_ISGID counts only with group execute), and whether the
// file has capabilities (security.capability), whose effect the event stream cannot tell.
// ExecFile{} is a plain file, or one whose bits the kernel ignores (NO_NEW_PRIVS, nosuid).
struct ExecFile {
  std::optional<uint32_t> set_uid;
  std::optional<uint32_t> set_gid;
  bool file_caps = false;
  bool operator==(const ExecFile&) const = default;
};

// The identity after a successful execve of `file`: euid/egid become the file's owner/group when
// its set-id bits apply; saved and filesystem ids then follow the effective ones (the kernel sets
// them on every execve); capabilities as apply_exec_capabilities, or unknown (effective and
// permitted) for a file with file capabilities.
void apply_exec(Credentials& cred, const ExecFile& file);

// The same when the set-id bits may have applied but the file cannot be looked at (gone, not
// readable, a path the stream does not tell): the effective, saved and filesystem ids and the
// effective and permitted capabilities become unknown; the real ids and the bounding set stay.
void apply_exec_unknown_file(Credentials& cred);

// JSON fragments describing the parts of cred a privilege change is about ("uid" → {"uid":0,
// "euid":0,"suid":0,"fsuid":0}); absent fields are omitted.
void append_uids_json(const Credentials& cred, std::string& out);
void append_gids_json(const Credentials& cred, std::string& out);
void append_groups_json(const Credentials& cred, std::string& out);
void append_caps_json(const Credentials& cred, std::string& out);
// ["CAP_CHOWN","CAP_KILL"] for a bitmask.
void append_cap_names_json(uint64_t mask, std::string& out);

}  // namespace capsule
