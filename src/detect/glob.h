// Shell-style patterns for paths and names, compiled once when the rules are loaded so that
// matching an event costs a few comparisons, never a regex.
//
//   *      any run of characters except '/'
//   **     any run of characters, '/' included
//   ?      one character except '/'
//   [abc]  [a-z]  [!abc]   one character of (not of) a set
//   ~/…    (path fields only) the HOME of the process the event belongs to
//
// A pattern without '/' that is matched against a path is matched against the last path
// component (as .gitignore does): `*.pem` matches /home/u/x/server.pem.
#pragma once

#include <string>
#include <string_view>

namespace capsule {

class Glob {
 public:
  // path_like: the pattern is for a path field (basename rule and ~ expansion apply).
  Glob(std::string_view pattern, bool path_like);

  // `home` is the process's HOME (only read by ~/ patterns; "" when unknown: they never match).
  bool matches(std::string_view text, std::string_view home = {}) const;

  const std::string& pattern() const { return source_; }

 private:
  enum class Shape : unsigned char {
    Exact,     // no wildcard: equality
    Prefix,    // "lit**": starts with lit
    Suffix,    // "**lit" or basename "*lit": ends with lit
    General,   // anything else: the backtracking matcher
  };
  std::string source_;
  std::string body_;       // the pattern without "~/" and as applied (see Shape)
  Shape shape_ = Shape::General;
  bool basename_ = false;  // matched against the last path component
  bool home_relative_ = false;
};

// The backtracking matcher behind Glob (exposed for the tests).
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace capsule
