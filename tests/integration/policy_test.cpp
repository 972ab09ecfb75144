// capsule profile and capsule run --policy on real programs: record, profile, enforce, and check
// that what the profile allows still works and what it does not is refused and recorded.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

class PolicyTest : public ::testing::Test {
 protected:
  TempDir home;
  TempDir work;

  // Records argv; returns the outcome and the run directory.
  std::pair<Outcome, fs::path> record(const std::vector<std::string>& argv, const std::vector<std::string>& flags = {}) {
    Outcome o = capsule_run(home.path(), argv, flags);
    return {o, latest_run(home.path())};
  }

  Outcome profile(const std::vector<fs::path>& runs, const fs::path& out, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> cmd{capsule_bin(), "profile", "--home", home.path().string(), "-o", out.string()};
    for (const auto& r : runs) {
      cmd.emplace_back("--run");
      cmd.push_back(r.string());
    }
    cmd.insert(cmd.end(), extra.begin(), extra.end());
    return run_program(cmd);
  }

  fs::path profile_ok(const std::vector<fs::path>& runs, const std::string& name, const std::vector<std::string>& extra = {}) {
    const fs::path out = work.path() / name;
    const Outcome o = profile(runs, out, extra);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return out;
  }

  std::pair<Outcome, fs::path> enforce(const fs::path& policy, const std::vector<std::string>& argv) {
    return record(argv, {"--policy", policy.string()});
  }
};

std::vector<nlohmann::json> denied_events(const fs::path& run) {
  std::vector<nlohmann::json> out;
  for (auto& e : read_jsonl(run / "events.jsonl")) {
    if (e.value("denied", false)) out.push_back(e);
  }
  return out;
}

fs::path subdir(const TempDir& d, const std::string& name) {
  fs::create_directories(d.path() / name);
  return d.path() / name;
}

TEST_F(PolicyTest, HelperAUnderItsOwnProfileBehavesAsUnconfined) {
  const fs::path free_dir = subdir(work, "free"), confined_dir = subdir(work, "confined");
  const auto [free, free_run] = record({helper("policy_a"), free_dir.string()});
  ASSERT_EQ(free.exit_code, 0) << free.err;
  const fs::path policy = profile_ok({free_run}, "a.json");

  const auto [confined, confined_run] = enforce(policy, {helper("policy_a"), confined_dir.string()});
  EXPECT_EQ(confined.exit_code, free.exit_code) << confined.err;
  EXPECT_EQ(confined.out, free.out);
  EXPECT_EQ(confined.out, "A read: written by A\n");
  EXPECT_EQ(slurp(confined_dir / "a.txt"), slurp(free_dir / "a.txt"));
  EXPECT_TRUE(denied_events(confined_run).empty());
  const auto manifest = nlohmann::json::parse(slurp(confined_run / "manifest.json"));
  EXPECT_NE(manifest["seccomp_mode"], "none");
  EXPECT_NE(manifest["extra"].value("policy", ""), "");
}

TEST_F(PolicyTest, HelperBIsDeniedUnderAsProfileAndTheDenialIsRecorded) {
  const auto [a, a_run] = record({helper("policy_a"), work.path().string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const fs::path policy = profile_ok({a_run}, "a.json");

  const auto [b, b_run] = enforce(policy, {helper("policy_b"), work.path().string()});
  EXPECT_EQ(b.exit_code, 1) << b.err;
  EXPECT_EQ(b.out, "B read: written by B\nsocket: EPERM\nmkdir: EPERM\n");
  EXPECT_FALSE(fs::exists(work.path() / "b.dir"));
  const auto denied = denied_events(b_run);
  ASSERT_EQ(denied.size(), 2U);
  EXPECT_EQ(denied[0]["syscall"], "socket");
  EXPECT_EQ(denied[0]["errno"], "EPERM");
  EXPECT_EQ(denied[0]["args"]["domain"], "AF_INET");
  EXPECT_EQ(denied[1]["syscall"], "mkdir");
  EXPECT_EQ(denied[1]["errno"], "EPERM");
  // Said at the end of the run, in the manifest, and as findings (#23).
  EXPECT_NE(b.err.find("capsule: policy denied 2 calls: socket, mkdir"), std::string::npos) << b.err;
  const auto manifest = nlohmann::json::parse(slurp(b_run / "manifest.json"));
  EXPECT_EQ(manifest["extra"]["policy_denied"], (nlohmann::json{{"socket", 1}, {"mkdir", 1}}));
  EXPECT_EQ(manifest["extra"]["records_denied"], 2);
  std::vector<std::string> denial_findings;
  for (const auto& f : read_jsonl(b_run / "risks.jsonl")) {
    if (f["rule"] == "policy-denied") denial_findings.push_back(f["description"]);
  }
  ASSERT_EQ(denial_findings.size(), 2U);
  EXPECT_NE(denial_findings[0].find("was refused socket by the policy"), std::string::npos) << denial_findings[0];
  EXPECT_NE(denial_findings[1].find("was refused mkdir by the policy"), std::string::npos) << denial_findings[1];
  // Every other call went through: denial marks exactly the refused ones.
  for (const auto& e : read_jsonl(b_run / "events.jsonl")) {
    if (e.contains("errno") && e["errno"] == "EPERM") {
      EXPECT_TRUE(e.value("denied", false)) << e.dump();
    }
  }
  int denied_actions = 0;
  for (const auto& act : read_jsonl(b_run / "actions.jsonl")) denied_actions += act.value("kind", "") == "Denied";
  EXPECT_GE(denied_actions, 1);
}

TEST_F(PolicyTest, KillDefaultEndsHelperBWithSigsys) {
  const auto [a, a_run] = record({helper("policy_a"), work.path().string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  const fs::path policy = profile_ok({a_run}, "a-kill.json", {"--default-action", "kill"});
  const auto [b, b_run] = enforce(policy, {helper("policy_b"), work.path().string()});
  EXPECT_EQ(b.exit_code, 128 + 31) << b.err;  // SIGSYS
  const auto denied = denied_events(b_run);
  ASSERT_EQ(denied.size(), 1U);
  EXPECT_EQ(denied[0]["syscall"], "socket");
  EXPECT_TRUE(denied[0]["ret"].is_null());
  EXPECT_FALSE(denied[0].contains("errno"));  // the call never returned: no errno to show
  // As strace writes it: the call without a result, then the death by SIGSYS.
  const auto lines = read_lines(b_run / "syscalls.log");
  ASSERT_GE(lines.size(), 2U);
  const std::string& call = lines[lines.size() - 2];
  EXPECT_NE(call.find(" socket("), std::string::npos) << call;
  EXPECT_TRUE(call.ends_with(") = ?")) << call;
  EXPECT_TRUE(lines.back().ends_with(" +++ killed by SIGSYS +++")) << lines.back();
}

TEST_F(PolicyTest, MergedProfilePassesBoth) {
  const auto [a, a_run] = record({helper("policy_a"), work.path().string()});
  const auto [b, b_run] = record({helper("policy_b"), work.path().string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  fs::remove(work.path() / "b.dir");
  const fs::path policy = profile_ok({a_run, b_run}, "ab.json");
  const auto [a2, a2_run] = enforce(policy, {helper("policy_a"), work.path().string()});
  EXPECT_EQ(a2.exit_code, 0) << a2.err;
  const auto [b2, b2_run] = enforce(policy, {helper("policy_b"), work.path().string()});
  EXPECT_EQ(b2.exit_code, 0) << b2.err;
  EXPECT_EQ(b2.out, "B read: written by B\nsocket: ok\nmkdir: ok\n");
  EXPECT_TRUE(denied_events(b2_run).empty());
  // socket is allowed for the one domain seen only.
  const auto profile = nlohmann::json::parse(slurp(policy));
  bool socket_rule = false;
  for (const auto& r : profile["seccomp"]["syscalls"]) {
    if (r["names"] == nlohmann::json::array({"socket"})) {
      socket_rule = true;
      EXPECT_EQ(r["args"][0]["value"], 2);  // AF_INET
    }
  }
  EXPECT_TRUE(socket_rule);
  EXPECT_EQ(profile["capsule"]["runs"].size(), 2U);
}

TEST_F(PolicyTest, RealProgramsRunUnderTheirOwnProfiles) {
  const std::vector<std::vector<std::string>> programs{
      {"python3", "-c", "import os, json; print(json.dumps(sorted(os.listdir('/etc'))[:1])); print(sum(range(10)))"},
      {"sh", "-c", "echo one | tr o O; ls / > /dev/null && echo two; (echo three) | cat"},
      {helper("policy_threads")},
      {helper("policy_spawn")},
  };
  for (const auto& argv : programs) {
    const auto [free, free_run] = record(argv);
    ASSERT_EQ(free.exit_code, 0) << argv[0] << ": " << free.err;
    const fs::path policy = profile_ok({free_run}, "real.json");
    const auto [confined, confined_run] = enforce(policy, argv);
    EXPECT_EQ(confined.exit_code, 0) << argv[0] << ": " << confined.err;
    EXPECT_EQ(confined.out, free.out) << argv[0];
    for (const auto& e : denied_events(confined_run)) ADD_FAILURE() << argv[0] << " denied: " << e.dump();
  }
}

TEST_F(PolicyTest, ProfilingTheSameRunTwiceGivesTheSameBytes) {
  const auto [a, a_run] = record({helper("policy_b"), work.path().string()});
  const fs::path one = profile_ok({a_run}, "one.json", {"--strict"});
  const fs::path two = profile_ok({a_run}, "two.json", {"--strict"});
  EXPECT_EQ(slurp(one), slurp(two));
  EXPECT_NE(slurp(one).find("SCMP_CMP_MASKED_EQ"), std::string::npos);
}

TEST_F(PolicyTest, SummaryNamesCountsAndPrograms) {
  const auto [a, a_run] = record({helper("policy_a"), work.path().string()});
  const Outcome s = run_program({capsule_bin(), "profile", "--home", home.path().string(), "--format", "summary"});
  EXPECT_EQ(s.exit_code, 0) << s.err;
  EXPECT_NE(s.out.find("openat"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find(helper("policy_a")), std::string::npos) << s.out;
}

TEST_F(PolicyTest, TamperedRunsAreRefused) {
  const auto [a, a_run] = record({helper("policy_a"), work.path().string()});
  std::string events = slurp(a_run / "events.jsonl");
  const size_t at = events.find("openat");
  ASSERT_NE(at, std::string::npos);
  events[at] = 'O';
  spit(a_run / "events.jsonl", events);
  const Outcome o = profile({a_run}, work.path() / "x.json");
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("does not verify"), std::string::npos) << o.err;
  EXPECT_FALSE(fs::exists(work.path() / "x.json"));
}

TEST_F(PolicyTest, BadProfilesAreRefusedWithAPositionAndNothingRuns) {
  const fs::path marker = work.path() / "ran";
  const std::vector<std::string> touch{"sh", "-c", "touch " + marker.string()};
  const auto refused = [&](const std::string& text, const std::string& expected) {
    const fs::path p = work.path() / "bad.json";
    spit(p, text);
    const Outcome o = capsule_run(home.path(), touch, {"--policy", p.string()});
    EXPECT_EQ(o.exit_code, 2) << o.err;
    EXPECT_EQ(o.err.rfind("capsule: " + p.string() + ": " + expected, 0), 0U) << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
    EXPECT_FALSE(fs::exists(marker));
  };
  refused("{\n  \"defaultAction\": \"SCMP_ACT_ERRNO\",\n  \"syscalls\": [,]\n}", "line 3 column 16: ");
  refused(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_PERHAPS"}]})",
          "syscalls[0].action: unknown action");
  refused(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", "frobnicate"], "action": "SCMP_ACT_ALLOW"}]})",
          "syscalls[0].names[1]: unknown syscall 'frobnicate'");
  const Outcome strace = capsule_run(home.path(), touch, {"--backend", "strace", "--policy", "/nonexistent"});
  EXPECT_EQ(strace.exit_code, 2);
  EXPECT_FALSE(fs::exists(marker));
}

// A profile shaped like moby's default (written for this test, not copied): archMap, a broad
// allow-list, argument conditions, includes/excludes on caps, arches and kernel versions.
const char* kDockerShaped = R"({
  "defaultAction": "SCMP_ACT_ERRNO",
  "defaultErrnoRet": 1,
  "archMap": [
    {"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]},
    {"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]}
  ],
  "syscalls": [
    {"names": ["access", "arch_prctl", "brk", "close", "dup2", "execve", "exit", "exit_group", "fcntl",
               "fstat", "futex", "getcwd", "getdents64", "getegid", "geteuid", "getgid", "getpid",
               "getppid", "getrandom", "getuid", "ioctl", "lseek", "mmap", "mprotect", "munmap",
               "newfstatat", "openat", "pread64", "prlimit64", "read", "readlink", "restart_syscall",
               "rseq", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "set_robust_list",
               "set_tid_address", "stat", "uname", "wait4", "write", "clone", "vfork", "fork"],
     "action": "SCMP_ACT_ALLOW"},
    {"names": ["socket"], "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 1, "valueTwo": 0, "op": "SCMP_CMP_EQ"},
              {"index": 0, "value": 2, "valueTwo": 0, "op": "SCMP_CMP_EQ"}],
     "comment": "two conditions on one argument: either"},
    {"name": "personality", "action": "SCMP_ACT_ALLOW",
     "args": [{"index": 0, "value": 0, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]},
    {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38, "excludes": {"caps": ["CAP_SYS_ADMIN"]}},
    {"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ALLOW", "includes": {"caps": ["CAP_SYS_ADMIN", "CAP_CHECKPOINT_RESTORE"], "minKernel": "99.0"}},
    {"names": ["arm_fadvise64_64", "arm_sync_file_range"], "action": "SCMP_ACT_ALLOW", "includes": {"arches": ["arm", "arm64"]}},
    {"names": ["modify_ldt"], "action": "SCMP_ACT_ALLOW", "excludes": {"arches": ["amd64"]}},
    {"names": ["clock_gettime", "gettimeofday"], "action": "SCMP_ACT_ALLOW", "includes": {"minKernel": "4.8"}}
  ]
})";

TEST_F(PolicyTest, DockerShapedProfileIsEnforced) {
  const fs::path policy = work.path() / "docker.json";
  spit(policy, kDockerShaped);
  const auto [a, a_run] = enforce(policy, {helper("policy_a"), work.path().string()});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_EQ(a.out, "A read: written by A\n");
  const auto [b, b_run] = enforce(policy, {helper("policy_b"), work.path().string()});
  // socket(AF_INET) is one of the two domains allowed; mkdir's rule needs kernel 99.
  EXPECT_EQ(b.out, "B read: written by B\nsocket: ok\nmkdir: EPERM\n") << b.err;
  const auto denied = denied_events(b_run);
  ASSERT_EQ(denied.size(), 1U);
  EXPECT_EQ(denied[0]["syscall"], "mkdir");
}


// The same profile in a container runtime: runc reads linux.seccomp in config.json in the OCI
// format, which capsule's output already is (plus keys runc ignores).
class RuncPolicyTest : public PolicyTest {
 protected:
  bool tool(const std::string& name) { return run_program({"sh", "-c", "command -v " + name}).exit_code == 0; }

  // A static build of tests/helpers/NAME.c: the container's rootfs holds nothing but it.
  fs::path static_helper(const std::string& name, const fs::path& dir) {
    const fs::path out = dir / name;
    const Outcome o = run_program({"cc", "-static", "-O2", "-o", out.string(),
                                   std::string(CAPSULE_SOURCE_DIR) + "/tests/helpers/" + name + ".c"});
    return o.exit_code == 0 ? out : fs::path();
  }

  // Runs /policy_b in a fresh bundle under the profile; returns its stdout.
  Outcome run_in_container(const fs::path& binary, const fs::path& profile, const std::string& id) {
    const fs::path bundle = work.path() / ("bundle-" + id);
    fs::create_directories(bundle / "rootfs");
    fs::copy_file(binary, bundle / "rootfs" / binary.filename());
    run_program({"sh", "-c", "cd " + bundle.string() + " && runc spec"});
    auto config = nlohmann::json::parse(slurp(bundle / "config.json"));
    config["process"]["args"] = {"/" + binary.filename().string(), "/"};
    config["process"]["terminal"] = false;
    config["root"]["readonly"] = false;
    config["linux"]["seccomp"] = nlohmann::json::parse(slurp(profile));
    spit(bundle / "config.json", config.dump());
    return run_program({"runc", "--root", (work.path() / "runc-state").string(), "run", "--bundle", bundle.string(),
                        "capsule-policy-" + id + "-" + std::to_string(::getpid())});
  }
};

TEST_F(RuncPolicyTest, TheProfileAllowsAndDeniesTheSameInRunc) {
  if (::geteuid() != 0) GTEST_SKIP() << "runc needs root here";
  if (!tool("runc")) GTEST_SKIP() << "runc is not installed (apt-get install runc)";
  if (!tool("cc")) GTEST_SKIP() << "no C compiler to build the static helper";
  const fs::path bin = subdir(work, "bin");
  const fs::path a = static_helper("policy_a", bin), b = static_helper("policy_b", bin);
  if (a.empty() || b.empty()) GTEST_SKIP() << "cc -static failed (no static libc?)";
  // runc itself must be able to run a container here at all.
  const fs::path allow_all = work.path() / "allow-all.json";
  spit(allow_all, R"({"defaultAction": "SCMP_ACT_ALLOW"})");
  const Outcome probe = run_in_container(b, allow_all, "probe");
  if (probe.exit_code != 0) GTEST_SKIP() << "runc cannot run containers here: " << probe.err;
  ASSERT_EQ(probe.out, "B read: written by B\nsocket: ok\nmkdir: ok\n");

  const auto [ra, a_run] = record({a.string(), work.path().string()});
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  const fs::path policy = profile_ok({a_run}, "static-a.json", {"--format", "oci"});
  const auto [rb, b_run] = enforce(policy, {b.string(), work.path().string()});
  EXPECT_EQ(rb.out, "B read: written by B\nsocket: EPERM\nmkdir: EPERM\n") << rb.err;
  const Outcome contained = run_in_container(b, policy, "denied");
  EXPECT_EQ(contained.out, rb.out) << contained.err;
  EXPECT_EQ(contained.exit_code, rb.exit_code) << contained.err;

  fs::remove_all(work.path() / "b.dir");
  const auto [rb_free, b_free_run] = record({b.string(), work.path().string()});
  ASSERT_EQ(rb_free.exit_code, 0) << rb_free.err;
  const fs::path merged = profile_ok({a_run, b_free_run}, "static-ab.json");
  const Outcome allowed = run_in_container(b, merged, "allowed");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_EQ(allowed.out, "B read: written by B\nsocket: ok\nmkdir: ok\n");
}

}  // namespace
}  // namespace capsule::test
