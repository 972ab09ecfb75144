#include <gtest/gtest.h>

#include "log/rundir/manifest.h"
#include "temp_dir.h"

namespace capsule {
namespace {

using testing::TempDir;

Manifest sample() {
  Manifest m;
  m.run_id = "0f3c8a52-6d1e-4f7b-9a2c-1b2d3e4f5a6b";
  m.capsule_version = "0.1.0";
  m.backend = "ptrace";
  m.state = "complete";
  m.argv = {"/bin/echo", "hi", "bad\xff"};
  m.command = "/bin/echo hi";
  m.cwd = "/tmp";
  m.start_us = 1795455000123456;
  m.end_us = 1795455001000000;
  m.exit_code = 0;
  m.syscalls = 42;
  m.processes = 2;
  m.seccomp_mode = "none";
  m.streams = {{"syscalls", "syscalls.log", 40, std::string(64, 'a')},
               {"events", "events.jsonl", 44, std::string(64, 'b')}};
  m.extra = {{"enrich", "{\"fds\":3}"}, {"dropped", "0"}};
  return m;
}

TEST(Manifest, RoundTrip) {
  TempDir dir;
  const Manifest m = sample();
  write_manifest(dir.path(), m);
  EXPECT_EQ(testing::mode_of(dir.path() / "manifest.json"), 0600u);
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "manifest.json.tmp"));
  const Manifest r = read_manifest(dir.path());
  EXPECT_EQ(r.run_id, m.run_id);
  EXPECT_EQ(r.state, "complete");
  EXPECT_EQ(r.argv[2], "bad\\xff");  // bytes that are not UTF-8 are spelled \xNN
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_FALSE(r.exit_signal.has_value());
  EXPECT_EQ(r.syscalls, 42u);
  ASSERT_EQ(r.streams.size(), 2u);
  EXPECT_EQ(r.streams[1].name, "events");
  EXPECT_EQ(r.streams[1].file, "events.jsonl");
  EXPECT_EQ(r.streams[1].records, 44u);
  EXPECT_EQ(r.streams[1].head, std::string(64, 'b'));
  ASSERT_EQ(r.extra.size(), 2u);
  EXPECT_EQ(r.extra[0].first, "enrich");
  EXPECT_EQ(r.extra[0].second, "{\"fds\":3}");
  EXPECT_EQ(r.start_us, m.start_us);

  const std::string text = testing::read_file(dir.path() / "manifest.json");
  EXPECT_NE(text.find("\"extra\": {\n    \"enrich\": {\n      \"fds\": 3"), std::string::npos)
      << text;
}

TEST(Manifest, RewriteReplaces) {
  TempDir dir;
  Manifest m = sample();
  m.state = "running";
  write_manifest(dir.path(), m);
  m.state = "complete";
  write_manifest(dir.path(), m);
  EXPECT_EQ(read_manifest(dir.path()).state, "complete");
}

TEST(Manifest, MissingOrMalformedIsAClearError) {
  TempDir dir;
  try {
    read_manifest(dir.path());
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no manifest.json"), std::string::npos) << e.what();
  }
  for (const std::string bad : {"{", "[]", "{\"run_id\":\"x\"}",
                                "{\"format_version\":1,\"run_id\":\"x\",\"state\":\"complete\","
                                "\"streams\":[{\"name\":1}]}"}) {
    testing::write_file(dir.path() / "manifest.json", bad);
    try {
      read_manifest(dir.path());
      ADD_FAILURE() << bad;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("malformed"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace capsule
