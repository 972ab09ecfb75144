// Small helpers shared by the event and action column extractors.
#include <array>
#include <ctime>

#include "view/record_columns.h"

namespace capsule::view::columns {

using Json = nlohmann::json;

std::string time_of_day(const Json& value) {
  if (value.is_string()) {
    const std::string& iso = value.get_ref<const std::string&>();
    const size_t t = iso.find('T');
    if (t == std::string::npos) return iso;
    std::string out = iso.substr(t + 1);
    if (!out.empty() && out.back() == 'Z') out.pop_back();
    return out;
  }
  if (value.is_number_integer()) {
    const int64_t us = value.get<int64_t>();
    const std::time_t secs = static_cast<std::time_t>(us / 1000000);
    std::tm tm{};
    if (gmtime_r(&secs, &tm) == nullptr) return {};
    std::array<char, 32> buf{};
    std::snprintf(buf.data(), buf.size(), "%02d:%02d:%02d.%06lld", tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<long long>(us % 1000000));
    return buf.data();
  }
  return {};
}

std::string text_of(const Json& record, std::string_view key) {
  if (!record.is_object()) return {};
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
  return it->dump();
}

std::string base_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool is_privilege_syscall(std::string_view name) {
  static constexpr std::array<std::string_view, 22> kNames{
      "setuid",   "setgid",   "setreuid",   "setregid",   "setresuid",   "setresgid",
      "setfsuid", "setfsgid", "setgroups",  "setuid32",   "setgid32",    "setreuid32",
      "setregid32", "setresuid32", "setresgid32", "setfsuid32", "setfsgid32", "setgroups32",
      "capset",   "unshare",  "setns",      "chroot"};
  for (const std::string_view n : kNames) {
    if (n == name) return true;
  }
  return false;
}

}  // namespace capsule::view::columns
