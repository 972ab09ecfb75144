// verify_run on a real small run, intact and then tampered with in each way we promise to catch.
// The run has three blocks per stream (seq 0-1, 2-3, 4-5), so failures point into one of them.
#include <gtest/gtest.h>

#include <fstream>

#include "log/chain/chained_stream.h"
#include "log/render/event_render.h"
#include "log/rundir/manifest.h"
#include "log/rundir/run_dir.h"
#include "log/verify/verify.h"
#include "temp_dir.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

using testing::read_file;
using testing::write_file;

constexpr int kRunEvents = 6;

SyscallEvent event(uint64_t seq) {
  SyscallEvent ev;
  ev.seq = seq;
  ev.pid = ev.tid = 100;
  ev.ts_us = ev.end_us = 1795455000000000 + static_cast<int64_t>(seq);
  ev.nr = 257;
  ev.name = "openat";
  ev.args = {symbol_from_names("AT_FDCWD"), Arg::str("/etc/file" + std::to_string(seq)),
             symbol_from_names("O_RDONLY")};
  ev.has_ret = true;
  ev.ret = 3;
  ev.ret_kind = RetKind::Fd;
  ev.fd_refs = {{3, "/etc/file" + std::to_string(seq)}};
  return ev;
}

class Verify : public ::testing::Test {
 protected:
  void SetUp() override {
    run_ = create_run(tmp_.path() / "home", 1795455000000000);
    ChainedStream text(run_.log_dir, "syscalls", "syscalls.log", StreamForm::Text, run_.run_id);
    ChainedStream jsonl(run_.log_dir, "events", "events.jsonl", StreamForm::Jsonl, run_.run_id);
    std::string buf;
    for (int i = 0; i < kRunEvents; ++i) {
      const SyscallEvent ev = event(static_cast<uint64_t>(i));
      buf.clear();
      append_strace_line(ev, buf);
      text.append(buf);
      buf.clear();
      append_event_json(ev, buf);
      jsonl.append(buf);
      if (i % 2 == 1) {  // a flush closes a block
        text.flush();
        jsonl.flush();
      }
    }
    text.close();
    jsonl.close();
    manifest_.run_id = run_.run_id;
    manifest_.state = "complete";
    manifest_.backend = "ptrace";
    manifest_.streams = {{"syscalls", "syscalls.log", text.count(), text.head_hex()},
                         {"events", "events.jsonl", jsonl.count(), jsonl.head_hex()}};
    write_manifest(run_.log_dir, manifest_);
  }

  std::filesystem::path file(const std::string& name) const { return run_.log_dir / name; }

  std::vector<std::string> lines(const std::string& name) const {
    std::vector<std::string> out;
    std::ifstream in(file(name), std::ios::binary);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }

  void write_lines(const std::string& name, const std::vector<std::string>& ls) {
    std::string content;
    for (const std::string& l : ls) content += l + "\n";
    write_file(file(name), content);
  }

  // The verdict of one stream, which must be the only thing wrong.
  StreamVerdict only_bad(const std::string& stream_file) {
    const VerifyReport r = verify_run(run_.log_dir);
    EXPECT_FALSE(r.ok);
    EXPECT_TRUE(r.problems.empty()) << r.problems.front();
    StreamVerdict bad;
    for (const StreamVerdict& v : r.streams) {
      if (v.file == stream_file) bad = v; else EXPECT_TRUE(v.ok) << v.file << ": " << v.reason;
    }
    EXPECT_FALSE(bad.ok);
    return bad;
  }

  uint64_t offset_of_line(const std::string& name, size_t line) const {
    uint64_t off = 0;
    const auto ls = lines(name);
    for (size_t i = 0; i + 1 < line; ++i) off += ls[i].size() + 1;
    return off;
  }

  testing::TempDir tmp_;
  RunPaths run_;
  Manifest manifest_;
};

TEST_F(Verify, IntactRunIsOk) {
  const VerifyReport r = verify_run(run_.log_dir);
  EXPECT_TRUE(r.ok);
  EXPECT_TRUE(r.complete);
  EXPECT_TRUE(r.problems.empty());
  ASSERT_EQ(r.streams.size(), 2u);
  for (const StreamVerdict& v : r.streams) {
    EXPECT_TRUE(v.ok) << v.file << ": " << v.reason;
    EXPECT_EQ(v.records, static_cast<uint64_t>(kRunEvents));
  }
  EXPECT_EQ(testing::mode_of(file("events.jsonl")), 0600u);
  EXPECT_EQ(testing::mode_of(file("manifest.json")), 0600u);
  EXPECT_EQ(testing::mode_of(run_.log_dir), 0700u);
}

TEST_F(Verify, OneByteFlippedInJsonl) {
  std::string content = read_file(file("events.jsonl"));
  const uint64_t line3 = offset_of_line("events.jsonl", 3);
  const size_t at = content.find("/etc/file2");
  content[at + 1] = 'E';
  write_file(file("events.jsonl"), content);
  const StreamVerdict v = only_bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 3u);
  EXPECT_EQ(v.bad_offset, line3);
  EXPECT_EQ(v.reason, "modified (seq 2-3: block 1 does not match its hash)");
  EXPECT_EQ(v.records, 2u);
}

TEST_F(Verify, OneByteFlippedInTextLog) {
  std::string content = read_file(file("syscalls.log"));
  content[content.find("/etc/file4\"") + 2] ^= 1;
  write_file(file("syscalls.log"), content);
  const StreamVerdict v = only_bad("syscalls.log");
  EXPECT_EQ(v.bad_line, 5u);
  EXPECT_EQ(v.reason, "modified (seq 4-5: block 2 does not match its hash)");
}

TEST_F(Verify, LineDeleted) {
  auto ls = lines("events.jsonl");
  ls.erase(ls.begin() + 1);
  write_lines("events.jsonl", ls);
  StreamVerdict v = only_bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 2u);
  EXPECT_NE(v.reason.find("out of order"), std::string::npos) << v.reason;

  ls = lines("syscalls.log");
  ls.erase(ls.begin() + 3);
  write_lines("syscalls.log", ls);
  const VerifyReport r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
  for (const StreamVerdict& s : r.streams) {
    if (s.file == "syscalls.log") { EXPECT_EQ(s.bad_line, 3u); }  // the first line of its block
  }
}

TEST_F(Verify, TwoLinesSwapped) {
  auto ls = lines("syscalls.log");
  std::swap(ls[2], ls[3]);
  write_lines("syscalls.log", ls);
  const StreamVerdict v = only_bad("syscalls.log");
  EXPECT_EQ(v.bad_line, 3u);

  auto js = lines("events.jsonl");
  std::swap(js[4], js[5]);
  write_lines("events.jsonl", js);
  const VerifyReport r = verify_run(run_.log_dir);
  for (const StreamVerdict& s : r.streams) {
    if (s.file == "events.jsonl") { EXPECT_EQ(s.bad_line, 5u); }
  }
}

TEST_F(Verify, TailCutMidLineOrAtALineEnd) {
  // The sidecar names bytes the file no longer has: cut, not torn (a writer writes the lines first).
  for (const size_t cut : {size_t{20}, lines("events.jsonl").back().size() + 1}) {
    SetUp();
    std::string content = read_file(file("events.jsonl"));
    content.resize(content.size() - cut);
    write_file(file("events.jsonl"), content);
    const StreamVerdict v = only_bad("events.jsonl");
    EXPECT_EQ(v.bad_line, 5u);
    EXPECT_EQ(v.bad_offset, offset_of_line("events.jsonl", 5));
    EXPECT_EQ(v.reason, "truncated (block 2 ends past the end of events.jsonl)");
  }
}

TEST_F(Verify, LinesAfterTheLastBlockAreATornTail) {
  // What a writer killed between its lines and their sidecar entry leaves: in a run that says it
  // ended cleanly, that is tampering; in an unfinished run, the unauthenticated tail.
  write_file(file("events.jsonl"), read_file(file("events.jsonl")) + "{\"seq\":6}\n{\"seq\":7");
  StreamVerdict v = only_bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 7u);
  EXPECT_EQ(v.reason, "truncated (18 bytes after the last block have no sidecar entry)");
  manifest_.state = "running";
  write_manifest(run_.log_dir, manifest_);
  const VerifyReport r = verify_run(run_.log_dir);
  EXPECT_TRUE(r.ok);
  for (const StreamVerdict& s : r.streams) {
    EXPECT_EQ(s.records, static_cast<uint64_t>(kRunEvents)) << s.file;
    EXPECT_EQ(s.torn_tail, s.file == "events.jsonl") << s.file;
  }
}

TEST_F(Verify, ManifestCountChanged) {
  manifest_.streams[0].records = kRunEvents + 1;
  write_manifest(run_.log_dir, manifest_);
  const StreamVerdict v = only_bad("syscalls.log");
  EXPECT_EQ(v.bad_line, static_cast<uint64_t>(kRunEvents + 1));
  EXPECT_NE(v.reason.find("count differs from manifest"), std::string::npos) << v.reason;

  manifest_.streams[0].records = kRunEvents - 2;
  write_manifest(run_.log_dir, manifest_);
  const StreamVerdict v2 = only_bad("syscalls.log");
  EXPECT_EQ(v2.bad_line, static_cast<uint64_t>(kRunEvents - 1));
  EXPECT_EQ(v2.bad_offset, offset_of_line("syscalls.log", kRunEvents - 1));
}

TEST_F(Verify, ManifestHeadChanged) {
  manifest_.streams[1].head = std::string(64, '0');
  write_manifest(run_.log_dir, manifest_);
  const StreamVerdict v = only_bad("events.jsonl");
  EXPECT_EQ(v.reason, "head differs from manifest");
  EXPECT_EQ(v.bad_line, static_cast<uint64_t>(kRunEvents));
}

TEST_F(Verify, SidecarEntryChanged) {
  auto side = lines("syscalls.chain");
  ASSERT_EQ(side.size(), 3u);
  const size_t hash_at = side[1].find("\"hash\":\"") + 8;
  side[1][hash_at] = side[1][hash_at] == 'a' ? 'b' : 'a';
  write_lines("syscalls.chain", side);
  StreamVerdict v = only_bad("syscalls.log");
  EXPECT_EQ(v.bad_line, 3u);
  EXPECT_EQ(v.bad_offset, offset_of_line("syscalls.log", 3));
  EXPECT_EQ(v.reason, "modified (seq 2-3: block 1 does not match its hash)");

  // An entry that moves its block (other first record) no longer follows the one before it.
  SetUp();
  side = lines("events.chain");
  const size_t first_at = side[2].find("\"first\":4");
  ASSERT_NE(first_at, std::string::npos);
  side[2].replace(first_at, 9, "\"first\":3");
  write_lines("events.chain", side);
  v = only_bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 5u);
  EXPECT_EQ(v.reason, "modified (sidecar entry of block 2 does not follow the block before it)");

  SetUp();
  side = lines("events.chain");
  side[0] = "not an entry";
  write_lines("events.chain", side);
  v = only_bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 1u);
  EXPECT_EQ(v.reason, "modified (bad sidecar entry for block 0)");
}

TEST_F(Verify, SidecarShorterThanLog) {
  auto side = lines("syscalls.chain");
  side.pop_back();
  write_lines("syscalls.chain", side);
  const StreamVerdict v = only_bad("syscalls.log");
  EXPECT_EQ(v.bad_line, 5u);
  EXPECT_EQ(v.bad_offset, offset_of_line("syscalls.log", 5));
  EXPECT_EQ(v.reason.rfind("truncated (", 0), 0u) << v.reason;
  EXPECT_NE(v.reason.find("after the last block have no sidecar entry"), std::string::npos);
}

TEST_F(Verify, SidecarMissing) {
  std::filesystem::remove(file("events.chain"));
  const StreamVerdict v = only_bad("events.jsonl");
  EXPECT_EQ(v.bad_line, 1u);
  EXPECT_EQ(v.reason.rfind("cannot read events.chain", 0), 0u) << v.reason;
}

TEST_F(Verify, PerRecordChainFormatIsRefusedClearly) {
  manifest_.format_version = 2;
  write_manifest(run_.log_dir, manifest_);
  const VerifyReport r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].rfind("format_version 2: written by an earlier capsule", 0), 0u);
}

TEST_F(Verify, StreamMissingOrUnlisted) {
  std::filesystem::remove(file("events.jsonl"));
  VerifyReport r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
  bool saw_missing = false;
  for (const StreamVerdict& v : r.streams) {
    if (v.file == "events.jsonl") {
      EXPECT_EQ(v.reason, "stream missing");
      saw_missing = true;
    }
  }
  EXPECT_TRUE(saw_missing);

  write_file(file("events.jsonl"), "");
  write_file(file("events.chain"), "");
  write_file(file("extra.jsonl"), "");
  write_file(file("extra.chain"), "");
  manifest_.streams.pop_back();
  write_manifest(run_.log_dir, manifest_);
  r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.problems.size(), 2u);  // events.jsonl and extra.jsonl are not listed
}

TEST_F(Verify, ManifestMissing) {
  std::filesystem::remove(file("manifest.json"));
  const VerifyReport r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.complete);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_NE(r.problems[0].find("manifest.json"), std::string::npos);
  for (const StreamVerdict& v : r.streams) EXPECT_TRUE(v.ok) << v.reason;  // chains still checked
}

TEST_F(Verify, UnsealedRunChecksChainsOnly) {
  manifest_.state = "running";
  manifest_.streams[0].records = 0;  // a running manifest does not know the counts yet
  write_manifest(run_.log_dir, manifest_);
  VerifyReport r = verify_run(run_.log_dir);
  EXPECT_TRUE(r.ok);
  EXPECT_FALSE(r.complete);

  std::string content = read_file(file("events.jsonl"));
  content[content.size() / 2] ^= 0x20;
  write_file(file("events.jsonl"), content);
  r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
}

TEST_F(Verify, ChainsBindTheRunId) {
  // The same files under another run's identity do not verify: records cannot be transplanted.
  manifest_.run_id = "00000000-0000-4000-8000-000000000000";
  write_manifest(run_.log_dir, manifest_);
  const VerifyReport r = verify_run(run_.log_dir);
  EXPECT_FALSE(r.ok);
  EXPECT_FALSE(r.problems.empty());
  for (const StreamVerdict& v : r.streams) {
    EXPECT_FALSE(v.ok);
    EXPECT_EQ(v.bad_line, 1u);
  }
}

TEST(VerifyLongLines, RecordsLargerThanTheReadBufferVerify) {
  testing::TempDir tmp;
  const RunPaths run = create_run(tmp.path() / "home", 1795455000000000);
  ChainedStream s(run.log_dir, "events", "events.jsonl", StreamForm::Jsonl, run.run_id);
  s.append("{\"seq\":0,\"big\":\"" + std::string(9 << 20, 'x') + "\"}");
  s.append("{\"seq\":1}");
  s.close();
  Manifest m;
  m.run_id = run.run_id;
  m.state = "complete";
  m.streams = {{"events", "events.jsonl", s.count(), s.head_hex()}};
  write_manifest(run.log_dir, m);
  const VerifyReport r = verify_run(run.log_dir);
  EXPECT_TRUE(r.ok) << (r.streams.empty() ? "" : r.streams[0].reason);
}

}  // namespace
}  // namespace capsule
