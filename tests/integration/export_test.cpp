// capsule export --format ocsf on a real run (helper export_activity: an exec, a write and a
// rename, /etc/shadow, a loopback listener it connects to): every line is an OCSF event with its
// class's required attributes, the counts per class are those of the run's actions and findings,
// and the facts of each event are the run's (the port, the paths, the evidence seqs).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// The attributes OCSF requires of every event and of each class exported.
void expect_required(const nlohmann::json& e) {
  for (const char* key : {"class_uid", "category_uid", "activity_id", "type_uid", "time", "severity_id", "metadata"}) {
    ASSERT_TRUE(e.contains(key)) << key << " missing: " << e.dump();
  }
  const int cls = e["class_uid"], activity = e["activity_id"];
  EXPECT_EQ(e["type_uid"].get<int>(), cls * 100 + activity) << e.dump();
  EXPECT_EQ(e["category_uid"].get<int>(), cls / 1000) << e.dump();
  EXPECT_GT(e["time"].get<int64_t>(), 1'600'000'000'000) << "time is ms since the epoch: " << e.dump();
  EXPECT_EQ(e["metadata"]["product"]["name"], "capsule");
  EXPECT_TRUE(e["metadata"]["product"].contains("version"));
  EXPECT_TRUE(starts_with(e["metadata"]["version"].get<std::string>(), "1."));
  if (cls == 1007 || cls == 1001) {  // System Activity: actor and device required
    EXPECT_TRUE(e["actor"]["process"].contains("pid")) << e.dump();
    EXPECT_TRUE(e["device"].contains("type_id")) << e.dump();
  }
  if (cls == 1007) {
    EXPECT_TRUE(e["process"].contains("pid")) << e.dump();
  }
  if (cls == 1001) {
    EXPECT_TRUE(e["file"].contains("name") && e["file"].contains("type_id")) << e.dump();
  }
  if (cls == 4001) {
    EXPECT_TRUE(e.contains("src_endpoint") || e.contains("dst_endpoint")) << e.dump();
  }
  if (cls == 2004) {
    EXPECT_TRUE(e["finding_info"].contains("uid") && e["finding_info"].contains("title")) << e.dump();
  }
}

TEST(Export, OcsfEventsOfARealRun) {
  TempDir home, work;
  const auto run = capsule_run(home.path(), {helper("export_activity"), work.path().string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const int port = std::stoi(run.out);
  const fs::path dir = latest_run(home.path());
  const fs::path out = work.path() / "events.ocsf.jsonl";
  const auto ex = run_program({capsule_bin(), "export", "--home", home.path().string(), "--format", "ocsf", "-o",
                               out.string()});
  ASSERT_EQ(ex.exit_code, 0) << ex.err;

  std::vector<nlohmann::json> events;
  for (const auto& line : read_lines(out)) {
    const auto e = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(e.is_discarded()) << "not JSON: " << line;
    events.push_back(e);
  }
  std::map<int, size_t> per_class;
  std::set<std::string> uids;
  for (const auto& e : events) {
    expect_required(e);
    ++per_class[e["class_uid"].get<int>()];
    EXPECT_TRUE(uids.insert(e["metadata"]["uid"].get<std::string>()).second) << "uid twice: " << e.dump();
  }

  // The counts the run's own records give.
  std::map<int, size_t> expected;
  const std::set<std::string> file_kinds{"Read", "Write", "Open", "Mkdir", "Link", "Delete", "Rename", "Chmod", "Chown"};
  const std::set<std::string> net_kinds{"Connect", "Bind", "Listen", "Accept", "Send", "Receive"};
  for (const auto& a : read_jsonl(dir / "actions.jsonl")) {
    const std::string kind = a["kind"], target = a["target"];
    if (kind == "Exec" || (kind == "Exit" && (starts_with(target, "exited ") || starts_with(target, "killed by ")))) {
      ++expected[1007];
    }
    if (file_kinds.count(kind) != 0 && starts_with(target, "/")) ++expected[1001];
    if (net_kinds.count(kind) != 0) ++expected[4001];  // the helper's sockets are all inet ones
  }
  const auto risks = read_jsonl(dir / "risks.jsonl");
  expected[2004] = risks.size();
  EXPECT_EQ(per_class[1007], expected[1007]);
  EXPECT_EQ(per_class[1001], expected[1001]);
  EXPECT_EQ(per_class[4001], expected[4001]);
  EXPECT_EQ(per_class[2004], expected[2004]);
  EXPECT_EQ(events.size(), expected[1007] + expected[1001] + expected[4001] + expected[2004]);

  std::set<uint64_t> seqs;
  for (const auto& r : read_jsonl(dir / "events.jsonl")) seqs.insert(r["seq"].get<uint64_t>());
  const std::string written = (work.path() / "out.txt").string(), renamed = (work.path() / "renamed.txt").string();
  bool launch = false, terminate = false, connect = false, listen = false, send = false, receive = false;
  bool update = false, rename = false, shadow = false, loopback_finding = false;
  for (const auto& e : events) {
    const int type = e["type_uid"];
    if (type == 100701 && e["process"].value("cmd_line", "") == "true exported-arg") {
      launch = e["process"]["file"]["path"] == "/bin/true" && e["actor"]["process"]["pid"] == e["process"]["pid"] &&
               e["status_id"] == 1 && e["actor"]["process"]["user"]["uid"] == std::to_string(::getuid());
    }
    if (type == 100702 && e["process"].value("cmd_line", "") == "true exported-arg") {
      terminate = e["exit_code"] == 0 && e["status_detail"] == "exited 0";
    }
    if (type == 400101 && e["connection_info"]["direction"] == "Outbound") {
      connect = e["dst_endpoint"]["ip"] == "127.0.0.1" && e["dst_endpoint"]["port"] == port;
    }
    if (type == 400107) listen = e["src_endpoint"]["port"] == port;
    if (type == 400106 && e.contains("traffic") && e["traffic"].contains("bytes_out")) {
      send = e["traffic"]["bytes_out"] == 4 && e["dst_endpoint"]["port"] == port && e["src_endpoint"].contains("port");
    }
    if (type == 400106 && e.contains("traffic") && e["traffic"].contains("bytes_in")) {
      receive = e["traffic"]["bytes_in"] == 4 && e["src_endpoint"]["port"] == port;
    }
    if (type == 100103 && e["file"]["path"] == written) update = e["unmapped"]["capsule"]["bytes"] == 5;
    if (type == 100105) rename = e["file"]["path"] == written && e["file_result"]["path"] == renamed;
    if (type == 100102 && e["file"]["path"] == "/etc/shadow") shadow = true;
    if (type == 200401) {
      for (const auto& ev : e["evidences"]) {
        EXPECT_EQ(seqs.count(ev["data"]["seq"].get<uint64_t>()), 1u) << "evidence seq not in events.jsonl: " << e.dump();
      }
      if (e["finding_info"]["title"] == "listen-loopback") {
        loopback_finding = e["severity_id"] == 2 && !e["evidences"].empty() &&
                           e["evidences"][0]["process"]["file"]["path"] == helper("export_activity");
      }
    }
  }
  EXPECT_TRUE(launch);
  EXPECT_TRUE(terminate);
  EXPECT_TRUE(connect) << "port " << port;
  EXPECT_TRUE(listen);
  EXPECT_TRUE(send);
  EXPECT_TRUE(receive);
  EXPECT_TRUE(update);
  EXPECT_TRUE(rename);
  EXPECT_TRUE(loopback_finding);
  if (::geteuid() == 0) {
    EXPECT_TRUE(shadow);
    bool shadow_finding = false;
    for (const auto& r : risks) shadow_finding = shadow_finding || r["rule"] == "shadow-read";
    EXPECT_TRUE(shadow_finding);
  }

  // Standard output by default; the same lines.
  const auto to_stdout = run_program({capsule_bin(), "export", "--home", home.path().string(), "--run", "latest"});
  ASSERT_EQ(to_stdout.exit_code, 0) << to_stdout.err;
  EXPECT_EQ(to_stdout.out, slurp(out));
}

TEST(Export, UsageErrors) {
  TempDir home;
  const auto no_run = run_program({capsule_bin(), "export", "--home", home.path().string(), "--run", "nosuchrun"});
  EXPECT_EQ(no_run.exit_code, 2);
  EXPECT_TRUE(starts_with(no_run.err, "capsule: ")) << no_run.err;
  const auto format = run_program({capsule_bin(), "export", "--home", home.path().string(), "--format", "cef"});
  EXPECT_EQ(format.exit_code, 2);
}

}  // namespace
}  // namespace capsule::test
