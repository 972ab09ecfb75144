// Compressed streams (docs/FORMAT.md, "Compression") on real runs: the default run stores every
// stream as zstd and verifies; a flipped byte in a frame is reported by the seqs of its block;
// a cut file is reported truncated; `capsule cat` gives exactly the text a --compress none run
// stores; --compress none files are plain; tail follows a compressed run live.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "background_process.h"
#include "harness.h"
#include "log/chain/chain.h"
#include "log/chain/chained_stream.h"

namespace capsule::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* const kStreamFiles[] = {"syscalls.log", "events.jsonl", "enriched.jsonl", "actions.jsonl", "risks.jsonl"};

Outcome verify(const fs::path& home) {
  return run_program({capsule_bin(), "verify", "--home", home.string()});
}

// A run of a few hundred events over several blocks (checkpoints close blocks).
fs::path record(const TempDir& home, const std::vector<std::string>& flags = {}) {
  std::vector<std::string> f{"--checkpoint-records", "40"};
  f.insert(f.end(), flags.begin(), flags.end());
  const Outcome o = capsule_run(home.path(), {"sh", "-c", "for i in 1 2 3 4 5 6; do ls / >/dev/null; done"}, f);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return latest_run(home.path());
}

struct Block {
  BlockHeader b;
  FrameSpan z;
};

std::vector<Block> blocks_of(const fs::path& chain_file) {
  std::vector<Block> out;
  for (const std::string& line : read_lines(chain_file)) {
    Block k;
    Hash32 h;
    EXPECT_TRUE(parse_block_entry(line, k.b, h, &k.z)) << line;
    out.push_back(k);
  }
  return out;
}

// By default every stream is plain, under the name docs/FORMAT.md gives it.
TEST(Compression, DefaultRunStoresEveryStreamPlain) {
  TempDir home;
  const fs::path run = record(home);
  for (const char* f : kStreamFiles) {
    EXPECT_TRUE(fs::exists(run / f)) << f;
    EXPECT_FALSE(fs::exists(run / (std::string(f) + ".zst"))) << f;
  }
  EXPECT_EQ(latest_manifest(home.path()).at("compression"), "none");
}

// --compress zstd: the JSON streams are zstd and syscalls.log stays plain, under the name people
// open and diff against strace's.
TEST(Compression, ZstdStoresJsonAsZstdAndTheLogPlain) {
  TempDir home;
  const fs::path run = record(home, {"--compress", "zstd"});
  for (const char* f : kStreamFiles) {
    const bool text_log = std::string(f) == "syscalls.log";
    EXPECT_EQ(fs::exists(run / (std::string(f) + ".zst")), !text_log) << f;
    EXPECT_EQ(fs::exists(run / f), text_log) << f;
  }
  const nlohmann::json m = latest_manifest(home.path());
  EXPECT_EQ(m.at("compression"), "zstd:1");
  for (const auto& s : m.at("streams")) EXPECT_EQ(s.at("file"), s.at("name").get<std::string>() == "syscalls"
                                                                  ? "syscalls.log"
                                                                  : s.at("name").get<std::string>() + ".jsonl.zst");
  const Outcome v = verify(home.path());
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("events (events.jsonl.zst): "), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("syscalls (syscalls.log): "), std::string::npos) << v.out;
  // Several blocks, and each block's zstd bytes follow the one before.
  const std::vector<Block> blocks = blocks_of(run / "events.chain");
  ASSERT_GE(blocks.size(), 3u);
  uint64_t zend = 0;
  for (const Block& k : blocks) {
    EXPECT_EQ(k.z.zoffset, zend);
    zend += k.z.zbytes;
  }
  // The plain log is the same text `capsule cat` prints.
  const Outcome c = run_program({capsule_bin(), "cat", "--home", home.path().string(), "syscalls"});
  EXPECT_EQ(c.out, slurp_raw(run / "syscalls.log"));
}

TEST(Compression, ZstdAllCompressesTheLogToo) {
  TempDir home;
  const fs::path run = record(home, {"--compress", "zstd-all"});
  for (const char* f : kStreamFiles) {
    EXPECT_TRUE(fs::exists(run / (std::string(f) + ".zst"))) << f;
    EXPECT_FALSE(fs::exists(run / f)) << f;
  }
  EXPECT_EQ(latest_manifest(home.path()).at("compression"), "zstd-all:1");
  const Outcome v = verify(home.path());
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  EXPECT_NE(v.out.find("syscalls (syscalls.log.zst): "), std::string::npos) << v.out;
}

TEST(Compression, NoneStoresPlainFiles) {
  TempDir home;
  const fs::path run = record(home, {"--compress", "none"});
  for (const char* f : kStreamFiles) {
    EXPECT_TRUE(fs::exists(run / f)) << f;
    EXPECT_FALSE(fs::exists(run / (std::string(f) + ".zst"))) << f;
  }
  EXPECT_EQ(latest_manifest(home.path()).at("compression"), "none");
  std::ifstream in(run / "events.jsonl");
  uint64_t seq = 0;
  for (std::string line; std::getline(in, line); ++seq) {
    EXPECT_EQ(nlohmann::json::parse(line).at("seq"), seq);  // grep-able text, one record a line
  }
  EXPECT_GT(seq, 100u);
  EXPECT_EQ(read_lines(run / "events.chain").front().find("zframe"), std::string::npos);
  EXPECT_EQ(verify(home.path()).exit_code, 0);
}

TEST(Compression, FlippedByteInAFrameIsReportedByTheSeqsOfItsBlock) {
  TempDir home;
  const fs::path run = record(home, {"--compress", "zstd"});
  const std::vector<Block> blocks = blocks_of(run / "events.chain");
  ASSERT_GE(blocks.size(), 3u);
  const Block& k = blocks[1];
  std::string z = slurp_raw(run / "events.jsonl.zst");
  z[k.z.zoffset + k.z.zbytes / 2] ^= 0x10;
  spit(run / "events.jsonl.zst", z);
  const Outcome v = verify(home.path());
  EXPECT_EQ(v.exit_code, 1) << v.out;
  // Most flips break the zstd data: the whole block is reported ("seq A-B: block 1: corrupt zstd
  // data"). A flip in a literal byte can still decode, to other text: then the first record of
  // the block whose text changed is reported. Either way, a seq of this block.
  const std::string at = "events (events.jsonl.zst): TAMPERED at seq ";
  const size_t pos = v.out.find(at);
  ASSERT_NE(pos, std::string::npos) << v.out;
  const uint64_t seq = std::stoull(v.out.substr(pos + at.size()));
  EXPECT_GE(seq, k.b.first) << v.out;
  EXPECT_LT(seq, k.b.first + k.b.count) << v.out;
  const std::string span = "seq " + std::to_string(k.b.first) + "-" + std::to_string(k.b.first + k.b.count - 1);
  if (v.out.find("corrupt zstd data") != std::string::npos) {
    EXPECT_NE(v.out.find(span), std::string::npos) << v.out;
  }
}

TEST(Compression, TruncatedFileIsDetected) {
  TempDir home;
  const fs::path run = record(home, {"--compress", "zstd-all"});
  const std::vector<Block> blocks = blocks_of(run / "syscalls.chain");
  ASSERT_GE(blocks.size(), 2u);
  const Block& last = blocks.back();
  fs::resize_file(run / "syscalls.log.zst", last.z.zoffset + last.z.zbytes / 2);
  const Outcome v = verify(home.path());
  EXPECT_EQ(v.exit_code, 1) << v.out;
  EXPECT_NE(v.out.find("syscalls (syscalls.log.zst): TAMPERED at seq " + std::to_string(last.b.first) + " "),
            std::string::npos) << v.out;
  EXPECT_NE(v.out.find("truncated"), std::string::npos) << v.out;
}

// An import is deterministic (its times are the trace's): the same trace imported both ways
// gives streams whose plain text is byte for byte the same.
TEST(Compression, CatGivesTheTextOfACompressNoneRun) {
  const std::string trace = std::string(CAPSULE_SOURCE_DIR) + "/tests/data/strace/python_import_json.trace";
  TempDir plain_home;
  TempDir zstd_home;
  ASSERT_EQ(run_program({capsule_bin(), "import", "--home", plain_home.path().string(), "--compress", "none", trace})
                .exit_code, 0);
  ASSERT_EQ(run_program({capsule_bin(), "import", "--home", zstd_home.path().string(), "--compress", "zstd", trace}).exit_code, 0);
  const fs::path plain_run = latest_run(plain_home.path());
  const fs::path zstd_run = latest_run(zstd_home.path());
  for (const char* f : kStreamFiles) {
    const std::string stream = fs::path(f).stem().string();
    const Outcome c = run_program({capsule_bin(), "cat", "--home", zstd_home.path().string(), stream});
    EXPECT_EQ(c.exit_code, 0) << c.err;
    EXPECT_EQ(c.out, slurp_raw(plain_run / f)) << f;
    EXPECT_EQ(c.out, slurp(zstd_run / f)) << f << ": zstd's own tool decodes the same";
    const Outcome p = run_program({capsule_bin(), "cat", "--home", plain_home.path().string(), stream});
    EXPECT_EQ(p.out, c.out) << f;
  }
  EXPECT_FALSE(slurp_raw(plain_run / "events.jsonl").empty());
}

TEST(Compression, TailFollowsACompressedRunLive) {
  TempDir home;
  BackgroundProcess tail({capsule_bin(), "tail", "--home", home.path().string(), "events", "--exit-on-end", "--json"});
  ASSERT_TRUE(tail.next_err_line(10s).has_value());
  BackgroundProcess run({capsule_bin(), "run", "-q", "--home", home.path().string(), "--compress", "zstd", "--", helper("slow_ticker"), "3"});
  int ticks = 0;
  while (auto line = tail.next_out_line(15s)) {
    // Each tick arrives while the program still runs: read from the growing .zst file.
    if (nlohmann::json::parse(line->text).value("syscall", "") == "getppid" && ++ticks == 3) break;
  }
  EXPECT_EQ(ticks, 3);
  EXPECT_EQ(run.wait_exit(10s), 0);
  EXPECT_EQ(tail.wait_exit(10s), 0);
  EXPECT_TRUE(fs::exists(latest_run(home.path()) / "events.jsonl.zst"));
  const Outcome nf = run_program({capsule_bin(), "tail", "--home", home.path().string(), "--no-follow", "events", "--json"});
  EXPECT_EQ(nf.exit_code, 0) << nf.err;
  EXPECT_EQ(nf.out, slurp(latest_run(home.path()) / "events.jsonl"));
}

TEST(Compression, BadCompressValueIsAUsageError) {
  TempDir home;
  for (const char* bad : {"gzip", "zstd:99", "zstd:", "zstd:x", "zstd:-0", "zstd-all:", "zstd-al", "all"}) {
    const Outcome o = capsule_run(home.path(), {"true"}, {"--compress", bad});
    EXPECT_EQ(o.exit_code, 2) << bad;
    EXPECT_NE(o.err.find("--compress"), std::string::npos) << o.err;
  }
  EXPECT_EQ(capsule_run(home.path(), {"true"}, {"--compress", "zstd:-3"}).exit_code, 0);
  EXPECT_EQ(latest_manifest(home.path()).at("compression"), "zstd:-3");
}

}  // namespace
}  // namespace capsule::test
