// DSSE envelopes (https://github.com/secure-systems-lab/dsse, v1): a payload and its type,
// signed over the pre-authentication encoding PAE(type, body) =
// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, LEN the byte count in ASCII decimal.
// capsule attest signs its in-toto statement this way with the home's Ed25519 key.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "log/chain/signing_key.h"

namespace capsule::dsse {

std::string pae(std::string_view type, std::string_view body);

std::string base64(std::string_view bytes);                   // standard alphabet, padded
std::optional<std::string> from_base64(std::string_view text);  // nullopt when not base64

// {"payloadType", "payload" (base64), "signatures": [{"keyid", "sig" (base64)}]}; keyid is the
// key's fingerprint (key_fingerprint: "b3:…").
nlohmann::json sign(std::string_view payload_type, std::string_view payload, const SigningKey& key);

struct Opened {
  bool signed_by_key = false;  // a signature of the envelope checks out with the key
  std::string payload_type;
  std::string payload;         // decoded
  std::string keyid;           // of the signature that checked out (or the first one)
  std::string problem;         // why not, for a person: "not a DSSE envelope", "signature invalid"
};

// Reads an envelope and checks its signatures against key. A malformed envelope has a problem
// and signed_by_key false.
Opened open(const nlohmann::json& envelope, const PublicKey32& key);

}  // namespace capsule::dsse
