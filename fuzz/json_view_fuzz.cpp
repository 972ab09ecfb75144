// libFuzzer target for the store's in-place JSON reader (src/store/json_view.h), which `capsule
// push` runs over every line of a run's streams: lines anyone who can write the home may have
// changed. Differential: nlohmann::json, the DOM parser the rest of capsule uses, is the reference.
//   - json_view's only way out is JsonError, never a crash or another exception;
//   - every input nlohmann reads as an object, json_view reads too (it checks less, never more),
//     except for a NUL byte, where nlohmann stops reading;
//   - then each member nlohmann keeps (the last of equal keys) is found, of the same kind, and a
//     string member decodes to the same bytes, an integer member to the same value.
// Run (the fuzz build, see strace_parser_fuzz.cpp):
//   build-fuzz/fuzz/fuzz_json_view -max_total_time=600 /tmp/json-view-corpus fuzz/corpus/json_view
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "store/json_view.h"

namespace {

using capsule::store::JsonKind;
using capsule::store::JsonValue;

bool same_kind(const JsonValue& v, const nlohmann::json& j) {
  switch (v.kind) {
    case JsonKind::Object: return j.is_object();
    case JsonKind::Array: return j.is_array();
    case JsonKind::String: return j.is_string();
    case JsonKind::Number: return j.is_number();
    case JsonKind::True: return j.is_boolean() && j.get<bool>();
    case JsonKind::False: return j.is_boolean() && !j.get<bool>();
    case JsonKind::Null: return j.is_null();
  }
  return false;
}

// Walks every array (and array in array) json_view offers, decoding each string element.
void walk(const JsonValue& v, std::string& scratch) {
  if (v.kind == JsonKind::String) (void)v.string(scratch);
  if (v.kind == JsonKind::Number) (void)v.integer();
  capsule::store::for_each_element(v, [&](const JsonValue& e) { walk(e, scratch); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  capsule::store::JsonObject object;
  bool view_ok = true;
  std::string scratch;
  try {
    object.parse(text);
    for (const auto& m : object.members()) walk(m.value, scratch);
  } catch (const capsule::store::JsonError&) {
    view_ok = false;
  }
  // nlohmann stops at a NUL byte as at the end of the input (for C strings); json_view, which
  // reads the whole line, refuses it. Not a difference that counts.
  if (text.find('\0') != std::string_view::npos) return 0;
  const nlohmann::json reference = nlohmann::json::parse(text, nullptr, false);
  if (reference.is_discarded() || !reference.is_object()) return 0;
  if (!view_ok) std::abort();  // a JSON object nlohmann reads, json_view refused
  for (const auto& [key, value] : reference.items()) {
    const JsonValue* v = object.find(key);
    if (v == nullptr || !same_kind(*v, value)) std::abort();
    if (value.is_string() && v->string(scratch) != value.get<std::string>()) std::abort();
    if (value.is_number_integer()) {
      const auto n = v->integer();
      if (n && value.is_number_unsigned() ? *n >= 0 && static_cast<uint64_t>(*n) != value.get<uint64_t>()
                                          : n && *n != value.get<int64_t>()) {
        std::abort();
      }
    }
  }
  return 0;
}
