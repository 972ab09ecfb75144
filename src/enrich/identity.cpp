#include "enrich/identity.h"

#include <array>
#include <sched.h>

#include "log/render/json_text.h"

namespace capsule {
namespace {

constexpr unsigned kCapSetgid = 6;
constexpr unsigned kCapSetuid = 7;
// CAP_FS_MASK: the capabilities that follow fsuid 0 (CHOWN, DAC_OVERRIDE, DAC_READ_SEARCH,
// FOWNER, FSETID, MKNOD, MAC_OVERRIDE).
constexpr uint64_t kCapFsMask = (1ull << 0) | (1ull << 1) | (1ull << 2) | (1ull << 3) |
                                (1ull << 4) | (1ull << 27) | (1ull << 32);

using Id = std::optional<uint32_t>;

// Whether the process holds `cap` in its effective set. Without a known capability set, an
// effective uid of 0 stands for "privileged" (true outside user namespaces with default
// securebits); otherwise unknown.
std::optional<bool> capable(const Credentials& cred, unsigned cap) {
  if (cred.cap_eff) return ((*cred.cap_eff >> cap) & 1u) != 0;
  if (cred.euid) return *cred.euid == 0;
  return std::nullopt;
}

// a == b when both known; nullopt when either is unknown.
std::optional<bool> same(const Id& a, uint32_t b) {
  if (!a) return std::nullopt;
  return *a == b;
}

std::optional<bool> is_root(const Id& id) { return same(id, 0); }

// The capability fixups for a change of real/effective/saved uid (cap_emulate_setxuid).
void fix_caps_after_setxuid(Credentials& cred, const Credentials& old) {
  if ((old.securebits & kSecbitNoSetuidFixup) != 0) return;
  const auto old_any_root = [&]() -> std::optional<bool> {
    if (old.uid == 0u || old.euid == 0u || old.suid == 0u) return true;
    if (!old.uid || !old.euid || !old.suid) return std::nullopt;
    return false;
  }();
  const auto new_all_nonroot = [&]() -> std::optional<bool> {
    if (cred.uid == 0u || cred.euid == 0u || cred.suid == 0u) return false;
    if (!cred.uid || !cred.euid || !cred.suid) return std::nullopt;
    return true;
  }();
  if (!old_any_root || !new_all_nonroot) {
    if (old_any_root != false && new_all_nonroot != false) {  // might have dropped: unknown
      if ((old.securebits & kSecbitKeepCaps) == 0) cred.cap_prm.reset();
      cred.cap_eff.reset();
    }
  } else if (*old_any_root && *new_all_nonroot) {
    if ((old.securebits & kSecbitKeepCaps) == 0) cred.cap_prm = 0;
    cred.cap_eff = 0;
  }
  const auto old_e = is_root(old.euid);
  const auto new_e = is_root(cred.euid);
  if (!old_e || !new_e) {
    if (old_e != new_e) cred.cap_eff.reset();  // one side unknown, the other known: unknown
    return;
  }
  if (*old_e && !*new_e) cred.cap_eff = 0;
  if (!*old_e && *new_e) cred.cap_eff = cred.cap_prm;
}

// The fsuid fixup (cap_task_fix_setuid, LSM_SETID_FS).
void fix_caps_after_setfsuid(Credentials& cred, const Id& old_fsuid) {
  if ((cred.securebits & kSecbitNoSetuidFixup) != 0) return;
  const auto was = is_root(old_fsuid);
  const auto now = is_root(cred.fsuid);
  if (!was || !now) {
    if (was != now) cred.cap_eff.reset();
    return;
  }
  if (*was && !*now && cred.cap_eff) *cred.cap_eff &= ~kCapFsMask;
  if (!*was && *now) {
    if (cred.cap_eff && cred.cap_prm) {
      *cred.cap_eff |= *cred.cap_prm & kCapFsMask;
    } else {
      cred.cap_eff.reset();
    }
  }
}

void append_id(std::string& out, std::string_view key, const Id& id, bool& first) {
  if (!id) return;
  json::append_key(out, key, first);
  json::append_uint(out, *id);
  first = false;
}

}  // namespace

std::string_view ns_kind_name(NsKind k) {
  static constexpr std::array<std::string_view, kNsKindCount> kNames = {
      "mnt", "pid", "net", "user", "uts", "ipc", "cgroup"};
  return kNames[static_cast<size_t>(k)];
}

uint64_t ns_clone_flag(NsKind k) {
  static constexpr std::array<uint64_t, kNsKindCount> kFlags = {
      CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWUSER, CLONE_NEWUTS, CLONE_NEWIPC,
      CLONE_NEWCGROUP};
  return kFlags[static_cast<size_t>(k)];
}

void apply_setuid(Credentials& cred, uint32_t uid) {
  const Credentials old = cred;
  const auto privileged = capable(old, kCapSetuid);
  if (privileged == true) {
    cred.uid = cred.suid = uid;
  } else if (!privileged) {
    // Either all three change (privileged) or only euid/fsuid: known only if that is the same.
    if (same(old.uid, uid) != true) cred.uid.reset();
    if (same(old.suid, uid) != true) cred.suid.reset();
  }
  cred.euid = cred.fsuid = uid;
  fix_caps_after_setxuid(cred, old);
}

void apply_setreuid(Credentials& cred, uint32_t ruid, uint32_t euid) {
  const Credentials old = cred;
  if (ruid != kUnchangedId) cred.uid = ruid;
  if (euid != kUnchangedId) cred.euid = euid;
  if (ruid != kUnchangedId) {
    cred.suid = cred.euid;
  } else if (euid != kUnchangedId) {
    const auto differs = same(old.uid, euid);
    if (differs == false) {
      cred.suid = cred.euid;
    } else if (!differs) {
      cred.suid.reset();
    }
  }
  cred.fsuid = cred.euid;
  fix_caps_after_setxuid(cred, old);
}

void apply_setresuid(Credentials& cred, uint32_t ruid, uint32_t euid, uint32_t suid) {
  const Credentials old = cred;
  if (ruid != kUnchangedId) cred.uid = ruid;
  if (euid != kUnchangedId) cred.euid = euid;
  if (suid != kUnchangedId) cred.suid = suid;
  cred.fsuid = cred.euid;
  fix_caps_after_setxuid(cred, old);
}

void apply_setfsuid(Credentials& cred, uint32_t fsuid) {
  if (fsuid == kUnchangedId) return;  // setfsuid(-1) only queries
  const Id old_fsuid = cred.fsuid;
  // Allowed when fsuid is one of the current ids or the caller has CAP_SETUID; the call returns
  // the old fsuid either way, so the rule itself decides.
  std::optional<bool> allowed;
  if (same(cred.uid, fsuid) == true || same(cred.euid, fsuid) == true ||
      same(cred.suid, fsuid) == true || same(cred.fsuid, fsuid) == true ||
      capable(cred, kCapSetuid) == true) {
    allowed = true;
  } else if (cred.uid && cred.euid && cred.suid && cred.fsuid && capable(cred, kCapSetuid)) {
    allowed = false;
  }
  if (allowed == false) return;
  if (!allowed) {
    cred.fsuid.reset();
    cred.cap_eff.reset();
    return;
  }
  cred.fsuid = fsuid;
  fix_caps_after_setfsuid(cred, old_fsuid);
}

void apply_setgid(Credentials& cred, uint32_t gid) {
  const auto privileged = capable(cred, kCapSetgid);
  if (privileged == true) {
    cred.gid = cred.sgid = gid;
  } else if (!privileged) {
    if (same(cred.gid, gid) != true) cred.gid.reset();
    if (same(cred.sgid, gid) != true) cred.sgid.reset();
  }
  cred.egid = cred.fsgid = gid;
}

void apply_setregid(Credentials& cred, uint32_t rgid, uint32_t egid) {
  const Id old_gid = cred.gid;
  if (rgid != kUnchangedId) cred.gid = rgid;
  if (egid != kUnchangedId) cred.egid = egid;
  if (rgid != kUnchangedId) {
    cred.sgid = cred.egid;
  } else if (egid != kUnchangedId) {
    const auto differs = same(old_gid, egid);
    if (differs == false) {
      cred.sgid = cred.egid;
    } else if (!differs) {
      cred.sgid.reset();
    }
  }
  cred.fsgid = cred.egid;
}

void apply_setresgid(Credentials& cred, uint32_t rgid, uint32_t egid, uint32_t sgid) {
  if (rgid != kUnchangedId) cred.gid = rgid;
  if (egid != kUnchangedId) cred.egid = egid;
  if (sgid != kUnchangedId) cred.sgid = sgid;
  cred.fsgid = cred.egid;
}

void apply_setfsgid(Credentials& cred, uint32_t fsgid) {
  if (fsgid == kUnchangedId) return;
  std::optional<bool> allowed;
  if (same(cred.gid, fsgid) == true || same(cred.egid, fsgid) == true ||
      same(cred.sgid, fsgid) == true || same(cred.fsgid, fsgid) == true ||
      capable(cred, kCapSetgid) == true) {
    allowed = true;
  } else if (cred.gid && cred.egid && cred.sgid && cred.fsgid && capable(cred, kCapSetgid)) {
    allowed = false;
  }
  if (allowed == false) return;
  if (!allowed) {
    cred.fsgid.reset();
    return;
  }
  cred.fsgid = fsgid;
}

void apply_exec_capabilities(Credentials& cred) {
  cred.securebits &= ~kSecbitKeepCaps;
  const auto ruid_root = is_root(cred.uid);
  const auto euid_root = is_root(cred.euid);
  if (ruid_root == true || euid_root == true) {
    cred.cap_prm = cred.cap_bnd;  // unknown when the bounding set is
    if (euid_root == true) {
      cred.cap_eff = cred.cap_prm;
    } else if (euid_root == false) {
      cred.cap_eff = 0;
    } else {
      cred.cap_eff.reset();
    }
    return;
  }
  if (ruid_root == false && euid_root == false && cred.cap_prm == 0u) {
    cred.cap_eff = 0;  // nothing permitted before, so nothing ambient either
    return;
  }
  cred.cap_prm.reset();
  cred.cap_eff.reset();
}

void apply_exec(Credentials& cred, const ExecFile& file) {
  if (file.set_uid) cred.euid = *file.set_uid;
  if (file.set_gid) cred.egid = *file.set_gid;
  cred.suid = cred.fsuid = cred.euid;
  cred.sgid = cred.fsgid = cred.egid;
  if (file.file_caps) {
    // The file's sets combine with the process's inheritable and ambient sets, neither of which
    // the stream tells: no guess.
    cred.securebits &= ~kSecbitKeepCaps;
    cred.cap_eff.reset();
    cred.cap_prm.reset();
    return;
  }
  apply_exec_capabilities(cred);
}

void apply_exec_unknown_file(Credentials& cred) {
  cred.securebits &= ~kSecbitKeepCaps;
  cred.euid.reset();
  cred.suid.reset();
  cred.fsuid.reset();
  cred.egid.reset();
  cred.sgid.reset();
  cred.fsgid.reset();
  cred.cap_eff.reset();
  cred.cap_prm.reset();
}

void append_uids_json(const Credentials& cred, std::string& out) {
  out.push_back('{');
  bool first = true;
  append_id(out, "uid", cred.uid, first);
  append_id(out, "euid", cred.euid, first);
  append_id(out, "suid", cred.suid, first);
  append_id(out, "fsuid", cred.fsuid, first);
  out.push_back('}');
}

void append_gids_json(const Credentials& cred, std::string& out) {
  out.push_back('{');
  bool first = true;
  append_id(out, "gid", cred.gid, first);
  append_id(out, "egid", cred.egid, first);
  append_id(out, "sgid", cred.sgid, first);
  append_id(out, "fsgid", cred.fsgid, first);
  out.push_back('}');
}

void append_groups_json(const Credentials& cred, std::string& out) {
  if (!cred.groups) {
    out.append("null");
    return;
  }
  out.push_back('[');
  for (size_t i = 0; i < cred.groups->size(); ++i) {
    if (i > 0) out.push_back(',');
    json::append_uint(out, (*cred.groups)[i]);
  }
  out.push_back(']');
}

void append_cap_names_json(uint64_t mask, std::string& out) {
  out.push_back('[');
  bool first = true;
  for (unsigned bit = 0; bit < 64; ++bit) {
    if (((mask >> bit) & 1u) == 0) continue;
    if (!first) out.push_back(',');
    first = false;
    // Names from the table need no escaping and no temporary string (this runs per record).
    out.push_back('"');
    if (const std::string_view name = known_capability_name(bit); !name.empty()) {
      out.append(name);
    } else {
      out.append("CAP_");
      out.append(std::to_string(bit));
    }
    out.push_back('"');
  }
  out.push_back(']');
}

void append_caps_json(const Credentials& cred, std::string& out) {
  out.push_back('{');
  bool first = true;
  const auto set = [&](std::string_view key, const std::optional<uint64_t>& mask) {
    if (!mask) return;
    json::append_key(out, key, first);
    first = false;
    append_cap_names_json(*mask, out);
  };
  set("effective", cred.cap_eff);
  set("permitted", cred.cap_prm);
  set("bounding", cred.cap_bnd);
  out.push_back('}');
}

}  // namespace capsule
