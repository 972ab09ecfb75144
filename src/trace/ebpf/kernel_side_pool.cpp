#include "trace/ebpf/kernel_side_pool.h"

#ifdef CAPSULE_HAVE_EBPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fmt/core.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "capsule.skel.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

constexpr long kBpfFsMagic = 0xcafe4a11;  // BPF_FS_MAGIC (linux/magic.h)
constexpr int kSlotsPerKey = 2;             // two runs at once (ctest -j2, make -j2 of capsules) both warm
constexpr size_t kMostEntries = 3;          // ~22 MiB of kernel memory each, idle

bool on_bpf_fs(const fs::path& p) {
  struct statfs st {};
  return ::statfs(p.c_str(), &st) == 0 && st.f_type == kBpfFsMagic;
}

// A directory of the pool's own: a real directory (not a link), root's (capsule's user's), 0700.
bool private_dir(const fs::path& p) {
  if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST) return false;
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) == 0;
}

std::string unique_name(std::string_view what) {
  static std::atomic<unsigned> counter{0};
  return fmt::format("{}-{}-{}", what, ::getpid(), counter++);
}

// Empties and removes an entry's directory (pins are files; removing one drops a reference).
void remove_entry_dir(const fs::path& d) {
  std::error_code ec;
  fs::remove_all(d, ec);
}

// bpffs refuses names with a dot (they are its own), so the sections' ".bss" is "_bss" here.
std::string pin_name(std::string_view kind, std::string_view name) {
  std::string pin = fmt::format("{}-{}", kind, name);
  std::replace(pin.begin(), pin.end(), '.', '_');
  return pin;
}

std::string entry_name(const std::string& key, int slot) { return fmt::format("{}-{}", key, slot); }

// The part of a key that names the programs' object (before the '-').
std::string_view object_part(std::string_view key) { return key.substr(0, key.find('-')); }

}  // namespace

std::optional<KernelSidePool> KernelSidePool::open() {
  const char* env = std::getenv("CAPSULE_EBPF_POOL");
  const std::string_view setting = env != nullptr ? env : "";
  if (setting == "off" || setting == "0") return std::nullopt;
  fs::path dir;
  if (!setting.empty()) {
    dir = setting;
    if (!on_bpf_fs(dir.parent_path())) return std::nullopt;
  } else {
    const fs::path base = "/sys/fs/bpf";
    if (!on_bpf_fs(base)) {
      // What systemd mounts at boot; a system without it (a container, a minimal init) gets it
      // from the first capsule run, as from bpftool. Root only: nothing else may mount.
      if (::geteuid() != 0 || ::mount("bpf", base.c_str(), "bpf", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=0700") != 0 ||
          !on_bpf_fs(base)) {
        return std::nullopt;
      }
    }
    dir = base / "capsule";
  }
  if (!private_dir(dir)) return std::nullopt;
  return KernelSidePool(dir);
}

std::string KernelSidePool::key_of(const capsule_bpf* opened, uint64_t ring_bytes) {
  size_t elf_size = 0;
  const void* elf = capsule_bpf__elf_bytes(&elf_size);
  const size_t object_hash = std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(elf), elf_size));
  const std::string config(reinterpret_cast<const char*>(opened->rodata), sizeof(*opened->rodata));
  const size_t config_hash = std::hash<std::string>{}(config + fmt::format("/ring={}", ring_bytes));
  return fmt::format("{:016x}-{:08x}", object_hash, static_cast<uint32_t>(config_hash));
}

std::optional<KernelSide> KernelSidePool::take(const std::string& key, const capsule_bpf* opened) const {
  const bpf_object_skeleton& sk = *opened->skeleton;
  for (int slot = 0; slot < kSlotsPerKey; ++slot) {
    const fs::path taken = dir_ / unique_name("taken");
    // Only one capsule's rename of an entry succeeds: it is this run's from here on.
    if (::rename((dir_ / entry_name(key, slot)).c_str(), taken.c_str()) != 0) continue;
    std::vector<KernelSide::Object> maps, progs;
    for (int i = 0; i < sk.map_cnt; ++i) {
      maps.push_back({sk.maps[i].name, UniqueFd(bpf_obj_get((taken / pin_name("map", sk.maps[i].name)).c_str()))});
    }
    for (int i = 0; i < sk.prog_cnt; ++i) {
      progs.push_back({sk.progs[i].name, UniqueFd(bpf_obj_get((taken / pin_name("prog", sk.progs[i].name)).c_str()))});
    }
    // Held by their descriptors now: the pins go, so the entry dies with this capsule if it dies.
    remove_entry_dir(taken);
    const bool all = std::all_of(maps.begin(), maps.end(), [](const auto& o) { return bool(o.fd); }) &&
                     std::all_of(progs.begin(), progs.end(), [](const auto& o) { return bool(o.fd); });
    if (!all) continue;
    std::optional<KernelSide> side = KernelSide::from_objects(std::move(maps), std::move(progs), opened);
    if (side && side->reset(opened)) return side;
  }
  return std::nullopt;
}

void KernelSidePool::give_back(const std::string& key, const KernelSide& side) const {
  remove_stale(key);
  const fs::path filling = dir_ / unique_name("filling");
  if (::mkdir(filling.c_str(), 0700) != 0) return;
  bool pinned = true;
  for (const KernelSide::Object& m : side.maps()) {
    pinned = pinned && bpf_obj_pin(m.fd.get(), (filling / pin_name("map", m.name)).c_str()) == 0;
  }
  for (const KernelSide::Object& p : side.progs()) {
    pinned = pinned && bpf_obj_pin(p.fd.get(), (filling / pin_name("prog", p.name)).c_str()) == 0;
  }
  if (pinned) {
    for (int slot = 0; slot < kSlotsPerKey; ++slot) {
      // rename(2) onto an entry that exists fails (ENOTEMPTY): each place holds one.
      if (::rename(filling.c_str(), (dir_ / entry_name(key, slot)).c_str()) == 0) return;
    }
  }
  remove_entry_dir(filling);
}

void KernelSidePool::remove_stale(const std::string& key) const {
  struct Entry {
    fs::path path;
    fs::file_time_type time;
  };
  std::vector<Entry> kept;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir_, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with("taken-") || name.starts_with("filling-") || name.starts_with("doomed-")) {
      // A capsule holds one of these for a millisecond or so; one a minute old was left by a
      // capsule that died in between (its pid may be another process's by now).
      const auto age = fs::file_time_type::clock::now() - e.last_write_time(ec);
      if (!ec && age > std::chrono::minutes(1)) remove_entry_dir(e.path());
      continue;
    }
    if (object_part(name) != object_part(key)) {
      // Another build of capsule's programs: this one will not use them.
      const fs::path doomed = dir_ / unique_name("doomed");
      if (::rename(e.path().c_str(), doomed.c_str()) == 0) remove_entry_dir(doomed);
      continue;
    }
    kept.push_back({e.path(), e.last_write_time(ec)});
  }
  if (kept.size() < kMostEntries) return;
  std::sort(kept.begin(), kept.end(), [](const Entry& a, const Entry& b) { return a.time < b.time; });
  for (size_t i = 0; i + kMostEntries <= kept.size(); ++i) {  // room for the one given back
    const fs::path doomed = dir_ / unique_name("doomed");
    if (::rename(kept[i].path.c_str(), doomed.c_str()) == 0) remove_entry_dir(doomed);
  }
}

}  // namespace capsule

#endif  // CAPSULE_HAVE_EBPF
