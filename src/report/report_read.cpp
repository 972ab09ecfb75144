// A run directory into a ReportModel: the summary with each action also kept for the timeline,
// then one pass over enriched.jsonl for the users and one over events.jsonl for the evidence.
// Neither big stream is parsed whole: a line is parsed only when it is one the page shows.
#include <algorithm>
#include <charconv>
#include <set>
#include <string_view>

#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"
#include "report/report_model.h"
#include "report/report_parts.h"

namespace capsule::report {
namespace {

using json = nlohmann::json;

std::optional<uint64_t> number_after(std::string_view line, std::string_view key) {
  const size_t at = line.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  const char* p = line.data() + at + key.size();
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(p, line.data() + line.size(), n);
  if (ec != std::errc()) return std::nullopt;
  return n;
}

template <typename Each>
void each_line(const std::filesystem::path& dir, RunStream stream, Each each) {
  LineReader in(stream_file_path(dir, run_stream(stream).name));
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) each(line);
}

// The enricher's context (`"ctx":{…,"uid":N`) of the first record of each process.
void read_users(const std::filesystem::path& dir, std::map<int32_t, uint32_t>& users) {
  each_line(dir, RunStream::Enriched, [&](std::string_view line) {
    const auto pid = number_after(line, "\"pid\":");
    if (!pid || users.contains(static_cast<int32_t>(*pid))) return;
    const size_t ctx = line.find("\"ctx\":{");
    if (ctx == std::string_view::npos) return;
    if (const auto uid = number_after(line.substr(ctx), "\"uid\":")) {
      users[static_cast<int32_t>(*pid)] = static_cast<uint32_t>(*uid);
    }
  });
}

Evidence evidence_of(uint64_t seq, const json& e) {
  Evidence x;
  x.seq = seq;
  x.ts = e.value("ts", std::string());
  x.pid = e.value("pid", 0);
  x.call = e.contains("syscall") ? e.value("syscall", std::string()) : e.value("type", std::string());
  json rest = json::object();
  for (const char* key : {"args", "ret", "errno", "denied", "signal", "exit_code", "killed_by", "line", "reason"}) {
    if (const auto it = e.find(key); it != e.end()) rest[key] = *it;
  }
  x.detail = rest.dump(-1, ' ', false, json::error_handler_t::replace);
  return x;
}

void read_evidence(const std::filesystem::path& dir, const std::set<uint64_t>& wanted,
                   std::map<uint64_t, Evidence>& out) {
  if (wanted.empty()) return;
  const uint64_t last = *wanted.rbegin();
  each_line(dir, RunStream::Events, [&](std::string_view line) {
    if (out.size() == wanted.size()) return;
    const auto seq = line.starts_with("{\"seq\":") ? number_after(line, "{\"seq\":") : std::nullopt;
    if (!seq || *seq > last || !wanted.contains(*seq)) return;
    const auto e = json::parse(line, nullptr, false);
    if (e.is_object()) out.emplace(*seq, evidence_of(*seq, e));
  });
}

}  // namespace

std::optional<int64_t> iso_micros(std::string_view ts) {
  // YYYY-MM-DDTHH:MM:SS.ffffffZ
  if (ts.size() != 27 || ts[4] != '-' || ts[10] != 'T' || ts[19] != '.' || ts.back() != 'Z') return std::nullopt;
  const auto field = [&](size_t at, size_t len) {
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(ts.data() + at, ts.data() + at + len, n);
    return ec == std::errc() && end == ts.data() + at + len ? n : -1;
  };
  const int64_t y = field(0, 4), mo = field(5, 2), d = field(8, 2), h = field(11, 2), mi = field(14, 2),
                s = field(17, 2), us = field(20, 6);
  if (std::min({y, mo, d, h, mi, s, us}) < 0) return std::nullopt;
  // Days from the civil date (Howard Hinnant's algorithm).
  const int64_t yy = y - (mo <= 2);
  const int64_t era = yy / 400, yoe = yy - era * 400;
  const int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  return ((days * 24 + h) * 60 + mi) * 60 * 1000000 + s * 1000000 + us;
}

ReportModel read_report(const std::filesystem::path& dir, const std::filesystem::path& home) {
  ReportModel m;
  std::map<int32_t, std::vector<Action>> actions;
  m.summary = summary::read_summary(dir, [&](const json& a) {
    if (!a.is_object()) return;  // value() would throw
    const int32_t pid = a.value("pid", 0);
    if (pid <= 0) return;
    Action x{a.value("first_seq", uint64_t{0}), a.value("start", std::string()), a.value("kind", std::string()),
             a.value("target", std::string()), a.value("events", uint64_t{0}), a.value("bytes", uint64_t{0}),
             a.value("failed", uint64_t{0})};
    auto& list = actions[pid];
    list.push_back(std::move(x));
    // Keep the earliest kMaxTimeline by seq (lines come in completion order, nearly seq order).
    if (list.size() > 2 * kMaxTimeline) {
      std::sort(list.begin(), list.end(), [](const Action& l, const Action& r) { return l.first_seq < r.first_seq; });
      m.timelines[pid].more += list.size() - kMaxTimeline;
      list.resize(kMaxTimeline);
    }
  });
  size_t total = 0;
  for (auto& [pid, list] : actions) {
    std::sort(list.begin(), list.end(), [](const Action& l, const Action& r) { return l.first_seq < r.first_seq; });
    Timeline& t = m.timelines[pid];
    const size_t room = std::min(kMaxTimeline, kMaxTimelineTotal - std::min(total, kMaxTimelineTotal));
    if (list.size() > room) {
      t.more += list.size() - room;
      list.resize(room);
    }
    total += list.size();
    t.shown = std::move(list);
  }
  read_users(dir, m.users);
  std::set<uint64_t> wanted;
  for (size_t i = 0; i < m.summary.findings.size() && i < kMaxFindings; ++i) {
    const auto& ev = m.summary.findings[i].evidence;
    wanted.insert(ev.begin(), ev.begin() + static_cast<std::ptrdiff_t>(std::min(ev.size(), kMaxEvidencePerFinding)));
  }
  read_evidence(dir, wanted, m.evidence);
  m.verdict = verdict_of(dir, home);
  m.profile = profile_of(dir);
  return m;
}

}  // namespace capsule::report
