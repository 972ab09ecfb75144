#include "log/rundir/retention.h"

#include <cmath>
#include <fstream>

#include <fmt/core.h>

#include "base/number_parse.h"

namespace capsule {
namespace fs = std::filesystem;
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::optional<double> parse_days(std::string_view text) {
  if (text.empty() || text.find_first_not_of("0123456789.") != std::string_view::npos) return std::nullopt;
  try {
    size_t used = 0;
    const double d = std::stod(std::string(text), &used);
    if (used != text.size()) return std::nullopt;
    return d;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

constexpr int64_t kUsPerDay = int64_t{86400} * 1000000;

}  // namespace

std::optional<std::optional<int64_t>> parse_duration_us(std::string_view text) {
  text = trim(text);
  if (text == "never") return std::optional<int64_t>();
  if (text == "0") return std::optional<int64_t>(0);
  if (text.size() < 2) return std::nullopt;
  double unit_us = 0;
  switch (text.back()) {
    case 's': unit_us = 1e6; break;
    case 'm': unit_us = 60e6; break;
    case 'h': unit_us = 3600e6; break;
    case 'd': unit_us = static_cast<double>(kUsPerDay); break;
    default: return std::nullopt;
  }
  const auto n = parse_days(text.substr(0, text.size() - 1));  // a plain decimal number
  if (!n || *n * unit_us > 1e17) return std::nullopt;
  return std::optional<int64_t>(static_cast<int64_t>(*n * unit_us));
}

std::optional<uint64_t> parse_size(std::string_view text) {
  text = trim(text);
  size_t digits = 0;
  while (digits < text.size() && ((text[digits] >= '0' && text[digits] <= '9') || text[digits] == '.')) ++digits;
  if (digits == 0) return std::nullopt;
  double value = 0;
  try {
    size_t used = 0;
    value = std::stod(std::string(text.substr(0, digits)), &used);
    if (used != digits) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::string_view unit = trim(text.substr(digits));
  double scale = 1;
  if (!unit.empty()) {
    const char u = static_cast<char>(unit.front() & ~0x20);  // upper case
    const std::string_view units = "KMGT";
    const size_t power = units.find(u);
    if (power == std::string_view::npos) {
      if (unit != "B" && unit != "b") return std::nullopt;
    } else {
      scale = std::pow(1024.0, static_cast<double>(power + 1));
      unit.remove_prefix(1);
      if (unit == "iB" || unit == "ib" || unit == "B" || unit == "b") unit = {};
      if (!unit.empty()) return std::nullopt;
    }
  }
  const double bytes = value * scale;
  if (!std::isfinite(bytes) || bytes < 0 || bytes > 1.8e19) return std::nullopt;
  return static_cast<uint64_t>(bytes);
}

std::string size_text(uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes);
  size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(kUnits)) {
    v /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.{}f} {}", v, v < 10 ? 1 : 0, kUnits[u]);
}

std::string duration_setting_text(int64_t us) {
  constexpr std::pair<int64_t, char> kUnits[] = {{kUsPerDay, 'd'}, {int64_t{3600} * 1000000, 'h'}, {60000000, 'm'}};
  for (const auto& unit : kUnits) {
    if (us >= unit.first && us % unit.first == 0) return fmt::format("{}{}", us / unit.first, unit.second);
  }
  return fmt::format("{:g}s", static_cast<double>(us) / 1e6);
}

RetentionLimits read_retention_config(const fs::path& home) {
  const fs::path file = home / "retention.conf";
  RetentionLimits limits;
  std::ifstream in(file);
  if (!in) return limits;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string_view l = trim(std::string_view(line).substr(0, line.find('#')));
    if (l.empty()) continue;
    const size_t eq = l.find('=');
    const auto bad = [&](std::string_view why) {
      return RetentionError(fmt::format("{}:{}: {}", file.string(), n, why));
    };
    if (eq == std::string_view::npos) throw bad("expected \"name = value\"");
    const std::string_view key = trim(l.substr(0, eq));
    const std::string_view value = trim(l.substr(eq + 1));
    if (key == "keep") {
      const auto v = parse_whole<uint64_t>(value);
      if (!v) throw bad("keep wants a whole number of runs");
      limits.keep = *v;
    } else if (key == "older-than-days") {
      const auto v = parse_days(value);
      if (!v) throw bad("older-than-days wants a number of days");
      limits.older_than_days = *v;
    } else if (key == "max-size") {
      const auto v = parse_size(value);
      if (!v) throw bad("max-size wants a size such as 500M or 2G");
      limits.max_bytes = *v;
    } else if (key == "compress-after") {
      const auto v = parse_duration_us(value);
      if (!v) throw bad("compress-after wants a duration such as 30m, 1h or 2d, or never");
      limits.compress_after_us = *v;
    } else if (key == "compress") {
      const auto v = parse_compression(value);
      if (!v) throw bad("compress wants none, zstd, zstd-all, zstd:LEVEL or zstd-all:LEVEL");
      limits.compress = *v;
    } else {
      throw bad(fmt::format(
          "unknown setting \"{}\" (keep, older-than-days, max-size, compress-after, compress)", key));
    }
  }
  return limits;
}

std::vector<PruneChoice> plan_prune(const std::vector<RunOnDisk>& runs, const RetentionLimits& limits,
                                    int64_t now_us) {
  std::vector<PruneChoice> out;
  std::vector<bool> gone(runs.size(), false);
  uint64_t kept_count = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunOnDisk& r = runs[i];
    if (r.recording) continue;
    std::string reason;
    if (limits.keep && kept_count >= *limits.keep) {
      reason = fmt::format("beyond the newest {}", *limits.keep);
    } else if (limits.older_than_days &&
               static_cast<double>(now_us - r.start_us) > *limits.older_than_days * static_cast<double>(kUsPerDay)) {
      reason = fmt::format("older than {} days", *limits.older_than_days);
    }
    if (!reason.empty()) {
      gone[i] = true;
      out.push_back({r, reason});
    } else {
      ++kept_count;
    }
  }
  if (limits.max_bytes) {
    uint64_t total = 0;
    for (size_t i = 0; i < runs.size(); ++i) {
      if (!gone[i]) total += runs[i].bytes;
    }
    for (size_t i = runs.size(); i-- > 0 && total > *limits.max_bytes;) {
      if (gone[i] || runs[i].recording) continue;
      gone[i] = true;
      total -= runs[i].bytes;
      out.push_back({runs[i], fmt::format("over the size limit of {}", size_text(*limits.max_bytes))});
    }
  }
  return out;
}

uint64_t disk_bytes(const fs::path& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (it->is_regular_file(e2)) total += it->file_size(e2);
  }
  return total;
}

}  // namespace capsule
