// Egress by destination (#23): a policy's "egress" allow-list checked by the ptrace tracer at the
// entry of connect, sendto and sendmsg. Loopback only: 127.0.0.1, ::1, localhost from /etc/hosts,
// and a name a fake DNS server (python3, outside capsule) answers on loopback. A refused call
// returns EACCES and is a denial and a finding; complain mode refuses nothing and lists the same
// calls; `policy check` agrees with enforcement; `profile` learns the list from a run.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "background_process.h"
#include "harness.h"
#include "policy_check_harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

class EgressPolicy : public ::testing::Test {
 protected:
  TempDir home;
  TempDir files;
  int allowed = free_port();
  int named = free_port();
  int other = free_port();

  void SetUp() override {
    ASSERT_GT(allowed, 0);
    ASSERT_GT(named, 0);
    ASSERT_GT(other, 0);
    ASSERT_NE(allowed, other);
  }

  // A policy that allows every syscall (the seccomp part) and these destinations.
  fs::path policy(const std::vector<std::string>& allow) {
    nlohmann::json j{{"capsule_policy", 1},
                     {"seccomp", {{"defaultAction", "SCMP_ACT_ALLOW"}, {"syscalls", nlohmann::json::array()}}},
                     {"egress", {{"allow", allow}}}};
    const fs::path p = files.path() / "egress.json";
    spit(p, j.dump());
    return p;
  }

  std::string a() const { return std::to_string(allowed); }
  std::string n() const { return std::to_string(named); }
  std::string o() const { return std::to_string(other); }

  // The probe's steps: allowed and refused, over TCP, UDP (sendto, sendmsg), IPv4 and IPv6, and a
  // name before and after the program read /etc/hosts.
  std::vector<std::string> probe() const {
    return {helper("egress_probe"), "tcp", "127.0.0.1", a(), "tcp", "127.0.0.1", o(), "udp", "127.0.0.1", a(),
            "udp", "127.0.0.1", o(), "msg", "127.0.0.1", o(), "tcp", "::1", a(), "tcp", "::1", o(),
            "tcp", "127.0.0.1", n(), "tcp", "localhost", n()};
  }
  std::vector<std::string> allow() const { return {"127.0.0.1:" + a(), "[::1]:" + a(), "localhost:" + n()}; }
};

TEST_F(EgressPolicy, RefusedDestinationsGetEaccesAndAreDenialsAndFindings) {
  const fs::path p = policy(allow());
  const Outcome r = capsule_run(home.path(), probe(), {"--policy", p.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // Allowed: the kernel tried (nothing listens: ECONNREFUSED; a UDP send goes out). Refused: EACCES.
  // 127.0.0.1:N is refused until the program is told 127.0.0.1 is localhost (its /etc/hosts read).
  EXPECT_EQ(lines_of(r.out), (std::vector<std::string>{
                                 "tcp 127.0.0.1 " + a() + ": ECONNREFUSED", "tcp 127.0.0.1 " + o() + ": EACCES",
                                 "udp 127.0.0.1 " + a() + ": ok", "udp 127.0.0.1 " + o() + ": EACCES",
                                 "msg 127.0.0.1 " + o() + ": EACCES", "tcp ::1 " + a() + ": ECONNREFUSED",
                                 "tcp ::1 " + o() + ": EACCES", "tcp 127.0.0.1 " + n() + ": EACCES",
                                 "tcp localhost " + n() + ": ECONNREFUSED"}))
      << r.err;
  const fs::path run = latest_run(home.path());
  const std::vector<std::string> refused{
      "connect egress 127.0.0.1:" + o(), "sendto egress 127.0.0.1:" + o(), "sendmsg egress 127.0.0.1:" + o(),
      "connect egress [::1]:" + o(), "connect egress 127.0.0.1:" + n()};
  EXPECT_EQ(policy_refused(run), refused);
  EXPECT_NE(r.err.find("capsule: policy denied 5 calls: egress:connect \u00d73, egress:sendto, egress:sendmsg\n"),
            std::string::npos)
      << r.err;
  // Each refusal is in syscalls.log as the program saw it, and a finding names program and peer.
  const std::string log = slurp(run / "syscalls.log");
  EXPECT_NE(log.find("htons(" + o() + "), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EACCES (Permission denied)"),
            std::string::npos)
      << log;
  int findings = 0;
  for (const auto& f : read_jsonl(run / "risks.jsonl")) {
    if (f["rule"] != "egress-denied") continue;
    ++findings;
    EXPECT_EQ(f["severity"], "medium");
    EXPECT_NE(f["description"].get<std::string>().find("by the policy (by: egress; EACCES)"), std::string::npos);
  }
  EXPECT_EQ(findings, 5);  // one per program, call and peer: five different ones
  const auto manifest = nlohmann::json::parse(slurp(run / "manifest.json"));
  EXPECT_EQ(manifest["extra"]["policy_denied"],
            (nlohmann::json{{"egress:connect", 3}, {"egress:sendto", 1}, {"egress:sendmsg", 1}}));
  const Outcome v = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--run", run.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;

  // policy check agrees with what enforcement refused, on the enforced run itself.
  const auto [check, listed] = policy_check(home.path(), p, run);
  EXPECT_EQ(check.exit_code, 7) << check.err;
  EXPECT_EQ(listed, refused) << check.out;
}

// What is refused does not depend on what is recorded: --trace network leaves the /etc/hosts
// read out of the log, and the name it taught still holds.
TEST_F(EgressPolicy, NamesAreLearntFromCallsTraceLeavesOut) {
  const fs::path p = policy({"localhost:" + n()});
  const Outcome r = capsule_run(home.path(), {helper("egress_probe"), "tcp", "localhost", n(), "tcp", "127.0.0.1", o()},
                                {"--policy", p.string(), "--trace", "network"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "tcp localhost " + n() + ": ECONNREFUSED\ntcp 127.0.0.1 " + o() + ": EACCES\n");
  const std::string log = slurp(latest_run(home.path()) / "syscalls.log");
  EXPECT_EQ(log.find("read(3</etc/hosts>"), std::string::npos) << log;
  EXPECT_NE(log.find("connect("), std::string::npos) << log;
}

TEST_F(EgressPolicy, NameFromAFakeDnsAnswer) {
  // Answers every A query with 127.0.0.7; prints its UDP port.
  constexpr const char* kServer = R"(
import socket
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0))
print(u.getsockname()[1], flush=True)
while True:
    q, a = u.recvfrom(512)
    i = 12
    while q[i] != 0:
        i += 1 + q[i]
    u.sendto(q[:2] + b'\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00' + q[12:i + 5] +
             b'\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04' + bytes([127, 0, 0, 7]), a)
)";
  const fs::path script = files.path() / "dns.py";
  std::ofstream(script) << kServer;
  BackgroundProcess server({"python3", script.string()});
  const auto line = server.next_out_line(20s);
  ASSERT_TRUE(line) << server.rest_of_err();
  const std::string dns = line->text;
  // The server's port by address; the name's answer at one port only.
  const fs::path p = policy({"127.0.0.1:" + dns, "egress.test:" + a()});
  const Outcome ok = capsule_run(home.path(), {helper("dns_client"), dns, "egress.test", a()}, {"--policy", p.string()});
  EXPECT_EQ(ok.exit_code, 5) << ok.err;  // allowed: the kernel tried 127.0.0.7 (nothing listens: connect fails)
  EXPECT_TRUE(policy_refused(latest_run(home.path())).empty());
  const Outcome no = capsule_run(home.path(), {helper("dns_client"), dns, "egress.test", o()}, {"--policy", p.string()});
  EXPECT_EQ(no.exit_code, 5) << no.err;
  EXPECT_EQ(policy_refused(latest_run(home.path())), (std::vector<std::string>{"connect egress 127.0.0.7:" + o()}));
  // Another name's answer is the same address, but not the name the policy allows.
  const Outcome other_name =
      capsule_run(home.path(), {helper("dns_client"), dns, "elsewhere.test", a()}, {"--policy", p.string()});
  EXPECT_EQ(other_name.exit_code, 5) << other_name.err;
  EXPECT_EQ(policy_refused(latest_run(home.path())), (std::vector<std::string>{"connect egress 127.0.0.7:" + a()}));
  const auto risks = read_jsonl(latest_run(home.path()) / "risks.jsonl");
  bool named_peer = false;
  for (const auto& f : risks) {
    if (f["rule"] == "egress-denied") named_peer = f.value("host", "") == "elsewhere.test";
  }
  EXPECT_TRUE(named_peer);
}

TEST_F(EgressPolicy, ComplainModeRefusesNothingAndListsTheSameCalls) {
  const fs::path p = policy(allow());
  const fs::path summary = files.path() / "summary.json";
  const Outcome r = capsule_run(home.path(), probe(),
                                {"--policy", p.string(), "--policy-mode", "complain", "--summary-json", summary.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& l : lines_of(r.out)) EXPECT_EQ(l.find("EACCES"), std::string::npos) << l;
  const fs::path run = latest_run(home.path());
  EXPECT_TRUE(policy_refused(run).empty());
  const std::vector<std::string> would{
      "connect egress 127.0.0.1:" + o(), "sendto egress 127.0.0.1:" + o(), "sendmsg egress 127.0.0.1:" + o(),
      "connect egress [::1]:" + o(), "connect egress 127.0.0.1:" + n()};
  EXPECT_NE(r.err.find("capsule: policy (complain) would deny 5 calls: egress:connect \u00d73, egress:sendto, "
                       "egress:sendmsg\n"),
            std::string::npos)
      << r.err;
  // One finding per call, with its seq as evidence, written into the sealed risks stream.
  std::vector<uint64_t> seqs;
  for (const auto& f : read_jsonl(run / "risks.jsonl")) {
    if (f["rule"] != "policy-would-deny") continue;
    EXPECT_EQ(f["severity"], "low");
    EXPECT_EQ(f["exe"], fs::weakly_canonical(helper("egress_probe")).string());
    EXPECT_NE(f["description"].get<std::string>().find("by the policy (by: egress: "), std::string::npos);
    ASSERT_EQ(f["evidence"].size(), 1u);
    seqs.push_back(f["evidence"][0].get<uint64_t>());
  }
  ASSERT_EQ(seqs.size(), 5u);
  const auto events = read_jsonl(run / "events.jsonl");
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(events.at(seqs[i])["syscall"], would[i].substr(0, would[i].find(' ')));
  const Outcome v = run_program({capsule_bin(), "verify", "--home", home.path().string(), "--run", run.string()});
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;  // the counts in the manifest add up: the findings are in the seal
  // --summary-json: the list, call by call.
  const auto j = nlohmann::json::parse(slurp(summary));
  EXPECT_EQ(j["policy_would_deny"]["total"], 5);
  EXPECT_EQ(j["policy_would_deny"]["by_call"],
            (nlohmann::json{{"egress:connect", 3}, {"egress:sendto", 1}, {"egress:sendmsg", 1}}));
  ASSERT_EQ(j["policy_would_deny"]["calls"].size(), 5u);
  EXPECT_EQ(j["policy_would_deny"]["calls"][0]["destination"], "127.0.0.1:" + o());
  EXPECT_EQ(j["policy_would_deny"]["calls"][0]["seq"], seqs[0]);
  // policy check of the free run lists what complain mode listed, and what enforcement refuses.
  EXPECT_EQ(policy_check(home.path(), p, run).second, would);
  capsule_run(home.path(), probe(), {"--policy", p.string()});
  EXPECT_EQ(policy_refused(latest_run(home.path())), would);
}

TEST_F(EgressPolicy, ProfileLearnsTheDestinationsAndTheirNames) {
  const std::vector<std::string> argv{helper("egress_probe"), "tcp", "127.0.0.1", a(), "udp", "::1", o(),
                                      "tcp", "localhost", n()};
  const Outcome free = capsule_run(home.path(), argv);
  ASSERT_EQ(free.exit_code, 0) << free.err;
  const fs::path learnt = files.path() / "learnt.json";
  const Outcome p = run_program({capsule_bin(), "profile", "--home", home.path().string(), "-o", learnt.string()});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  const auto j = nlohmann::json::parse(slurp(learnt));
  // 127.0.0.1 by address (connected to before the name was read), then by the name it was told.
  EXPECT_EQ(j["egress"]["allow"], (nlohmann::json{"127.0.0.1:" + a(), "[::1]:" + o(), "localhost:" + n()}));
  // Enforced on the same program: it passes as it did.
  const Outcome again = capsule_run(home.path(), argv, {"--policy", learnt.string()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.out, free.out);
  EXPECT_TRUE(policy_refused(latest_run(home.path())).empty());
}

TEST_F(EgressPolicy, MistakesAndBackendsThatCannotRefuse) {
  const fs::path bad = files.path() / "bad.json";
  spit(bad, R"({"capsule_policy":1,"seccomp":{"defaultAction":"SCMP_ACT_ALLOW"},"egress":{"allow":["::1:80"]}})");
  const Outcome r = capsule_run(home.path(), {"/bin/true"}, {"--policy", bad.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "capsule: " + bad.string() +
                       ": egress.allow[0]: '::1': an IPv6 address is written in brackets ([::1]:5432)\n");
  const fs::path p = policy(allow());
  for (const char* backend : {"ebpf", "strace"}) {
    const Outcome o = capsule_run(home.path(), {"/bin/true"}, {"--backend", backend, "--policy", p.string()});
    EXPECT_EQ(o.exit_code, 2) << backend;
    EXPECT_EQ(o.err, "capsule: --policy " + p.string() + ": its egress allow-list needs the ptrace backend (" +
                         backend + " observes calls and cannot refuse one before it runs)\n");
  }
  // auto picks the backend that enforces.
  const Outcome a = capsule_run(home.path(), {"/bin/true"}, {"--backend", "auto", "--policy", p.string()});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_NE(a.err.find("capsule: backend ptrace (--backend auto: --policy: the ptrace backend enforces it)\n"),
            std::string::npos)
      << a.err;
}

TEST_F(EgressPolicy, PolicyCheckRefusesARunThatDoesNotVerify) {
  ASSERT_EQ(capsule_run(home.path(), {"/bin/true"}).exit_code, 0);
  const fs::path run = latest_run(home.path());
  std::string log = slurp(run / "syscalls.log");
  log[log.size() / 2] = log[log.size() / 2] == 'x' ? 'y' : 'x';
  spit(run / "syscalls.log", log);
  const auto [o, calls] = policy_check(home.path(), policy(allow()), run);
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_TRUE(o.err.starts_with("capsule: run ")) << o.err;
  EXPECT_NE(o.err.find(" does not verify: "), std::string::npos) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_TRUE(o.out.empty());
}

}  // namespace
}  // namespace capsule::test
