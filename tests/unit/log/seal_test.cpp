// Checkpoints, seal, keys and forward security, end to end in the library: a run written the way
// the pipeline writes it, then attacked the ways docs/FORMAT.md says verify catches.
#include <gtest/gtest.h>

#include <fstream>
#include <map>

#include "log/chain/chained_stream.h"
#include "log/chain/checkpointer.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "log/chain/signing_key.h"
#include "log/verify/verify.h"
#include "log/verify/verify_stream.h"
#include "temp_dir.h"

namespace capsule {
namespace {

using testing::read_file;
using testing::write_file;

constexpr int kEvents = 22;
constexpr int kEvery = 4;  // a checkpoint every 4 events: epochs 0..4, then the seal (epoch 5)

std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::vector<std::string> out;
  std::ifstream in(p, std::ios::binary);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

void write_lines(const std::filesystem::path& p, const std::vector<std::string>& ls) {
  std::string content;
  for (const auto& l : ls) content += l + "\n";
  write_file(p, content);
}

std::string event_payload(int i, const std::string& what) {
  return "{\"seq\":" + std::to_string(i) + ",\"what\":\"" + what + std::to_string(i) + "\"}";
}

class Sealed : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = tmp_.path() / "home";
    run_ = create_run(home_, 1795455000000000);
    key_.emplace(SigningKey::load_or_create(home_));
    epoch_pub_ = epoch_public_key(home_);
    epoch_secret_ = EpochSecretKey::load(home_, false);
    ASSERT_TRUE(epoch_secret_);
    write_run(run_.log_dir, run_.run_id, *key_, epoch_pub_, "open");
    keys_.trusted = key_->public_key();
    keys_.epoch_secret = &*epoch_secret_;
  }

  // What the pipeline does: three streams, a checkpoint every kEvery events, manifest, seal.
  static void write_run(const std::filesystem::path& dir, const std::string& run_id,
                        const SigningKey& key, const PublicKey32& epoch_pub, const std::string& what,
                        bool seal = true) {
    ChainedStream text(dir, "syscalls", "syscalls.log", StreamForm::Text, run_id);
    ChainedStream events(dir, "events", "events.jsonl", StreamForm::Jsonl, run_id);
    ChainedStream enriched(dir, "enriched", "enriched.jsonl", StreamForm::Jsonl, run_id);
    Checkpointer cp(dir, run_id, key, epoch_pub, {kEvery, int64_t{1} << 60});
    int64_t t = 1795455000000000;
    cp.open({&text, &events, &enriched}, t);
    for (int i = 0; i < kEvents; ++i) {
      text.append("100 17:30:00.000000 " + what + "(" + std::to_string(i) + ") = 0");
      events.append(event_payload(i, what));
      enriched.append(event_payload(i, "enriched-" + what));
      if (cp.due_by_records(static_cast<uint64_t>(i + 1))) cp.checkpoint(static_cast<uint64_t>(i + 1), ++t);
    }
    text.close();
    events.close();
    enriched.close();
    Manifest m;
    m.format_version = kManifestFormatVersion;
    m.run_id = run_id;
    m.state = seal ? "complete" : "running";
    m.exit_code = 0;
    m.streams = {{"syscalls", "syscalls.log", text.count(), text.head_hex()},
                 {"events", "events.jsonl", events.count(), events.head_hex()},
                 {"enriched", "enriched.jsonl", enriched.count(), enriched.head_hex()}};
    write_manifest(dir, m);
    if (seal) cp.seal({0, std::nullopt, manifest_text(m)}, ++t);
  }

  std::filesystem::path file(const std::string& name) const { return run_.log_dir / name; }
  VerifyReport verify() const { return verify_run(run_.log_dir, keys_); }

  // The one failing stream's verdict (the report must be "tampered").
  StreamVerdict bad(const std::string& file_name) const {
    const VerifyReport r = verify();
    EXPECT_EQ(r.exit_code(), 1);
    for (const StreamVerdict& v : r.streams) {
      if (v.file == file_name) return v;
    }
    std::string seen;
    for (const StreamVerdict& v : r.streams) seen += v.file + " ";
    for (const auto& p : r.problems) seen += "| " + p;
    ADD_FAILURE() << "no verdict for " << file_name << "; have " << seen;
    return {};
  }

  std::string problems() const {
    std::string out;
    for (const auto& p : verify().problems) out += p + "\n";
    return out;
  }

  testing::TempDir tmp_;
  std::filesystem::path home_;
  RunPaths run_;
  std::optional<SigningKey> key_;
  PublicKey32 epoch_pub_{};
  std::optional<EpochSecretKey> epoch_secret_;
  VerifyKeys keys_;
};

TEST_F(Sealed, UntouchedRunIsIntactAndSealed) {
  const VerifyReport r = verify();
  EXPECT_EQ(r.exit_code(), 0) << problems();
  EXPECT_TRUE(r.sealed);
  EXPECT_TRUE(r.signatures_checked);
  EXPECT_TRUE(r.tags_checked);
  EXPECT_EQ(r.checkpoints, static_cast<uint64_t>(kEvents / kEvery + 1));
  for (const StreamVerdict& v : r.streams) {
    EXPECT_TRUE(v.ok && v.sealed) << v.file << ": " << v.reason;
  }
  EXPECT_EQ(testing::mode_of(home_ / "keys"), 0700u);
  EXPECT_EQ(testing::mode_of(home_ / "keys" / "signing.key"), 0600u);
  EXPECT_EQ(testing::mode_of(home_ / "keys" / "epoch.key"), 0600u);
}

TEST_F(Sealed, ChainRecomputedAfterAnEditIsCaughtByTheCheckpoint) {
  // The attacker edits record 6 and recomputes the plain chain of the whole stream.
  // Blocks end where the writer's did (at each checkpoint), the best the attacker can do.
  auto ls = lines_of(file("events.jsonl"));
  std::filesystem::remove(file("events.jsonl"));
  std::filesystem::remove(file("events.chain"));
  {
    ChainedStream s(run_.log_dir, "events", "events.jsonl", StreamForm::Jsonl, run_.run_id);
    for (size_t i = 0; i < ls.size(); ++i) {
      s.append(i == 6 ? event_payload(6, "forged") : ls[i]);
      if ((i + 1) % kEvery == 0) s.flush();
    }
  }
  const StreamVerdict v = bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 5u);  // epoch 1 = seq 4..7: the first record of the epoch that differs
  EXPECT_EQ(v.reason.rfind("modified (seq 4-7 do not match the signed checkpoint of epoch 1", 0), 0u)
      << v.reason;
}

TEST_F(Sealed, TruncatedBelowACheckpointIsTampering) {
  auto ls = lines_of(file("events.jsonl"));
  ls.resize(8);  // exactly the checkpoint of epoch 1; the seal says 22
  write_lines(file("events.jsonl"), ls);
  auto blocks = lines_of(file("events.chain"));
  blocks.resize(2);  // the blocks of epochs 0 and 1
  write_lines(file("events.chain"), blocks);
  const StreamVerdict v = bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 9u);
  EXPECT_NE(v.reason.find("truncated (the signed checkpoint of epoch 2 covers 12 records"),
            std::string::npos) << v.reason;
}

TEST_F(Sealed, SealDroppedIsTamperingWhileTheManifestSaysComplete) {
  auto cps = lines_of(file("checkpoints.jsonl"));
  cps.pop_back();
  write_lines(file("checkpoints.jsonl"), cps);
  EXPECT_EQ(verify().exit_code(), 1);
  EXPECT_NE(problems().find("seal missing"), std::string::npos) << problems();
}

TEST_F(Sealed, CheckpointsOnlyWithoutKeyStillCatchEdits) {
  // An edited checkpoint line breaks its chain; a re-chained one breaks its signature.
  auto cps = lines_of(file("checkpoints.jsonl"));
  const size_t at = cps[2].find("\"records\":8");
  ASSERT_NE(at, std::string::npos);
  cps[2].replace(at, 11, "\"records\":7");
  write_lines(file("checkpoints.jsonl"), cps);
  EXPECT_EQ(bad("checkpoints.jsonl").reason, "modified");

  std::filesystem::remove(file("checkpoints.jsonl"));
  {
    ChainedStream s(run_.log_dir, "checkpoints", "checkpoints.jsonl", StreamForm::Jsonl, run_.run_id,
                    Chaining::PerRecord);
    for (const auto& l : cps) s.append(l.substr(0, l.size() - kJsonlChainSuffixSize) + "}");
  }
  const StreamVerdict v = bad("checkpoints.jsonl");
  EXPECT_EQ(v.bad_line, 3u);  // the chain is whole again, but the edited record's signature fails
  EXPECT_NE(v.reason.find("signature invalid"), std::string::npos) << v.reason;
}

TEST_F(Sealed, ManifestAlteredOrMissing) {
  std::string m = read_file(file("manifest.json"));
  m.replace(m.find("\"exit_code\": 0"), 14, "\"exit_code\": 1");
  write_file(file("manifest.json"), m);
  EXPECT_EQ(verify().exit_code(), 1);
  EXPECT_NE(problems().find("manifest altered"), std::string::npos) << problems();
  std::filesystem::remove(file("manifest.json"));
  EXPECT_EQ(verify().exit_code(), 1);
}

TEST_F(Sealed, RunSignedByAnotherKeyIsRejected) {
  // A freshly generated, internally valid run under another home's key replaces this one.
  const auto other_home = tmp_.path() / "other";
  const SigningKey other = SigningKey::load_or_create(other_home);
  for (const char* f : {"syscalls.log", "syscalls.chain", "events.jsonl", "events.chain",
                        "enriched.jsonl", "enriched.chain", "checkpoints.jsonl", "manifest.json"}) {
    std::filesystem::remove(file(f));
  }
  write_run(run_.log_dir, run_.run_id, other, epoch_public_key(other_home), "fake");
  const StreamVerdict v = bad("checkpoints.jsonl");
  EXPECT_EQ(v.bad_line, 1u);
  EXPECT_NE(v.reason.find("signed by another key"), std::string::npos) << v.reason;
}

TEST_F(Sealed, UnsealedRunIsIntactUpToItsLastCheckpoint) {
  const auto dir = tmp_.path() / "killed";
  std::filesystem::create_directories(dir);
  const std::string run_id = "11111111-1111-4111-8111-111111111111";
  write_run(dir, run_id, *key_, epoch_pub_, "killed", /*seal=*/false);
  // Killed after the last block was written, before the seal: 2 records past checkpoint 5.
  VerifyReport r = verify_run(dir, keys_);
  EXPECT_EQ(r.exit_code(), 3);
  for (const StreamVerdict& v : r.streams) {
    EXPECT_TRUE(v.ok) << v.file << ": " << v.reason;
    EXPECT_FALSE(v.sealed);
    if (v.file == "events.jsonl") {
      EXPECT_FALSE(v.torn_tail);
      EXPECT_EQ(v.authenticated, 20u);  // 5 checkpoints × 4
      EXPECT_EQ(v.records, 22u);
      EXPECT_EQ(v.unauthenticated, 2u);
    }
  }
  // Killed in the middle of writing that block: a torn line and no sidecar entry for it.
  std::string ev = read_file(dir / "events.jsonl");
  ev.resize(ev.size() - 30);
  write_file(dir / "events.jsonl", ev);
  auto blocks = lines_of(dir / "events.chain");
  blocks.pop_back();
  write_lines(dir / "events.chain", blocks);
  r = verify_run(dir, keys_);
  EXPECT_EQ(r.exit_code(), 3);
  for (const StreamVerdict& v : r.streams) {
    EXPECT_TRUE(v.ok) << v.file << ": " << v.reason;
    if (v.file == "events.jsonl") {
      EXPECT_TRUE(v.torn_tail);
      EXPECT_EQ(v.authenticated, 20u);
      EXPECT_EQ(v.records, 20u);  // the bytes after block 4 are not authenticated at all
      EXPECT_EQ(v.unauthenticated, 0u);
    }
  }
}

TEST_F(Sealed, ResignedWithALaterEpochKeyIsCaught) {
  // The attacker stole the signing key and the live epoch key of epoch 2, edits a record of
  // epoch 0, and re-makes chain, heads, tags (with the only key they have) and signatures.
  std::array<uint8_t, 32> k{};
  auto cps = lines_of(file("checkpoints.jsonl"));
  CheckpointRecord open;
  std::string why;
  ASSERT_TRUE(parse_checkpoint(cps[0].substr(0, cps[0].size() - kJsonlChainSuffixSize) + "}", open, why));
  ASSERT_TRUE(epoch_secret_->open_sealed(open.sealed_k0, k));
  const EpochKey32 k2 = next_epoch_key(next_epoch_key(k));

  // Re-chain events with record 1 forged, in the writer's blocks (one per epoch), collecting
  // the new block hashes by the record count each block ends at.
  auto ls = lines_of(file("events.jsonl"));
  std::filesystem::remove(file("events.jsonl"));
  std::filesystem::remove(file("events.chain"));
  std::map<uint64_t, Hash32> block_at;
  {
    ChainedStream s(run_.log_dir, "events", "events.jsonl", StreamForm::Jsonl, run_.run_id);
    for (size_t i = 0; i < ls.size(); ++i) {
      s.append(i == 1 ? event_payload(1, "forged") : ls[i]);
      if ((i + 1) % kEvery == 0 || i + 1 == ls.size()) {
        s.flush();
        block_at[i + 1] = s.head();
      }
    }
  }
  // Re-make every checkpoint: new events heads, tags under k2's tag key, fresh signatures.
  std::filesystem::remove(file("checkpoints.jsonl"));
  ChainedStream out(run_.log_dir, "checkpoints", "checkpoints.jsonl", StreamForm::Jsonl, run_.run_id,
                    Chaining::PerRecord);
  uint64_t first = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    CheckpointRecord r;
    ASSERT_TRUE(parse_checkpoint(cps[i].substr(0, cps[i].size() - kJsonlChainSuffixSize) + "}", r, why));
    if (r.kind != CheckpointKind::Open) {
      for (StreamPoint& p : r.streams) {
        if (p.name != "events") continue;
        p.head = block_at.at(p.records);
        EpochTag tag;
        tag.begin(epoch_tag_key(k2), run_.run_id, "events", r.epoch, first);
        if (p.records > first) tag.absorb(block_at.at(p.records));
        p.tag = tag.finish(p.records);
        first = p.records;
      }
      if (r.kind == CheckpointKind::Seal) r.manifest_digest = manifest_digest(read_file(file("manifest.json")));
    }
    r.signature = key_->sign(signed_message(r, run_.run_id, out.head()));
    out.append(render_checkpoint(r, run_.run_id));
  }
  out.close();
  // The manifest's events head changed too; the attacker fixes it (and the seal signed that).
  Manifest m = read_manifest(run_.log_dir);
  m.streams[1].head = to_hex(block_at.rbegin()->second);
  write_manifest(run_.log_dir, m);

  VerifyKeys without_epoch = keys_;
  without_epoch.epoch_secret = nullptr;
  // Without the epoch secret, signatures alone cannot tell (the signing key was stolen) ...
  const VerifyReport sig_only = verify_run(run_.log_dir, without_epoch);
  EXPECT_FALSE(sig_only.tags_checked);
  // ... (the manifest digest in the seal is now stale, which is the only other trace).
  // With it, epoch 0's tag gives it away.
  const StreamVerdict v = bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 1u);
  EXPECT_EQ(v.reason.rfind("wrong epoch key (the tag of epoch 0", 0), 0u) << v.reason;
}

TEST(Keys, FingerprintAndPublicKeyFileRoundTrip) {
  testing::TempDir tmp;
  const SigningKey key = SigningKey::load_or_create(tmp.path());
  const SigningKey again = SigningKey::load_or_create(tmp.path());
  EXPECT_EQ(key.public_key(), again.public_key());  // made once, then reused
  const auto f = tmp.path() / "pub.txt";
  write_file(f, public_key_file_text(key.public_key(), epoch_public_key(tmp.path())));
  EXPECT_EQ(read_public_key_file(f), key.public_key());
  EXPECT_EQ(key_fingerprint(key.public_key()).size(), 3u + 32u);
  const auto sig = key.sign("message");
  EXPECT_TRUE(verify_signature(key.public_key(), "message", sig));
  EXPECT_FALSE(verify_signature(key.public_key(), "messagE", sig));
}

TEST(Keys, KeyReadableByOthersIsRefused) {
  testing::TempDir tmp;
  (void)SigningKey::load_or_create(tmp.path());
  std::filesystem::permissions(tmp.path() / "keys" / "signing.key",
                               std::filesystem::perms::group_read, std::filesystem::perm_options::add);
  EXPECT_THROW(SigningKey::load_or_create(tmp.path()), KeyError);
}

TEST(EpochKeys, RatchetIsOneWayAndErasesTheOldKey) {
  EpochKeyRatchet r = EpochKeyRatchet::random();
  const EpochKey32 k0 = r.key();
  r.advance();
  EXPECT_EQ(r.epoch(), 1u);
  EXPECT_EQ(r.key(), next_epoch_key(k0));
  EXPECT_NE(r.tag_key(), epoch_tag_key(k0));
}

}  // namespace
}  // namespace capsule
