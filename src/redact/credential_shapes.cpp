#include "redact/credential_shapes.h"

#include <array>

namespace capsule {
namespace {

bool is_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }
bool is_b64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }
bool is_slack(char c) { return is_alnum(c) || c == '-'; }

// Characters that can start a credential: the scan looks closer only at these.
constexpr std::array<bool, 256> kStarts = [] {
  std::array<bool, 256> t{};
  for (unsigned char c : std::string_view("gAxe-")) t[c] = true;
  return t;
}();

template <class Pred>
size_t run_of(std::string_view t, size_t from, Pred ok) {
  size_t i = from;
  while (i < t.size() && ok(t[i])) ++i;
  return i - from;
}

// A credential must not start inside a longer word: "xghp_…" is not a token.
bool word_start(std::string_view t, size_t i) { return i == 0 || !is_alnum(t[i - 1]); }

// prefix + a body of at least min_body characters of the given class. A body reaching the end
// of a cut string counts whatever its length: its missing tail is the rest of the token.
template <class Pred>
size_t prefixed(std::string_view t, size_t i, std::string_view prefix, size_t min_body, Pred ok, bool cut_short) {
  if (t.compare(i, prefix.size(), prefix) != 0) return 0;
  const size_t body = run_of(t, i + prefix.size(), ok);
  const size_t end = i + prefix.size() + body;
  if (body >= min_body || (cut_short && end == t.size())) return prefix.size() + body;
  return 0;
}

size_t github(std::string_view t, size_t i, bool cut) {
  for (std::string_view p : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {
    if (const size_t n = prefixed(t, i, p, 20, is_alnum, cut)) return n;
  }
  return prefixed(t, i, "github_pat_", 20, [](char c) { return is_alnum(c) || c == '_'; }, cut);
}

size_t aws(std::string_view t, size_t i, bool cut) {
  for (std::string_view p : {"AKIA", "ASIA", "ABIA", "ACCA"}) {
    if (t.compare(i, p.size(), p) != 0) continue;
    const size_t body = run_of(t, i + 4, is_upper_alnum);
    const size_t end = i + 4 + body;
    const bool whole = body == 16 && (end == t.size() || !is_alnum(t[end]));
    if (whole || (cut && end == t.size() && body > 0 && body < 16)) return 4 + body;
  }
  return 0;
}

size_t slack(std::string_view t, size_t i, bool cut) {
  if (t.compare(i, 3, "xox") != 0 || i + 4 >= t.size() || t[i + 4] != '-') return 0;
  const char k = t[i + 3];
  if (k != 'a' && k != 'b' && k != 'p' && k != 'o' && k != 's' && k != 'r') return 0;
  return prefixed(t, i, t.substr(i, 5), 10, is_slack, cut);
}

// header.payload.signature, each base64url; both JSON parts start with '{"' = "eyJ".
size_t jwt(std::string_view t, size_t i, bool cut) {
  if (t.compare(i, 3, "eyJ") != 0) return 0;
  size_t end = i + run_of(t, i, is_b64url);
  if (end - i < 10) return 0;
  if (end == t.size()) return cut ? end - i : 0;
  if (t[end] != '.') return 0;
  const size_t payload = run_of(t, end + 1, is_b64url);
  if (payload < 2 && !(cut && end + 1 + payload == t.size())) return 0;
  end += 1 + payload;
  if (end < t.size() && t[end] == '.') end += 1 + run_of(t, end + 1, is_b64url);
  return end - i;
}

// "-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED ]PRIVATE KEY-----" through the matching END line; a
// block without its END (cut, or broken) is a key to its last byte.
size_t private_key(std::string_view t, size_t i) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kTail = "PRIVATE KEY-----";
  if (t.compare(i, kBegin.size(), kBegin) != 0) return 0;
  const size_t tail = t.find(kTail, i + kBegin.size());
  const size_t eol = t.find('\n', i);
  if (tail == std::string_view::npos || (eol != std::string_view::npos && tail > eol)) return 0;
  const size_t end_line = t.find("-----END ", tail + kTail.size());
  if (end_line == std::string_view::npos) return t.size() - i;
  const size_t end_tail = t.find(kTail, end_line);
  if (end_tail == std::string_view::npos) return t.size() - i;
  return end_tail + kTail.size() - i;
}

}  // namespace

std::vector<CredentialMatch> find_credentials(std::string_view text, bool cut_short) {
  std::vector<CredentialMatch> out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (!kStarts[static_cast<unsigned char>(text[i])]) continue;
    size_t n = 0;
    std::string_view kind;
    switch (text[i]) {
      case 'g': if (word_start(text, i) && (n = github(text, i, cut_short))) kind = "github-token"; break;
      case 'A': if (word_start(text, i) && (n = aws(text, i, cut_short))) kind = "aws-access-key"; break;
      case 'x': if (word_start(text, i) && (n = slack(text, i, cut_short))) kind = "slack-token"; break;
      case 'e': if (word_start(text, i) && (n = jwt(text, i, cut_short))) kind = "jwt"; break;
      case '-': if ((n = private_key(text, i))) kind = "private-key"; break;
      default: break;
    }
    if (n == 0) continue;
    out.push_back({i, n, kind});
    i += n - 1;
  }
  return out;
}

}  // namespace capsule
