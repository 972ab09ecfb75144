// Host names for peers, learnt from the DNS traffic and /etc/hosts reads of the traced programs:
// a tiny DNS server (python3, outside capsule) answers the dns_client helper, which then connects
// to the address it was given; the name must appear on that connect in enriched.jsonl,
// actions.jsonl and risks.jsonl. A strace import shows a resolver on port 53 of another machine.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "background_process.h"
#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Answers every A query with 127.0.0.7 (UDP, and TCP with its 2-byte length), and accepts
// connections on 127.0.0.7; prints "UDP_PORT TCP_PORT TARGET_PORT".
constexpr const char* kServer = R"(
import select, socket, struct
def answer(q):
    i = 12
    while q[i] != 0:
        i += 1 + q[i]
    question = q[12:i + 5]
    return (q[:2] + b'\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00' + question +
            b'\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04' + bytes([127, 0, 0, 7]))
def exact(c, n):
    b = b''
    while len(b) < n:
        got = c.recv(n - len(b))
        if not got:
            raise EOFError
        b += got
    return b
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('127.0.0.1', 0))
t = socket.socket(); t.bind(('127.0.0.1', 0)); t.listen(8)
g = socket.socket(); g.bind(('127.0.0.7', 0)); g.listen(8)
print(u.getsockname()[1], t.getsockname()[1], g.getsockname()[1], flush=True)
while True:
    for s in select.select([u, t, g], [], [])[0]:
        if s is u:
            q, a = u.recvfrom(512)
            u.sendto(answer(q), a)
        else:
            c = s.accept()[0]
            try:
                if s is t:
                    r = answer(exact(c, struct.unpack('>H', exact(c, 2))[0]))
                    c.sendall(struct.pack('>H', len(r)) + r)
                else:
                    c.recv(100)
            except EOFError:
                pass
            c.close()
)";

class PeerNames : public ::testing::Test {
 protected:
  void SetUp() override {
    const fs::path script = dir.path() / "dns_server.py";
    std::ofstream(script) << kServer;
    server = std::make_unique<BackgroundProcess>(std::vector<std::string>{"python3", script.string()});
    const auto line = server->next_out_line(20s);
    ASSERT_TRUE(line) << server->rest_of_err();
    std::istringstream(line->text) >> udp_port >> tcp_port >> target_port;
    ASSERT_GT(target_port, 0);
  }

  std::vector<nlohmann::json> stream(const char* file) { return read_jsonl(latest_run(home.path()) / file); }

  // The host of each successful connect's enriched record, by the address it connected to (the
  // address is in events.jsonl, which has the same records in the same order).
  std::vector<std::pair<std::string, std::string>> connects() {
    const auto events = stream("events.jsonl");
    const auto enriched = stream("enriched.jsonl");
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i < events.size() && i < enriched.size(); ++i) {
      if (events[i].value("syscall", "") != "connect" || events[i].value("ret", -1) != 0) continue;
      out.emplace_back(events[i]["args"].dump(), enriched[i].value("host", ""));
    }
    return out;
  }

  // The helper's lookup of `name` then its connect, under capsule with a rule that reports the
  // connect with the peer's host name.
  void resolve_and_connect(const std::string& name, bool tcp) {
    const fs::path rules = dir.path() / "named.rules";
    std::ofstream(rules) << "rule named-peer\n  severity: info\n  description: {exe} reached {peer.host} at {peer}\n"
                            "  syscall is connect\n  peer.host is *.test\n";
    std::vector<std::string> argv{helper("dns_client"), std::to_string(udp_port), name,
                                  std::to_string(target_port)};
    if (tcp) {
      argv[1] = std::to_string(tcp_port);
      argv.emplace_back("tcp");
    }
    const auto o = capsule_run(home.path(), argv, {"--rules", rules.string()});
    ASSERT_EQ(o.exit_code, 0) << o.err;
  }

  void expect_named(const std::string& name) {
    const std::string target = "127.0.0.7:" + std::to_string(target_port);
    int named = 0;
    for (const auto& [args, host] : connects()) {
      if (args.find(std::to_string(target_port)) == std::string::npos) continue;
      ++named;
      EXPECT_EQ(host, name) << args;
    }
    EXPECT_EQ(named, 1);
    int actions = 0;
    for (const auto& a : stream("actions.jsonl")) {
      if (a["kind"] == "Connect" && a["target"] == target) {
        ++actions;
        EXPECT_EQ(a.value("host", ""), name);
      }
      // The DNS server's own address was never looked up: it has no name.
      if (a.value("target", "").find("127.0.0.1:" + std::to_string(udp_port)) != std::string::npos) {
        EXPECT_FALSE(a.contains("host")) << a.dump();
      }
    }
    EXPECT_EQ(actions, 1);
    const auto risks = stream("risks.jsonl");
    ASSERT_EQ(risks.size(), 1u);
    EXPECT_EQ(risks[0]["rule"], "named-peer");
    EXPECT_EQ(risks[0]["host"], name);
    EXPECT_EQ(risks[0]["description"], helper_path() + " reached " + name + " at " + target);
    // capsule summary: the peer with its name, its connect and the line written to it.
    const auto o = run_program({capsule_bin(), "summary", "--home", home.path().string(), "--json"});
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto summary = nlohmann::json::parse(o.out);
    int peers = 0;
    for (const auto& p : summary["peers"]) {
      if (p["address"] != "127.0.0.7" || p["port"] != target_port) continue;
      ++peers;
      EXPECT_EQ(p.value("host", ""), name);
      EXPECT_EQ(p["connects"], 1);
      EXPECT_EQ(p["sent"], 6);  // "hello\n"
    }
    EXPECT_EQ(peers, 1) << o.out;
  }

  static std::string helper_path() { return fs::weakly_canonical(helper("dns_client")).string(); }

  TempDir dir, home;
  std::unique_ptr<BackgroundProcess> server;
  int udp_port = 0, tcp_port = 0, target_port = 0;
};

TEST_F(PeerNames, UdpAnswerNamesTheConnect) {
  resolve_and_connect("build.Example.test", false);
  expect_named("build.example.test");
}

TEST_F(PeerNames, TcpAnswerNamesTheConnect) {
  resolve_and_connect("cache.example.test", true);
  expect_named("cache.example.test");
}

// The first name /etc/hosts gives 127.0.0.1 on this machine ("" when it names none).
std::string hosts_name_of_loopback() {
  std::ifstream in("/etc/hosts");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line.substr(0, line.find('#')));
    std::string ip, name;
    if (fields >> ip >> name && ip == "127.0.0.1") return name;
  }
  return {};
}

TEST_F(PeerNames, HostsFileReadNamesItsAddresses) {
  const std::string expected = hosts_name_of_loopback();
  if (expected.empty()) GTEST_SKIP() << "/etc/hosts names no 127.0.0.1";
  // The program reads /etc/hosts (as a resolver does), then connects to 127.0.0.1 and to
  // 127.0.0.7, which hosts does not name.
  const auto o = capsule_run(home.path(), {"python3", "-c",
                                           "import socket\n"
                                           "open('/etc/hosts').read()\n"
                                           "for ip, port in (('127.0.0.1', " + std::to_string(tcp_port) + "), ('127.0.0.7', " +
                                               std::to_string(target_port) + ")):\n"
                                           "    s = socket.socket(); s.connect((ip, port)); s.close()\n"});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto seen = connects();
  ASSERT_EQ(seen.size(), 2u);
  for (const auto& [args, host] : seen) {
    const bool to_named = args.find("127.0.0.1") != std::string::npos;
    EXPECT_EQ(host, to_named ? expected : "") << args;
  }
}

// The answer bytes as strace -x writes a buffer.
std::string strace_bytes(const std::string& b) {
  std::string out;
  char hex[5];
  for (unsigned char c : b) {
    std::snprintf(hex, sizeof hex, "\\x%02x", c);
    out += hex;
  }
  return out;
}

TEST(PeerNamesImport, ResolverOnPort53NamesTheRemotePeer) {
  TempDir dir, home;
  // example.org A 203.0.113.80, from the resolver 192.0.2.53 (glibc: connect, sendmmsg, recvfrom).
  const std::string question = std::string("\x07" "example" "\x03" "org", 12) + std::string(1, '\0') +
                               std::string("\x00\x01\x00\x01", 4);
  const std::string answer = std::string("\x12\x34\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00", 12) + question +
                             std::string("\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\xcb\x00\x71\x50", 16);
  const std::string dns = "{sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"192.0.2.53\")}";
  const std::string udp = "3<UDP:[10.0.0.2:41000->192.0.2.53:53]>";
  const fs::path trace = dir.path() / "trace.txt";
  std::ofstream(trace)
      << "300 10:00:00.000000 execve(\"/usr/bin/curl\", [\"curl\", \"https://example.org/\"], [\"HOME=/home/u\"]) = 0\n"
      << "300 10:00:00.100000 socket(AF_INET, SOCK_DGRAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_IP) = 3<UDP:[100]>\n"
      << "300 10:00:00.110000 connect(3<UDP:[100]>, " << dns << ", 16) = 0\n"
      << "300 10:00:00.120000 sendmmsg(" << udp << ", 0x7ffd0000, 2, MSG_NOSIGNAL) = 2\n"
      << "300 10:00:00.130000 recvfrom(" << udp << ", \"" << strace_bytes(answer) << "\", 2048, 0, " << dns
      << ", [28 => 16]) = " << answer.size() << "\n"
      << "300 10:00:00.140000 close(" << udp << ") = 0\n"
      << "300 10:00:00.200000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4<TCP:[101]>\n"
      << "300 10:00:00.300000 connect(4<TCP:[101]>, {sa_family=AF_INET, sin_port=htons(443), "
         "sin_addr=inet_addr(\"203.0.113.80\")}, 16) = 0\n"
      << "300 10:00:00.400000 exit_group(0) = ?\n"
      << "300 10:00:00.500000 +++ exited with 0 +++\n";
  const auto o = run_program({capsule_bin(), "import", "--home", home.path().string(), trace.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto risks = read_jsonl(latest_run(home.path()) / "risks.jsonl");
  // The resolver is not an outbound-connect finding; the peer it named is, with its name.
  ASSERT_EQ(risks.size(), 1u);
  EXPECT_EQ(risks[0]["rule"], "outbound-connect");
  EXPECT_EQ(risks[0]["host"], "example.org");
  EXPECT_NE(risks[0]["description"].get<std::string>().find("example.org (203.0.113.80:443)"), std::string::npos)
      << risks[0].dump();
  bool named = false;
  for (const auto& a : read_jsonl(latest_run(home.path()) / "actions.jsonl")) {
    if (a["kind"] == "Connect" && a["target"] == "203.0.113.80:443") named = a.value("host", "") == "example.org";
  }
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace capsule::test
