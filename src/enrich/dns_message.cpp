#include "enrich/dns_message.h"
#include "base/ascii_text.h"

#include <arpa/inet.h>

#include <array>

namespace capsule {
namespace {

constexpr size_t kDnsHeaderSize = 12;
constexpr uint16_t kTypeA = 1;
constexpr uint16_t kTypeAaaa = 28;
constexpr uint16_t kClassIn = 1;
constexpr size_t kMaxName = 255;      // RFC 1035 2.3.4
constexpr size_t kMaxAnswers = 64;    // more is no resolver's answer to one question
constexpr int kMaxPointers = 32;

uint16_t be16(std::string_view b, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(b[at]) << 8) | static_cast<uint8_t>(b[at + 1]));
}

// Reads the name at `pos` into `out` (when non-null) and moves `pos` past it in the message (a
// compression pointer ends the name's own bytes). False on any malformation.
bool read_name(std::string_view msg, size_t& pos, std::string* out) {
  size_t at = pos;
  bool jumped = false;
  int pointers = 0;
  size_t length = 0;
  if (out != nullptr) out->clear();
  for (;;) {
    if (at >= msg.size()) return false;
    const uint8_t len = static_cast<uint8_t>(msg[at]);
    if ((len & 0xC0) == 0xC0) {
      if (at + 1 >= msg.size() || ++pointers > kMaxPointers) return false;
      const size_t target = be16(msg, at) & 0x3FFFu;
      if (target >= at) return false;  // only backwards: a pointer cannot make a loop
      if (!jumped) pos = at + 2;
      jumped = true;
      at = target;
      continue;
    }
    if ((len & 0xC0) != 0) return false;  // the reserved label types
    if (len == 0) {
      if (!jumped) pos = at + 1;
      return true;
    }
    if (at + 1 + len > msg.size()) return false;
    length += len + 1u;
    if (length > kMaxName) return false;
    if (out != nullptr) {
      if (!out->empty()) out->push_back('.');
      for (size_t i = 0; i < len; ++i) {
        out->push_back(ascii_lower(msg[at + 1 + i]));
      }
    }
    at += 1u + len;
  }
}

std::string address_text(int family, const char* bytes) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (inet_ntop(family, bytes, text.data(), text.size()) == nullptr) return {};
  return text.data();
}

}  // namespace

std::optional<DnsMessage> parse_dns_message(std::string_view msg) {
  if (msg.size() < kDnsHeaderSize) return std::nullopt;
  DnsMessage m;
  m.id = be16(msg, 0);
  const uint16_t flags = be16(msg, 2);
  m.response = (flags & 0x8000u) != 0;
  if (((flags >> 11) & 0xFu) != 0) return std::nullopt;  // only standard queries name hosts
  m.rcode = static_cast<uint8_t>(flags & 0xFu);
  if (be16(msg, 4) != 1) return std::nullopt;
  const uint16_t answers = be16(msg, 6);
  size_t pos = kDnsHeaderSize;
  if (!read_name(msg, pos, &m.question) || pos + 4 > msg.size()) return std::nullopt;
  m.qtype = be16(msg, pos);
  if (be16(msg, pos + 2) != kClassIn) return std::nullopt;
  pos += 4;
  for (size_t i = 0; i < answers && i < kMaxAnswers; ++i) {
    if (!read_name(msg, pos, nullptr) || pos + 10 > msg.size()) break;
    const uint16_t type = be16(msg, pos);
    const uint16_t cls = be16(msg, pos + 2);
    const size_t rdlength = be16(msg, pos + 8);
    pos += 10;
    if (pos + rdlength > msg.size()) break;  // cut short: keep what came before
    if (cls == kClassIn && type == kTypeA && rdlength == 4) {
      m.addresses.push_back(address_text(AF_INET, msg.data() + pos));
    } else if (cls == kClassIn && type == kTypeAaaa && rdlength == 16) {
      m.addresses.push_back(address_text(AF_INET6, msg.data() + pos));
    }
    pos += rdlength;
  }
  return m;
}

std::optional<DnsMessage> parse_dns_stream_message(std::string_view bytes) {
  if (bytes.size() >= 2 + kDnsHeaderSize && be16(bytes, 0) >= bytes.size() - 2) {
    if (auto m = parse_dns_message(bytes.substr(2))) return m;
  }
  return parse_dns_message(bytes);
}

}  // namespace capsule
