#include "trace/ebpf/kernel_side.h"

#ifdef CAPSULE_HAVE_EBPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "capsule.skel.h"

namespace capsule {
namespace {

const bpf_object_skeleton& skeleton_of(const capsule_bpf* s) { return *s->skeleton; }

UniqueFd duplicate(int fd) { return UniqueFd(::fcntl(fd, F_DUPFD_CLOEXEC, 3)); }

bool is_hash(bpf_map_type t) {
  return t == BPF_MAP_TYPE_HASH || t == BPF_MAP_TYPE_LRU_HASH || t == BPF_MAP_TYPE_PERCPU_HASH ||
         t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

bool is_per_cpu(bpf_map_type t) {
  return t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

// The size of one element's value as bpf(2) reads and writes it: per-CPU values are one 8-aligned
// slot per possible CPU.
size_t value_bytes(const bpf_map* m) {
  const size_t v = bpf_map__value_size(m);
  if (!is_per_cpu(bpf_map__type(m))) return v;
  return ((v + 7) / 8 * 8) * static_cast<size_t>(std::max(libbpf_num_possible_cpus(), 1));
}

bool empty_hash(int fd, size_t key_size) {
  std::vector<unsigned char> key(key_size);
  // Always from the start: deleting the key an iteration stands on would restart it anyway.
  while (bpf_map_get_next_key(fd, nullptr, key.data()) == 0) {
    if (bpf_map_delete_elem(fd, key.data()) != 0 && errno != ENOENT) return false;
  }
  return errno == ENOENT;
}

// Everything in a ring is skipped by moving its consumer position to the producer's: the first
// page of the map is the consumer's position (writable), the second the producer's. Nothing
// produces meanwhile (no program is attached), and libbpf's reader maps the whole 2x ring,
// which would cost more than the rest of the reset.
bool drain_ring(int fd) {
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  void* consumer = ::mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (consumer == MAP_FAILED) return false;
  void* producer = ::mmap(nullptr, page, PROT_READ, MAP_SHARED, fd, static_cast<off_t>(page));
  if (producer == MAP_FAILED) {
    ::munmap(consumer, page);
    return false;
  }
  __atomic_store_n(static_cast<unsigned long*>(consumer),
                   __atomic_load_n(static_cast<const unsigned long*>(producer), __ATOMIC_ACQUIRE), __ATOMIC_RELEASE);
  ::munmap(producer, page);
  ::munmap(consumer, page);
  return true;
}

bool fill_array(int fd, const bpf_map* m, const void* initial, size_t initial_size) {
  std::vector<unsigned char> value(value_bytes(m), 0);
  if (initial != nullptr) std::memcpy(value.data(), initial, std::min(initial_size, value.size()));
  for (__u32 i = 0; i < bpf_map__max_entries(m); ++i) {
    if (bpf_map_update_elem(fd, &i, value.data(), BPF_ANY) != 0) return false;
  }
  return true;
}

// The pool's object is what the skeleton declares: a map of another type or size, or a program
// of another type, is not used (an older capsule's, or a replaced one).
bool map_matches(int fd, const bpf_map* m) {
  bpf_map_info info{};
  __u32 len = sizeof(info);
  if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0) return false;
  return info.type == static_cast<__u32>(bpf_map__type(m)) && info.key_size == bpf_map__key_size(m) &&
         info.value_size == bpf_map__value_size(m) && info.max_entries == bpf_map__max_entries(m);
}

bool prog_matches(int fd, const bpf_program* p) {
  bpf_prog_info info{};
  __u32 len = sizeof(info);
  if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0) return false;
  // The kernel keeps the first BPF_OBJ_NAME_LEN - 1 characters of a program's name.
  const std::string want = std::string(bpf_program__name(p)).substr(0, BPF_OBJ_NAME_LEN - 1);
  return info.type == static_cast<__u32>(bpf_program__type(p)) && want == info.name;
}

}  // namespace

KernelSide KernelSide::from_loaded(const capsule_bpf* loaded) {
  const bpf_object_skeleton& sk = skeleton_of(loaded);
  KernelSide side;
  for (int i = 0; i < sk.map_cnt; ++i) {
    side.maps_.push_back({sk.maps[i].name, duplicate(bpf_map__fd(*sk.maps[i].map))});
    if (!side.maps_.back().fd) throw std::runtime_error(fmt::format("cannot keep map {}: {}", sk.maps[i].name, std::strerror(errno)));
  }
  for (int i = 0; i < sk.prog_cnt; ++i) {
    side.progs_.push_back({sk.progs[i].name, duplicate(bpf_program__fd(*sk.progs[i].prog))});
    if (!side.progs_.back().fd) throw std::runtime_error(fmt::format("cannot keep program {}: {}", sk.progs[i].name, std::strerror(errno)));
  }
  return side;
}

std::optional<KernelSide> KernelSide::from_objects(std::vector<Object> maps, std::vector<Object> progs,
                                                   const capsule_bpf* opened) {
  const bpf_object_skeleton& sk = skeleton_of(opened);
  if (maps.size() != static_cast<size_t>(sk.map_cnt) || progs.size() != static_cast<size_t>(sk.prog_cnt)) {
    return std::nullopt;
  }
  for (int i = 0; i < sk.map_cnt; ++i) {
    if (maps[i].name != sk.maps[i].name || !map_matches(maps[i].fd.get(), *sk.maps[i].map)) return std::nullopt;
  }
  for (int i = 0; i < sk.prog_cnt; ++i) {
    if (progs[i].name != sk.progs[i].name || !prog_matches(progs[i].fd.get(), *sk.progs[i].prog)) return std::nullopt;
  }
  KernelSide side;
  side.maps_ = std::move(maps);
  side.progs_ = std::move(progs);
  return side;
}

KernelSide::~KernelSide() {
  detach();
  for (const Mapping& m : mappings_) ::munmap(m.addr, m.size);
}

bool KernelSide::reset(const capsule_bpf* opened) const {
  const bpf_object_skeleton& sk = skeleton_of(opened);
  for (int i = 0; i < sk.map_cnt; ++i) {
    const bpf_map* m = *sk.maps[i].map;
    const int fd = maps_[static_cast<size_t>(i)].fd.get();
    const bpf_map_type type = bpf_map__type(m);
    size_t initial_size = 0;
    const void* initial = bpf_map__initial_value(const_cast<bpf_map*>(m), &initial_size);
    bool ok = true;
    if (type == BPF_MAP_TYPE_RINGBUF) {
      ok = drain_ring(fd);
    } else if (is_hash(type)) {
      ok = empty_hash(fd, bpf_map__key_size(m));
    } else if (type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY) {
      if (bpf_map__map_flags(m) & BPF_F_RDONLY_PROG) {
        // .rodata: frozen at load; its bytes (the configuration) are part of the pool's key, and
        // checked here in case the entry was not what its name says.
        std::vector<unsigned char> now(value_bytes(m));
        const __u32 zero = 0;
        ok = initial != nullptr && bpf_map_lookup_elem(fd, &zero, now.data()) == 0 &&
             std::memcmp(now.data(), initial, std::min(initial_size, now.size())) == 0;
        if (!ok) errno = EINVAL;
      } else if (std::string_view(sk.maps[i].name) != "plans") {
        ok = fill_array(fd, m, initial, initial_size);
      }
    } else if (type == BPF_MAP_TYPE_TASK_STORAGE) {
      // Storage of tasks: each entry dies with its task, and every task of a run is killed
      // before the run ends (the cgroup; an attach's kernel side is never pooled). It cannot
      // be listed either (no get_next_key).
    } else {
      errno = ENOTSUP;  // a map type this reset does not know: never reuse what it cannot reset
      ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

void KernelSide::attach(const capsule_bpf* opened) {
  const bpf_object_skeleton& sk = skeleton_of(opened);
  for (int i = 0; i < sk.prog_cnt; ++i) {
    const bpf_program* p = *sk.progs[i].prog;
    const int link = bpf_link_create(progs_[static_cast<size_t>(i)].fd.get(), 0, bpf_program__expected_attach_type(p), nullptr);
    if (link < 0) {
      const int err = errno;
      detach();
      throw std::runtime_error(fmt::format("attach {}: {}", sk.progs[i].name, std::strerror(err)));
    }
    links_.emplace_back(link);
  }
}

void KernelSide::detach() { links_.clear(); }

int KernelSide::map_fd(std::string_view name) const {
  for (const Object& m : maps_) {
    if (m.name == name) return m.fd.get();
  }
  throw std::logic_error(fmt::format("no map {} in the kernel side", name));
}

void* KernelSide::section(std::string_view map_name) {
  for (const Mapping& m : mappings_) {
    if (m.name == map_name) return m.addr;
  }
  const int fd = map_fd(map_name);
  bpf_map_info info{};
  __u32 len = sizeof(info);
  if (bpf_obj_get_info_by_fd(fd, &info, &len) != 0) {
    throw std::runtime_error(fmt::format("map {}: {}", map_name, std::strerror(errno)));
  }
  const size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  const size_t size = (info.value_size + page - 1) / page * page;
  void* addr = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (addr == MAP_FAILED) throw std::runtime_error(fmt::format("map {}: mmap: {}", map_name, std::strerror(errno)));
  mappings_.push_back({std::string(map_name), addr, size});
  return addr;
}

}  // namespace capsule

#endif  // CAPSULE_HAVE_EBPF
