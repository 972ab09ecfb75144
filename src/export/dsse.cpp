// DSSE sign and open (dsse.h), on libsodium's base64 and Ed25519.
#include "export/dsse.h"

#include <sodium.h>

#include <cstring>

namespace capsule::dsse {

std::string pae(std::string_view type, std::string_view body) {
  std::string out = "DSSEv1 ";
  out += std::to_string(type.size());
  out += ' ';
  out += type;
  out += ' ';
  out += std::to_string(body.size());
  out += ' ';
  out += body;
  return out;
}

std::string base64(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size()) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

nlohmann::json sign(std::string_view payload_type, std::string_view payload, const SigningKey& key) {
  const Signature64 sig = key.sign(pae(payload_type, payload));
  return {{"payloadType", payload_type},
          {"payload", base64(payload)},
          {"signatures",
           {{{"keyid", key_fingerprint(key.public_key())},
             {"sig", base64(std::string_view(reinterpret_cast<const char*>(sig.data()), sig.size()))}}}}};
}

Opened open(const nlohmann::json& env, const PublicKey32& key) {
  Opened o;
  const auto text = [&](const nlohmann::json& j, const char* k) {
    return j.is_object() && j.contains(k) && j[k].is_string() ? std::optional(j[k].get<std::string>()) : std::nullopt;
  };
  const auto type = text(env, "payloadType");
  const auto payload64 = text(env, "payload");
  if (!type || !payload64 || !env.contains("signatures") || !env["signatures"].is_array()) {
    o.problem = "not a DSSE envelope (payloadType, payload and signatures expected)";
    return o;
  }
  const auto payload = from_base64(*payload64);
  if (!payload) {
    o.problem = "the payload is not base64";
    return o;
  }
  o.payload_type = *type;
  o.payload = *payload;
  const std::string message = pae(*type, *payload);
  for (const auto& s : env["signatures"]) {
    const auto keyid = text(s, "keyid");
    const auto sig64 = text(s, "sig");
    if (o.keyid.empty() && keyid) o.keyid = *keyid;
    const auto sig = sig64 ? from_base64(*sig64) : std::nullopt;
    if (!sig || sig->size() != Signature64{}.size()) continue;
    Signature64 raw{};
    std::memcpy(raw.data(), sig->data(), raw.size());
    if (verify_signature(key, message, raw)) {
      o.signed_by_key = true;
      o.keyid = keyid.value_or("");
      return o;
    }
  }
  o.problem = env["signatures"].empty() ? "no signatures"
                                        : "signature invalid: not made over this payload by key " + key_fingerprint(key);
  return o;
}

}  // namespace capsule::dsse
