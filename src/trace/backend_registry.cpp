#include "trace/backend_registry.h"

#include "trace/ebpf/ebpf_backend.h"
#include "trace/ptrace/ptrace_backend.h"
#include "trace/strace/strace_backend.h"

namespace capsule {
namespace {

using BackendFactory = std::unique_ptr<Backend> (*)();

template <class B>
std::unique_ptr<Backend> make() {
  return std::make_unique<B>();
}

// Every backend, one line each, in the order --help lists them; the first is the default.
constexpr BackendFactory kBackends[] = {
    make<PtraceBackend>,
    make<StraceBackend>,
    make<EbpfBackend>,
};

}  // namespace

std::vector<std::unique_ptr<Backend>> all_backends() {
  std::vector<std::unique_ptr<Backend>> out;
  for (BackendFactory f : kBackends) out.push_back(f());
  return out;
}

std::unique_ptr<Backend> make_backend(std::string_view name) {
  for (BackendFactory f : kBackends) {
    if (auto b = f(); b->name() == name) return b;
  }
  return nullptr;
}

std::vector<std::string> backend_names() {
  std::vector<std::string> out;
  for (const auto& b : all_backends()) out.emplace_back(b->name());
  return out;
}

std::vector<std::string> backend_options() {
  std::vector<std::string> out = backend_names();
  out.emplace_back(kAutoBackend);
  return out;
}

BackendChoice choose_backend(std::string_view name) {
  if (name != kAutoBackend) return {make_backend(name), ""};
  const std::string unavailable = ebpf_unavailable();
  if (unavailable.empty()) return {make<EbpfBackend>(), "the eBPF backend loads here"};
  return {make<PtraceBackend>(), unavailable};
}

}  // namespace capsule
