// capsule profile --diff A B (#23): what one run did that the other did not (syscalls, paths by
// directory, TCP ports, peers), as text and JSON.
#include <gtest/gtest.h>

#include <algorithm>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

bool has(const nlohmann::json& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(ProfileDiff, ListsWhatEachRunDidThatTheOtherDidNot) {
  TempDir home, work;
  ASSERT_EQ(capsule_run(home.path(), {helper("policy_a"), work.path().string()}).exit_code, 0);
  const fs::path a = latest_run(home.path());
  // A TCP connect to a closed loopback port: refused by the peer, but made.
  ASSERT_EQ(capsule_run(home.path(), {"/usr/bin/python3", "-c",
                                      "import socket\ntry: socket.create_connection(('127.0.0.1', 9))\n"
                                      "except OSError: pass\n"}).exit_code, 0);
  const fs::path b = latest_run(home.path());
  const Outcome o = run_program({capsule_bin(), "profile", "--home", home.path().string(), "--diff", a.string(),
                                 b.string(), "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto j = nlohmann::json::parse(o.out);
  EXPECT_EQ(j["a"], a.filename().string().substr(a.filename().string().find('-') + 1));
  const auto& only_b = j["only_b"];
  EXPECT_EQ(only_b["peers"], nlohmann::json::array({"127.0.0.1:9"}));
  EXPECT_EQ(only_b["connect_tcp"], nlohmann::json::array({"9"}));
  EXPECT_TRUE(has(only_b["syscalls"], "connect")) << only_b.dump();
  EXPECT_TRUE(has(only_b["syscalls"], "socket")) << only_b.dump();
  const auto& only_a = j["only_a"];
  EXPECT_TRUE(only_a["peers"].empty());
  EXPECT_TRUE(only_a["connect_tcp"].empty());
  EXPECT_FALSE(has(only_a["syscalls"], "connect"));
  for (const auto& name : only_a["syscalls"]) EXPECT_FALSE(has(only_b["syscalls"], name)) << name;

  // The same as text, and a run against itself differs in nothing.
  const Outcome t = run_program({capsule_bin(), "profile", "--home", home.path().string(), "--diff", a.string(),
                                 b.string()});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("only in B ("), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\n  peer 127.0.0.1:9\n"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\n  syscall connect\n"), std::string::npos) << t.out;
  const Outcome same = run_program({capsule_bin(), "profile", "--home", home.path().string(), "--diff", a.string(),
                                    a.string()});
  EXPECT_EQ(same.out.find("syscall"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("only in A ("), std::string::npos);
  EXPECT_NE(same.out.find("):\n  nothing\n"), std::string::npos) << same.out;
  // Mistakes: one run only, --json without --diff, an unknown run.
  EXPECT_EQ(run_program({capsule_bin(), "profile", "--home", home.path().string(), "--diff", a.string()}).exit_code, 2);
  EXPECT_EQ(run_program({capsule_bin(), "profile", "--home", home.path().string(), "--json"}).exit_code, 2);
  EXPECT_EQ(run_program({capsule_bin(), "profile", "--home", home.path().string(), "--diff", a.string(), "nope"})
                .exit_code, 2);
}

}  // namespace
}  // namespace capsule::test
