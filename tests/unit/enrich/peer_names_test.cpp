// The run's name table: which DNS answers and /etc/hosts lines it believes, and what it answers
// for peers written as addresses, "ip:port" and socket refs.
#include <gtest/gtest.h>

#include <string>

#include "enrich/peer_names.h"
#include "event_builder.h"

namespace capsule {
namespace {

using test::EventBuilder;

std::string be16_text(unsigned v) { return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }

// "\x04host\x04test\x00": the question for host.test, type A, class IN.
const std::string kQuestion = std::string("\x04host\x04test", 10) + std::string(1, '\0') + be16_text(1) + be16_text(1);

std::string query(unsigned id) { return be16_text(id) + be16_text(0x0100) + be16_text(1) + be16_text(0) + be16_text(0) + be16_text(0) + kQuestion; }

std::string answer(unsigned id, const std::string& ip4) {
  return be16_text(id) + be16_text(0x8180) + be16_text(1) + be16_text(1) + be16_text(0) + be16_text(0) + kQuestion + "\xc0\x0c" + be16_text(1) + be16_text(1) +
         be16_text(0) + be16_text(60) + be16_text(4) + ip4;
}

FdEntry udp_socket(std::string remote = {}) {
  FdEntry e;
  e.cls = ResourceClass::Socket;
  e.proto = "UDP";
  e.remote = std::move(remote);
  return e;
}

SyscallEvent moved(const char* call, const std::string& bytes, int32_t pid = 10) {
  return EventBuilder(pid, call).fd("fd", 3).str("buf", bytes).num("count", 512).ret(static_cast<int64_t>(bytes.size()));
}

const std::string kIp = std::string("\xc6\x33\x64\x07", 4);  // 198.51.100.7

TEST(PeerNames, AnswerToOwnQueryOnAnyPort) {
  PeerNames names;
  const FdEntry sock = udp_socket("127.0.0.1:5300");
  names.learn(moved("write", query(0x77)), &sock, false);
  names.learn(moved("read", answer(0x77, kIp)), &sock, true);
  EXPECT_EQ(names.name_of("198.51.100.7"), "host.test");
  EXPECT_EQ(names.name_of("198.51.100.7:443"), "host.test");
  EXPECT_EQ(names.name_of("TCP:[10.0.0.2:40000->198.51.100.7:443]"), "host.test");
  EXPECT_EQ(names.name_of("198.51.100.8:443"), "");
}

TEST(PeerNames, UnaskedAnswerOffPort53IsIgnored) {
  PeerNames names;
  const FdEntry sock = udp_socket("127.0.0.1:5300");
  names.learn(moved("write", query(0x77)), &sock, false);
  names.learn(moved("read", answer(0x78, kIp)), &sock, true);  // another id
  names.learn(moved("read", answer(0x77, kIp), 11), &sock, true);  // another process
  EXPECT_TRUE(names.empty());
}

TEST(PeerNames, ResolverAnswerOnPort53NeedsNoQuery) {
  // glibc sends its queries with sendmmsg, which is not decoded: the answer from :53 suffices.
  PeerNames names;
  const FdEntry sock = udp_socket("192.0.2.53:53");
  names.learn(moved("read", answer(0x99, kIp)), &sock, true);
  EXPECT_EQ(names.name_of("198.51.100.7:443"), "host.test");
}

TEST(PeerNames, StraceRefsNameTheSocket) {
  PeerNames names;
  FdEntry sock;
  sock.cls = ResourceClass::Socket;
  sock.ref = "UDP:[10.0.0.2:41000->192.0.2.53:53]";
  names.learn(moved("read", answer(1, kIp)), &sock, true);
  EXPECT_EQ(names.name_of("198.51.100.7"), "host.test");
}

TEST(PeerNames, OnlyTheBytesTheCallMoved) {
  PeerNames names;
  const FdEntry sock = udp_socket("192.0.2.53:53");
  SyscallEvent ev = moved("read", answer(1, kIp));
  ev.ret = 20;  // the address is past what the call returned
  names.learn(ev, &sock, true);
  EXPECT_TRUE(names.empty());
}

TEST(PeerNames, HostsFileLinesDoNotRenameDnsAnswers) {
  PeerNames names;
  const FdEntry sock = udp_socket("192.0.2.53:53");
  names.learn(moved("read", answer(1, kIp)), &sock, true);
  FdEntry hosts;
  hosts.cls = ResourceClass::File;
  hosts.ref = "/etc/hosts";
  const std::string text =
      "# static table\n127.0.0.1\tlocalhost\n::1 localhost ip6-localhost # v6\n\n198.51.100.7 other.test\n"
      "10.1.2.3 build-cache";
  names.learn(moved("read", text), &hosts, true);
  EXPECT_EQ(names.name_of("127.0.0.1:8080"), "localhost");
  EXPECT_EQ(names.name_of("[::1]:53"), "localhost");
  EXPECT_EQ(names.name_of("198.51.100.7"), "host.test");
  EXPECT_EQ(names.name_of("10.1.2.3"), "build-cache");  // a last line without newline, read whole
  // Written, not read: a program writing /etc/hosts teaches nothing.
  PeerNames other;
  other.learn(moved("write", text), &hosts, false);
  EXPECT_TRUE(other.empty());
}

TEST(PeerNames, PeerIpOfEveryShape) {
  EXPECT_EQ(peer_ip("203.0.113.80:443"), "203.0.113.80");
  EXPECT_EQ(peer_ip("[2001:db8::1]:53"), "2001:db8::1");
  EXPECT_EQ(peer_ip("2001:db8::1"), "2001:db8::1");
  EXPECT_EQ(peer_ip("TCPv6:[[::1]:4000->[2001:db8::2]:443]"), "2001:db8::2");
  EXPECT_EQ(peer_ip("10.0.0.1"), "10.0.0.1");
}

}  // namespace
}  // namespace capsule
