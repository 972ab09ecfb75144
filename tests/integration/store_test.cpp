// capsule push into a real PostgreSQL server (store_server.h): the rows match the run's streams,
// pushing again adds nothing, several homes push at once, a push cut in the middle (its backend
// terminated) leaves the store at a batch boundary and the next push completes it, and a run
// that does not verify is refused.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
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

// Terminates the push's backend once it has committed some batches but not all; returns whether
// it did so in the middle.
bool cut_in_the_middle(PgServer& db, const std::string& id, uint64_t total, const std::string& app) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
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
  EXPECT_EQ(o.exit_code, 5) << o.out << o.err;
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

TEST_F(Store, UnreachableStoreIsExit5) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const auto o = push(home.path(), {}, "host=" + (home.path() / "nothing-here").string() + " connect_timeout=2");
  EXPECT_EQ(o.exit_code, 5);
  EXPECT_EQ(o.err.rfind("capsule: push: cannot connect to the store: ", 0), 0u) << o.err;
}

}  // namespace
}  // namespace capsule::test
