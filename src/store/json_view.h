// A JSON object read in place, for the store's rows (stream_rows.cpp). Parsing every stream line
// into a DOM (nlohmann::json: a map node and a string per member) was most of capsule's CPU in a
// push (15 µs per event, now 4.5, verification included: docs/BENCHMARKS.md "The PostgreSQL
// store"); a row needs a dozen members of each line, most of them copied out as they are written.
// So a line is walked once, its members kept as spans of the line, and only the strings and
// integers a row asks for are decoded.
//
// The walk checks the structure it passes over (brackets, string escapes, literals, no raw control
// characters in strings) but not all of JSON's grammar (a number's spelling, UTF-8): the lines are
// capsule's own, checked against their chain before a push, and the json and jsonb columns that
// take raw values are checked again by the server.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace capsule::store {

class JsonError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class JsonKind { Object, Array, String, Number, True, False, Null };

// One value: its text as in the line and what kind it is.
struct JsonValue {
  std::string_view raw;
  JsonKind kind = JsonKind::Null;

  // A string's content with its escapes decoded (into scratch, only when it has any).
  std::string_view string(std::string& scratch) const;
  // A number written without fraction or exponent that fits an int64_t.
  std::optional<int64_t> integer() const;
};

// Calls f(const JsonValue&) for each element of an array (nothing for any other kind); throws
// JsonError on malformed text.
void for_each_element(const JsonValue& array, const auto& f);

// The members of one object. Reusable: parse() keeps the storage of the previous line.
class JsonObject {
 public:
  JsonObject() = default;
  explicit JsonObject(std::string_view text) { parse(text); }

  // Throws JsonError when text is not one JSON object (trailing blanks allowed).
  void parse(std::string_view text);
  // The member named key (the last one, as a DOM parse keeps it), or nullptr.
  const JsonValue* find(std::string_view key) const;

  struct Member {
    std::string_view key;     // decoded
    std::string_view raw_key; // as written, between its quotes
    JsonValue value;
  };
  const std::vector<Member>& members() const { return members_; }

 private:
  std::vector<Member> members_;
  std::deque<std::string> decoded_keys_;  // keys written with escapes (capsule writes none)
};

namespace json_view_detail {
// Reads one value at text[at...] (blanks first), leaves `at` after it.
JsonValue read_value(std::string_view text, size_t& at);
size_t skip_blanks(std::string_view text, size_t at);
}  // namespace json_view_detail

void for_each_element(const JsonValue& array, const auto& f) {
  if (array.kind != JsonKind::Array) return;
  const std::string_view t = array.raw;
  size_t at = json_view_detail::skip_blanks(t, 1);
  if (at < t.size() && t[at] == ']') return;
  for (;;) {
    f(json_view_detail::read_value(t, at));
    at = json_view_detail::skip_blanks(t, at);
    if (at >= t.size()) throw JsonError("an array without its ]");
    if (t[at] == ']') return;
    if (t[at] != ',') throw JsonError("an array element not followed by , or ]");
    ++at;
  }
}

}  // namespace capsule::store
