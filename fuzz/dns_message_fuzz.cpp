// libFuzzer target for the DNS reader (enrich/dns_message.h): its input is whatever bytes a traced
// program sent or received on a socket, so anything at all. Each input is read as a datagram and
// as a TCP message; besides never crashing, what it reports must stay within what RFC 1035
// allows (a name of at most 255 bytes, at most 64 addresses, each an address's text).
//
// Build (see strace_parser_fuzz.cpp for the flags) and run for 10 minutes:
//   CC=clang CXX=clang++ cmake -S /work/main -B /work/main/build-fuzz -G Ninja -DCAPSULE_FUZZ=ON \
//       -DCAPSULE_TESTS=OFF -DCAPSULE_BENCH=OFF \
//       "-DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link,address,undefined" \
//     && ninja -C /work/main/build-fuzz fuzz_dns_message
//   mkdir -p /tmp/dns-corpus && /work/main/build-fuzz/fuzz/fuzz_dns_message \
//       -max_total_time=600 -max_len=2048 /tmp/dns-corpus /work/main/fuzz/corpus/dns_message
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "enrich/dns_message.h"

namespace {

void check(const std::optional<capsule::DnsMessage>& m) {
  if (!m) return;
  if (m->question.size() > 255 || m->addresses.size() > 64) __builtin_trap();
  for (const auto& a : m->addresses) {
    if (a.empty() || a.size() > 45) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check(capsule::parse_dns_message(bytes));
  check(capsule::parse_dns_stream_message(bytes));
  return 0;
}
