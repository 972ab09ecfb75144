#include "enrich/path_text.h"

#include <vector>

namespace capsule {

std::string normalize_path(std::string_view path) {
  if (path.empty()) return {};
  const bool absolute = path.front() == '/';
  std::vector<std::string_view> parts;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    i = j + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") {
        parts.pop_back();
      } else if (!absolute) {
        parts.push_back(part);  // a relative path may climb above its start
      }
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  out.reserve(path.size());
  if (absolute) out.push_back('/');
  for (size_t k = 0; k < parts.size(); ++k) {
    if (k > 0) out.push_back('/');
    out.append(parts[k]);
  }
  if (out.empty()) out = ".";
  return out;
}

std::string resolve_path(std::string_view base, std::string_view path) {
  std::string out;
  resolve_path(base, path, out);
  return out;
}

void resolve_path(std::string_view base, std::string_view path, std::string& out) {
  if (path.empty()) {
    out.clear();
  } else if (path.front() == '/' || base.empty()) {
    out.assign(path);
  } else {
    out.assign(base);
    if (out.back() != '/') out.push_back('/');
    out.append(path);
  }
  if (!is_normal_path(out)) out = normalize_path(out);
}

bool is_normal_path(std::string_view path) {
  if (path.empty()) return true;
  if (path == "/") return true;
  size_t i = path.front() == '/' ? 1 : 0;
  while (true) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view part = path.substr(i, j - i);
    if (part.empty() || part == "." || part == "..") return false;
    if (j == path.size()) return true;
    i = j + 1;
  }
}

}  // namespace capsule
