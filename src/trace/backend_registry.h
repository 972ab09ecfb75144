// The backends `capsule run --backend NAME` can use (backend.h). Adding one is a folder under
// src/trace/ and one line in backend_registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trace/backend.h"

namespace capsule {

// One fresh instance of every registered backend, in registry order (the first is the default).
std::vector<std::unique_ptr<Backend>> all_backends();

// A fresh instance of the backend of that name; nullptr when none is.
std::unique_ptr<Backend> make_backend(std::string_view name);

std::vector<std::string> backend_names();

// Every name --backend takes: the backends', then "auto".
std::vector<std::string> backend_options();

// --backend auto: ebpf where it can load (root or CAP_BPF+CAP_PERFMON, kernel BTF, cgroup v2),
// else ptrace.
inline constexpr std::string_view kAutoBackend = "auto";

struct BackendChoice {
  std::unique_ptr<Backend> backend;  // nullptr: no backend of that name
  std::string why;                   // auto only: why this one ("ebpf loads here", "…: ptrace")
};
// The backend a --backend name stands for (make_backend, or auto's choice).
BackendChoice choose_backend(std::string_view name);

}  // namespace capsule
