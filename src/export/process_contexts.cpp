// enriched.jsonl's contexts for the chosen seqs (process_contexts.h).
#include "export/process_contexts.h"

#include <map>
#include <string_view>

#include "base/number_parse.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "log/rundir/run_streams.h"

namespace capsule::ocsf {

namespace {

void lay_over(const nlohmann::json& keys, ProcessContext& c) {
  if (!keys.is_object()) return;
  if (keys.contains("exe") && keys["exe"].is_string()) c.exe = keys["exe"].get<std::string>();
  if (keys.contains("ppid") && keys["ppid"].is_number_integer()) c.ppid = keys["ppid"].get<int32_t>();
  if (keys.contains("uid") && keys["uid"].is_number_integer()) c.uid = keys["uid"].get<int64_t>();
  if (keys.contains("argv") && keys["argv"].is_array()) {
    c.argv.clear();
    for (const auto& a : keys["argv"]) {
      if (a.is_string()) c.argv.push_back(a.get<std::string>());
    }
  }
}

}  // namespace

ContextBySeq read_contexts(const std::filesystem::path& run_dir, const std::set<uint64_t>& wanted) {
  ContextBySeq out;
  if (wanted.empty()) return out;
  LineReader in(stream_file_path(run_dir, run_stream(RunStream::Enriched).name));
  std::map<int64_t, ProcessContext> full;  // ctx_id → the context it defines
  std::string_view line;
  bool has_newline = false;
  while (in.next(line, has_newline)) {
    constexpr std::string_view kHead = "{\"seq\":";
    if (line.substr(0, kHead.size()) != kHead) continue;
    size_t i = kHead.size();
    const auto seq = take_canonical_decimal(line, i);
    if (!seq) continue;
    const bool want = wanted.count(*seq) != 0;
    const bool defines = line.find("\"ctx_full\":") != std::string_view::npos;
    if (!want && !defines) continue;  // most lines: neither parsed nor kept
    const auto r = nlohmann::json::parse(line, nullptr, false);
    if (r.is_discarded()) continue;  // a torn last line: verify reports it
    ProcessContext c;
    const int64_t id = r.value("ctx_id", int64_t{0});
    if (r.contains("ctx_full")) {
      lay_over(r["ctx_full"], c);
      if (id != 0) full[id] = c;
    } else if (const auto it = full.find(id); it != full.end()) {
      c = it->second;
    }
    if (!want) continue;
    lay_over(r.value("ctx", nlohmann::json::object()), c);
    c.pid = r.value("pid", 0);
    out[*seq] = c;
    if (out.size() == wanted.size()) break;
  }
  return out;
}

}  // namespace capsule::ocsf
