// capsule policy check and run --policy-mode complain (#23): a recorded run judged against a policy
// lists exactly what enforcing the policy refuses; complain mode refuses nothing and lists the
// same calls. The Landlock side is in landlock_policy_test.cpp.
#include <gtest/gtest.h>

#include <sstream>

#include "harness.h"
#include "policy_check_harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

class PolicyCheckTest : public ::testing::Test {
 protected:
  TempDir home;
  TempDir work;
  TempDir files;

  // policy_a's run profiled: policy_b's socket and mkdir are what it refuses (policy_test.cpp).
  std::pair<fs::path, fs::path> a_policy() {
    const Outcome a = capsule_run(home.path(), {helper("policy_a"), work.path().string()});
    EXPECT_EQ(a.exit_code, 0) << a.err;
    const fs::path run = latest_run(home.path());
    const fs::path out = files.path() / "a.json";
    const Outcome p = run_program({capsule_bin(), "profile", "--home", home.path().string(), "-o", out.string()});
    EXPECT_EQ(p.exit_code, 0) << p.err;
    return {out, run};
  }

  fs::path record_b(const std::vector<std::string>& flags = {}) {
    fs::remove_all(work.path() / "b.dir");
    const Outcome b = capsule_run(home.path(), {helper("policy_b"), work.path().string()}, flags);
    last = b;
    return latest_run(home.path());
  }
  Outcome last;
};

TEST_F(PolicyCheckTest, CheckListsExactlyWhatEnforcementRefused) {
  const auto [policy, a_run] = a_policy();
  const fs::path free_run = record_b();
  ASSERT_EQ(last.exit_code, 0) << last.err;
  const fs::path enforced_run = record_b({"--policy", policy.string()});
  ASSERT_EQ(last.out, "B read: written by B\nsocket: EPERM\nmkdir: EPERM\n");

  const auto [check, listed] = policy_check(home.path(), policy, free_run);
  EXPECT_EQ(check.exit_code, 7) << check.err;  // something would be refused
  EXPECT_EQ(listed, (std::vector<std::string>{"socket seccomp", "mkdir seccomp"})) << check.out;
  EXPECT_EQ(listed, policy_refused(enforced_run));
  // The seqs are the recording's: the very records events.jsonl holds.
  const auto j = nlohmann::json::parse(check.out);
  const auto events = read_jsonl(free_run / "events.jsonl");
  for (const auto& c : j["would_deny"]) {
    const auto& e = events.at(c["seq"].get<size_t>());
    EXPECT_EQ(e["seq"], c["seq"]);
    EXPECT_EQ(e["syscall"], c["syscall"]);
    EXPECT_EQ(e["pid"], c["pid"]);
    EXPECT_EQ(c["exe"], helper("policy_b"));
  }
  EXPECT_EQ(j["by_call"], (nlohmann::json{{"socket", 1}, {"mkdir", 1}}));

  // The run the policy was made from passes: exit 0, nothing listed.
  const auto [clean, none] = policy_check(home.path(), policy, a_run);
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  EXPECT_TRUE(none.empty()) << clean.out;
  // The enforced run is judged too: its refused calls are still what the policy refuses.
  EXPECT_EQ(policy_check(home.path(), policy, enforced_run).second, listed);
}

TEST_F(PolicyCheckTest, TextOutputNamesSeqProcessAndCall) {
  const auto [policy, a_run] = a_policy();
  const fs::path free_run = record_b();
  const Outcome o = run_program({capsule_bin(), "policy", "check", "--home", home.path().string(), "--policy",
                                 policy.string(), "--run", free_run.string()});
  EXPECT_EQ(o.exit_code, 7) << o.err;
  std::vector<std::string> lines;
  std::istringstream in(o.out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 2u) << o.out;
  EXPECT_TRUE(lines[0].starts_with("seq ")) << lines[0];
  EXPECT_NE(lines[0].find(" " + helper("policy_b") + " socket by seccomp"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find(" mkdir by seccomp"), std::string::npos) << lines[1];
  EXPECT_EQ(o.err, "capsule: policy would deny 2 calls: socket, mkdir\n");
}

TEST_F(PolicyCheckTest, ComplainModeRefusesNothingAndListsTheSameCalls) {
  const auto [policy, a_run] = a_policy();
  const fs::path run = record_b({"--policy", policy.string(), "--policy-mode", "complain"});
  EXPECT_EQ(last.exit_code, 0) << last.err;
  EXPECT_EQ(last.out, "B read: written by B\nsocket: ok\nmkdir: ok\n");
  EXPECT_TRUE(fs::is_directory(work.path() / "b.dir"));
  EXPECT_TRUE(policy_refused(run).empty());
  EXPECT_NE(last.err.find("capsule: policy enforced: nothing (--policy-mode complain)\n"), std::string::npos) << last.err;
  EXPECT_NE(last.err.find("capsule: policy (complain) would deny 2 calls: socket, mkdir\n"), std::string::npos)
      << last.err;
  const auto manifest = nlohmann::json::parse(slurp(run / "manifest.json"));
  EXPECT_EQ(manifest["extra"]["policy_mode"], "complain");
  EXPECT_EQ(manifest["extra"]["policy_would_deny"], (nlohmann::json{{"socket", 1}, {"mkdir", 1}}));
  EXPECT_FALSE(manifest["extra"].contains("policy_denied"));
  // What complain mode listed is what check lists of the same run.
  EXPECT_EQ(policy_check(home.path(), policy, run).second,
            (std::vector<std::string>{"socket seccomp", "mkdir seccomp"}));
}

TEST_F(PolicyCheckTest, MistakesAreUsageErrors) {
  const Outcome no_policy = capsule_run(home.path(), {"/bin/true"}, {"--policy-mode", "complain"});
  EXPECT_EQ(no_policy.exit_code, 2);
  EXPECT_EQ(no_policy.err, "capsule: --policy-mode complain needs --policy FILE\n");
  const Outcome bad_mode = capsule_run(home.path(), {"/bin/true"}, {"--policy-mode", "maybe"});
  EXPECT_EQ(bad_mode.exit_code, 2);
  const fs::path bad = files.path() / "bad.json";
  spit(bad, "{\"defaultAction\": \"SCMP_ACT_PERHAPS\"}");
  const Outcome r = capsule_run(home.path(), {"/bin/true"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto [o, calls] = policy_check(home.path(), bad, latest_run(home.path()));
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "capsule: " + bad.string() + ": defaultAction: unknown action 'SCMP_ACT_PERHAPS'\n");
  const auto [missing, none] = policy_check(home.path(), bad, "no-such-run");
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace capsule::test
