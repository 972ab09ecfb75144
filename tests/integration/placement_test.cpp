// The program sees its machine unchanged under capsule: its CPU mask, and so the parallelism of
// whatever sizes itself from it (make -j$(nproc)).
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

int cpus_available() {
  cpu_set_t s;
  CPU_ZERO(&s);
  return sched_getaffinity(0, sizeof s, &s) == 0 ? CPU_COUNT(&s) : 1;
}

TEST(Placement, TheProgramSeesItsOwnCpuMask) {
  TempDir home;
  const std::string cmd = "nproc; grep Cpus_allowed_list /proc/self/status";
  const Outcome native = run_program({"sh", "-c", cmd});
  ASSERT_EQ(native.exit_code, 0);
  const Outcome traced = capsule_run(home.path(), {"sh", "-c", cmd});
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(traced.out, native.out);
  // Also when capsule itself was started on fewer CPUs: the program gets exactly those.
  const Outcome one = run_program({"taskset", "-c", "0", capsule_bin(), "run", "--home", home.path().string(), "--", "sh", "-c", cmd});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, "1\nCpus_allowed_list:\t0\n");
}

// A make -j$(nproc) build of four tiny C files through a compiler wrapper that notes how many
// compilers run at once (each holds on for half a second, so that jobs started together overlap).
class MakeBuild {
 public:
  explicit MakeBuild(const fs::path& dir) : dir_(dir) {
    for (int i = 0; i < 4; ++i) spit(dir / ("f" + std::to_string(i) + ".c"), "int f" + std::to_string(i) + "(void) { return 0; }\n");
    spit(dir / "cc-counting",
               "#!/bin/sh\n"
               "d=\"$(dirname \"$0\")\"\n"
               "( flock 9; n=$(( $(cat \"$d/cur\") + 1 )); echo $n > \"$d/cur\";"
               " [ $n -gt $(cat \"$d/max\") ] && echo $n > \"$d/max\"; true ) 9>\"$d/lock\"\n"
               "sleep 0.5\n"
               "cc \"$@\"; rc=$?\n"
               "( flock 9; echo $(( $(cat \"$d/cur\") - 1 )) > \"$d/cur\" ) 9>\"$d/lock\"\n"
               "exit $rc\n");
    fs::permissions(dir / "cc-counting", fs::perms::owner_all);
    spit(dir / "Makefile", "all: f0.o f1.o f2.o f3.o\n%.o: %.c\n\t./cc-counting -c $< -o $@\n");
  }
  // The make command, from a clean tree.
  std::string command() const {
    return "cd " + dir_.string() + " && rm -f *.o && echo 0 > cur && echo 0 > max && make -s -j$(nproc) && cat max";
  }

 private:
  fs::path dir_;
};

TEST(Placement, MakeKeepsItsParallelism) {
  if (cpus_available() < 2) {
    GTEST_SKIP() << "needs two CPUs";
  }
  TempDir work;
  TempDir home;
  const MakeBuild build(work.path());
  const Outcome native = run_program({"sh", "-c", build.command()});
  ASSERT_EQ(native.exit_code, 0) << native.err;
  // Four files: as many compilers at once as there are CPUs, up to four (2 on a 2-CPU machine).
  ASSERT_EQ(native.out, std::to_string(std::min(cpus_available(), 4)) + "\n");
  const Outcome traced = capsule_run(home.path(), {"sh", "-c", build.command()});
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_EQ(traced.out, native.out);
  // The build really ran under capsule: the compilers are in the record.
  EXPECT_NE(slurp(latest_run(home.path()) / "syscalls.log").find("execve(\"/usr/bin/cc\""), std::string::npos);
}

}  // namespace
}  // namespace capsule::test
