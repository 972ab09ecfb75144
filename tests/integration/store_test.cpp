// capsule push into a real PostgreSQL server (store_server.h): the rows match the run's streams,
// pushing again adds nothing, several homes push at once, a push cut in the middle (its backend
// terminated) leaves the store at a batch boundary and the next push completes it, and a run
// that does not verify is refused.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "harness.h"
#include "store_server.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

class Store : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_server().available()) GTEST_SKIP() << pg_server().why_not();
  }
  PgServer& db() { return pg_server(); }

  Outcome push(const fs::path& home, std::vector<std::string> extra = {}, const std::string& url = "") {
    std::vector<std::string> argv{capsule_bin(), "push", "--home", home.string(), "--db",
                                  url.empty() ? db().url() : url};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_program(argv);
  }
  uint64_t count(const std::string& table, const std::string& run_id) {
    return std::stoull(db().query("SELECT count(*) FROM capsule." + table + " WHERE run_id = '" + run_id + "'"));
  }
  // Rows of a table that repeat another row's key.
  uint64_t duplicates(const std::string& table, const std::string& key, const std::string& run_id) {
    return std::stoull(db().query("SELECT count(*) - count(DISTINCT " + key + ") FROM capsule." + table +
                                  " WHERE run_id = '" + run_id + "'"));
  }
  // What the run's manifest counts in stream `name`.
  static uint64_t records(const fs::path& run, const std::string& name) {
    const auto manifest = nlohmann::json::parse(slurp(run / "manifest.json"));
    for (const auto& s : manifest["streams"]) {
      if (s["name"] == name) return s["records"].get<uint64_t>();
    }
    return 0;
  }
  void expect_whole(const fs::path& run) {
    const std::string id = run.filename().string().substr(run.filename().string().size() - 36);
    EXPECT_EQ(count("events", id), records(run, "events"));
    EXPECT_EQ(count("actions", id), records(run, "actions"));
    EXPECT_EQ(count("findings", id), records(run, "risks"));
    EXPECT_EQ(count("checkpoints", id), read_lines(run / "checkpoints.jsonl").size());
    EXPECT_EQ(duplicates("events", "seq", id), 0u);
    EXPECT_EQ(duplicates("actions", "line", id), 0u);
    EXPECT_EQ(db().query("SELECT records FROM capsule.push_state WHERE run_id = '" + id + "' AND stream = 'events'"),
              std::to_string(records(run, "events")));
  }
};

std::string run_id(const fs::path& run) {
  const std::string name = run.filename().string();
  return name.substr(name.size() - 36);
}

// About 10 events per loop turn: a run long enough to cut a push of small batches in the middle.
std::vector<std::string> busy_shell(int turns) {
  return {"sh", "-c", "i=0; while [ $i -lt " + std::to_string(turns) + " ]; do echo x >/dev/null; i=$((i+1)); done"};
}

TEST_F(Store, PushAddsTheRunOnceAndAgainNothing) {
  TempDir home;
  ASSERT_NE(capsule_run(home.path(), {helper("risky"), "reverse-shell"}).exit_code, 125);
  const fs::path run = latest_run(home.path());
  ASSERT_GT(records(run, "risks"), 0u) << "the helper should make a finding";
  const auto first = push(home.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("run " + run_id(run) + ": pushed " + std::to_string(records(run, "events")) + " events"),
            std::string::npos)
      << first.out;
  expect_whole(run);
  EXPECT_GT(count("processes", run_id(run)), 0u);
  EXPECT_EQ(db().query("SELECT rule FROM capsule.findings WHERE run_id = '" + run_id(run) + "' LIMIT 1"),
            nlohmann::json::parse(read_lines(run / "risks.jsonl").at(0))["rule"].get<std::string>());
  // The anchor the store keeps is the one capsule printed at the end of the run.
  const auto cps = read_lines(run / "checkpoints.jsonl");
  const std::string head = cps.back().substr(cps.back().size() - 66, 64);
  EXPECT_EQ(db().query("SELECT checkpoint_count || ' ' || checkpoint_head FROM capsule.runs WHERE run_id = '" +
                       run_id(run) + "'"),
            std::to_string(cps.size()) + " " + head);

  const auto again = push(home.path(), {"--all"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, "run " + run_id(run) + ": already in the store\n");
  expect_whole(run);
}

// A compacted run (capsule compact: every stream now <file>.zst) is read and pushed whole.
TEST_F(Store, CompactedRunIsPushedWhole) {
  TempDir home;
  ASSERT_NE(capsule_run(home.path(), {helper("risky"), "reverse-shell"}).exit_code, 125);
  const fs::path run = latest_run(home.path());
  const Outcome c = run_program({capsule_bin(), "compact", "--home", home.path().string(), "--all"});
  ASSERT_EQ(c.exit_code, 0) << c.err;
  ASSERT_TRUE(fs::exists(run / "events.jsonl.zst"));
  ASSERT_FALSE(fs::exists(run / "events.jsonl"));
  ASSERT_GT(records(run, "risks"), 0u) << "the helper should make a finding";
  const auto pushed = push(home.path());
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  expect_whole(run);
}

TEST_F(Store, SeveralHomesPushAtOnce) {
  std::vector<std::unique_ptr<TempDir>> homes;
  for (int i = 0; i < 3; ++i) {
    homes.push_back(std::make_unique<TempDir>());
    ASSERT_EQ(capsule_run(homes.back()->path(), busy_shell(300)).exit_code, 0);
  }
  std::vector<std::future<Outcome>> pushes;
  for (const auto& h : homes) {
    pushes.push_back(std::async(std::launch::async, [this, &h] { return push(h->path(), {"--batch", "100"}); }));
  }
  for (auto& p : pushes) {
    const Outcome o = p.get();
    EXPECT_EQ(o.exit_code, 0) << o.err;
  }
  for (const auto& h : homes) expect_whole(latest_run(h->path()));
}

// The same run pushed from two places at once (two pushers of one home): each batch is taken by
// one of them, the other reads again from the moved counts, and the run is stored once.
TEST_F(Store, OneRunPushedTwiceAtOnceIsStoredOnce) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), busy_shell(300)).exit_code, 0);
  const fs::path run = latest_run(home.path());
  auto a = std::async(std::launch::async, [this, &home] { return push(home.path(), {"--batch", "50"}); });
  auto b = std::async(std::launch::async, [this, &home] { return push(home.path(), {"--batch", "50"}); });
  uint64_t pushed = 0;  // the events each said it added: together, the run's, none twice
  for (auto* p : {&a, &b}) {
    const Outcome o = p->get();
    EXPECT_EQ(o.exit_code, 0) << o.err;
    const size_t at = o.out.find(": pushed ");
    if (at != std::string::npos) pushed += std::stoull(o.out.substr(at + 9));
  }
  EXPECT_EQ(pushed, records(run, "events"));
  expect_whole(run);
}

// Terminates the push's backend once it has committed some batches but not all; returns whether
// it did so in the middle.
bool cut_in_the_middle(PgServer& db, const std::string& id, uint64_t total, const std::string& app) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    // Until the push has made the schema, there is no push_state to read: nothing pushed yet.
    if (db.query("SELECT to_regclass('capsule.push_state') IS NOT NULL") != "t") {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    const std::string done = db.query("SELECT coalesce(max(records), 0) FROM capsule.push_state WHERE run_id = '" +
                                      id + "' AND stream = 'events'");
    const uint64_t n = done.empty() ? 0 : std::stoull(done);
    if (n >= total) return false;
    if (n > 0) {
      db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + app + "'");
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

TEST_F(Store, CutPushLeavesABatchBoundaryAndTheNextPushCompletesIt) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), busy_shell(2000)).exit_code, 0);
  const fs::path run = latest_run(home.path());
  const std::string id = run_id(run);
  const uint64_t total = records(run, "events");
  const std::string url = db().url() + " application_name=capsule-cut";
  auto cut = std::async(std::launch::async, [&] { return push(home.path(), {"--batch", "5", "--retries", "0"}, url); });
  const bool in_middle = cut_in_the_middle(db(), id, total, "capsule-cut");
  const Outcome o = cut.get();
  ASSERT_TRUE(in_middle) << "the push ended before it could be cut: " << o.out << o.err;
  EXPECT_EQ(o.exit_code, 6) << o.out << o.err;
  EXPECT_NE(o.err.find("capsule: push: "), std::string::npos) << o.err;
  // What is stored is exactly what the committed cursor says: whole batches, nothing half.
  const uint64_t stored = count("events", id);
  EXPECT_LT(stored, total);
  EXPECT_EQ(stored % 5, 0u);
  EXPECT_EQ(db().query("SELECT records FROM capsule.push_state WHERE run_id = '" + id + "' AND stream = 'events'"),
            std::to_string(stored));

  const auto resumed = push(home.path());
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("pushed " + std::to_string(total - stored) + " events"), std::string::npos)
      << resumed.out;
  expect_whole(run);
}

TEST_F(Store, PushReconnectsByItselfAfterACut) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), busy_shell(2000)).exit_code, 0);
  const fs::path run = latest_run(home.path());
  const std::string url = db().url() + " application_name=capsule-cut2";
  auto p = std::async(std::launch::async, [&] { return push(home.path(), {"--batch", "5"}, url); });
  const bool in_middle = cut_in_the_middle(db(), run_id(run), records(run, "events"), "capsule-cut2");
  const Outcome o = p.get();
  ASSERT_TRUE(in_middle) << o.out << o.err;
  EXPECT_EQ(o.exit_code, 0) << o.err;
  EXPECT_NE(o.err.find("reconnecting to resume"), std::string::npos) << o.err;
  expect_whole(run);
}

TEST_F(Store, TamperedRunIsNotPushed) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"sh", "-c", "echo x >/dev/null"}, {"--compress", "none"}).exit_code, 0);
  const fs::path run = latest_run(home.path());
  std::string data = slurp(run / "events.jsonl");
  data[data.size() / 2] = data[data.size() / 2] == 'a' ? 'b' : 'a';
  spit(run / "events.jsonl", data);
  const auto o = push(home.path());
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_NE(o.err.find("capsule: push: run " + run_id(run) + " not pushed: it does not verify"), std::string::npos)
      << o.err;
  EXPECT_EQ(count("events", run_id(run)), 0u);
  EXPECT_EQ(count("runs", run_id(run)), 0u);
}

TEST_F(Store, UnreachableStoreIsExit6) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const auto o = push(home.path(), {}, "host=" + (home.path() / "nothing-here").string() + " connect_timeout=2");
  EXPECT_EQ(o.exit_code, 6);
  EXPECT_EQ(o.err.rfind("capsule: push: cannot connect to the store: ", 0), 0u) << o.err;
}

}  // namespace
}  // namespace capsule::test

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

// The store as anchor: `capsule verify --anchor postgres://…` against what push stored.
class StoreAnchor : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_server().available()) GTEST_SKIP() << pg_server().why_not();
    // Plain streams and a checkpoint every 20 events: a run with several epochs to cut back to.
    ASSERT_EQ(capsule_run(home_.path(), {"sh", "-c", "for f in /etc/hostname /etc/passwd /etc/group; do cat $f; done"},
                          {"--compress", "none", "--checkpoint-records", "20"})
                  .exit_code,
              0);
    run_ = latest_run(home_.path());
    const std::string name = run_.filename().string();
    id_ = name.substr(name.size() - 36);
    const auto p = push(home_.path());
    ASSERT_EQ(p.exit_code, 0) << p.err;
  }
  Outcome push(const fs::path& home) {
    return run_program({capsule_bin(), "push", "--home", home.string(), "--db", pg_server().url()});
  }
  // `postgres://` URL of the test server (its socket directory as the host parameter).
  std::string store_url() const {
    const std::string u = pg_server().url();  // "host=DIR user=capsule dbname=postgres"
    const std::string dir = u.substr(5, u.find(' ') - 5);
    return "postgresql://capsule@/postgres?host=" + dir;
  }
  Outcome verify(std::vector<std::string> extra) {
    std::vector<std::string> argv{capsule_bin(), "verify", "--home", home_.path().string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_program(argv);
  }
  TempDir home_;
  fs::path run_;
  std::string id_;
};

TEST_F(StoreAnchor, IntactRunMatchesTheStore) {
  const auto o = verify({"--anchor", store_url()});
  EXPECT_EQ(o.exit_code, 0) << o.out << o.err;
  EXPECT_EQ(o.out.find("no anchor given"), std::string::npos) << o.out;
}

// Every stream cut back to checkpoint 1, later checkpoints and the seal removed, the manifest
// set back to "running": a run killed there, as far as the run itself can tell (verify: 3). The
// store still knows how far it went.
TEST_F(StoreAnchor, TruncatedAfterThePushIsDetected) {
  auto cps = read_lines(run_ / "checkpoints.jsonl");
  ASSERT_GE(cps.size(), 4u);
  const nlohmann::json checkpoint = nlohmann::json::parse(cps[2]);  // named: a loop over a temporary's member dangles
  for (const auto& s : checkpoint.at("streams")) {
    const std::string name = s["name"].get<std::string>();
    const size_t keep = s["records"].get<size_t>();
    const std::string stem = name == "syscalls" ? "syscalls.log" : name + ".jsonl";
    auto lines = read_lines(run_ / stem);
    lines.resize(keep);
    std::string text;
    for (const auto& l : lines) text += l + "\n";
    spit(run_ / stem, text);
    std::string side;
    for (const auto& entry : read_lines(run_ / (name + ".chain"))) {
      const auto b = nlohmann::json::parse(entry);
      if (b["first"].get<size_t>() + b["count"].get<size_t>() <= keep) side += entry + "\n";
    }
    spit(run_ / (name + ".chain"), side);
  }
  spit(run_ / "checkpoints.jsonl", cps[0] + "\n" + cps[1] + "\n" + cps[2] + "\n");
  std::string m = slurp(run_ / "manifest.json");
  const size_t at = m.find("\"state\": \"complete\"");
  ASSERT_NE(at, std::string::npos) << m;
  m.replace(at, 19, "\"state\": \"running\"");
  spit(run_ / "manifest.json", m);

  const auto without = verify({});
  EXPECT_EQ(without.exit_code, 3) << without.out << without.err;
  const auto with = verify({"--anchor", store_url()});
  EXPECT_EQ(with.exit_code, 1) << with.out;
  EXPECT_NE(with.out.find("rolled back or truncated versus anchor (anchor: " + std::to_string(cps.size()) +
                          " checkpoint records, run: 3)"),
            std::string::npos)
      << with.out;
}

// The local copy and the store disagree on the checkpoints head: one of them was replaced. Push
// does not overwrite the store with it either.
TEST_F(StoreAnchor, ReplacedCopyIsDetectedAndNotPushedOver) {
  pg_server().query("UPDATE capsule.runs SET checkpoint_head = repeat('a', 64) WHERE run_id = '" + id_ + "'");
  const auto o = verify({"--anchor", store_url()});
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_NE(o.out.find("replaced versus anchor: the checkpoints head differs"), std::string::npos) << o.out;
  const auto p = push(home_.path());
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_NE(p.err.find("the store holds another version of it"), std::string::npos) << p.err;
}

// A run pushed from this home and deleted here is missing; runs other homes pushed are not.
TEST_F(StoreAnchor, DeletedRunIsMissingButOtherHomesRunsAreNot) {
  TempDir other;
  ASSERT_EQ(capsule_run(other.path(), {"true"}).exit_code, 0);
  ASSERT_EQ(push(other.path()).exit_code, 0);
  ASSERT_EQ(capsule_run(home_.path(), {"true"}).exit_code, 0);  // a run that stays
  fs::remove_all(run_);
  const auto o = verify({"--all", "--anchor", store_url()});
  EXPECT_EQ(o.exit_code, 1) << o.out << o.err;
  EXPECT_NE(o.err.find("run " + id_ + " is in the anchor but missing"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("missing", o.err.find("missing") + 1), std::string::npos) << "only ours: " << o.err;
  EXPECT_NE(o.out.find("the store has no entry for this run (not pushed)"), std::string::npos) << o.out;
}

TEST_F(StoreAnchor, UnreachableStoreIsExit6) {
  const auto o = verify({"--anchor", "postgresql://capsule@/postgres?host=/nonexistent&connect_timeout=2"});
  EXPECT_EQ(o.exit_code, 6);
  EXPECT_EQ(o.err.rfind("capsule: verify: --anchor: cannot connect to the store: ", 0), 0u) << o.err;
}

}  // namespace
}  // namespace capsule::test

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

// capsule query's canned questions against runs pushed to the test server.
class StoreQuery : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!pg_server().available()) GTEST_SKIP() << pg_server().why_not();
  }
  Outcome push() {
    return run_program({capsule_bin(), "push", "--home", home_.path().string(), "--db", pg_server().url()});
  }
  nlohmann::json query(std::vector<std::string> args) {
    std::vector<std::string> argv{capsule_bin(), "query", "--db", pg_server().url(), "--json"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto o = run_program(argv);
    EXPECT_EQ(o.exit_code, 0) << o.err;
    return o.exit_code == 0 ? nlohmann::json::parse(o.out) : nlohmann::json();
  }
  std::string latest_id() {
    const std::string name = latest_run(home_.path()).filename().string();
    return name.substr(name.size() - 36);
  }
  TempDir home_;
};

// Three runs of one command line; the third finds a flag file and then also runs ls, writes a
// file and connects to a port nothing listens on. The baseline names exactly that.
TEST_F(StoreQuery, BaselinePeerPathAndFindings) {
  const std::string flag = (home_.path() / "flag").string();
  const std::string out = (home_.path() / ("out-" + std::to_string(::getpid()))).string();
  const std::string script =
      "if [ -e " + flag + " ]; then ls / > " + out +
      "; /usr/bin/python3 -c 'import socket; socket.socket().connect_ex((\"127.0.0.1\", 9))'; fi; true";
  for (int i = 0; i < 3; ++i) {
    if (i == 2) spit(flag, "");
    ASSERT_EQ(capsule_run(home_.path(), {"sh", "-c", script}).exit_code, 0);
    ASSERT_EQ(push().exit_code, 0);
  }
  const std::string command = nlohmann::json::parse(slurp(latest_run(home_.path()) / "manifest.json"))["command"];
  const auto b = query({"baseline", command, "--previous", "2"});
  EXPECT_EQ(b["latest"], latest_id());
  EXPECT_EQ(b["previous"], 2);
  std::set<std::string> news;
  for (const auto& n : b["new"]) news.insert(n["what"].get<std::string>() + " " + n["value"].get<std::string>());
  EXPECT_TRUE(news.contains("executable /usr/bin/ls")) << b.dump();
  EXPECT_TRUE(news.contains("written " + out)) << b.dump();
  EXPECT_TRUE(news.contains("peer 127.0.0.1:9")) << b.dump();
  EXPECT_FALSE(news.contains("executable /usr/bin/sh")) << "every run had it: " << b.dump();

  const auto peers = query({"peer", "127.0.0.1:9"});
  ASSERT_GE(peers.size(), 1u);
  EXPECT_EQ(peers[0]["run_id"], latest_id());
  const auto wrote = query({"path", out, "--access", "write"});
  ASSERT_EQ(wrote.size(), 1u) << wrote.dump();
  EXPECT_EQ(wrote[0]["run_id"], latest_id());
  EXPECT_EQ(wrote[0]["paths"], out);
  const auto read = query({"path", home_.path().string() + "/out-*", "--access", "read"});
  EXPECT_EQ(read.size(), 0u) << "nobody read it: " << read.dump();
  // A glob that starts with a wildcard: the trigram index exists (Debian's server has pg_trgm) and
  // the answer is the run that wrote the file.
  EXPECT_EQ(pg_server().query("SELECT count(*) FROM pg_indexes WHERE indexname = 'actions_target_trgm'"), "1");
  const auto suffix = query({"path", "*/" + fs::path(out).filename().string(), "--access", "write"});
  ASSERT_EQ(suffix.size(), 1u) << suffix.dump();
  EXPECT_EQ(suffix[0]["run_id"], latest_id());

  ASSERT_NE(capsule_run(home_.path(), {helper("risky"), "reverse-shell"}).exit_code, 125);
  ASSERT_EQ(push().exit_code, 0);
  const auto f = query({"findings", "--rule", "reverse-shell", "--since", "2000-01-01T00:00:00Z"});
  bool ours = false;
  for (const auto& x : f) ours |= x["run_id"] == latest_id() && x["severity"] == "critical";
  EXPECT_TRUE(ours) << f.dump();
  EXPECT_EQ(query({"findings", "--rule", "reverse-shell", "--until", "2000-01-01T00:00:00Z"}).size(), 0u);
}

TEST_F(StoreQuery, QuestionWithoutValueIsUsageError) {
  const auto o = run_program({capsule_bin(), "query", "peer", "--db", pg_server().url()});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "capsule: query: 'peer' needs a value (capsule help query)\n");
}

}  // namespace
}  // namespace capsule::test
