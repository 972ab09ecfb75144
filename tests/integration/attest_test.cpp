// capsule attest and verify --attestation on a real run (helper export_activity: writes out.txt,
// renames it to renamed.txt, reads /etc/shadow, talks to itself over loopback): the envelope
// checks out with capsule and with an independent verifier (tests/attest/dsse_verify.py: its own
// PAE, PyNaCl's Ed25519), its statement holds the run's facts, and a flipped payload byte, a
// tampered run or another key fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

const char* const kPython = "/usr/bin/python3";  // Debian's, with python3-nacl

std::string verifier() { return std::string(CAPSULE_SOURCE_DIR) + "/tests/attest/dsse_verify.py"; }

TEST(Attest, SignedStatementOfARealRun) {
  if (run_program({kPython, "-c", "import nacl.signing"}).exit_code != 0) GTEST_SKIP() << "python3-nacl missing";
  TempDir home, work, other_home;
  const auto run = capsule_run(home.path(), {helper("export_activity"), work.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const int port = std::stoi(run.out);
  const fs::path envelope = work.path() / "run.intoto.json", pub = work.path() / "capsule.pub";
  const auto at = run_program({capsule_bin(), "attest", "--home", home.path().string(), "-o", envelope.string()});
  ASSERT_EQ(at.exit_code, 0) << at.err;
  ASSERT_EQ(run_program({capsule_bin(), "keys", "--home", home.path().string(), "--export", pub.string()}).exit_code, 0);

  // capsule's own verdict: signed by the home's key, the run here intact and the one attested.
  const auto ok = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--attestation", envelope.string()});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("intact, sealed, and the run attested"), std::string::npos) << ok.out;

  // The independent verifier, and the statement it decoded.
  const auto py = run_program({kPython, verifier(), envelope.string(), pub.string()});
  ASSERT_EQ(py.exit_code, 0) << py.err;
  const auto env = nlohmann::json::parse(slurp(envelope));
  EXPECT_EQ(env["payloadType"], "application/vnd.in-toto+json");
  EXPECT_EQ(env["signatures"][0]["keyid"].get<std::string>().rfind("b3:", 0), 0u);
  const auto st = nlohmann::json::parse(py.out);
  EXPECT_EQ(st["_type"], "https://in-toto.io/Statement/v1");
  EXPECT_EQ(st["predicateType"], "https://capsule.dev/runtime-trace/v1");
  const auto& p = st["predicate"];
  EXPECT_EQ(p["monitor"]["name"], "capsule");
  EXPECT_EQ(p["monitor"]["backend"], latest_manifest(home.path())["backend"]);
  EXPECT_EQ(p["command"]["argv"][0], helper("export_activity"));
  EXPECT_EQ(p["command"]["exit_code"], 0);
  EXPECT_TRUE(p["run"]["sealed"].get<bool>());
  EXPECT_EQ(p["run"]["id"], latest_manifest(home.path())["run_id"]);
  EXPECT_EQ(p["run"]["chain_head"].get<std::string>().size(), 64u);

  // The written file that is still there is the subject, with the sha256 of what the helper wrote.
  const std::string renamed = (work.path() / "renamed.txt").string(), gone = (work.path() / "out.txt").string();
  const auto sum = run_program({"sha256sum", renamed});
  ASSERT_EQ(sum.exit_code, 0);
  const std::string sha = sum.out.substr(0, 64);
  ASSERT_EQ(st["subject"].size(), 1u) << st.dump();
  EXPECT_EQ(st["subject"][0]["name"], renamed);
  EXPECT_EQ(st["subject"][0]["digest"]["sha256"], sha);
  bool absent = false, present = false;
  for (const auto& f : p["files_written"]) {
    if (f["path"] == gone) absent = f["status"] == "absent" && !f.contains("sha256");
    if (f["path"] == renamed) present = f["status"] == "present" && f["sha256"] == sha;
  }
  EXPECT_TRUE(absent) << p["files_written"].dump();
  EXPECT_TRUE(present) << p["files_written"].dump();
  bool shadow = false;
  for (const auto& f : p["files_read"]) shadow = shadow || (f["path"] == "/etc/shadow" && f["status"] == "present");
  if (::geteuid() == 0) {
    EXPECT_TRUE(shadow) << p["files_read"].dump();
  }
  bool peer = false;
  for (const auto& q : p["peers"]) peer = peer || (q["address"] == "127.0.0.1" && q["port"] == port);
  EXPECT_TRUE(peer) << p["peers"].dump();

  // A home without the run: the signature alone, said so (exit 0), with the exported key.
  const auto elsewhere = run_program({capsule_bin(), "verify", "--home", other_home.path().string(), "--attestation",
                                      envelope.string(), "--pubkey", pub.string()});
  EXPECT_EQ(elsewhere.exit_code, 0) << elsewhere.err;
  EXPECT_NE(elsewhere.out.find("cannot prove: run"), std::string::npos) << elsewhere.out;
  // Another home's key did not sign it.
  const auto wrong_key = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--attestation",
                                      envelope.string(), "--pubkey", pub.string() + ".other"});
  EXPECT_EQ(wrong_key.exit_code, 2) << "an unreadable key file is a usage error";

  // One payload byte flipped: neither verifier accepts it.
  auto flipped = env;
  std::string payload = flipped["payload"];
  const size_t at_char = payload.size() / 2;
  payload[at_char] = payload[at_char] == 'A' ? 'B' : 'A';
  flipped["payload"] = payload;
  const fs::path bad = work.path() / "flipped.json";
  spit(bad, flipped.dump());
  const auto bad_capsule = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--attestation", bad.string()});
  EXPECT_EQ(bad_capsule.exit_code, 1) << bad_capsule.out;
  EXPECT_EQ(bad_capsule.err.rfind("capsule: verify: attestation: signature invalid", 0), 0u) << bad_capsule.err;
  EXPECT_EQ(run_program({kPython, verifier(), bad.string(), pub.string()}).exit_code, 1);

  // The run changed after it was attested: the signature holds, the run does not.
  const fs::path actions = latest_run(home.path()) / "actions.jsonl";
  std::ofstream(actions, std::ios::app) << "{\"kind\":\"Other\"}\n";
  const auto tampered = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--attestation", envelope.string()});
  EXPECT_EQ(tampered.exit_code, 1) << tampered.out;
}

TEST(Attest, UsageErrors) {
  TempDir home;
  const auto none = run_program({capsule_bin(), "attest", "--home", home.path().string()});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_EQ(none.err.rfind("capsule: ", 0), 0u) << none.err;
  const auto missing = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--attestation",
                                    (home.path() / "nothing.json").string()});
  EXPECT_EQ(missing.exit_code, 2);
}

}  // namespace
}  // namespace capsule::test
