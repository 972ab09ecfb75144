// The tamper matrix: a real sealed run, attacked in every way docs/FORMAT.md ("What verify
// checks") promises to catch, each with its exact verdict. The byte-flip sweep calls verify_run
// in-process (thousands of verifications); the verdicts that matter to users go through the CLI.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <tuple>

#include "harness.h"
#include "log/chain/chained_stream.h"
#include "log/rundir/manifest.h"
#include "log/chain/signing_key.h"
#include "log/verify/verify.h"

namespace capsule::test {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p, std::ios::binary);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

void write_lines(const fs::path& p, const std::vector<std::string>& ls) {
  std::string s;
  for (const auto& l : ls) s += l + "\n";
  spit(p, s);
}

// One sealed run with several checkpoints, made once; each test works on a fresh copy.
class Tamper : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    shared_ = new TempDir;
    const fs::path home = shared_->path() / "home";
    const auto o = capsule_run(home, {"sh", "-c", "for i in 1 2 3 4 5 6; do ls / >/dev/null; done"},
                               // Plain files: the attacks below edit lines (compression_test.cpp
                               // attacks the compressed form).
                               {"--checkpoint-records", "40", "--compress", "none"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    ASSERT_NE(o.err.find("capsule: anchor {\"run\":"), std::string::npos) << o.err;
    pristine_ = latest_run(home);
  }
  static void TearDownTestSuite() {
    delete shared_;
    shared_ = nullptr;
  }

  void SetUp() override {
    home_ = work_.path() / "home";
    fs::remove_all(home_);
    epoch_secret_.reset();
    fs::copy(shared_->path() / "home", home_, fs::copy_options::recursive);
    run_ = home_ / "logs" / pristine_.filename();
    anchor_ = home_ / "heads.log";
    run_id_ = read_manifest(run_).run_id;
  }

  fs::path file(const std::string& name) const { return run_ / name; }

  Outcome verify_cli(const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> cmd{capsule_bin(), "verify", "--home", home_.string(), "--run",
                                 run_.string()};
    cmd.insert(cmd.end(), extra.begin(), extra.end());
    return run_program(cmd);
  }

  VerifyReport verify_lib(bool with_anchor = false) const {
    VerifyKeys keys;
    keys.trusted = home_signing_public_key(home_);
    if (!epoch_secret_) epoch_secret_ = EpochSecretKey::load(home_, false);
    keys.epoch_secret = &*epoch_secret_;
    if (with_anchor) keys.anchor = anchor_;
    return verify_run(run_, keys);
  }

  // The non-empty JSONL streams of the run (every one the pipeline writes), and the seal log.
  std::vector<std::string> jsonl_streams() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(run_)) {
      const std::string n = e.path().filename().string();
      if (n.size() > 6 && n.substr(n.size() - 6) == ".jsonl" && e.file_size() > 0) out.push_back(n);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Rewrites a stream through the real writer after edit(), so that its plain chain is valid,
  // with its blocks ending where the original's did (the attacker's best forgery).
  void rechain(const std::string& name, const std::function<void(std::vector<std::string>&)>& edit) {
    const bool text = name == "syscalls.log";
    auto payloads = lines_of(file(name));
    std::vector<uint64_t> block_ends;
    for (const auto& entry : lines_of(file(sidecar_file_name(name)))) {
      BlockHeader b;
      Hash32 h;
      ASSERT_TRUE(parse_block_entry(entry, b, h)) << entry;
      block_ends.push_back(b.first + b.count);
    }
    edit(payloads);
    fs::remove(file(name));
    fs::remove(file(sidecar_file_name(name)));
    const std::string stream = name.substr(0, name.find('.'));
    ChainedStream s(run_, stream, name, text ? StreamForm::Text : StreamForm::Jsonl, run_id_);
    for (size_t i = 0; i < payloads.size(); ++i) {
      s.append(payloads[i]);
      if (std::find(block_ends.begin(), block_ends.end(), i + 1) != block_ends.end()) s.flush();
    }
    s.close();
  }

  // The reason a stream was found bad with (the run must be tampered, exit 1).
  std::string bad_reason(const VerifyReport& r, const std::string& stream_file) const {
    EXPECT_EQ(r.exit_code(), 1) << stream_file;
    for (const auto& v : r.streams) {
      if (v.file == stream_file && !v.ok) return v.reason;
    }
    std::string all;
    for (const auto& p : r.problems) all += p + "; ";
    return "(no stream verdict) " + all;
  }

  static TempDir* shared_;
  static fs::path pristine_;
  TempDir work_;
  fs::path home_, run_, anchor_;
  std::string run_id_;
  mutable std::optional<EpochSecretKey> epoch_secret_;
};

TempDir* Tamper::shared_ = nullptr;
fs::path Tamper::pristine_;

TEST_F(Tamper, UntouchedRunIsIntactAndSealed) {
  const auto o = verify_cli({"--anchor", anchor_.string()});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_EQ(o.out.rfind("ok\n", 0), 0u) << o.out;
  const VerifyReport r = verify_lib(true);
  EXPECT_GE(r.checkpoints, 3u);  // several epochs, then the seal
  EXPECT_TRUE(r.tags_checked);
}

TEST_F(Tamper, EveryByteFlipIsDetected) {
  // A sample that keeps CI under ~20 s: in every file, every byte of the start of the first line,
  // of the end of the first line and of the end of the file, plus 25 bytes spread over the rest.
  // Each flip must make the run "tampered". Every stream's block sidecar is swept too.
  std::vector<std::string> files = jsonl_streams();
  for (const std::string& name : jsonl_streams()) {
    if (name != "checkpoints.jsonl") files.push_back(sidecar_file_name(name));
  }
  files.insert(files.end(), {"syscalls.log", "syscalls.chain", "manifest.json"});
  size_t flips = 0;
  for (const std::string& name : files) {
    const std::string original = slurp(file(name));
    ASSERT_FALSE(original.empty()) << name;
    const size_t first_nl = original.find('\n');
    const size_t stride = std::max<size_t>(1, original.size() / 25);
    auto sampled = [&](size_t i) {
      return i < 24 || (i <= first_nl && i + 24 > first_nl) || i + 24 >= original.size() ||
             i % stride == 0;
    };
    for (size_t i = 0; i < original.size(); ++i) {
      if (!sampled(i)) continue;
      std::string copy = original;
      copy[i] = static_cast<char>(copy[i] ^ 0x01);
      spit(file(name), copy);
      const VerifyReport r = verify_lib();
      ASSERT_EQ(r.exit_code(), 1) << name << " byte " << i << " undetected";
      ++flips;
    }
    spit(file(name), original);
  }
  EXPECT_GT(flips, 500u);
  EXPECT_EQ(verify_lib().exit_code(), 0);
}

TEST_F(Tamper, ValueEditedAndPlainChainRecomputed) {
  for (const std::string& name : {std::string("events.jsonl"), std::string("syscalls.log")}) {
    SetUp();
    rechain(name, [](std::vector<std::string>& p) {
      // A digit of the time stamp (past the seq and pid): a plausible, well-formed edit.
      const size_t at = p[10].find_first_of("0123456789", 16);
      ASSERT_NE(at, std::string::npos);
      p[10][at] = p[10][at] == '7' ? '8' : '7';
    });
    const std::string reason = bad_reason(verify_lib(), name);
    EXPECT_EQ(reason.rfind("modified (seq ", 0), 0u) << name << ": " << reason;
    EXPECT_NE(reason.find("the chain was recomputed"), std::string::npos) << reason;
  }
}

TEST_F(Tamper, LineDeletedDuplicatedSwappedInEveryStream) {
  for (const std::string& name : jsonl_streams()) {
    using Edit = std::function<void(std::vector<std::string>&)>;
    // The first line that no longer chains: 2, except for a duplicate (line 2 is still right).
    const std::vector<std::tuple<std::string, Edit, uint64_t>> edits{
        {"deleted", [](auto& ls) { ls.erase(ls.begin() + 1); }, 2},
        {"duplicated", [](auto& ls) { ls.insert(ls.begin() + 1, ls[1]); }, 3},
        {"swapped", [](auto& ls) { std::swap(ls[1], ls[2]); }, 2},
    };
    for (const auto& [what, edit, first_bad] : edits) {
      SetUp();
      auto ls = lines_of(file(name));
      ASSERT_GE(ls.size(), 3u) << name;
      // The verdict names the first line of the block that no longer matches, or, where the
      // records carry a seq checked against their place (events.jsonl, checkpoints.jsonl), the
      // very line.
      const bool seq_checked = name == "events.jsonl" || name == "checkpoints.jsonl";
      uint64_t expected_line = first_bad;
      if (!seq_checked) {
        for (const auto& entry : lines_of(file(sidecar_file_name(name)))) {
          BlockHeader b;
          Hash32 h;
          ASSERT_TRUE(parse_block_entry(entry, b, h));
          if (b.first <= first_bad - 1 && first_bad - 1 < b.first + b.count) expected_line = b.first + 1;
        }
      }
      edit(ls);
      write_lines(file(name), ls);
      const VerifyReport r = verify_lib();
      const std::string reason = bad_reason(r, name);
      if (seq_checked) {
        EXPECT_NE(reason.find("out of order"), std::string::npos) << name << " " << what << ": " << reason;
      } else {
        EXPECT_EQ(reason.rfind("modified (seq " + std::to_string(expected_line - 1) + "-", 0), 0u)
            << name << " " << what << ": " << reason;
      }
      for (const auto& v : r.streams) {
        if (v.file == name) {
          EXPECT_EQ(v.bad_line, expected_line) << name << " " << what;
        }
      }
    }
  }
}

TEST_F(Tamper, GarbageAppended) {
  for (const std::string& name : jsonl_streams()) {
    SetUp();
    spit(file(name), slurp(file(name)) + "{\"seq\":99999,\"x\":1}\n");
    EXPECT_EQ(bad_reason(verify_lib(), name), name == "checkpoints.jsonl"
                                                  ? "record after the seal (appended)"
                                                  : "appended after the seal (20 bytes after the "
                                                    "last block, which the seal covers)") << name;
  }
}

TEST_F(Tamper, WholeLinesCutFromTheTailWithTheSealInPlace) {
  auto ls = lines_of(file("events.jsonl"));
  ls.resize(ls.size() - 3);
  write_lines(file("events.jsonl"), ls);
  std::string reason = bad_reason(verify_lib(), "events.jsonl");
  EXPECT_EQ(reason.rfind("truncated (block ", 0), 0u) << reason;
  EXPECT_NE(reason.find("ends past the end of events.jsonl"), std::string::npos) << reason;
  // Cut at a block boundary, with the sidecar cut to match: the signed seal still counts them.
  SetUp();
  auto blocks = lines_of(file("events.chain"));
  ASSERT_GE(blocks.size(), 2u);
  BlockHeader last;
  Hash32 h;
  ASSERT_TRUE(parse_block_entry(blocks.back(), last, h));
  blocks.pop_back();
  write_lines(file("events.chain"), blocks);
  ls = lines_of(file("events.jsonl"));
  ls.resize(last.first);
  write_lines(file("events.jsonl"), ls);
  reason = bad_reason(verify_lib(), "events.jsonl");
  EXPECT_EQ(reason.rfind("truncated (the signed checkpoint of epoch", 0), 0u) << reason;
}

TEST_F(Tamper, SealDropped) {
  auto cps = lines_of(file("checkpoints.jsonl"));
  cps.pop_back();
  write_lines(file("checkpoints.jsonl"), cps);
  const auto o = verify_cli();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("seal missing"), std::string::npos) << o.out;
}

TEST_F(Tamper, TailAndSealCutWithTheManifestLeftComplete) {
  auto ls = lines_of(file("events.jsonl"));
  ls.resize(ls.size() - 3);
  write_lines(file("events.jsonl"), ls);
  auto cps = lines_of(file("checkpoints.jsonl"));
  cps.pop_back();
  write_lines(file("checkpoints.jsonl"), cps);
  const auto o = verify_cli();
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("seal missing"), std::string::npos) << o.out;
}

// The attacker's best truncation: every stream cut exactly at checkpoint 1, the checkpoints after
// it and the seal removed, the manifest set back to "running". That is what a run killed right
// after checkpoint 1 looks like, so without an anchor it is "unsealed" (3), never "intact" (0);
// the anchor written at the real end exposes it.
TEST_F(Tamper, TruncatedToACheckpointBoundaryAndRolledBack) {
  auto cps = lines_of(file("checkpoints.jsonl"));
  ASSERT_GE(cps.size(), 4u);
  const nlohmann::json cp1 = nlohmann::json::parse(cps[2]);
  for (const auto& s : cp1["streams"]) {
    const std::string name = s["name"].get<std::string>();
    const size_t keep = s["records"].get<size_t>();
    const std::string f = name == "syscalls" ? "syscalls.log" : name + ".jsonl";
    auto ls = lines_of(file(f));
    ls.resize(keep);
    write_lines(file(f), ls);
    // The sidecar keeps the blocks up to the checkpoint (the writer closed one there).
    std::vector<std::string> kept;
    for (const auto& entry : lines_of(file(sidecar_file_name(f)))) {
      BlockHeader b;
      Hash32 h;
      ASSERT_TRUE(parse_block_entry(entry, b, h));
      if (b.first + b.count <= keep) kept.push_back(entry);
    }
    write_lines(file(sidecar_file_name(f)), kept);
  }
  cps.resize(3);
  write_lines(file("checkpoints.jsonl"), cps);
  Manifest m = read_manifest(run_);
  m.state = "running";
  write_manifest(run_, m);

  const auto without = verify_cli();
  EXPECT_EQ(without.exit_code, 3) << without.out << without.err;
  EXPECT_NE(without.out.find("no anchor given"), std::string::npos) << without.out;
  const auto with = verify_cli({"--anchor", anchor_.string()});
  EXPECT_EQ(with.exit_code, 1) << with.out;
  EXPECT_NE(with.out.find("rolled back or truncated versus anchor"), std::string::npos) << with.out;
}

TEST_F(Tamper, ManifestEditedOrMissing) {
  std::string m = slurp(file("manifest.json"));
  const size_t at = m.find("\"exit_code\": 0");
  ASSERT_NE(at, std::string::npos);
  m.replace(at, 14, "\"exit_code\": 7");
  spit(file("manifest.json"), m);
  auto o = verify_cli();
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.out.find("manifest altered"), std::string::npos) << o.out;
  fs::remove(file("manifest.json"));
  o = verify_cli();
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.out.find("no manifest.json"), std::string::npos) << o.out;
}

TEST_F(Tamper, ReplacedByAFreshRunSignedWithAnotherKey) {
  // A second home (another key) records a run; it replaces ours wholesale.
  const fs::path other = work_.path() / "other";
  ASSERT_EQ(capsule_run(other, {"sh", "-c", "ls / >/dev/null"}).exit_code, 0);
  const fs::path fake = latest_run(other);
  const fs::path pinned = work_.path() / "pub.txt";
  ASSERT_EQ(run_program({capsule_bin(), "keys", "--home", home_.string(), "--export", pinned.string()}).exit_code, 0);
  fs::remove_all(run_);
  const fs::path planted = home_ / "logs" / fake.filename();
  fs::copy(fake, planted, fs::copy_options::recursive);
  const auto o = run_program({capsule_bin(), "verify", "--home", home_.string(), "--run",
                              planted.string(), "--pubkey", pinned.string()});
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("signed by another key"), std::string::npos) << o.out;
  // Against the anchor, the run we recorded is gone.
  const auto all = run_program({capsule_bin(), "verify", "--home", home_.string(), "--all",
                                "--anchor", anchor_.string()});
  EXPECT_EQ(all.exit_code, 1) << all.out << all.err;
  EXPECT_NE(all.err.find("is in the anchor but missing"), std::string::npos) << all.err;
}

TEST_F(Tamper, RolledBackToAnOlderCopyOfTheSameRun) {
  // An older copy differs from what was anchored: same run id, other checkpoints head.
  spit(anchor_, "{\"run\":\"" + run_id_ + "\",\"count\":" +
                    std::to_string(lines_of(file("checkpoints.jsonl")).size()) + ",\"head\":\"" +
                    std::string(64, 'a') + "\"}\n");
  const auto o = verify_cli({"--anchor", anchor_.string()});
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("replaced versus anchor"), std::string::npos) << o.out;
}

}  // namespace
}  // namespace capsule::test
