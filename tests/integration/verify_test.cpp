// capsule verify on a clean run, and on the same run with one byte changed.
#include <gtest/gtest.h>

#include <fstream>

#include "harness.h"
#include "log/chain/chained_stream.h"

namespace capsule::test {
namespace {

TEST(Verify, CleanRunIsOk) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "ls / >/dev/null"}).exit_code, 0);
  const auto o = run_program({capsule_bin(), "verify", "--home", home.path().string()});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_EQ(o.out.rfind("ok\n", 0), 0u) << o.out;
}

// The 1-based line that starts the block holding byte pos of a stream file (from its sidecar).
size_t first_line_of_block_at(const std::filesystem::path& stream, size_t pos) {
  std::ifstream side(stream.parent_path() / sidecar_file_name(stream.filename().string()));
  for (std::string entry; std::getline(side, entry);) {
    BlockHeader b;
    Hash32 h;
    if (parse_block_entry(entry, b, h) && b.offset <= pos && pos < b.offset + b.bytes) return b.first + 1;
  }
  return 0;
}

// Changes one byte in the middle of a stream file and expects verify to name the line: that of
// the changed record when it shows (a seq out of place), else the first line of its block.
void expect_tamper_detected(const std::string& file, const std::string& stream_label) {
  TempDir home;
  // Plain files, edited as text (compression_test.cpp flips bytes of the compressed form).
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "echo x >/dev/null"}, {"--compress", "none"}).exit_code, 0);
  const auto run = latest_run(home.path());
  const auto path = run / file;
  std::string data = slurp(path);
  ASSERT_GT(data.size(), 100u);
  // A digit in the middle of the file, changed to another digit: still well-formed text.
  size_t pos = data.size() / 2;
  while (pos < data.size() && !(data[pos] >= '0' && data[pos] <= '8')) ++pos;
  ASSERT_LT(pos, data.size());
  data[pos] = static_cast<char>(data[pos] + 1);
  spit(path, data);
  const size_t line = static_cast<size_t>(std::count(data.begin(), data.begin() + static_cast<long>(pos), '\n')) + 1;
  const size_t block_line = first_line_of_block_at(path, pos);
  ASSERT_GT(block_line, 0u);
  const auto o = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--run", run.string()});
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  const bool named = o.err.find(stream_label + " line " + std::to_string(block_line) + ":") != std::string::npos ||
                     o.err.find(stream_label + " line " + std::to_string(line) + ":") != std::string::npos;
  EXPECT_TRUE(named) << "expected line " << block_line << " or " << line << "\n" << o.out << o.err;
}

TEST(Verify, OneByteChangedInEventsFails) { expect_tamper_detected("events.jsonl", "events.jsonl"); }
TEST(Verify, OneByteChangedInSyscallsLogFails) { expect_tamper_detected("syscalls.log", "syscalls.log"); }

TEST(Verify, UnknownRunIsUsageError) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const auto o = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--run", "../../etc"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
}

}  // namespace
}  // namespace capsule::test
