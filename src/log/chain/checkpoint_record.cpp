#include "log/chain/checkpoint_record.h"

#include <blake3.h>

#include <nlohmann/json.hpp>

namespace capsule {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kMessageDomain{"capsule.checkpoint.v2\0", 22};
constexpr std::string_view kManifestDomain{"capsule.manifest.v2\0", 20};

void put_u64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(static_cast<uint8_t>(v >> (8 * i))));
}

template <size_t N>
void put_bytes(std::string& out, const std::array<uint8_t, N>& b) {
  out.append(reinterpret_cast<const char*>(b.data()), b.size());
}

void put_str(std::string& out, std::string_view s) {
  out.append(s);
  out.push_back('\0');
}

const char* kind_name(CheckpointKind k) {
  switch (k) {
    case CheckpointKind::Open: return "open";
    case CheckpointKind::Checkpoint: return "checkpoint";
    case CheckpointKind::Seal: return "seal";
  }
  return "?";
}

template <size_t N>
std::string hex(const std::array<uint8_t, N>& b) { return bytes_to_hex(b.data(), b.size()); }

template <size_t N>
bool unhex(const Json& j, const char* key, std::array<uint8_t, N>& out) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() &&
         hex_to_bytes(it->get_ref<const std::string&>(), out.data(), out.size());
}

bool get_u64(const Json& j, const char* key, uint64_t& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_unsigned()) return false;
  out = it->get<uint64_t>();
  return true;
}

bool get_i64(const Json& j, const char* key, int64_t& out) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return false;
  out = it->get<int64_t>();
  return true;
}

}  // namespace

std::string signed_message(const CheckpointRecord& r, std::string_view run_id, const Hash32& prev) {
  std::string m(kMessageDomain);
  put_str(m, run_id);
  put_u64(m, r.seq);
  put_bytes(m, prev);
  m.push_back(static_cast<char>(r.kind));
  if (r.kind == CheckpointKind::Open) {
    put_bytes(m, r.signer);
    put_u64(m, r.sealed_k0.size());
    m.append(r.sealed_k0);
    put_u64(m, r.every_records);
    put_u64(m, r.every_us);
    return m;
  }
  put_u64(m, r.epoch);
  put_u64(m, static_cast<uint64_t>(r.ts_us));
  put_u64(m, r.streams.size());
  for (const StreamPoint& s : r.streams) {
    put_str(m, s.name);
    put_u64(m, s.records);
    put_bytes(m, s.head);
    put_bytes(m, s.tag);
  }
  if (r.kind == CheckpointKind::Seal) {
    put_u64(m, static_cast<uint64_t>(r.exit_code));
    m.push_back(r.exit_signal ? '\1' : '\0');
    put_u64(m, static_cast<uint64_t>(r.exit_signal.value_or(0)));
    put_bytes(m, r.manifest_digest);
  }
  return m;
}

std::string render_checkpoint(const CheckpointRecord& r, std::string_view run_id) {
  Json j;
  j["seq"] = r.seq;
  j["type"] = kind_name(r.kind);
  if (r.kind == CheckpointKind::Open) {
    j["run"] = run_id;
    j["signer"] = hex(r.signer);
    j["key_id"] = key_fingerprint(r.signer);
    j["sealed_k0"] = bytes_to_hex(reinterpret_cast<const uint8_t*>(r.sealed_k0.data()),
                                  r.sealed_k0.size());
    j["every_records"] = r.every_records;
    j["every_us"] = r.every_us;
  } else {
    j["epoch"] = r.epoch;
    j["ts_us"] = r.ts_us;
    Json streams = Json::array();
    for (const StreamPoint& s : r.streams) {
      streams.push_back(Json{{"name", s.name}, {"records", s.records}, {"head", hex(s.head)},
                             {"tag", hex(s.tag)}});
    }
    j["streams"] = std::move(streams);
    if (r.kind == CheckpointKind::Seal) {
      j["exit_code"] = r.exit_code;
      j["exit_signal"] = r.exit_signal ? Json(*r.exit_signal) : Json(nullptr);
      j["manifest"] = hex(r.manifest_digest);
    }
  }
  j["sig"] = hex(r.signature);
  return j.dump();
}

bool parse_checkpoint(std::string_view payload, CheckpointRecord& out, std::string& why) {
  const Json j = Json::parse(payload, nullptr, false);
  why = "malformed checkpoint record";
  if (!j.is_object() || !get_u64(j, "seq", out.seq) || !unhex(j, "sig", out.signature)) return false;
  const auto type = j.find("type");
  if (type == j.end() || !type->is_string()) return false;
  const std::string& t = type->get_ref<const std::string&>();
  if (t == "open") {
    out.kind = CheckpointKind::Open;
    auto sealed = j.find("sealed_k0");
    if (!unhex(j, "signer", out.signer) || sealed == j.end() || !sealed->is_string() ||
        !get_u64(j, "every_records", out.every_records) || !get_u64(j, "every_us", out.every_us)) {
      return false;
    }
    const std::string& h = sealed->get_ref<const std::string&>();
    out.sealed_k0.assign(h.size() / 2, '\0');
    return hex_to_bytes(h, reinterpret_cast<uint8_t*>(out.sealed_k0.data()), out.sealed_k0.size());
  }
  if (t == "checkpoint") out.kind = CheckpointKind::Checkpoint;
  else if (t == "seal") out.kind = CheckpointKind::Seal;
  else return false;
  auto streams = j.find("streams");
  if (!get_u64(j, "epoch", out.epoch) || !get_i64(j, "ts_us", out.ts_us) || streams == j.end() ||
      !streams->is_array()) {
    return false;
  }
  for (const Json& s : *streams) {
    StreamPoint p;
    auto name = s.find("name");
    if (!s.is_object() || name == s.end() || !name->is_string() ||
        !get_u64(s, "records", p.records) || !unhex(s, "head", p.head) || !unhex(s, "tag", p.tag)) {
      return false;
    }
    p.name = name->get<std::string>();
    out.streams.push_back(std::move(p));
  }
  if (out.kind == CheckpointKind::Seal) {
    if (!get_i64(j, "exit_code", out.exit_code) || !unhex(j, "manifest", out.manifest_digest)) {
      return false;
    }
    auto sig = j.find("exit_signal");
    if (sig == j.end()) return false;
    if (!sig->is_null()) {
      if (!sig->is_number_integer()) return false;
      out.exit_signal = sig->get<int64_t>();
    }
  }
  return true;
}

Hash32 manifest_digest(std::string_view manifest_bytes) {
  blake3_hasher h;
  blake3_hasher_init(&h);
  blake3_hasher_update(&h, kManifestDomain.data(), kManifestDomain.size());
  blake3_hasher_update(&h, manifest_bytes.data(), manifest_bytes.size());
  Hash32 out;
  blake3_hasher_finalize(&h, out.data(), out.size());
  return out;
}

}  // namespace capsule
