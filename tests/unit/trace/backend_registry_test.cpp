// The backend registry (trace/backend_registry.h): what `capsule run --backend` offers.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "trace/backend_registry.h"

namespace capsule {
namespace {

TEST(BackendRegistry, NamesAreUniqueAndTheNativeTracerIsTheDefault) {
  const std::vector<std::string> names = backend_names();
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "ptrace");
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  for (const std::string& n : names) {
    const auto b = make_backend(n);
    ASSERT_NE(b, nullptr) << n;
    EXPECT_EQ(b->name(), n);
    EXPECT_FALSE(b->summary().empty()) << n;
  }
}

// --backend auto stands for ebpf or ptrace, whichever this machine allows, and says why; a
// backend's own name stands for itself, with no reason given.
TEST(BackendRegistry, AutoIsEbpfOrPtraceWithItsReason) {
  const std::vector<std::string> options = backend_options();
  EXPECT_EQ(options.back(), "auto");
  EXPECT_EQ(options.size(), backend_names().size() + 1);
  const BackendChoice a = choose_backend("auto");
  ASSERT_NE(a.backend, nullptr);
  EXPECT_TRUE(a.backend->name() == "ebpf" || a.backend->name() == "ptrace") << a.backend->name();
  EXPECT_FALSE(a.why.empty());
  const BackendChoice p = choose_backend("ptrace");
  ASSERT_NE(p.backend, nullptr);
  EXPECT_EQ(p.backend->name(), "ptrace");
  EXPECT_TRUE(p.why.empty());
  EXPECT_EQ(choose_backend("nope").backend, nullptr);
}

TEST(BackendRegistry, UnknownNameIsNoBackend) { EXPECT_EQ(make_backend("nope"), nullptr); }

TEST(BackendRegistry, OnlyTheNativeTracerEnforcesAPolicyAndReadsMemory) {
  const auto ptrace = make_backend("ptrace");
  const auto strace = make_backend("strace");
  ASSERT_NE(ptrace, nullptr);
  ASSERT_NE(strace, nullptr);
  EXPECT_TRUE(ptrace->capabilities().enforces_policy);
  EXPECT_TRUE(ptrace->capabilities().reads_memory);
  EXPECT_FALSE(strace->capabilities().enforces_policy);
  EXPECT_FALSE(strace->capabilities().reads_memory);
}

}  // namespace
}  // namespace capsule
