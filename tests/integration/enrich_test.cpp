// enriched.jsonl of real runs: each record carries the context true at its syscall (cwd around a
// chdir, the fds of a dup, the program around an execve, the ids around a privilege drop, the
// identity after the execve of a setuid file), also for a child that lived for one call.
// The records are read as docs/ENRICHED.md tells a reader to: ctx_full defined once per ctx_id.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <sstream>

#include "../unit/enrich/context_reader.h"
#include "harness.h"

namespace capsule::test {
namespace {

using nlohmann::json;

constexpr int kNobody = 65534;

// Every record of enriched.jsonl with its full context in "ctx", whether the line itself defined
// it in "defines_ctx" (it carried ctx_full), and the matching events.jsonl record (same seq) in
// "event".
std::vector<json> enriched_records(const std::filesystem::path& run) {
  const auto events = read_jsonl(run / "events.jsonl");
  ContextReader reader;
  std::vector<json> out;
  for (const auto& line : read_lines(run / "enriched.jsonl")) {
    json rec = reader.read(line);
    rec["defines_ctx"] = reader.raw().contains("ctx_full");
    const uint64_t seq = rec["seq"];
    EXPECT_LT(seq, events.size());
    if (seq < events.size()) rec["event"] = events[seq];
    out.push_back(std::move(rec));
  }
  return out;
}

json fd_note(int fd, const std::string& path) {
  return json{{"fd", fd}, {"kind", "file"}, {"path", path}};
}

class EnrichWalk : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "the walk drops from root to uid 65534";
    dir_ = work_.path() / "walk";
    std::filesystem::create_directory(dir_);
    std::filesystem::copy_file(helper("enrich_walk"), dir_ / kStage2);
    const auto o = capsule_run(home_.path(), {helper("enrich_walk"), dir_.string(), kStage2});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    std::istringstream facts(o.out);
    std::string word;
    while (facts >> word) {
      if (word == "fd") facts >> fd_;
      else if (word == "dup") facts >> dup_;
      else if (word == "child") facts >> child_;
      else if (word == "dropped") facts >> dropped_uid_ >> dropped_euid_;
    }
    ASSERT_GT(child_, 0) << o.out;
    ASSERT_EQ(dropped_uid_, kNobody) << o.out;
    records_ = enriched_records(latest_run(home_.path()));
    // The walker is the process that execs the helper; everything below is about its records.
    for (const auto& r : records_) {
      if (r.value("syscall", "") == "execve" && r["ret"] == 0 &&
          r["ctx"].value("exe", "") == helper("enrich_walk")) {
        walker_ = r["pid"];
      }
    }
    ASSERT_GT(walker_, 0);
  }

  // The walker's first record of the call `name` whose events.jsonl argument `arg` is `value`,
  // after the record numbered `after`.
  const json& call(const std::string& name, const std::string& arg = "", const json& value = nullptr,
                   int64_t after = -1) {
    for (const auto& r : records_) {
      if (r["pid"] != walker_ || r.value("syscall", "") != name || r["seq"] <= after) continue;
      if (arg.empty() || r["event"]["args"].value(arg, json()) == value) return r;
    }
    throw std::runtime_error("no " + name + " record");
  }
  // The walker's records strictly between two seqs.
  std::vector<json> between(uint64_t after, uint64_t before) {
    std::vector<json> out;
    for (const auto& r : records_) {
      const uint64_t seq = r["seq"];
      if (r["pid"] == walker_ && seq > after && seq < before) out.push_back(r);
    }
    return out;
  }

  static constexpr const char* kStage2 = "enrich-walk-2";
  TempDir home_, work_;
  std::filesystem::path dir_;
  int fd_ = -1, dup_ = -1, child_ = -1, dropped_uid_ = -1, dropped_euid_ = -1, walker_ = -1;
  std::vector<json> records_;
};

TEST_F(EnrichWalk, CwdBeforeAndAfterChdir) {
  const json& chdir = call("chdir", "path", dir_.string());
  const json& launch = call("execve", "pathname", helper("enrich_walk"));
  const auto before = between(launch["seq"], chdir["seq"]);
  ASSERT_FALSE(before.empty());
  for (const auto& r : before) EXPECT_EQ(r["ctx"]["cwd"], std::filesystem::current_path().string()) << r.dump();
  // The chdir's own record shows the context it left.
  EXPECT_EQ(chdir["ctx"]["cwd"], dir_.string());
  const json& open = call("openat", "pathname", "walk.txt");
  EXPECT_EQ(open["ctx"]["cwd"], dir_.string());
  EXPECT_EQ(open["ret"], fd_);
  EXPECT_EQ(open["fds"], json::array({fd_note(fd_, (dir_ / "walk.txt").string())}));
}

TEST_F(EnrichWalk, DupedFdKeepsReferringToTheFileAfterTheOriginalIsClosed) {
  const std::string file = (dir_ / "walk.txt").string();
  const json& dup = call("dup", "oldfd", fd_);
  EXPECT_EQ(dup["ret"], dup_);
  EXPECT_EQ(dup["fds"], json::array({fd_note(fd_, file), fd_note(dup_, file)}));
  const json& close = call("close", "fd", fd_, dup["seq"]);
  EXPECT_EQ(close["fds"], json::array({fd_note(fd_, file)}));  // what fd was before the call
  const json& write = call("write", "fd", dup_);
  EXPECT_EQ(write["ret"], 7);
  EXPECT_EQ(write["fds"], json::array({fd_note(dup_, file)}));
  EXPECT_EQ(write["event"]["fds"][std::to_string(dup_)], file);
}

TEST_F(EnrichWalk, ProgramBeforeAndAfterExec) {
  const std::string stage2 = (dir_ / kStage2).string();
  const json& exec = call("execve", "pathname", std::string("./") + kStage2);
  EXPECT_EQ(exec["ret"], 0);
  const json& launch = call("execve", "pathname", helper("enrich_walk"));
  const auto before = between(launch["seq"], exec["seq"]);
  ASSERT_FALSE(before.empty());
  for (const auto& r : before) {
    EXPECT_EQ(r["ctx"]["exe"], helper("enrich_walk")) << r.dump();
    EXPECT_EQ(r["ctx"]["argv"], json::array({helper("enrich_walk"), dir_.string(), kStage2})) << r.dump();
  }
  // Resolved against the cwd the chdir left, on the execve's own record and after it.
  const auto after = between(exec["seq"], UINT64_MAX);
  ASSERT_FALSE(after.empty());
  for (const json* r : {&exec, &after.front(), &after.back()}) {
    EXPECT_EQ((*r)["ctx"]["exe"], stage2) << r->dump();
    EXPECT_EQ((*r)["ctx"]["argv"], json::array({std::string("./") + kStage2, "--stage2"})) << r->dump();
  }
  EXPECT_TRUE(exec["defines_ctx"]) << "an execve gives a new context";
}

TEST_F(EnrichWalk, IdsBeforeAndAfterThePrivilegeDrop) {
  const json& setuid = call("setuid", "uid", kNobody);
  const json& setgid = call("setgid", "gid", kNobody);
  const json& launch = call("execve", "pathname", helper("enrich_walk"));
  for (const auto& r : between(launch["seq"], setgid["seq"])) {
    EXPECT_EQ(r["ctx"]["uid"], 0) << r.dump();
    EXPECT_EQ(r["ctx"]["euid"], 0) << r.dump();
    EXPECT_EQ(r["ctx"]["gid"], 0) << r.dump();
  }
  ASSERT_TRUE(setgid.contains("privilege")) << setgid.dump();
  EXPECT_EQ(setgid["privilege"][0], json::parse(R"({"what":"gid",
      "before":{"gid":0,"egid":0,"sgid":0,"fsgid":0},
      "after":{"gid":65534,"egid":65534,"sgid":65534,"fsgid":65534}})")) << setgid.dump();
  EXPECT_EQ(setgid["ctx"]["uid"], 0);

  ASSERT_TRUE(setuid.contains("privilege")) << setuid.dump();
  EXPECT_EQ(setuid["privilege"][0], json::parse(R"({"what":"uid",
      "before":{"uid":0,"euid":0,"suid":0,"fsuid":0},
      "after":{"uid":65534,"euid":65534,"suid":65534,"fsuid":65534}})"));
  ASSERT_EQ(setuid["privilege"].size(), 2u) << setuid.dump();
  EXPECT_EQ(setuid["privilege"][1]["what"], "caps");
  EXPECT_EQ(setuid["privilege"][1]["after"]["effective"], json::array());
  EXPECT_EQ(setuid["privilege"][1]["after"]["permitted"], json::array());
  EXPECT_EQ(setuid["ctx"]["uid"], kNobody);
  EXPECT_EQ(setuid["ctx"]["groups"], json::array({kNobody}));

  const json& marker = call("openat", "pathname", "/enrich-walk-after-drop");
  EXPECT_EQ(marker["ctx"]["uid"], kNobody);
  EXPECT_EQ(marker["ctx"]["euid"], dropped_euid_);
  EXPECT_EQ(marker["ctx"]["egid"], kNobody);
  EXPECT_FALSE(marker.contains("privilege"));
}

TEST_F(EnrichWalk, ShortLivedChildHasItsContextOnEveryRecord) {
  std::vector<json> mine;
  for (const auto& r : records_) {
    if (r["pid"] == child_) mine.push_back(r);
  }
  // Its getppid, exit_group and end (after what libc's fork does in the child).
  ASSERT_GE(mine.size(), 3u) << json(mine).dump();
  const json& getppid = mine[mine.size() - 3];
  EXPECT_EQ(getppid.value("syscall", ""), "getppid");
  EXPECT_EQ(getppid["ret"], walker_);
  EXPECT_EQ(mine[mine.size() - 2].value("syscall", ""), "exit_group");
  EXPECT_EQ(mine.back().value("type", ""), "exit");
  for (const auto& r : mine) {
    EXPECT_EQ(r["ctx"]["exe"], helper("enrich_walk")) << r.dump();
    EXPECT_EQ(r["ctx"]["argv"], json::array({helper("enrich_walk"), dir_.string(), kStage2})) << r.dump();
    EXPECT_EQ(r["ctx"]["cwd"], dir_.string()) << r.dump();
    EXPECT_EQ(r["ctx"]["uid"], 0) << r.dump();
    EXPECT_EQ(r["ctx"]["ppid"], walker_) << r.dump();
  }
  EXPECT_TRUE(mine[0]["defines_ctx"]) << "a child's first record defines its context";
  for (size_t i = 1; i < mine.size(); ++i) EXPECT_FALSE(mine[i]["defines_ctx"]) << mine[i].dump();
}

// The execve of a setuid-65534 file by root under root capsule: the kernel honours the bit
// (docs/SECURITY.md), and the enriched context after the execve says so.
TEST(EnrichSetuid, EffectiveIdAfterExecOfSetuidFileMatchesWhatTheProgramSees) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to make a setuid file owned by another user";
  TempDir dir, home;
  const auto prog = setuid_copy(dir, kNobody);
  const auto o = capsule_run(home.path(), {prog.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  if (o.out != "ruid 0 euid 65534\n") GTEST_SKIP() << "setuid does not work here (nosuid mount?): " << o.out;
  const auto records = enriched_records(latest_run(home.path()));
  int execs = 0;
  for (const auto& r : records) {
    if (r.value("syscall", "") != "execve") continue;
    ++execs;
    EXPECT_EQ(r["ctx"]["exe"], prog.string());
    EXPECT_EQ(r["ctx"]["uid"], 0);
    EXPECT_EQ(r["ctx"]["euid"], kNobody);
    EXPECT_EQ(r["ctx"]["suid"], kNobody);
    EXPECT_EQ(r["ctx"]["caps"]["effective"], json::array());
    ASSERT_TRUE(r.contains("privilege")) << r.dump();
    EXPECT_EQ(r["privilege"][0]["what"], "uid");
    EXPECT_EQ(r["privilege"][0]["after"]["euid"], kNobody);
  }
  EXPECT_EQ(execs, 1);
  // And every later record (getresuid included) keeps it.
  for (const auto& r : records) {
    if (r.value("syscall", "") == "getresuid") {
      EXPECT_EQ(r["ctx"]["euid"], kNobody) << r.dump();
    }
  }
}

// capsule run by uid 65534 installs its filter under NO_NEW_PRIVS: the kernel ignores the
// setuid-root bit, and the enricher, reading NoNewPrivs from /proc, does not apply it either.
TEST(EnrichSetuid, NoNewPrivsRunKeepsTheCallersIds) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to make a setuid-root file and to switch to uid 65534";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  TempDir dir;
  const auto prog = setuid_copy(dir, 0);
  const auto home = nobody_home(dir);
  const auto o = run_program(
      as_nobody(home, {capsule_bin(), "run", "--home", (home / "capsule").string(), "--", prog.string()}));
  ASSERT_EQ(o.exit_code, 0) << o.err;
  ASSERT_EQ(o.out, "ruid 65534 euid 65534\n");
  const auto records = enriched_records(latest_run(home / "capsule"));
  int execs = 0;
  for (const auto& r : records) {
    if (r.value("syscall", "") != "execve") continue;
    ++execs;
    EXPECT_EQ(r["ctx"]["uid"], kNobody);
    EXPECT_EQ(r["ctx"]["euid"], kNobody) << r.dump();
    EXPECT_FALSE(r.contains("privilege")) << r.dump();
  }
  EXPECT_EQ(execs, 1);
}

// A capability drop by capset under the native tracer: the decoder reads the sets, so the enricher
// knows them from that call on (before session 4 the native events held only pointers, and the
// sets became unknown).
TEST(EnrichCapabilities, CapsetFromTheNativeTracerSetsTheCapabilitySets) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs CAP_CHOWN and CAP_KILL to keep";
  TempDir home;
  const auto o = capsule_run(home.path(), {helper("drop_caps"), "/etc/hostname"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const json kept = json::array({"CAP_CHOWN", "CAP_KILL"});
  const auto records = enriched_records(latest_run(home.path()));
  bool seen_capset = false;
  for (const auto& r : records) {
    const std::string name = r.value("syscall", "");
    if (name == "capset") {
      seen_capset = true;
      ASSERT_TRUE(r.contains("privilege")) << r.dump();
      EXPECT_EQ(r["privilege"][0]["what"], "caps");
      EXPECT_NE(r["privilege"][0]["before"]["effective"], kept) << "nothing was dropped";
      EXPECT_EQ(r["privilege"][0]["after"]["effective"], kept);
      EXPECT_EQ(r["privilege"][0]["after"]["permitted"], kept);
      EXPECT_EQ(r["ctx"]["caps"]["effective"], kept);
    } else if (seen_capset && r.contains("ctx")) {
      EXPECT_EQ(r["ctx"]["caps"]["effective"], kept) << r.dump();  // openat2, close, exit_group
      EXPECT_EQ(r["ctx"]["caps"]["permitted"], kept) << r.dump();
    }
  }
  EXPECT_TRUE(seen_capset);
}

}  // namespace
}  // namespace capsule::test
