// The watch frame from known records: the tree under its parents with each process's state,
// findings most severe first, the newest actions last, every line within the width and never
// more lines than the height, whatever the size.
#include <gtest/gtest.h>

#include <string>

#include "view/record_render.h"
#include "view/watch/watch_frame.h"
#include "view/watch/watch_model.h"

namespace capsule::view::watch {
namespace {

WatchModel sample() {
  WatchModel m;
  m.set_manifest(nlohmann::json::parse(R"({"run_id":"0b6d1234-aaaa","command":"sh -c 'cat /etc/shadow; sleep 9'","state":"running"})"));
  m.add_action(R"({"kind":"Exec","pid":100,"exe":"/bin/sh","target":"/bin/sh","argv":["sh","-c","cat /etc/shadow; sleep 9"],"start":"2026-11-23T17:30:00.000001Z","end":"2026-11-23T17:30:00.000001Z"})");
  m.add_action(R"({"kind":"Spawn","pid":100,"exe":"/bin/sh","target":"pid 101"})");
  m.add_action(R"({"kind":"Exec","pid":101,"exe":"/usr/bin/cat","target":"/usr/bin/cat","argv":["cat","/etc/shadow"]})");
  m.add_action(R"({"kind":"Read","pid":101,"exe":"/usr/bin/cat","target":"/etc/shadow","bytes":900,"events":2})");
  m.add_action(R"({"kind":"Exit","pid":101,"exe":"/usr/bin/cat","target":"exited 1"})");
  m.add_action(R"({"kind":"Spawn","pid":100,"exe":"/bin/sh","target":"pid 102"})");
  m.add_action(R"({"kind":"Exec","pid":102,"exe":"/usr/bin/sleep","target":"/usr/bin/sleep","argv":["sleep","9"]})");
  m.add_finding(R"({"rule":"credential-read","severity":"medium","pid":101,"description":"read /etc/shadow"})");
  m.add_finding(R"({"rule":"exec-from-temp","severity":"high","pid":100,"description":"ran /tmp/x"})");
  return m;
}

size_t row_of(const std::vector<std::string>& frame, const std::string& text) {
  for (size_t i = 0; i < frame.size(); ++i) {
    if (frame[i].find(text) != std::string::npos) return i;
  }
  return frame.size();
}

TEST(WatchFrame, TreeStatesFindingsAndActions) {
  FrameInfo info;
  info.run_id = "0b6d1234-aaaa";
  info.state = "recording";
  info.width = 100;
  info.height = 30;
  const auto frame = render_frame(sample(), info);
  ASSERT_EQ(frame.size(), 30u);
  EXPECT_EQ(frame[0], "capsule watch · run 0b6d1234 · recording · sh -c 'cat /etc/shadow; sleep 9'");
  EXPECT_EQ(frame[1], "3 processes (2 running) · 7 actions · 2 findings (1 high, 1 medium)");
  EXPECT_NE(row_of(frame, "    100 running           sh -c cat /etc/shadow; sleep 9"), frame.size());
  EXPECT_NE(row_of(frame, "    101 exited 1            cat /etc/shadow"), frame.size());
  EXPECT_NE(row_of(frame, "    102 running             sleep 9"), frame.size());
  EXPECT_LT(row_of(frame, "    101 "), row_of(frame, "    102 "));
  // Most severe first.
  EXPECT_LT(row_of(frame, "high     ! exec-from-temp: ran /tmp/x (pid 100)"),
            row_of(frame, "medium   ! credential-read: read /etc/shadow (pid 101)"));
  EXPECT_NE(row_of(frame, "── latest actions (7)"), frame.size());
  EXPECT_NE(row_of(frame, "/etc/shadow"), frame.size());
  EXPECT_EQ(frame.back(), "q quits");
}

TEST(WatchFrame, AfterTheEndAProcessNotSeenToEndIsUnknown) {
  FrameInfo info;
  info.run_id = "0b6d1234-aaaa";
  info.state = "complete";
  info.ended = true;
  const auto frame = render_frame(sample(), info);
  EXPECT_NE(row_of(frame, "    102 ?                   sleep 9"), frame.size());
  EXPECT_EQ(row_of(frame, "running"), frame.size());
}

TEST(WatchFrame, EveryLineFitsEverySize) {
  WatchModel m = sample();
  for (int i = 0; i < 300; ++i) {
    m.add_action(R"({"kind":"Read","pid":101,"exe":"/usr/bin/cat","target":"/a/very/long/path/that/goes/on/and/on/)" +
                 std::to_string(i) + R"(","bytes":1})");
  }
  for (const size_t width : {1u, 10u, 40u, 80u, 200u}) {
    for (const size_t height : {1u, 2u, 3u, 5u, 10u, 24u, 60u}) {
      FrameInfo info;
      info.run_id = "0b6d1234-aaaa";
      info.state = "recording";
      info.width = width;
      info.height = height;
      const auto frame = render_frame(m, info);
      EXPECT_LE(frame.size(), height) << width << "x" << height;
      for (const std::string& line : frame) EXPECT_LE(display_width(line), width) << width << "x" << height << ": " << line;
    }
  }
  // A long section says how much it left out; the newest actions are the ones kept.
  FrameInfo info;
  info.run_id = "x";
  info.state = "recording";
  info.width = 200;
  info.height = 24;
  const auto frame = render_frame(m, info);
  EXPECT_NE(row_of(frame, "more"), frame.size());
  EXPECT_NE(row_of(frame, "/on/and/on/299"), frame.size());
  EXPECT_EQ(row_of(frame, "/on/and/on/0 "), frame.size());
}

TEST(WatchFrame, ColoursOnlyWhenAskedAndNeverCountedAsColumns) {
  FrameInfo info;
  info.run_id = "0b6d1234-aaaa";
  info.state = "recording";
  info.width = 60;
  const auto plain = render_frame(sample(), info);
  for (const auto& l : plain) EXPECT_EQ(l.find('\x1b'), std::string::npos) << l;
  info.colour = true;
  const auto coloured = render_frame(sample(), info);
  const size_t high = row_of(coloured, "exec-from-temp");
  ASSERT_LT(high, coloured.size());
  EXPECT_EQ(coloured[high].rfind("\x1b[1;31m", 0), 0u) << coloured[high];
}

TEST(WatchFrame, ProgramTextCannotDriveTheTerminal) {
  WatchModel m;
  m.add_action(R"({"kind":"Exec","pid":7,"exe":"/tmp/\u001b[2Jx","target":"/tmp/x","argv":["x","\u001b]0;title\u0007"]})");
  FrameInfo info;
  info.run_id = "r";
  info.state = "recording";
  for (const auto& l : render_frame(m, info)) EXPECT_EQ(l.find('\x1b'), std::string::npos) << l;
}

}  // namespace
}  // namespace capsule::view::watch
