// `capsule compact` (#21, docs/FORMAT.md "Compaction") on real runs: a compacted run verifies
// with the same chain, checkpoints, seal and manifest; every reader gives what it gave before; a
// compaction stopped between any two of its steps leaves a run that verifies and that the next
// compaction finishes; a flipped byte is reported by seq; a live run is never compacted;
// retention.conf's compress-after is honoured when a run starts; --dry-run changes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <thread>

#include "background_process.h"
#include "harness.h"
#include "log/chain/chain.h"
#include "log/chain/chained_stream.h"

namespace capsule::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const char* const kCompactStreamFiles[] = {"syscalls.log", "events.jsonl", "enriched.jsonl", "actions.jsonl",
                                           "risks.jsonl"};
const char* const kCompactSidecars[] = {"syscalls.chain", "events.chain", "enriched.chain", "actions.chain",
                                        "risks.chain"};

// A finished run of a few hundred events over several blocks (checkpoints close blocks); the
// script also reads a credential-like file, so that risks.jsonl has records.
fs::path record_plain_run(const fs::path& home, const std::vector<std::string>& flags = {}) {
  std::vector<std::string> f{"--checkpoint-records", "40"};
  f.insert(f.end(), flags.begin(), flags.end());
  const Outcome o =
      capsule_run(home, {"sh", "-c", "for i in 1 2 3 4 5 6; do ls / >/dev/null; done; cat /etc/shadow >/dev/null 2>&1; true"}, f);
  EXPECT_EQ(o.exit_code, 0) << o.err;
  return latest_run(home);
}

Outcome capsule_cmd(const fs::path& home, std::vector<std::string> args, const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), capsule_bin());
  args.push_back("--home");
  args.push_back(home.string());
  return run_program(args, env);
}

// Each sidecar entry without its frame keys: what the chain says (block, first, count, offset,
// bytes, hash), which compaction must keep exactly.
std::vector<std::string> chain_facts(const fs::path& sidecar) {
  std::vector<std::string> out;
  for (const std::string& line : read_lines(sidecar)) {
    BlockHeader b;
    Hash32 h;
    FrameSpan z;
    const bool plain = parse_block_entry(line, b, h);
    EXPECT_TRUE(plain || parse_block_entry(line, b, h, &z)) << line;
    out.push_back(render_block_entry(b, h));
  }
  return out;
}

// Every file of the run with its bytes as stored.
std::map<std::string, std::string> files_of(const fs::path& run) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(run)) out[e.path().filename().string()] = slurp_raw(e.path());
  return out;
}

// What the readers say about the newest run: cat of each stream, summary, findings, export, tail.
std::map<std::string, std::string> reader_outputs(const fs::path& home) {
  std::map<std::string, std::string> out;
  for (const char* stream : {"syscalls", "events", "enriched", "actions", "risks"}) {
    const Outcome c = capsule_cmd(home, {"cat", stream});
    EXPECT_EQ(c.exit_code, 0) << stream << c.err;
    out[std::string("cat ") + stream] = c.out;
  }
  const std::vector<std::vector<std::string>> commands{
      {"summary", "--json"}, {"findings", "--json"}, {"export"}, {"tail", "--no-follow", "events", "--json"}};
  for (const auto& args : commands) {
    const Outcome o = capsule_cmd(home, args);
    EXPECT_EQ(o.exit_code, 0) << args[0] << o.err;
    EXPECT_FALSE(o.out.empty()) << args[0];
    out[args[0]] = o.out;
  }
  return out;
}

void expect_verifies(const fs::path& home, const std::string& context) {
  const Outcome v = capsule_cmd(home, {"verify"});
  EXPECT_EQ(v.exit_code, 0) << context << "\n" << v.out << v.err;
}

void expect_compacted(const fs::path& run) {
  for (const char* f : kCompactStreamFiles) {
    EXPECT_TRUE(fs::exists(run / (std::string(f) + ".zst"))) << f;
    EXPECT_FALSE(fs::exists(run / f)) << f;
  }
  for (const auto& e : fs::directory_iterator(run)) {
    EXPECT_NE(e.path().extension(), ".partial") << e.path() << " left behind";
  }
}

TEST(Compact, CompactedRunVerifiesWithTheSameChainAndReadsTheSame) {
  TempDir home;
  const fs::path run = record_plain_run(home.path());
  const std::string id = latest_manifest(home.path()).at("run_id");
  const std::map<std::string, std::string> before_files = files_of(run);
  std::map<std::string, std::vector<std::string>> before_chain;
  for (const char* s : kCompactSidecars) before_chain[s] = chain_facts(run / s);
  const std::map<std::string, std::string> before_readers = reader_outputs(home.path());
  ASSERT_GE(before_chain["events.chain"].size(), 3u);
  EXPECT_NE(before_readers.at("cat risks"), "") << "the run should have findings";

  const Outcome c = capsule_cmd(home.path(), {"compact", "--run", id});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  EXPECT_EQ(c.out.rfind("compacted " + id + "  ", 0), 0u) << c.out;
  EXPECT_NE(c.out.find("(5 streams)"), std::string::npos) << c.out;
  expect_compacted(run);

  const std::map<std::string, std::string> after_files = files_of(run);
  // Signed files untouched; each stream's lines and chain the same, its sidecar with frame keys.
  for (const char* f : {"manifest.json", "checkpoints.jsonl"}) EXPECT_EQ(after_files.at(f), before_files.at(f)) << f;
  for (const char* f : kCompactStreamFiles) EXPECT_EQ(slurp(run / f), before_files.at(f)) << f << ": zstdcat";
  for (const char* s : kCompactSidecars) {
    EXPECT_EQ(chain_facts(run / s), before_chain[s]) << s;
    if (!before_chain[s].empty()) {
      EXPECT_NE(read_lines(run / s).front().find("\"zframe\":0,"), std::string::npos) << s;
    }
  }
  uint64_t before_bytes = 0, after_bytes = 0;
  for (const auto& [name, bytes] : before_files) before_bytes += bytes.size();
  for (const auto& [name, bytes] : after_files) after_bytes += bytes.size();
  EXPECT_LT(after_bytes * 3, before_bytes) << "compaction should save most of the bytes";

  expect_verifies(home.path(), "after compaction");
  const Outcome v = capsule_cmd(home.path(), {"verify"});
  EXPECT_NE(v.out.find("events (events.jsonl.zst): "), std::string::npos) << v.out;
  EXPECT_EQ(reader_outputs(home.path()), before_readers);

  // Once compacted, nothing is left to do.
  const Outcome again = capsule_cmd(home.path(), {"compact", "--run", id});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("(0 streams)"), std::string::npos) << again.out;
  EXPECT_EQ(files_of(run), after_files);
}

TEST(Compact, RunsShowsHowEachRunIsStored) {
  TempDir home;
  record_plain_run(home.path());
  record_plain_run(home.path(), {"--compress", "zstd"});
  const auto stored = [&] {
    std::vector<std::string> out;
    for (const auto& r : nlohmann::json::parse(capsule_cmd(home.path(), {"runs", "--json"}).out)) {
      out.push_back(r.at("stored"));
      EXPECT_EQ(r.at("status"), "sealed") << r.dump();
    }
    return out;
  };
  EXPECT_EQ(stored(), (std::vector<std::string>{"zstd:1", "plain"}));
  ASSERT_EQ(capsule_cmd(home.path(), {"compact", "--all"}).exit_code, 0);
  // The zstd run had syscalls.log plain: compacted too.
  EXPECT_EQ(stored(), (std::vector<std::string>{"compacted", "compacted"}));
  const Outcome table = capsule_cmd(home.path(), {"runs"});
  EXPECT_NE(table.out.find("STORED"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("compacted   sealed"), std::string::npos) << table.out;
}

// Stopped right after each step (the hook ends the process as a kill would): the run still
// verifies, readers read it, and the next compaction finishes the job.
TEST(Compact, StoppedAtAnyStepTheRunVerifiesAndTheNextCompactionFinishes) {
  for (const char* step : {"written", "sidecar", "renamed"}) {
    SCOPED_TRACE(step);
    TempDir home;
    const fs::path run = record_plain_run(home.path());
    const std::map<std::string, std::string> before = reader_outputs(home.path());
    const Outcome stopped =
        capsule_cmd(home.path(), {"compact", "--run", "latest"}, {std::string("CAPSULE_TEST_COMPACT_STOP=") + step});
    ASSERT_EQ(stopped.exit_code, 86) << stopped.out << stopped.err;
    // The first stream compacted (syscalls.log) is in the state that step leaves.
    EXPECT_EQ(fs::exists(run / "syscalls.log.zst.partial"), std::string(step) != "renamed");
    EXPECT_EQ(fs::exists(run / "syscalls.chain.partial"), std::string(step) == "written");
    EXPECT_EQ(fs::exists(run / "syscalls.log.zst"), std::string(step) == "renamed");
    EXPECT_TRUE(fs::exists(run / "syscalls.log"));
    expect_verifies(home.path(), std::string("stopped after ") + step);
    if (std::string(step) == "renamed") {  // the .zst is the stream now; the plain copy is named
      const Outcome v = capsule_cmd(home.path(), {"verify"});
      EXPECT_NE(v.out.find("syscalls (syscalls.log.zst): "), std::string::npos) << v.out;
      EXPECT_NE(v.out.find("syscalls.log is a plain copy of syscalls.log.zst (same chain)"), std::string::npos) << v.out;
      // The copy is checked too: an edited one is reported, whatever the .zst holds.
      const std::string plain = slurp_raw(run / "syscalls.log");
      std::string edited = plain;
      edited[edited.find(' ') + 1] ^= 0x01;
      spit(run / "syscalls.log", edited);
      const Outcome bad = capsule_cmd(home.path(), {"verify"});
      EXPECT_EQ(bad.exit_code, 1) << bad.out << bad.err;
      EXPECT_NE((bad.out + bad.err).find("syscalls.log, the plain copy beside syscalls.log.zst, does not match the chain"),
                std::string::npos) << bad.out << bad.err;
      spit(run / "syscalls.log", plain);
    }
    EXPECT_EQ(reader_outputs(home.path()), before);

    const Outcome done = capsule_cmd(home.path(), {"compact", "--run", "latest"});
    ASSERT_EQ(done.exit_code, 0) << done.err;
    expect_compacted(run);
    expect_verifies(home.path(), std::string("finished after ") + step);
    EXPECT_EQ(reader_outputs(home.path()), before);
  }
}

TEST(Compact, FlippedByteInACompactedStreamIsReportedBySeq) {
  TempDir home;
  const fs::path run = record_plain_run(home.path());
  ASSERT_EQ(capsule_cmd(home.path(), {"compact", "--all"}).exit_code, 0);
  std::vector<std::pair<BlockHeader, FrameSpan>> blocks;
  for (const std::string& line : read_lines(run / "events.chain")) {
    BlockHeader b;
    Hash32 h;
    FrameSpan z;
    ASSERT_TRUE(parse_block_entry(line, b, h, &z)) << line;
    blocks.emplace_back(b, z);
  }
  ASSERT_GE(blocks.size(), 3u);
  const auto& [b, z] = blocks[1];
  std::string bytes = slurp_raw(run / "events.jsonl.zst");
  bytes[z.zoffset + z.zbytes / 2] ^= 0x10;
  spit(run / "events.jsonl.zst", bytes);
  const Outcome v = capsule_cmd(home.path(), {"verify"});
  EXPECT_EQ(v.exit_code, 1) << v.out;
  const std::string at = "events (events.jsonl.zst): TAMPERED at seq ";
  const size_t pos = v.out.find(at);
  ASSERT_NE(pos, std::string::npos) << v.out;
  const uint64_t seq = std::stoull(v.out.substr(pos + at.size()));
  EXPECT_GE(seq, b.first) << v.out;
  EXPECT_LT(seq, b.first + b.count) << v.out;
}

// A stream whose lines no longer match their chain is not rewritten (a compaction must not hide
// where a run was changed): it stays plain, the others are compacted, verify still points at it.
TEST(Compact, EditedStreamIsLeftPlain) {
  TempDir home;
  const fs::path run = record_plain_run(home.path());
  std::string events = slurp_raw(run / "events.jsonl");
  const size_t at = events.find("\"syscall\":\"");
  ASSERT_NE(at, std::string::npos);
  events[at + 11] ^= 0x01;
  spit(run / "events.jsonl", events);
  const Outcome c = capsule_cmd(home.path(), {"compact", "--run", "latest"});
  EXPECT_EQ(c.exit_code, 1) << c.out << c.err;
  EXPECT_NE(c.err.find("left plain: events.jsonl: block 0 does not match its hash"), std::string::npos) << c.err;
  EXPECT_TRUE(fs::exists(run / "events.jsonl"));
  EXPECT_FALSE(fs::exists(run / "events.jsonl.zst"));
  EXPECT_TRUE(fs::exists(run / "syscalls.log.zst"));
  const Outcome v = capsule_cmd(home.path(), {"verify"});
  EXPECT_EQ(v.exit_code, 1) << v.out;
  EXPECT_NE(v.out.find("events (events.jsonl): TAMPERED at seq "), std::string::npos) << v.out;
}

TEST(Compact, LiveRunIsNeverCompacted) {
  TempDir home;
  record_plain_run(home.path());
  BackgroundProcess live({capsule_bin(), "run", "-q", "--home", home.path().string(), "--", helper("slow_ticker"), "4"});
  // Its manifest appears when it starts recording.
  fs::path live_run;
  for (int i = 0; i < 100 && live_run.empty(); ++i) {
    std::this_thread::sleep_for(50ms);
    for (const auto& e : fs::directory_iterator(home.path() / "logs")) {
      if (fs::exists(e.path() / "manifest.json") &&
          nlohmann::json::parse(slurp(e.path() / "manifest.json")).at("state") == "running") {
        live_run = e.path();
      }
    }
  }
  ASSERT_FALSE(live_run.empty());
  const Outcome one = capsule_cmd(home.path(), {"compact", "--run", "latest"});
  EXPECT_EQ(one.exit_code, 2) << one.out << one.err;
  EXPECT_NE(one.err.find("is still being recorded: not compacted"), std::string::npos) << one.err;
  const Outcome all = capsule_cmd(home.path(), {"compact", "--all"});
  EXPECT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(output_lines(all.out).size(), 1u) << all.out;  // the finished run only
  EXPECT_TRUE(fs::exists(live_run / "events.jsonl"));
  EXPECT_FALSE(fs::exists(live_run / "events.jsonl.zst"));
  EXPECT_EQ(live.wait_exit(20s), 0);
  expect_verifies(home.path(), "the live run, after it ended");
}

TEST(Compact, DryRunChangesNothing) {
  TempDir home;
  const fs::path run = record_plain_run(home.path());
  const std::map<std::string, std::string> before = files_of(run);
  const Outcome dry = capsule_cmd(home.path(), {"compact", "--all", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(dry.out.rfind("would compact ", 0), 0u) << dry.out;
  EXPECT_NE(dry.out.find("(5 streams)"), std::string::npos) << dry.out;
  EXPECT_EQ(files_of(run), before);
}

void write_retention(const fs::path& home, const std::string& text) { spit(home / "retention.conf", text); }

// compress-after, honoured when a run starts: runs ended longer ago are compacted, newer ones
// (and the new run) stay plain.
TEST(Compact, CompressAfterIsHonouredWhenARunStarts) {
  TempDir home;
  const fs::path first = record_plain_run(home.path());
  write_retention(home.path(), "compress-after = 1h\n");
  const fs::path second = record_plain_run(home.path());
  EXPECT_TRUE(fs::exists(first / "events.jsonl")) << "ended a moment ago, not an hour";

  // Both older than a second now, but never is never.
  std::this_thread::sleep_for(1100ms);
  write_retention(home.path(), "compress-after = never\n");
  record_plain_run(home.path());
  EXPECT_TRUE(fs::exists(first / "events.jsonl"));
  EXPECT_TRUE(fs::exists(second / "events.jsonl"));

  std::this_thread::sleep_for(1100ms);
  write_retention(home.path(), "# all three ended over a second ago by now\ncompress-after = 1s\n");
  const Outcome third = capsule_run(home.path(), {"/bin/true"});
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_NE(third.err.find("capsule: compacted 3 runs ended over 1s ago ("), std::string::npos) << third.err;
  expect_compacted(first);
  expect_compacted(second);
  EXPECT_TRUE(fs::exists(latest_run(home.path()) / "events.jsonl")) << "the new run is written plain";
  const Outcome v = capsule_cmd(home.path(), {"verify", "--all"});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;

  write_retention(home.path(), "compress-after = soon\n");
  const Outcome bad = capsule_run(home.path(), {"/bin/true"});
  EXPECT_EQ(bad.exit_code, 0) << "a bad retention.conf never stops a run";
  EXPECT_NE(bad.err.find("retention.conf:1: compress-after wants a duration"), std::string::npos) << bad.err;
}

// `capsule prune` compacts old runs first, so that --max-size weighs what they keep.
TEST(Compact, PruneCompactsFirst) {
  TempDir home;
  const fs::path first = record_plain_run(home.path());
  write_retention(home.path(), "compress-after = 1s\n");
  std::this_thread::sleep_for(1100ms);
  const std::map<std::string, std::string> before = files_of(first);
  const Outcome dry = capsule_cmd(home.path(), {"prune", "--keep", "5", "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_EQ(files_of(first), before) << "a dry run compacts nothing either";
  const Outcome p = capsule_cmd(home.path(), {"prune", "--keep", "5"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_NE(p.err.find("compacted 1 run ended over 1s ago"), std::string::npos) << p.err;
  expect_compacted(first);
}

// retention.conf's compress is the home's default for new runs; --compress overrides it.
TEST(Compact, HomeCompressionDefault) {
  TempDir home;
  write_retention(home.path(), "compress = zstd-all:3\n");
  const fs::path run = record_plain_run(home.path());
  EXPECT_EQ(latest_manifest(home.path()).at("compression"), "zstd-all:3");
  EXPECT_TRUE(fs::exists(run / "syscalls.log.zst"));
  record_plain_run(home.path(), {"--compress", "none"});
  EXPECT_EQ(latest_manifest(home.path()).at("compression"), "none");
}

}  // namespace
}  // namespace capsule::test
