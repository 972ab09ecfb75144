#include "redact/secret_names.h"

#include <array>
#include <cctype>
#include <string>

namespace capsule {
namespace {

constexpr std::array<std::string_view, 18> kSecretParts = {
    "TOKEN", "TOKENS", "SECRET", "SECRETS", "PASSWORD", "PASSWD", "PASS", "PWD", "KEY", "APIKEY",
    "AUTH", "AUTHORIZATION", "CREDENTIAL", "CREDENTIALS", "CREDS", "COOKIE", "SESSION", "PRIVATE"};
constexpr std::array<std::string_view, 4> kSecretSuffixes = {"TOKEN", "SECRET", "PASSWORD", "PASSWD"};
constexpr std::array<std::string_view, 7> kPlaceParts = {"SOCK", "SOCKET", "PATH", "FILE", "DIR", "HOME", "TYPE"};

template <size_t N>
bool one_of(std::string_view part, const std::array<std::string_view, N>& set) {
  for (std::string_view s : set) {
    if (part == s) return true;
  }
  return false;
}

bool ends_with_secret(std::string_view part) {
  for (std::string_view s : kSecretSuffixes) {
    if (part.size() > s.size() && part.substr(part.size() - s.size()) == s) return true;
  }
  return false;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  if (name == "PWD" || name == "OLDPWD") return false;  // the working directory, not a password
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  bool secret = false;
  std::string_view last;
  std::string_view rest(upper);
  while (!rest.empty()) {
    const size_t cut = rest.find_first_of("_-.");
    const std::string_view part = rest.substr(0, cut);
    if (!part.empty()) {
      last = part;
      if (one_of(part, kSecretParts) || ends_with_secret(part)) secret = true;
    }
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + 1);
  }
  return secret && !one_of(last, kPlaceParts);
}

}  // namespace capsule
