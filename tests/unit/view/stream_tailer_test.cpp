// StreamTailer hands over complete lines only, keeps a partial line until its newline arrives,
// and hands over a torn last line only when told the stream has ended.
#include <gtest/gtest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "view/stream_names.h"
#include "view/stream_tailer.h"

namespace capsule::view {
namespace {

class TempFile {
 public:
  TempFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "capsule-view-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
    dir_ = tmpl;
  }
  ~TempFile() { std::filesystem::remove_all(dir_); }
  std::filesystem::path path() const { return dir_ / "events.jsonl"; }
  const std::filesystem::path& dir() const { return dir_; }
  void append(const std::string& s) const {
    std::ofstream out(path(), std::ios::binary | std::ios::app);
    out << s;
  }

 private:
  std::filesystem::path dir_;
};

std::vector<std::string> read_new(StreamTailer& t) {
  std::vector<std::string> lines;
  t.catch_up([&](std::string_view l) {
    lines.emplace_back(l);
    return true;
  });
  return lines;
}

TEST(StreamTailer, MissingFileIsNotAnError) {
  TempFile f;
  StreamTailer t(f.path());
  EXPECT_TRUE(read_new(t).empty());
  EXPECT_FALSE(t.is_open());
  f.append("a\n");
  EXPECT_EQ(read_new(t), std::vector<std::string>{"a"});
}

TEST(StreamTailer, PartialLineWaitsForItsNewline) {
  TempFile f;
  f.append("one\ntw");
  StreamTailer t(f.path());
  EXPECT_EQ(read_new(t), std::vector<std::string>{"one"});
  EXPECT_TRUE(read_new(t).empty());
  f.append("o\nthree");
  EXPECT_EQ(read_new(t), std::vector<std::string>{"two"});
  f.append("\n");
  EXPECT_EQ(read_new(t), std::vector<std::string>{"three"});
}

TEST(StreamTailer, TornLastLineOnlyAtTheEnd) {
  TempFile f;
  f.append("one\n{\"seq\":1,\"ts");
  StreamTailer t(f.path());
  EXPECT_EQ(read_new(t), std::vector<std::string>{"one"});
  std::vector<std::string> rest;
  t.flush_partial([&](std::string_view l) {
    rest.emplace_back(l);
    return true;
  });
  EXPECT_EQ(rest, std::vector<std::string>{"{\"seq\":1,\"ts"});
}

TEST(StreamTailer, LongLinesAcrossReads) {
  TempFile f;
  const std::string big(200000, 'x');
  f.append(big + "\nshort\n");
  StreamTailer t(f.path());
  EXPECT_EQ(read_new(t), (std::vector<std::string>{big, "short"}));
}

TEST(StreamTailer, SinkCanStop) {
  TempFile f;
  f.append("a\nb\nc\n");
  StreamTailer t(f.path());
  int seen = 0;
  EXPECT_FALSE(t.catch_up([&](std::string_view) { return ++seen < 2; }));
  EXPECT_EQ(seen, 2);
}

TEST(StreamNames, FilesAndValidation) {
  EXPECT_EQ(stream_file_name("syscalls"), "syscalls.log");
  EXPECT_EQ(stream_file_name("actions"), "actions.jsonl");
  EXPECT_TRUE(is_valid_stream_name("risks"));
  EXPECT_FALSE(is_valid_stream_name("../etc"));
  EXPECT_FALSE(is_valid_stream_name(""));
  TempFile f;
  f.append("x\n");  // events.jsonl
  std::ofstream(f.dir() / "syscalls.log") << "";
  std::ofstream(f.dir() / "zeta.jsonl") << "";
  std::ofstream(f.dir() / "manifest.json") << "";
  EXPECT_EQ(streams_in_run(f.dir()), (std::vector<std::string>{"syscalls", "events", "zeta"}));
}

}  // namespace
}  // namespace capsule::view
