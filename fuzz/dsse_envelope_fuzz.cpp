// libFuzzer target for `capsule verify --attestation FILE`: an envelope comes from anyone.
// Its JSON is read as the command reads it, then opened against a fixed key: dsse::open must
// say what is wrong (Opened::problem) for any input, never throw or crash, and never call a
// random envelope signed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "export/dsse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)capsule::dsse::from_base64(text);
  const auto envelope = nlohmann::json::parse(text, nullptr, false);
  if (envelope.is_discarded()) return 0;
  capsule::PublicKey32 key{};
  key.fill(0x42);
  if (capsule::dsse::open(envelope, key).signed_by_key) std::abort();
  return 0;
}
