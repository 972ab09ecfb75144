#include "detect/process_tracker.h"

#include <pwd.h>
#include <sys/stat.h>

#include <vector>

#include "enrich/event_args.h"

namespace capsule {
namespace {

std::optional<std::string> home_from_envp(const SyscallEvent& ev) {
  const Arg* envp = find_arg(ev, "envp", ev.name == "execveat" ? 3 : 2);
  if (envp == nullptr || envp->kind != ArgKind::Array) return std::nullopt;
  for (const Arg& e : envp->items) {
    if (e.kind == ArgKind::Str && e.text.starts_with("HOME=")) return e.text.substr(5);
  }
  return std::nullopt;
}

}  // namespace

ProcessTracker::Identity ProcessTracker::identity_of(const ProcessContext* ctx) {
  Identity id;
  if (ctx == nullptr) return id;
  id.uid = ctx->cred.uid;
  id.euid = ctx->cred.euid;
  id.gid = ctx->cred.gid;
  id.egid = ctx->cred.egid;
  id.caps = ctx->cred.cap_eff;
  id.permitted = ctx->cred.cap_prm;
  return id;
}

void ProcessTracker::compare(const Identity& before, const Identity& after) {
  auto became_zero = [](std::optional<uint32_t> b, std::optional<uint32_t> a) { return b && *b != 0 && a && *a == 0; };
  if (became_zero(before.uid, after.uid) || became_zero(before.euid, after.euid)) gained_.push_back("uid0");
  if (became_zero(before.gid, after.gid) || became_zero(before.egid, after.egid)) gained_.push_back("gid0");
  // Capabilities the process could not use before: raising effective bits it already held in its
  // permitted set (capset after a setuid with PR_SET_KEEPCAPS, as setpriv and libcap do) is
  // using what it had, not a gain; capset can never add permitted bits, only an exec can.
  if (before.caps && after.caps) {
    const uint64_t held = *before.caps | before.permitted.value_or(0);
    if ((*after.caps & ~held) != 0) gained_.push_back("caps");
  }
}

void ProcessTracker::observe(const SyscallEvent& ev, const Enricher& enr, bool identity_event) {
  gained_.clear();
  if (ev.pid == last_pid_ && !identity_event) return;  // nothing to learn: a known process
  auto [it, fresh] = procs_.try_emplace(ev.pid);
  Facts& f = it->second;
  last_pid_ = ev.pid;
  if (fresh) {
    const ProcessContext* ctx = enr.context_of(ev.pid);
    if (ctx != nullptr && ctx->ppid) f.ppid = *ctx->ppid;
    if (auto parent = procs_.find(f.ppid); parent != procs_.end() && f.ppid != ev.pid) {
      f.home = parent->second.home;
      f.identity = parent->second.identity;  // a child starts as its parent was
    } else {
      f.identity = identity_of(ctx);
    }
    if (!identity_event) f.identity = identity_of(ctx);
  }
  if (!identity_event) return;
  const Identity now = identity_of(enr.context_of(ev.pid));
  if (succeeded(ev) || ev.name.starts_with("exec")) compare(f.identity, now);
  f.identity = now;
  if (ev.name.starts_with("exec") && (succeeded(ev) || !ev.has_ret)) {
    if (auto h = home_from_envp(ev)) f.home = *h;
  }
}

std::string_view ProcessTracker::home(int32_t pid, const Enricher& enr) {
  auto it = procs_.find(pid);
  if (it != procs_.end() && !it->second.home.empty()) return it->second.home;
  const ProcessContext* ctx = enr.context_of(pid);
  if (ctx == nullptr || !ctx->cred.uid) return {};
  return passwd_home(*ctx->cred.uid);
}

std::string_view ProcessTracker::passwd_home(uint32_t uid) {
  auto [it, fresh] = passwd_home_.try_emplace(uid);
  if (fresh) {
    passwd pw{};
    passwd* result = nullptr;
    std::vector<char> buf(16384);
    if (getpwuid_r(uid, &pw, buf.data(), buf.size(), &result) == 0 && result != nullptr && pw.pw_dir != nullptr) {
      it->second = pw.pw_dir;
    }
  }
  return it->second;
}

bool ProcessTracker::in_tree(int32_t pid, int32_t anc) const {
  for (int depth = 0; depth < 256; ++depth) {
    if (pid == anc) return true;
    auto it = procs_.find(pid);
    if (it == procs_.end() || it->second.ppid == 0 || it->second.ppid == pid) return false;
    pid = it->second.ppid;
  }
  return false;
}

int32_t ProcessTracker::parent_of(int32_t pid) const {
  auto it = procs_.find(pid);
  return it != procs_.end() && it->second.ppid != 0 ? it->second.ppid : pid;
}

bool ProcessTracker::setid_file(const std::string& path) {
  auto [it, fresh] = setid_.try_emplace(path, false);
  if (fresh) {
    struct stat st {};
    it->second = ::stat(path.c_str(), &st) == 0 && (st.st_mode & (S_ISUID | S_ISGID)) != 0;
  }
  return it->second;
}

std::optional<bool> ProcessTracker::shared_dir(std::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string dir(slash == 0 ? std::string_view("/") : path.substr(0, slash));
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return std::nullopt;
  return (st.st_mode & S_IWOTH) != 0;
}

}  // namespace capsule
