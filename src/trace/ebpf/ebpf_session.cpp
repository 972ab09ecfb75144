#include "trace/ebpf/ebpf_session.h"

#include <fmt/core.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#ifdef CAPSULE_HAVE_EBPF
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "base/unique_fd.h"
#include "capsule.skel.h"
#include "trace/ebpf/capture_plan.h"
#include "trace/ebpf/kernel_side.h"
#include "trace/ebpf/kernel_side_pool.h"
#endif

namespace capsule {

#ifdef CAPSULE_HAVE_EBPF

bool ebpf_built() { return true; }

namespace {

int silent_libbpf(enum libbpf_print_level, const char* fmt, va_list args) {
  // libbpf's own lines only with CAPSULE_BPF_DEBUG=1 (the verifier's log among them): a failure
  // is one `capsule:` line (fail below), and its warnings repeat it in libbpf's words.
  static const bool debug = std::getenv("CAPSULE_BPF_DEBUG") != nullptr;
  if (!debug) return 0;
  return std::vfprintf(stderr, fmt, args);
}

[[noreturn]] void fail(const std::string& what, int err) {
  throw std::runtime_error(
      fmt::format("cannot load the eBPF programs: {}: {} (CAPSULE_BPF_DEBUG=1 shows libbpf's messages)", what,
                  std::strerror(err)));
}

int on_ring_record(void* ctx, void* data, size_t size) {
  (*static_cast<EbpfSession::Consumer*>(ctx))(data, size);
  return 0;
}

// A pause request carries nothing the thread needs: that one came is enough (back_pressure.h).
int on_pause_request(void*, void*, size_t) { return 0; }

}  // namespace

struct EbpfSession::Impl {
  capsule_bpf* skel = nullptr;  // opened: names, types and initial values; loaded only when not pooled
  KernelSide side;
  std::optional<KernelSidePool> pool;
  std::string pool_key;
  bool from_pool = false;
  bool attach = false;  // EbpfConfig::attach
  decltype(capsule_bpf::bss) bss = nullptr;  // the global variables, mapped
  decltype(capsule_bpf::data) data = nullptr;
  ring_buffer* ring = nullptr;
  ring_buffer* pause_ring = nullptr;  // its own object: taken from the pause thread
  Consumer consumer;
  ~Impl() {
    if (pause_ring) ring_buffer__free(pause_ring);
    if (ring) ring_buffer__free(ring);
    side.detach();
    // Loaded once, used by every run after: the next one resets it before use.
    if (pool && side.progs().size() > 0) pool->give_back(pool_key, side);
    if (skel) capsule_bpf__destroy(skel);
  }
};

EbpfSession::EbpfSession(const EbpfConfig& config, Consumer consumer) : impl_(std::make_unique<Impl>()) {
  libbpf_set_print(silent_libbpf);
  // Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; later ones (these) do not, so a
  // failure to raise it is not fatal.
  const rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  (void)::setrlimit(RLIMIT_MEMLOCK, &unlimited);
  impl_->consumer = std::move(consumer);
  impl_->attach = config.attach;
  impl_->skel = capsule_bpf__open();
  if (!impl_->skel) fail("open", errno);
  capsule_bpf* s = impl_->skel;
  s->rodata->string_limit = config.string_limit;
  s->rodata->wakeup_bytes = config.wakeup_bytes;
  s->rodata->pause_bytes = config.pause_bytes;
  s->rodata->attach_mode = config.attach ? 1 : 0;
  if (int err = bpf_map__set_max_entries(s->maps.events, static_cast<__u32>(config.ring_bytes)); err != 0) {
    fail("ring buffer size", -err);
  }
  // An attach's 64 MiB ring is not kept idle for the rare next attach: it loads its own.
  if (config.ring_bytes <= kPooledRingBytesMost) impl_->pool = KernelSidePool::open();
  if (impl_->pool) {
    impl_->pool_key = KernelSidePool::key_of(s, config.ring_bytes);
    if (std::optional<KernelSide> side = impl_->pool->take(impl_->pool_key, s)) {
      impl_->side = std::move(*side);
      impl_->from_pool = true;
    }
  }
  if (!impl_->from_pool) {
    if (int err = capsule_bpf__load(s); err != 0) fail("load (root, or CAP_BPF and CAP_PERFMON, is needed)", -err);
    try {
      impl_->side = KernelSide::from_loaded(s);
    } catch (const std::exception& e) {
      fail(e.what(), EMFILE);
    }
  }
  try {
    impl_->bss = static_cast<decltype(capsule_bpf::bss)>(impl_->side.section("capsule_.bss"));
    impl_->data = static_cast<decltype(capsule_bpf::data)>(impl_->side.section("capsule_.data"));
  } catch (const std::exception& e) {
    fail(e.what(), errno);
  }
  // This run's own number: a task another run of these programs traced is not traced here.
  __u32 generation = 0;
  while (generation == 0) {
    if (::getrandom(&generation, sizeof(generation), 0) != sizeof(generation)) fail("getrandom", errno);
  }
  impl_->bss->run_generation = generation;

  // The whole plan table in one call (a call per syscall number was 512 of them, per run).
  const std::vector<capsule_plan> plans = x86_64_capture_plans();
  std::vector<__u32> numbers(plans.size());
  for (__u32 nr = 0; nr < numbers.size(); ++nr) numbers[nr] = nr;
  __u32 count = static_cast<__u32>(plans.size());
  if (bpf_map_update_batch(impl_->side.map_fd("plans"), numbers.data(), plans.data(), &count, nullptr) != 0 ||
      count != plans.size()) {
    fail("capture plan", errno);
  }
  try {
    impl_->side.attach(s);
  } catch (const std::exception& e) {
    fail(e.what(), errno);
  }
}

void EbpfSession::open_rings() {
  if (impl_->ring) return;
  impl_->ring = ring_buffer__new(impl_->side.map_fd("events"), on_ring_record, &impl_->consumer, nullptr);
  if (!impl_->ring) fail("ring buffer", errno);
  impl_->pause_ring = ring_buffer__new(impl_->side.map_fd("pause_requests"), on_pause_request, nullptr, nullptr);
  if (!impl_->pause_ring) fail("pause ring buffer", errno);
}

int EbpfSession::wake_fd() const { return impl_->ring ? ring_buffer__epoll_fd(impl_->ring) : -1; }

EbpfSession::~EbpfSession() = default;

bool EbpfSession::loaded_from_pool() const { return impl_->from_pool; }

void EbpfSession::trace(pid_t tgid) {
  const __u32 key = static_cast<__u32>(tgid);
  const __u8 one = 1;
  if (bpf_map_update_elem(impl_->side.map_fd("traced"), &key, &one, BPF_ANY) != 0) {
    fail("traced map", errno);
  }
  // The task's storage is what makes its calls traced (capsule.bpf.c, traced_storage); user
  // space names the task by a pidfd. Its children and threads get theirs at their fork. An
  // attached process runs on meanwhile: its threads take theirs at their next call (the kernel
  // side's attach mode), and a write from here would race that creation (EAGAIN).
  if (impl_->attach) return;
  const UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, tgid, 0)));
  if (!pidfd) fail("pidfd_open", errno);
  capsule_pending first{};
  first.gen = impl_->bss->run_generation;
  const int fd = pidfd.get();
  if (bpf_map_update_elem(impl_->side.map_fd("pending"), &fd, &first, BPF_ANY) != 0) fail("task storage", errno);
}

void EbpfSession::untrace(pid_t tgid) {
  const __u32 key = static_cast<__u32>(tgid);
  (void)bpf_map_delete_elem(impl_->side.map_fd("traced"), &key);  // gone already: fine
}

void EbpfSession::skip_next_exit(pid_t tid) {
  // The kernel side's `forked` map means the same for a new thread: its first return is no call.
  const __u32 key = static_cast<__u32>(tid);
  const __u8 one = 1;
  if (bpf_map_update_elem(impl_->side.map_fd("forked"), &key, &one, BPF_ANY) != 0) {
    fail("forked map", errno);
  }
}

void EbpfSession::watch_group(pid_t tgid) { impl_->bss->watched_tgid = static_cast<__u32>(tgid); }

std::optional<int> EbpfSession::watched_status() const {
  const __s64 status = __atomic_load_n(&impl_->data->watched_status, __ATOMIC_SEQ_CST);
  if (status < 0) return std::nullopt;
  return static_cast<int>(status);
}

bool EbpfSession::traced(pid_t tgid) const {
  const __u32 key = static_cast<__u32>(tgid);
  __u8 value = 0;
  return bpf_map_lookup_elem(impl_->side.map_fd("traced"), &key, &value) == 0;
}

bool EbpfSession::tracing_any() const {
  __u32 first = 0;
  return bpf_map_get_next_key(impl_->side.map_fd("traced"), nullptr, &first) == 0;
}

void EbpfSession::detach() { impl_->side.detach(); }

int EbpfSession::poll(int timeout_ms) {
  open_rings();
  // The kernel side wakes the epoll only when much is waiting (BPF_RB_NO_WAKEUP otherwise), so
  // what arrived without a wake-up is consumed after the wait, whatever it returned.
  const int woken = ring_buffer__poll(impl_->ring, timeout_ms);
  if (woken < 0 && woken != -EINTR) return woken;
  const int n = ring_buffer__consume(impl_->ring);
  return n < 0 ? n : n + std::max(woken, 0);
}

int EbpfSession::pause_request_fd() const { return impl_->side.map_fd("pause_requests"); }

int EbpfSession::take_pause_requests() {
  return impl_->pause_ring ? ring_buffer__consume(impl_->pause_ring) : 0;  // none before open_rings
}

void EbpfSession::rearm_pause() {
  // The kernel side sets it with an atomic exchange; this store is seen by its next record.
  __atomic_store_n(&impl_->bss->pause_requested, 0, __ATOMIC_SEQ_CST);
}

uint64_t EbpfSession::lost() const {
  const int ncpu = libbpf_num_possible_cpus();
  if (ncpu <= 0) return 0;
  std::vector<__u64> per_cpu(static_cast<size_t>(ncpu));
  const __u32 zero = 0;
  if (bpf_map_lookup_elem(impl_->side.map_fd("lost"), &zero, per_cpu.data()) != 0) return 0;
  uint64_t total = 0;
  for (__u64 v : per_cpu) total += v;
  return total;
}

#else  // built without the BPF tools

bool ebpf_built() { return false; }

struct EbpfSession::Impl {};

EbpfSession::EbpfSession(const EbpfConfig&, Consumer) {
  throw std::runtime_error(
      "the eBPF backend was not built (this capsule was compiled without clang, bpftool, libbpf-dev or kernel BTF)");
}
EbpfSession::~EbpfSession() = default;
bool EbpfSession::loaded_from_pool() const { return false; }
void EbpfSession::trace(pid_t) {}
void EbpfSession::untrace(pid_t) {}
void EbpfSession::skip_next_exit(pid_t) {}
void EbpfSession::watch_group(pid_t) {}
std::optional<int> EbpfSession::watched_status() const { return std::nullopt; }
bool EbpfSession::traced(pid_t) const { return false; }
bool EbpfSession::tracing_any() const { return false; }
void EbpfSession::detach() {}
int EbpfSession::poll(int) { return 0; }
void EbpfSession::open_rings() {}
int EbpfSession::wake_fd() const { return -1; }
uint64_t EbpfSession::lost() const { return 0; }
int EbpfSession::pause_request_fd() const { return -1; }
int EbpfSession::take_pause_requests() { return 0; }
void EbpfSession::rearm_pause() {}

#endif

}  // namespace capsule
