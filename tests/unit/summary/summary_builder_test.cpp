// The summary model from hand-written records: the process tree (threads are not processes),
// files written grouped by directory, reads outside system and project directories, peers with
// their names and bytes, findings most severe first, refused calls; and both renderings.
#include <gtest/gtest.h>

#include "summary/run_summary.h"

namespace capsule::summary {
namespace {

using json = nlohmann::json;

RunSummary sample() {
  SummaryBuilder b;
  b.add_manifest(json::parse(R"({"run_id":"r1","command":"sh -c x","state":"complete","backend":"ptrace",
                                 "exit_code":3,"syscalls":500,"cwd":"/work/proj"})"));
  for (const char* line : {
           R"({"kind":"Exec","pid":10,"exe":"/usr/bin/sh","target":"/usr/bin/sh","argv":["sh","-c","x"],"failed":0})",
           R"({"kind":"Read","pid":10,"exe":"/usr/bin/sh","target":"/usr/lib/libc.so.6","bytes":900,"failed":0})",
           R"({"kind":"Read","pid":10,"exe":"/usr/bin/sh","target":"/work/proj/Makefile","bytes":90,"failed":0})",
           R"({"kind":"Read","pid":10,"exe":"/usr/bin/sh","target":"/home/u/.aws/credentials","bytes":9,"failed":0})",
           R"({"kind":"Spawn","pid":10,"exe":"/usr/bin/sh","target":"pid 11","failed":0})",
           R"({"kind":"Spawn","pid":10,"exe":"/usr/bin/sh","target":"pid 12","failed":0})",
           R"({"kind":"Exit","pid":10,"exe":"/usr/bin/sh","target":"thread 12 exited 0","failed":0})",
           R"({"kind":"Exec","pid":11,"exe":"/usr/bin/curl","target":"/usr/bin/curl","argv":["curl","x"],"failed":0})",
           R"({"kind":"Connect","events":1,"pid":11,"exe":"/usr/bin/curl","target":"203.0.113.80:443","host":"example.org","failed":0})",
           R"({"kind":"Write","pid":11,"exe":"/usr/bin/curl","target":"TCP:[10.0.0.2:4000->203.0.113.80:443]","bytes":120,"failed":0})",
           R"({"kind":"Read","pid":11,"exe":"/usr/bin/curl","target":"TCP:[10.0.0.2:4000->203.0.113.80:443]","bytes":5000,"failed":0})",
           R"({"kind":"Send","pid":11,"exe":"/usr/bin/curl","target":"[2001:db8::53]:53","bytes":40,"failed":0})",
           R"({"kind":"Write","pid":11,"exe":"/usr/bin/curl","target":"/tmp/dl/x.sh","bytes":5000,"failed":0})",
           R"({"kind":"Read","pid":11,"exe":"/usr/bin/curl","target":"/tmp/dl/x.sh","bytes":5000,"failed":0})",
           R"({"kind":"Write","pid":11,"exe":"/usr/bin/curl","target":"/dev/pts/0","bytes":10,"failed":0})",
           R"({"kind":"Rename","pid":11,"exe":"/usr/bin/curl","target":"/tmp/dl/x.part -> /tmp/dl/y.sh","failed":0})",
           R"({"kind":"Write","pid":11,"exe":"/usr/bin/curl","target":"UNIX-STREAM:[5->/run/x.sock]","bytes":3,"failed":0})",
           R"({"kind":"Denied","events":2,"pid":11,"exe":"/usr/bin/curl","target":"unshare CLONE_NEWNS","failed":2})",
           R"({"kind":"Exit","pid":11,"exe":"/usr/bin/curl","target":"killed by SIGKILL","failed":0})",
           R"({"kind":"Exit","pid":10,"exe":"/usr/bin/sh","target":"exited 3","failed":0})",
           R"(not json at all)"}) {
    b.add_action(json::parse(line, nullptr, false));
  }
  b.add_finding(json::parse(R"({"rule":"credential-read","severity":"medium","pid":10,"description":"d1"})"));
  b.add_finding(json::parse(R"({"rule":"exfiltration","severity":"critical","pid":11,"description":"d2","host":"example.org"})"));
  return b.finish();
}

TEST(SummaryBuilder, ProcessTreeWithoutThreads) {
  const RunSummary s = sample();
  ASSERT_EQ(s.processes.size(), 2u);
  EXPECT_EQ(s.processes[0].pid, 10);
  EXPECT_EQ(s.processes[0].argv, (std::vector<std::string>{"sh", "-c", "x"}));
  EXPECT_EQ(s.processes[0].end, "exited 3");
  EXPECT_EQ(s.processes[0].children, (std::vector<int32_t>{11}));
  EXPECT_EQ(s.processes[1].parent, 10);
  EXPECT_EQ(s.processes[1].exe, "/usr/bin/curl");
  EXPECT_EQ(s.processes[1].end, "killed by SIGKILL");
}

TEST(SummaryBuilder, FilesWrittenAndReadOutside) {
  const RunSummary s = sample();
  ASSERT_EQ(s.written.size(), 1u);  // /dev/pts/0 is a terminal, not a file
  EXPECT_EQ(s.written[0].dir, "/tmp/dl/");
  ASSERT_EQ(s.written[0].files.size(), 2u);
  EXPECT_EQ(s.written[0].files[0].name, "x.sh");
  EXPECT_EQ(s.written[0].files[0].bytes, 5000u);
  EXPECT_EQ(s.written[0].files[1].name, "y.sh");  // a rename's destination
  // Not libc (system), not the Makefile (project), not x.sh (the run wrote it).
  EXPECT_EQ(s.read_outside, (std::vector<std::string>{"/home/u/.aws/credentials"}));
  EXPECT_EQ(s.read_outside_total, 1u);
}

TEST(SummaryBuilder, PeersFindingsDenials) {
  const RunSummary s = sample();
  ASSERT_EQ(s.peers.size(), 2u);  // the unix socket is no peer
  EXPECT_EQ(s.peers[0].address, "2001:db8::53");
  EXPECT_EQ(s.peers[0].port, 53);
  EXPECT_EQ(s.peers[0].sent, 40u);
  EXPECT_EQ(s.peers[1].host, "example.org");
  EXPECT_EQ(s.peers[1].connects, 1u);
  EXPECT_EQ(s.peers[1].sent, 120u);
  EXPECT_EQ(s.peers[1].received, 5000u);
  ASSERT_EQ(s.findings.size(), 2u);
  EXPECT_EQ(s.findings[0].rule, "exfiltration");  // most severe first
  ASSERT_EQ(s.denials.size(), 1u);
  EXPECT_EQ(s.denials[0].call, "unshare");
}

TEST(SummaryBuilder, TextAndJsonRenderTheSameFacts) {
  const RunSummary s = sample();
  const std::string text = render_text(s);
  EXPECT_NE(text.find("run r1 · exited 3 · 500 syscalls\ncommand: sh -c x\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  10 /usr/bin/sh  sh -c x · exited 3\n    11 /usr/bin/curl  curl x · killed by SIGKILL\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  example.org 203.0.113.80:443  1 connect · sent 120 B · received 5000 B\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  [2001:db8::53]:53  0 connects"), std::string::npos) << text;
  EXPECT_NE(text.find("  /usr/bin/curl unshare ×2\n"), std::string::npos) << text;
  const auto j = json::parse(render_json(s));
  EXPECT_EQ(j["exit_code"], 3);
  EXPECT_EQ(j["processes"][1]["parent"], 10);
  EXPECT_EQ(j["written"][0]["files"][1]["name"], "y.sh");
  EXPECT_EQ(j["peers"][1]["host"], "example.org");
  EXPECT_EQ(j["findings"][0]["host"], "example.org");
  EXPECT_EQ(j["read_outside"][0], "/home/u/.aws/credentials");
}

TEST(SummaryBuilder, HostileTextIsEscaped) {
  SummaryBuilder b;
  b.add_manifest(json::parse(R"({"run_id":"r","command":"x\u001b[2Jy","cwd":"/"})"));
  b.add_action(json::parse(R"({"kind":"Write","pid":1,"exe":"e","target":"/tmp/a\nb","bytes":1,"failed":0})"));
  const std::string text = render_text(b.finish());
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_EQ(text.find("a\nb"), std::string::npos) << text;
}

}  // namespace
}  // namespace capsule::summary
