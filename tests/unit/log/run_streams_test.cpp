// The declared stream list (log/rundir/run_streams.h): what other stages derive from it.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "log/rundir/run_streams.h"

namespace capsule {
namespace {

TEST(RunStreams, NamesAreUniqueAndEachIsItsFilesStem) {
  std::set<std::string_view> names;
  for (const RunStreamSpec& s : kRunStreams) {
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    const std::string_view ext = s.form == StreamForm::Text ? ".log" : ".jsonl";
    EXPECT_EQ(std::string(s.file), std::string(s.name) + std::string(ext));
  }
}

TEST(RunStreams, FileOfAStreamCapsuleDoesNotWriteIsItsJsonl) {
  EXPECT_EQ(run_stream_file("syscalls"), "syscalls.log");
  EXPECT_EQ(run_stream_file("risks"), "risks.jsonl");
  EXPECT_EQ(run_stream_file("custom"), "custom.jsonl");
  EXPECT_EQ(find_run_stream("custom"), nullptr);
  EXPECT_EQ(find_run_stream("events"), &run_stream(RunStream::Events));
}

}  // namespace
}  // namespace capsule
