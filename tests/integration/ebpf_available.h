// Whether the eBPF backend can run here, for the tests that need it: they skip, printing why, only
// where BPF cannot load (not root, no kernel BTF, capsule built without it).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "harness.h"

namespace capsule::test {

// Why this machine cannot run the eBPF backend, or "" when it can.
inline std::string ebpf_unavailable() {
  if (::geteuid() != 0) return "not root";
  if (!std::filesystem::exists("/sys/kernel/btf/vmlinux")) return "no kernel BTF";
  TempDir home;
  const Outcome o = capsule_run(home.path(), {"/bin/true"}, {"--backend", "ebpf"});
  if (o.exit_code == 125) return "the eBPF backend cannot load: " + o.err;
  return "";
}

// The backends that trace a launched program here: ptrace always, ebpf where it loads (else
// said on stderr, once). A test that loops over them checks the same facts on each.
inline std::vector<std::string> tracing_backends() {
  static const std::string why = ebpf_unavailable();
  if (!why.empty()) {
    static const bool said = [] {
      std::cerr << "eBPF unavailable, ptrace only: " << why << "\n";
      return true;
    }();
    (void)said;
    return {"ptrace"};
  }
  return {"ptrace", "ebpf"};
}

}  // namespace capsule::test

#define SKIP_WITHOUT_EBPF()                                                        \
  do {                                                                             \
    static const std::string why = ::capsule::test::ebpf_unavailable();            \
    if (!why.empty()) GTEST_SKIP() << "eBPF unavailable: " << why;                 \
  } while (0)
