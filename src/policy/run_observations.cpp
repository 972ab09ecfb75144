#include "policy/run_observations.h"

#include <sys/mman.h>

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <unordered_map>

#include "base/number_parse.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"

namespace capsule {
namespace {

using Json = nlohmann::json;

// An argument as events.jsonl renders it: a number, a symbol ("AF_UNIX", "PROT_READ|PROT_EXEC")
// or "0x…". nullopt when it cannot be read back (a truncated or structured value).
std::optional<uint64_t> numeric_arg(const Json& v, FlagTable table) {
  if (v.is_number_integer()) return static_cast<uint64_t>(v.get<int64_t>());
  if (!v.is_string()) return std::nullopt;
  const std::string& s = v.get_ref<const std::string&>();
  uint64_t value = 0;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t bar = s.find('|', start);
    const std::string part = s.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    if (const FlagName* f = find_constant(table, part)) {
      value |= f->value;
    } else if (part.starts_with("0x")) {
      const auto bits = parse_leading<uint64_t>(std::string_view(part).substr(2), 16);
      if (!bits) return std::nullopt;
      value |= *bits;
    } else if (part == "0" || part == "PROT_NONE") {
    } else {
      return std::nullopt;
    }
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return value;
}

const Json* arg_at(const Json& args, const char* name, const char* fallback) {
  if (!args.is_object()) return nullptr;
  if (auto it = args.find(name); it != args.end()) return &*it;
  if (auto it = args.find(fallback); it != args.end()) return &*it;
  return nullptr;
}

// A field of the expected JSON type, else the fallback: json::value() throws on a field of another
// type, and an events.jsonl line may say anything (fuzz_run_observations found a "seq" object).
int64_t int_field(const Json& rec, const char* key, int64_t fallback) {
  const auto it = rec.find(key);
  return it != rec.end() && it->is_number_integer() ? it->get<int64_t>() : fallback;
}

uint64_t unsigned_field(const Json& rec, const char* key, uint64_t fallback) {
  const auto it = rec.find(key);
  return it != rec.end() && it->is_number_unsigned() ? it->get<uint64_t>() : fallback;
}

bool bool_field(const Json& rec, const char* key, bool fallback) {
  const auto it = rec.find(key);
  return it != rec.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string string_value(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object() && v.contains("str") && v["str"].is_string()) return v["str"].get<std::string>();
  return {};
}

void note_arguments(const std::string& name, const Json& args, Observations& obs) {
  if (name == "socket") {
    const Json* domain = arg_at(args, "domain", "arg0");
    const auto v = domain ? numeric_arg(*domain, tables::kAddressFamilies) : std::nullopt;
    if (v) obs.socket_domains.insert(*v);
    else obs.socket_domain_unknown = true;
  } else if (is_prot_syscall(name)) {
    const Json* prot = arg_at(args, "prot", "arg2");
    const auto v = prot ? numeric_arg(*prot, tables::kMmapProt) : std::nullopt;
    // What cannot be read back counts as writable and executable: --strict then stays off.
    if (!v || (*v & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC)) obs.write_exec_seen.insert(name);
  }
}

// seq → exe for the given seqs, from enriched.jsonl's inline context.
std::unordered_map<uint64_t, std::string> exes_from_enriched(const std::filesystem::path& file,
                                                            const std::unordered_map<uint64_t, bool>& wanted) {
  std::unordered_map<uint64_t, std::string> out;
  LineReader in(file);
  std::string_view line;
  bool has_newline = false;
  while (out.size() < wanted.size() && in.next(line, has_newline)) {
    const Json rec = Json::parse(line, nullptr, false);
    if (!rec.is_object() || !rec.contains("seq") || !rec["seq"].is_number_unsigned()) continue;
    const uint64_t seq = rec["seq"].get<uint64_t>();
    if (!wanted.count(seq)) continue;
    if (auto ctx = rec.find("ctx"); ctx != rec.end() && ctx->is_object() && ctx->contains("exe")) {
      out[seq] = string_value((*ctx)["exe"]);
    }
  }
  return out;
}

}  // namespace

bool is_prot_syscall(const std::string& name) {
  return name == "mmap" || name == "mmap2" || name == "mprotect" || name == "pkey_mprotect";
}

void observe_run(const std::filesystem::path& log_dir, const std::string& run_id, Observations& obs) {
  const auto events = stream_file_path(log_dir, run_stream(RunStream::Events).name);
  LineReader in(events);
  if (in.error() != 0) throw std::runtime_error("cannot read " + events.string() + ": " + in.error_text());
  std::unordered_map<int64_t, std::string> exe_by_pid;  // from successful execve calls
  std::unordered_map<uint64_t, bool> first_here;        // seqs of calls first seen in this run
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    // A torn last line (a run whose capsule was killed) is not a record.
    const Json rec = Json::parse(line, nullptr, false);
    if (!rec.is_object() || !rec.contains("syscall") || !rec["syscall"].is_string()) continue;
    const std::string name = rec["syscall"].get<std::string>();
    const int64_t pid = int_field(rec, "pid", 0);
    const Json& args = rec.contains("args") ? rec["args"] : Json();
    if (bool_field(rec, "denied", false)) {
      ++obs.denied_ignored;
      continue;
    }
    const bool ok = rec.contains("ret") && rec["ret"].is_number_integer() && !rec.contains("errno");
    if (name == "execve" || name == "execveat") {
      const Json* path = arg_at(args, "pathname", "arg0");
      if (ok && path) exe_by_pid[pid] = string_value(*path);
      if (!rec.contains("ret") && path && !exe_by_pid.count(pid)) exe_by_pid[pid] = string_value(*path);
    }
    SyscallUse& use = obs.syscalls[name];
    if (use.count++ == 0) {
      use.first_run = run_id;
      use.first_seq = unsigned_field(rec, "seq", 0);
      if (auto it = exe_by_pid.find(pid); it != exe_by_pid.end()) use.first_exe = it->second;
      first_here[use.first_seq] = true;
    }
    note_arguments(name, args, obs);
  }
  const auto exes = exes_from_enriched(stream_file_path(log_dir, run_stream(RunStream::Enriched).name), first_here);
  for (auto& [name, use] : obs.syscalls) {
    if (use.first_run != run_id) continue;
    if (auto it = exes.find(use.first_seq); it != exes.end() && !it->second.empty()) use.first_exe = it->second;
  }
}

}  // namespace capsule
