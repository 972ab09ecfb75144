#include "store/json_view.h"

#include <charconv>

namespace capsule::store {
namespace json_view_detail {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Past the string that starts at text[at] (its opening quote); sets has_escape.
size_t skip_string(std::string_view text, size_t at, bool& has_escape) {
  has_escape = false;
  for (size_t i = at + 1; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '"') return i + 1;
    if (c < 0x20) throw JsonError("a control character inside a string");
    if (c != '\\') continue;
    has_escape = true;
    if (++i >= text.size()) break;
    switch (text[i]) {
      case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't': break;
      case 'u':
        for (int k = 0; k < 4; ++k) {
          if (++i >= text.size() || hex_digit(text[i]) < 0) throw JsonError("a bad \\u escape");
        }
        break;
      default: throw JsonError("a bad escape in a string");
    }
  }
  throw JsonError("a string without its closing quote");
}

// Past the object or array that starts at text[at], brackets matched.
size_t skip_container(std::string_view text, size_t at) {
  constexpr size_t kMaxDepth = 512;
  char open[kMaxDepth];
  size_t depth = 0;
  for (size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      bool escaped = false;
      i = skip_string(text, i, escaped) - 1;
    } else if (c == '{' || c == '[') {
      if (depth == kMaxDepth) throw JsonError("nested too deep");
      open[depth++] = c;
    } else if (c == '}' || c == ']') {
      if (depth == 0 || open[depth - 1] != (c == '}' ? '{' : '[')) throw JsonError("mismatched brackets");
      if (--depth == 0) return i + 1;
    }
  }
  throw JsonError("an object or array without its end");
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

uint32_t hex4(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (size_t k = 0; k < 4; ++k) v = v * 16 + static_cast<uint32_t>(hex_digit(s[at + k]));
  return v;
}

// The content of a string written with escapes (already checked by skip_string), decoded.
void decode_string(std::string_view body, std::string& out) {
  out.clear();
  out.reserve(body.size());
  for (size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    const char e = body[++i];
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp = hex4(body, i + 1);
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // A high surrogate must be followed by an escaped low one.
          if (i + 6 >= body.size() || body[i + 1] != '\\' || body[i + 2] != 'u') {
            throw JsonError("a lone surrogate in a string");
          }
          const uint32_t low = hex4(body, i + 3);
          if (low < 0xDC00 || low > 0xDFFF) throw JsonError("a lone surrogate in a string");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          throw JsonError("a lone surrogate in a string");
        }
        append_utf8(out, cp);
        break;
      }
      default: out += e; break;  // " \ /
    }
  }
}

}  // namespace

size_t skip_blanks(std::string_view text, size_t at) {
  while (at < text.size() && is_blank(text[at])) ++at;
  return at;
}

JsonValue read_value(std::string_view text, size_t& at) {
  at = skip_blanks(text, at);
  if (at >= text.size()) throw JsonError("a value missing");
  const size_t start = at;
  JsonValue v;
  auto literal = [&](std::string_view word, JsonKind kind) {
    if (text.substr(start, word.size()) != word) throw JsonError("not a JSON value");
    at = start + word.size();
    v.kind = kind;
  };
  switch (text[start]) {
    case '{':
    case '[':
      at = skip_container(text, start);
      v.kind = text[start] == '{' ? JsonKind::Object : JsonKind::Array;
      break;
    case '"': {
      bool escaped = false;
      at = skip_string(text, start, escaped);
      v.kind = JsonKind::String;
      break;
    }
    case 't': literal("true", JsonKind::True); break;
    case 'f': literal("false", JsonKind::False); break;
    case 'n': literal("null", JsonKind::Null); break;
    default: {
      while (at < text.size() && ((text[at] >= '0' && text[at] <= '9') || text[at] == '-' || text[at] == '+' ||
                                  text[at] == '.' || text[at] == 'e' || text[at] == 'E')) {
        ++at;
      }
      if (at == start) throw JsonError("not a JSON value");
      v.kind = JsonKind::Number;
    }
  }
  v.raw = text.substr(start, at - start);
  return v;
}

}  // namespace json_view_detail

using json_view_detail::read_value;
using json_view_detail::skip_blanks;

std::string_view JsonValue::string(std::string& scratch) const {
  const std::string_view body = raw.substr(1, raw.size() - 2);
  if (body.find('\\') == std::string_view::npos) return body;
  json_view_detail::decode_string(body, scratch);
  return scratch;
}

std::optional<int64_t> JsonValue::integer() const {
  if (kind != JsonKind::Number) return std::nullopt;
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || end != raw.data() + raw.size()) return std::nullopt;  // 1.5, 1e3, too large
  return v;
}

void JsonObject::parse(std::string_view text) {
  members_.clear();
  decoded_keys_.clear();
  size_t at = skip_blanks(text, 0);
  if (at >= text.size() || text[at] != '{') throw JsonError("not a JSON object");
  at = skip_blanks(text, at + 1);
  if (at < text.size() && text[at] == '}') {
    ++at;
  } else {
    for (;;) {
      at = skip_blanks(text, at);
      if (at >= text.size() || text[at] != '"') throw JsonError("an object member without its name");
      const JsonValue key{.raw = read_value(text, at).raw, .kind = JsonKind::String};
      at = skip_blanks(text, at);
      if (at >= text.size() || text[at] != ':') throw JsonError("an object member name not followed by :");
      ++at;
      Member m;
      m.raw_key = key.raw.substr(1, key.raw.size() - 2);
      m.key = m.raw_key;
      if (m.raw_key.find('\\') != std::string_view::npos) m.key = key.string(decoded_keys_.emplace_back());
      m.value = read_value(text, at);
      members_.push_back(m);
      at = skip_blanks(text, at);
      if (at >= text.size()) throw JsonError("an object without its }");
      if (text[at] == '}') {
        ++at;
        break;
      }
      if (text[at] != ',') throw JsonError("an object member not followed by , or }");
      ++at;
    }
  }
  if (skip_blanks(text, at) != text.size()) throw JsonError("text after the object");
}

const JsonValue* JsonObject::find(std::string_view key) const {
  for (auto it = members_.rbegin(); it != members_.rend(); ++it) {
    if (it->key == key) return &it->value;
  }
  return nullptr;
}

}  // namespace capsule::store
