// Argument-type parity: the native tracer and `capsule import` of strace's log of the same calls
// write the same events. tests/helpers/arg_types.c makes one call (or a named value and zero) per
// decoded argument type with arguments that are the same in every run; it runs once under
// `strace -f -tt -yy -v -x -s 1000` (then imported) and once under `capsule run`, and each call's
// record is compared field by field, all but what differs between any two runs (seq, ts, pid,
// tid, dur_us, the inode numbers in fd notes).
//
// Run with each native backend. Where the two still disagree, the difference is listed in kKnown
// (kKnownEbpf: the eBPF backend's own) with its reason; the test fails
// on any other difference, and on a listed one that no longer occurs (remove it from the list).
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "ebpf_available.h"
#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// (syscall, field): "args.<name>" or a top-level member; "(event)" for a call one side lacks.
using Difference = std::pair<std::string, std::string>;

// clang-format off
const std::map<Difference, const char*> kKnown = {
  // A file unlinked before its close: strace -yy reads /proc at the close, "f.tmp (deleted)"; the
  // native enricher keeps the name the fd was opened with.
  {{"close", "fds"}, "native f.tmp, strace f.tmp (deleted)"},
  // Arguments strace leaves out because the call ignores them; natively every declared
  // parameter is written (their values are whatever the registers held).
  {{"arch_prctl", "args.addr"}, "native writes ARCH_GET_CPUID's unused addr"},
  {{"ptrace", "args.pid"}, "native writes PTRACE_TRACEME's unused pid"},
  {{"ptrace", "args.addr"}, "native writes PTRACE_TRACEME's unused addr"},
  {{"ptrace", "args.data"}, "native writes PTRACE_TRACEME's unused data"},
  // Pointers strace follows and the native decoder does not (Ptr in the signature table).
  {{"seccomp", "args.args"}, "native the pointer, strace [SECCOMP_RET_LOG]"},
};
// Where the eBPF backend's record differs too, because its program is not ptraced.
const std::map<Difference, const char*> kKnownEbpf = {
  // Nothing ptraces the program: its PTRACE_TRACEME succeeds, where strace's tracee gets EPERM.
  {{"ptrace", "ret"}, "ebpf 0, strace -1"},
  {{"ptrace", "errno"}, "ebpf none, strace EPERM"},
};
// clang-format on

const std::regex kInode(R"(\[\d+(->\d+)?\])");

// The records from the helper's marker, write(-1, "arg-types-begin", 15), to its exit, without
// the members that differ between any two runs.
std::vector<json> records_from_marker(const fs::path& run) {
  std::vector<json> out;
  for (auto& e : read_jsonl(run / "events.jsonl")) {
    const bool marker = e.value("syscall", "") == "write" && e.contains("args") && e["args"].value("fd", 0) == -1;
    if (out.empty() && !marker) continue;
    for (const char* k : {"seq", "ts", "pid", "tid", "dur_us"}) e.erase(k);
    if (e.contains("fds")) {
      for (auto& [fd, note] : e["fds"].items()) note = std::regex_replace(note.get<std::string>(), kInode, "[]");
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string name_of(const json& e) { return e.value("syscall", e.value("type", "?")); }

// The longest common subsequence of the two lists of call names, as pairs of indexes: the calls
// both sides recorded, matched in order, the others left out.
std::vector<std::pair<size_t, size_t>> match_calls(const std::vector<json>& a, const std::vector<json>& b) {
  std::vector<std::vector<size_t>> len(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      len[i][j] = name_of(a[i]) == name_of(b[j]) ? len[i + 1][j + 1] + 1 : std::max(len[i + 1][j], len[i][j + 1]);
    }
  }
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (name_of(a[i]) == name_of(b[j])) out.emplace_back(i++, j++);
    else if (len[i + 1][j] >= len[i][j + 1]) ++i;
    else ++j;
  }
  return out;
}

// A member of a record, or "(absent)": a member one side lacks differs even from a null one.
json member(const json& record, const std::string& key) {
  return record.contains(key) ? record[key] : json("(absent)");
}

// Each member (args.* one by one) in which the two records of a call differ, with both values.
void compare(const json& native, const json& imported, std::map<Difference, std::string>& found) {
  const json no_args = json::object();
  const json& na = native.contains("args") ? native["args"] : no_args;
  const json& ia = imported.contains("args") ? imported["args"] : no_args;
  std::set<std::string> keys, args;
  for (const auto* r : {&native, &imported}) {
    for (const auto& [k, v] : r->items()) keys.insert(k);
  }
  for (const auto* r : {&na, &ia}) {
    for (const auto& [k, v] : r->items()) args.insert(k);
  }
  keys.erase("args");
  auto check = [&](const std::string& field, const json& n, const json& i) {
    if (n != i) found[{name_of(native), field}] += "\n  native: " + n.dump() + "\n  import: " + i.dump();
  };
  for (const auto& k : keys) check(k, member(native, k), member(imported, k));
  for (const auto& k : args) check("args." + k, member(na, k), member(ia, k));
}

void expect_parity_with_import(const std::string& backend) {
  TempDir work, tmp, native_home, import_home;
  const fs::path trace = tmp.path() / "arg_types.trace";
  const auto strace = run_program({"strace", "-f", "-tt", "-yy", "-v", "-x", "-s", "1000", "-o", trace.string(),
                                   helper("arg_types"), work.path().string()});
  ASSERT_EQ(strace.exit_code, 0) << strace.err;
  const auto run = capsule_run(native_home.path(), {helper("arg_types"), work.path().string()}, {"--backend", backend});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto import =
      run_program({capsule_bin(), "import", "-q", "--home", import_home.path().string(), trace.string()});
  ASSERT_EQ(import.exit_code, 0) << import.err;

  const auto native = records_from_marker(latest_run(native_home.path()));
  const auto imported = records_from_marker(latest_run(import_home.path()));
  ASSERT_GE(native.size(), 60u);
  ASSERT_GE(imported.size(), 60u);
  std::map<Difference, std::string> found;
  std::vector<bool> native_matched(native.size()), import_matched(imported.size());
  for (const auto& [n, i] : match_calls(native, imported)) {
    native_matched[n] = import_matched[i] = true;
    compare(native[n], imported[i], found);
  }
  for (size_t n = 0; n < native.size(); ++n) {
    if (!native_matched[n]) found[{name_of(native[n]), "(event)"}] += "\n  native only: " + native[n].dump();
  }
  for (size_t i = 0; i < imported.size(); ++i) {
    if (!import_matched[i]) found[{name_of(imported[i]), "(event)"}] += "\n  import only: " + imported[i].dump();
  }

  std::map<Difference, const char*> known = kKnown;
  if (backend == "ebpf") known.insert(kKnownEbpf.begin(), kKnownEbpf.end());
  for (const auto& [what, detail] : found) {
    if (!known.count(what)) ADD_FAILURE() << what.first << " " << what.second << " differs:" << detail;
  }
  for (const auto& [what, why] : known) {
    if (!found.count(what)) {
      ADD_FAILURE() << what.first << " " << what.second << " no longer differs (" << why
                    << "): remove it from kKnown";
    }
  }
}

TEST(ArgParity, NativeAndImportWriteTheSameEventPerArgumentType) {
  for (const std::string& backend : tracing_backends()) {
    SCOPED_TRACE(backend);
    expect_parity_with_import(backend);
  }
}

}  // namespace
}  // namespace capsule::test
