// capsule summary on a real run: a shell that writes two files in a directory of its own, reads
// one from outside the project, and runs a child; the end-of-run line names the command.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

TEST(Summary, ProcessesFilesAndTheEndOfRunLine) {
  TempDir home, work, elsewhere;
  const fs::path secret = elsewhere.path() / "notes.txt";
  std::ofstream(secret) << "private\n";
  const std::string out = (work.path() / "out").string();
  const auto run = capsule_run(home.path(), {"/bin/sh", "-c",
                                             "mkdir " + out + " && echo hello > " + out + "/a.txt && printf 12345 > " +
                                                 out + "/b.bin && cat " + secret.string() + " > /dev/null; exit 7"});
  ASSERT_EQ(run.exit_code, 7) << run.err;
  const std::string id = latest_run(home.path()).filename().string();
  // The line names the home the run was recorded in, so that it can be pasted as it is.
  EXPECT_NE(run.err.find("capsule: what it did: capsule summary --home " + home.path().string() + " --run " +
                         id.substr(id.find('-') + 1, 8) + "\n"),
            std::string::npos)
      << run.err;

  const auto o = run_program({capsule_bin(), "summary", "--home", home.path().string(), "--json"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto s = nlohmann::json::parse(o.out);
  EXPECT_EQ(s["exit_code"], 7);
  const auto& procs = s["processes"];
  ASSERT_GE(procs.size(), 2u) << o.out;
  EXPECT_EQ(procs[0]["argv"][0], "/bin/sh");
  EXPECT_EQ(procs[0]["end"], "exited 7");
  bool cat_child = false;
  for (const auto& p : procs) {
    if (p["exe"] == "/usr/bin/cat") cat_child = p["parent"] == procs[0]["pid"] && p["end"] == "exited 0";
  }
  EXPECT_TRUE(cat_child) << o.out;
  bool written = false;
  for (const auto& d : s["written"]) {
    if (d["dir"] != out + "/") continue;
    written = d["files"] == nlohmann::json::parse(R"([{"name":"a.txt","bytes":6},{"name":"b.bin","bytes":5}])");
  }
  EXPECT_TRUE(written) << o.out;
  EXPECT_NE(std::find(s["read_outside"].begin(), s["read_outside"].end(), secret.string()), s["read_outside"].end())
      << o.out;

  const auto text = run_program({capsule_bin(), "summary", "--home", home.path().string()});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("files written (2 in 1 directory):\n  " + out + "/\n    a.txt  6 B\n    b.bin  5 B\n"),
            std::string::npos)
      << text.out;
  const auto bad = run_program({capsule_bin(), "summary", "--home", home.path().string(), "--run", "nosuchrun"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err.rfind("capsule: ", 0), 0u) << bad.err;
}

}  // namespace
}  // namespace capsule::test
