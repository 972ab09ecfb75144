// A reader of DNS messages (RFC 1035) as a program sent or received them, to learn which host
// name an address was looked up as. The bytes are the traced program's: untrusted, possibly cut
// short by --string-limit, possibly not DNS at all. The reader bounds every length and pointer,
// follows compression pointers only backwards (no loops), and keeps what it read before a record
// that does not parse (a cut-short answer still names its first addresses).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capsule {

struct DnsMessage {
  uint16_t id = 0;
  bool response = false;    // QR bit
  uint8_t rcode = 0;
  std::string question;     // the first question's name, lowercase, without the final dot
  uint16_t qtype = 0;
  // Addresses of the A and AAAA answers ("93.184.216.34", "2001:db8::1"), in answer order.
  std::vector<std::string> addresses;
};

// The message in bytes; nullopt when the header or the question does not parse (not DNS, or
// too short to tell). Exactly one question is required: that is what every resolver sends.
std::optional<DnsMessage> parse_dns_message(std::string_view bytes);

// The same for a message over TCP, which starts with its 2-byte length (RFC 1035 4.2.2); also
// accepts a message without it (the length may have been read by a call of its own).
std::optional<DnsMessage> parse_dns_stream_message(std::string_view bytes);

}  // namespace capsule
