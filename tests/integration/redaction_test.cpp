// Redaction (#21, docs/SECURITY.md): a secret in the environment, written by the program to a
// pipe and a loopback socket, and a token passed on the command line, leave no trace anywhere in
// the run directory; the findings about them still fire; --redact none keeps them (so the search
// below can fail).
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

const std::string kEnvSecret = "fake-secret-4b1d7e93c0a2";
const std::string kShapedToken = "ghp_" + std::string("Q7xK2mP9vL4nR8tW1yZ6bC3dF5gH0jS2aE4u");

// Writes the environment's secret to a pipe and to a loopback TCP peer, and the shaped token
// (from argv) to the same socket.
const std::string kProgram = R"(
import os, socket, sys
secret = os.environ["DEPLOY_API_TOKEN"].encode()
r, w = os.pipe()
os.write(w, b"secret=" + secret)
os.read(r, 100)
srv = socket.socket(); srv.bind(("127.0.0.1", 0)); srv.listen(1)
c = socket.create_connection(srv.getsockname()); a, _ = srv.accept()
c.sendall(b"Authorization: " + secret)
c.sendall(sys.argv[1].encode())
a.recv(200)
)";

// Every file under dir whose bytes contain needle; a compressed stream (X.zst) is searched in its
// decoded text, and named X.
std::set<std::string> files_holding(const fs::path& dir, const std::string& needle) {
  std::set<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    fs::path p = e.path();
    const bool zst = p.extension() == ".zst";
    if (zst) p.replace_extension();
    const std::string text = zst ? slurp(p) : slurp_raw(p);
    if (text.find(needle) != std::string::npos) out.insert(fs::relative(p, dir).string());
  }
  return out;
}

Outcome run_with_secret(const fs::path& home, const std::string& mode) {
  return run_program({capsule_bin(), "run", "--home", home.string(), "--redact", mode, "--", "python3", "-c",
                      kProgram, kShapedToken},
                     {"DEPLOY_API_TOKEN=" + kEnvSecret});
}

std::set<std::string> rules_fired(const fs::path& run) {
  std::set<std::string> out;
  for (const auto& f : read_jsonl(run / "risks.jsonl")) out.insert(f.at("rule").get<std::string>());
  return out;
}

TEST(Redaction, NoSecretReachesTheDiskAndTheFindingsStillFire) {
  TempDir home;
  const Outcome o = run_with_secret(home.path(), "secrets");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const fs::path run = latest_run(home.path());
  EXPECT_EQ(files_holding(home.path(), kEnvSecret), std::set<std::string>{});
  EXPECT_EQ(files_holding(home.path(), kShapedToken), std::set<std::string>{});
  // The markers stand where the values were: in the environment, the pipe, the socket, argv.
  const std::string events = slurp(run / "events.jsonl");
  ASSERT_FALSE(events.empty());  // decoded: the search above read the same text
  EXPECT_NE(events.find("DEPLOY_API_TOKEN=<redacted:DEPLOY_API_TOKEN:"), std::string::npos);
  EXPECT_NE(events.find("secret=<redacted:DEPLOY_API_TOKEN:"), std::string::npos);
  EXPECT_NE(events.find("Authorization: <redacted:DEPLOY_API_TOKEN:"), std::string::npos);
  EXPECT_NE(slurp(run / "manifest.json").find("<redacted:github-token:"), std::string::npos);
  EXPECT_EQ(latest_manifest(home.path()).at("extra").at("redaction"), "secrets");
  // Equal secrets, equal markers: the one in the pipe is the one in the environment.
  const size_t env_at = events.find("DEPLOY_API_TOKEN=<redacted:") + std::string("DEPLOY_API_TOKEN=").size();
  const std::string marker = events.substr(env_at, events.find('>', env_at) + 1 - env_at);
  EXPECT_NE(events.find("secret=" + marker), std::string::npos) << marker;
  const auto fired = rules_fired(run);
  EXPECT_TRUE(fired.count("secret-passed")) << o.err;
  // The log still verifies: the chain is over what was written.
  const Outcome v = run_program({capsule_bin(), "verify", "--home", home.path().string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
}

TEST(Redaction, NoneKeepsEverything) {
  TempDir home;
  const Outcome o = run_with_secret(home.path(), "none");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_TRUE(files_holding(home.path(), kEnvSecret).count("logs/" + latest_run(home.path()).filename().string() +
                                                           "/events.jsonl"));
  EXPECT_FALSE(files_holding(home.path(), kShapedToken).empty());
  EXPECT_EQ(rules_fired(latest_run(home.path())).count("secret-passed"), 0u);
}

TEST(Redaction, AllEnvHidesEveryValue) {
  TempDir home;
  const Outcome o = run_program({capsule_bin(), "run", "--home", home.path().string(), "--redact", "all-env", "--",
                                 "/bin/true"},
                                {"PLAIN_SETTING=visible-value-xyz"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(files_holding(home.path(), "visible-value-xyz"), std::set<std::string>{});
  EXPECT_NE(slurp(latest_run(home.path()) / "syscalls.log").find("PLAIN_SETTING=<redacted:PLAIN_SETTING:"),
            std::string::npos);
}

TEST(Redaction, ImportRedactsTooAndTheKeyIsPrivate) {
  TempDir home;
  const fs::path log = home.path() / "in.strace";
  spit(log, "1234  10:00:00.000001 execve(\"/bin/echo\", [\"echo\", \"" + kShapedToken +
                "\"], [\"GH_TOKEN=plainvalue123\"]) = 0\n"
                "1234  10:00:00.000002 write(1, \"" + kShapedToken + "\\n\", 41) = 41\n"
                "1234  10:00:00.000003 exit_group(0) = ?\n1234  10:00:00.000004 +++ exited with 0 +++\n");
  const Outcome o = run_program({capsule_bin(), "import", "--home", home.path().string(), log.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  fs::remove(log);
  EXPECT_EQ(files_holding(home.path(), kShapedToken), std::set<std::string>{});
  EXPECT_EQ(files_holding(home.path(), "plainvalue123"), std::set<std::string>{});
  const auto st = fs::status(home.path() / "keys" / "redact.key");
  EXPECT_EQ(st.permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

}  // namespace
}  // namespace capsule::test
