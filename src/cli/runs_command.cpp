// capsule runs: the runs in the capsule home, newest first, with whether each was sealed (its
// capsule completed it), is still being recorded, or was left unsealed (its capsule was killed).
#include <time.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/render/event_render.h"
#include "log/rundir/compact_run.h"
#include "log/rundir/manifest.h"
#include "log/rundir/retention.h"
#include "log/rundir/run_dir.h"
#include "log/chain/signing_key.h"
#include "log/verify/verify.h"
#include "view/record_render.h"
#include "view/run_status.h"

namespace capsule {
namespace {
namespace fs = std::filesystem;

constexpr size_t kMinIdWidth = 8;

using Json = nlohmann::ordered_json;  // keys in the order written: run_id first

struct RunsOptions {
  HomeOption home;
  bool json = false;
  std::optional<size_t> newest;  // -n N
};

struct RunRow {
  fs::path dir;
  std::string id;
  std::optional<Manifest> manifest;  // nullopt: missing or malformed
  view::RunStatus status = view::RunStatus::Unsealed;
  uint64_t bytes = 0;  // on disk, every file of the run
};

// How the run's streams are stored: as the manifest says it wrote them ("none" shown as plain,
// "zstd:1", "zstd-all:1"), or "compacted" when `capsule compact` rewrote them since.
std::string stored_form(const RunRow& r) {
  if (!r.manifest) return "-";
  if (is_compacted(r.dir)) return "compacted";
  const std::string& c = r.manifest->compression;
  return c == "none" ? "plain" : c;
}

// A complete run's findings: the records of its risks stream.
std::optional<uint64_t> findings_of(const Manifest& m) {
  if (m.state != "complete") return std::nullopt;
  for (const auto& s : m.streams) {
    if (s.name == "risks") return s.records;
  }
  return std::nullopt;
}

// Calls refused (by a policy or by capsule): the manifest counts them when there were any.
std::optional<uint64_t> denied_of(const Manifest& m) {
  if (m.state != "complete") return std::nullopt;
  for (const auto& [name, value] : m.extra) {
    if (name == "records_denied") return std::strtoull(value.c_str(), nullptr, 10);
  }
  return 0;
}

std::string count_text(std::optional<uint64_t> n) { return n ? std::to_string(*n) : "-"; }

// A run whose manifest says "complete" is called sealed only when its streams still match its
// seal, checked as `capsule verify` checks them (with the home's keys): a run edited afterwards
// is "tampered", one whose seal cannot be authenticated (no key) "unsealed".
view::RunStatus checked_status(const fs::path& dir, const VerifyKeys& keys) {
  switch (verify_run(dir, keys).exit_code()) {
    case exit_code::kOk: return view::RunStatus::Sealed;
    case exit_code::kTampered: return view::RunStatus::Tampered;
    default: return view::RunStatus::Unsealed;
  }
}

std::vector<RunRow> read_rows(const fs::path& home, std::optional<size_t> newest) {
  VerifyKeys keys;
  std::optional<EpochSecretKey> epoch_secret;
  try {
    keys.trusted = home_signing_public_key(home);
    epoch_secret = EpochSecretKey::load(home, false);
    if (epoch_secret) keys.epoch_secret = &*epoch_secret;
  } catch (const KeyError&) {
    // no usable key: no run can be shown as sealed, which is what verify would say too
  }
  std::vector<RunRow> rows;
  for (const fs::path& dir : list_runs(home)) {
    if (newest && rows.size() >= *newest) break;
    RunRow row{dir, run_id_of(dir), std::nullopt, view::RunStatus::Unsealed, disk_bytes(dir)};
    try {
      row.manifest = read_manifest(dir);
      row.status = view::run_status(*row.manifest);
    } catch (const std::exception&) {
      // shown as unsealed with blank columns: a run whose capsule died before its manifest
    }
    if (row.status == view::RunStatus::Sealed) row.status = checked_status(dir, keys);
    rows.push_back(std::move(row));
  }
  return rows;
}

// The duration in µs: known at the end, growing while recording, unknown for an unsealed run.
std::optional<int64_t> duration_us(const RunRow& r) {
  if (!r.manifest) return std::nullopt;
  if (r.manifest->state == "complete") return r.manifest->end_us - r.manifest->start_us;
  if (r.status == view::RunStatus::Recording) return wall_clock_us() - r.manifest->start_us;
  return std::nullopt;
}

std::string utc_time(int64_t us) {
  const time_t secs = static_cast<time_t>(us / 1000000);
  tm t{};
  if (gmtime_r(&secs, &t) == nullptr) return "?";
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M:%S", &t);
  return buf.data();
}

std::string duration_text(std::optional<int64_t> us) {
  if (!us) return "-";
  const double s = static_cast<double>(*us) / 1e6;
  if (s < 60) return fmt::format("{:.2f}s", s);
  if (s < 3600) return fmt::format("{}m{:02}s", *us / 60000000, (*us / 1000000) % 60);
  return fmt::format("{}h{:02}m", *us / 3600000000, (*us / 60000000) % 60);
}

// The shortest id prefix (at least 8 characters) that tells every listed run apart.
size_t id_width(const std::vector<RunRow>& rows) {
  size_t width = kMinIdWidth;
  for (size_t i = 0; i < rows.size(); ++i) {
    for (size_t j = i + 1; j < rows.size(); ++j) {
      size_t common = 0;
      while (common < rows[i].id.size() && common < rows[j].id.size() && rows[i].id[common] == rows[j].id[common]) ++common;
      width = std::max(width, common + 1);
    }
  }
  return width;
}

void print_json(const std::vector<RunRow>& rows) {
  Json out = Json::array();
  for (const RunRow& r : rows) {
    Json j{{"run_id", r.id}, {"log_dir", r.dir.string()}, {"status", view::run_status_name(r.status)},
           {"sealed", r.status == view::RunStatus::Sealed}};
    const std::optional<int64_t> dur = duration_us(r);
    j["duration_us"] = dur ? Json(*dur) : Json(nullptr);
    j["bytes"] = r.bytes;
    j["stored"] = stored_form(r);
    if (r.manifest) {
      const Manifest& m = *r.manifest;
      j["state"] = m.state;
      j["start_us"] = m.start_us;
      std::string start;
      append_iso_time(m.start_us, start);
      j["start"] = start;
      j["exit_code"] = m.exit_code ? Json(*m.exit_code) : Json(nullptr);
      j["exit_signal"] = m.exit_signal ? Json(*m.exit_signal) : Json(nullptr);
      j["syscalls"] = r.status == view::RunStatus::Sealed ? Json(m.syscalls) : Json(nullptr);
      const auto findings = findings_of(m);
      const auto denied = denied_of(m);
      j["findings"] = findings ? Json(*findings) : Json(nullptr);
      j["denied"] = denied ? Json(*denied) : Json(nullptr);
      j["command"] = m.command;
      j["capsule_pid"] = m.capsule_pid ? Json(*m.capsule_pid) : Json(nullptr);
    } else {
      j["problem"] = "no readable manifest.json";
    }
    out.push_back(std::move(j));
  }
  fmt::print("{}\n", out.dump(2));
}

void print_table(const std::vector<RunRow>& rows) {
  const size_t w = id_width(rows);
  fmt::print("{:<{}}  {:<19}  {:>9}  {:>4}  {:>9}  {:>8}  {:>6}  {:>9}  {:<10}  {:<9}  {}\n", "ID", w, "START (UTC)",
             "DURATION", "EXIT", "SYSCALLS", "FINDINGS", "DENIED", "SIZE", "STORED", "STATUS", "COMMAND");
  for (const RunRow& r : rows) {
    std::string start = "?", exit = "-", syscalls = "-", findings = "-", denied = "-";
    std::string command = "(no readable manifest.json)";
    if (r.manifest) {
      const Manifest& m = *r.manifest;
      start = utc_time(m.start_us);
      if (m.exit_code) exit = std::to_string(*m.exit_code);
      if (r.status == view::RunStatus::Sealed) syscalls = std::to_string(m.syscalls);
      findings = count_text(findings_of(m));
      denied = count_text(denied_of(m));
      command = view::printable(m.command);
    }
    fmt::print("{:<{}}  {:<19}  {:>9}  {:>4}  {:>9}  {:>8}  {:>6}  {:>9}  {:<10}  {:<9}  {}\n", r.id.substr(0, w), w,
               start, duration_text(duration_us(r)), exit, syscalls, findings, denied, size_text(r.bytes),
               stored_form(r), view::run_status_name(r.status), command);
  }
}

int runs(const RunsOptions& o) {
  fs::path home;
  try {
    home = resolve_home(o.home.home);
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  const std::vector<RunRow> rows = read_rows(home, o.newest);
  if (o.json) {
    print_json(rows);
  } else if (rows.empty()) {
    print_error("no runs in " + (home / "logs").string());
  } else {
    print_table(rows);
  }
  return exit_code::kOk;
}

}  // namespace

Command add_runs_command(CLI::App& app) {
  auto opts = std::make_shared<RunsOptions>();
  auto* sub = app.add_subcommand("runs", "List the recorded runs, newest first (sealed, recording or unsealed)");
  add_home_option(*sub, opts->home);
  sub->add_flag("--json", opts->json, "Print the list as JSON");
  sub->add_option("-n", opts->newest, "Only the newest N runs")->check(CLI::Range(size_t{1}, size_t{1} << 30));
  return {sub, [opts] { return runs(*opts); }, nullptr};
}

}  // namespace capsule
