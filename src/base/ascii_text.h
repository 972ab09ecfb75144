#pragma once
// Text helpers that must not depend on the locale: names, kinds and host names are ASCII by
// definition, and a traced program's bytes must compare the same whatever LANG the user has.
#include <string>
#include <string_view>

namespace capsule {

constexpr char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// `path` is `root` or lies under it, by whole components ("/tmpx" is not beneath "/tmp"); every
// absolute path is beneath "/".
constexpr bool path_beneath(std::string_view path, std::string_view root) {
  if (root == "/") return path.starts_with('/');
  return path.starts_with(root) && (path.size() == root.size() || path[root.size()] == '/');
}

}  // namespace capsule
