// The DNS reader on messages built byte by byte: answers with CNAME chains, compression, both
// address families, TCP framing, and the malformed shapes a hostile program can send.
#include <gtest/gtest.h>

#include <string>

#include "enrich/dns_message.h"

namespace capsule {
namespace {

std::string u16(unsigned v) { return std::string{static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }

std::string name(const std::string& dotted) {
  std::string out;
  size_t start = 0;
  while (start < dotted.size()) {
    size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    out.push_back(static_cast<char>(dot - start));
    out += dotted.substr(start, dot - start);
    start = dot + 1;
  }
  out.push_back('\0');
  return out;
}

std::string header(unsigned id, unsigned flags, unsigned qd, unsigned an) {
  return u16(id) + u16(flags) + u16(qd) + u16(an) + u16(0) + u16(0);
}

// An answer record: owner (bytes as given, e.g. a pointer), type, class IN, TTL 60, rdata.
std::string record(const std::string& owner, unsigned type, const std::string& rdata) {
  return owner + u16(type) + u16(1) + u16(0) + u16(60) + u16(static_cast<unsigned>(rdata.size())) + rdata;
}

const std::string kPtrToQuestion = "\xc0\x0c";

// www.Example.org: CNAME edge.example.net, whose A is 203.0.113.80 and AAAA 2001:db8::50.
std::string sample_answer() {
  std::string m = header(0x1234, 0x8180, 1, 3) + name("www.Example.org") + u16(1) + u16(1);
  const size_t cname_at = m.size() + 12;  // the CNAME's rdata follows the first record's fixed part
  m += record(kPtrToQuestion, 5, name("edge.example.net"));
  const std::string ptr_edge{static_cast<char>(0xC0), static_cast<char>(cname_at)};
  m += record(ptr_edge, 1, std::string("\xcb\x00\x71\x50", 4));
  m += record(ptr_edge, 28, std::string("\x20\x01\x0d\xb8", 4) + std::string(10, '\0') + std::string("\x00\x50", 2));
  return m;
}

TEST(DnsMessage, AnswerGivesTheQuestionAndEveryAddress) {
  const auto m = parse_dns_message(sample_answer());
  ASSERT_TRUE(m);
  EXPECT_TRUE(m->response);
  EXPECT_EQ(m->id, 0x1234);
  EXPECT_EQ(m->question, "www.example.org");  // lowercase
  EXPECT_EQ(m->qtype, 1);
  EXPECT_EQ(m->addresses, (std::vector<std::string>{"203.0.113.80", "2001:db8::50"}));
}

TEST(DnsMessage, QueryHasNoAddresses) {
  const auto m = parse_dns_message(header(7, 0x0100, 1, 0) + name("a.test") + u16(28) + u16(1));
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->response);
  EXPECT_EQ(m->question, "a.test");
  EXPECT_EQ(m->qtype, 28);
  EXPECT_TRUE(m->addresses.empty());
}

TEST(DnsMessage, CutShortAnswerKeepsWhatCameBefore) {
  const std::string m = sample_answer();
  const auto cut = parse_dns_message(m.substr(0, m.size() - 5));  // the AAAA record cut
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->addresses, (std::vector<std::string>{"203.0.113.80"}));
}

TEST(DnsMessage, TcpFramingWithOrWithoutTheLength) {
  const std::string m = sample_answer();
  const auto framed = parse_dns_stream_message(u16(static_cast<unsigned>(m.size())) + m);
  ASSERT_TRUE(framed);
  EXPECT_EQ(framed->question, "www.example.org");
  const auto bare = parse_dns_stream_message(m);
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->addresses.size(), 2u);
}

TEST(DnsMessage, NotDnsIsRefused) {
  EXPECT_FALSE(parse_dns_message(""));
  EXPECT_FALSE(parse_dns_message("GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"));
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 0, 1)));       // no question
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 2, 0) + name("a.b") + u16(1) + u16(1)));  // two
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 1, 0) + name("a.b") + u16(1) + u16(3)));  // class CH
  EXPECT_FALSE(parse_dns_message(header(1, 0x2800, 1, 0) + name("a.b") + u16(1) + u16(1)));  // UPDATE
}

TEST(DnsMessage, HostileNamesAreRefused) {
  // A pointer to itself, a pointer forwards, a reserved label type, a label past the end.
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 1, 0) + kPtrToQuestion + u16(1) + u16(1)));
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 1, 0) + std::string("\xc0\x20", 2) + u16(1) + u16(1) +
                                 std::string(40, '\0')));
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 1, 0) + std::string("\x41x\0", 3) + u16(1) + u16(1)));
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 1, 0) + std::string("\x3f") + "abc"));
  // Longer than 255 bytes: five labels of 63.
  std::string huge;
  for (int i = 0; i < 5; ++i) huge += std::string(1, '\x3f') + std::string(63, 'a');
  EXPECT_FALSE(parse_dns_message(header(1, 0x8180, 1, 0) + huge + std::string(1, '\0') + u16(1) + u16(1)));
}

TEST(DnsMessage, AnswerPointerLoopStopsTheAnswers) {
  // The answer's owner points at itself: the question still parses, no address is taken.
  std::string m = header(9, 0x8180, 1, 1) + name("loop.test") + u16(1) + u16(1);
  const std::string self{static_cast<char>(0xC0), static_cast<char>(m.size())};
  m += record(self, 1, std::string("\x7f\x00\x00\x09", 4));
  const auto parsed = parse_dns_message(m);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->addresses.empty());
}

}  // namespace
}  // namespace capsule
