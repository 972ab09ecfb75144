// The kernel side of one run as file descriptors: its maps and programs, however they came to
// be loaded (just now by libbpf, or taken from the pool of loaded ones, kernel_side_pool.h), and
// the links that attach the programs while the run lasts. Loading costs ~60 ms of CPU per run
// (the verifier, libbpf's parse of the kernel's BTF, map creation); taking a loaded one costs a
// fraction of a millisecond, which is most of the difference between a short program's time
// under --backend ebpf and alone.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/unique_fd.h"

struct capsule_bpf;  // the skeleton (capsule.skel.h), opened: names, types, initial values

namespace capsule {

class KernelSide {
 public:
  struct Object {
    std::string name;  // as the skeleton names it ("traced", "capsule_.bss", "on_sys_enter")
    UniqueFd fd;
  };

  // The maps and programs of a skeleton libbpf has just loaded (their fds duplicated: the
  // skeleton may be destroyed after).
  static KernelSide from_loaded(const capsule_bpf* loaded);
  // The objects of a pool entry, in the skeleton's order. nullopt when one is missing or is not
  // what the opened skeleton declares (type, sizes, program type): never attached then.
  static std::optional<KernelSide> from_objects(std::vector<Object> maps, std::vector<Object> progs,
                                                const capsule_bpf* opened);

  KernelSide() = default;
  KernelSide(KernelSide&&) noexcept = default;
  KernelSide& operator=(KernelSide&&) noexcept = default;
  ~KernelSide();

  // Puts every map back into the state a fresh load has: rings drained, hash maps emptied,
  // arrays zeroed, global variables at their initial values. A kernel side from the pool is
  // reset before it is used, so nothing a previous run (or anyone with access to the pool) left
  // in it reaches this run. The capture plans are left: the session writes them whole.
  // Returns false (with errno) when a map cannot be written.
  bool reset(const capsule_bpf* opened) const;
  // Attaches every program, in the skeleton's order; throws on failure.
  void attach(const capsule_bpf* opened);
  // Closes the links: nothing more runs. The maps stay readable.
  void detach();

  int map_fd(std::string_view name) const;
  // The global variables' sections (.bss, .data), mapped: the same memory the programs use.
  void* section(std::string_view map_name);
  const std::vector<Object>& maps() const { return maps_; }
  const std::vector<Object>& progs() const { return progs_; }

 private:
  struct Mapping {
    std::string name;
    void* addr = nullptr;
    size_t size = 0;
  };
  std::vector<Object> maps_;
  std::vector<Object> progs_;
  std::vector<UniqueFd> links_;
  std::vector<Mapping> mappings_;
};

}  // namespace capsule
