#include "detect/glob.h"

namespace capsule {
namespace {

bool has_wildcard(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

// One [...] set at p[0] == '['; returns the index after ']' and whether c is in it; npos when the
// set is not closed (then '[' is an ordinary character).
size_t match_set(std::string_view p, char c, bool& in) {
  size_t i = 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool found = false;
  bool first = true;
  for (; i < p.size(); ++i) {
    if (p[i] == ']' && !first) {
      in = found != negate;
      return i + 1;
    }
    first = false;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      if (c >= p[i] && c <= p[i + 2]) found = true;
      i += 2;
    } else if (p[i] == c) {
      found = true;
    }
  }
  return std::string_view::npos;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t) {
  // Recursive on stars only: rule patterns hold one or two of them, so the backtracking stays
  // small, and a single '*' may not cross '/' while '**' may.
  while (!p.empty()) {
    if (p.front() == '*') {
      const bool crosses = p.size() > 1 && p[1] == '*';
      while (!p.empty() && p.front() == '*') p.remove_prefix(1);
      if (p.empty()) return crosses || t.find('/') == std::string_view::npos;
      for (size_t i = 0; i <= t.size(); ++i) {
        if (glob_match(p, t.substr(i))) return true;
        if (i < t.size() && !crosses && t[i] == '/') return false;
      }
      return false;
    }
    if (t.empty()) return false;
    size_t used = 1;
    bool ok = false;
    if (p.front() == '?') {
      ok = t.front() != '/';
    } else if (p.front() == '[') {
      bool in = false;
      const size_t end = match_set(p, t.front(), in);
      if (end == std::string_view::npos) {
        ok = t.front() == '[';
      } else {
        ok = in;
        used = end;
      }
    } else {
      ok = p.front() == t.front();
    }
    if (!ok) return false;
    p.remove_prefix(used);
    t.remove_prefix(1);
  }
  return t.empty();
}

Glob::Glob(std::string_view pattern, bool path_like) : source_(pattern) {
  std::string_view body = pattern;
  if (path_like && body.starts_with("~/")) {
    home_relative_ = true;
    body.remove_prefix(2);
  } else if (path_like && body.find('/') == std::string_view::npos) {
    basename_ = true;
  }
  body_ = body;
  if (!has_wildcard(body)) {
    shape_ = Shape::Exact;
  } else if (body.ends_with("**") && !has_wildcard(body.substr(0, body.size() - 2))) {
    shape_ = Shape::Prefix;
    body_ = body.substr(0, body.size() - 2);
  } else if (body.starts_with("**") && !has_wildcard(body.substr(2))) {
    shape_ = Shape::Suffix;
    body_ = body.substr(2);
  } else if (basename_ && body.starts_with("*") && !has_wildcard(body.substr(1))) {
    shape_ = Shape::Suffix;  // in a basename '*' cannot meet a '/'
    body_ = body.substr(1);
  }
}

bool Glob::matches(std::string_view text, std::string_view home) const {
  if (home_relative_) {
    if (home.empty() || home == "/") return false;
    if (!text.starts_with(home) || text.size() <= home.size() || text[home.size()] != '/') return false;
    text.remove_prefix(home.size() + 1);
  } else if (basename_) {
    const size_t slash = text.rfind('/');
    if (slash != std::string_view::npos) text.remove_prefix(slash + 1);
  }
  switch (shape_) {
    case Shape::Exact: return text == body_;
    case Shape::Prefix: return text.starts_with(body_);
    case Shape::Suffix: return text.ends_with(body_);
    case Shape::General: return glob_match(body_, text);
  }
  return false;
}

}  // namespace capsule
