// capsule cat [--run ID] STREAM: a stream of a run as plain lines (strace text for syscalls,
// JSONL for the others), whichever form the run stores it in (docs/FORMAT.md, "Compression"),
// for grep, jq and strace tooling. Exactly the bytes the chain hashes: the same as the file of a
// --compress none run.
#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/rundir/file_io.h"
#include "log/rundir/line_reader.h"
#include "log/rundir/run_dir.h"
#include "view/stream_names.h"

namespace capsule {
namespace {

struct CatOptions {
  HomeOption home;
  std::string run;
  std::string stream;
};

int cat_stream(const CatOptions& o) {
  const auto found = find_run_dir(o.home, o.run);
  if (!found) return exit_code::kUsage;
  const std::filesystem::path& dir = *found;
  const std::vector<std::string> present = view::streams_in_run(dir);
  if (!view::is_valid_stream_name(o.stream) ||
      std::find(present.begin(), present.end(), o.stream) == present.end()) {
    print_error(fmt::format("cat: run {} has no '{}' stream; it has: {}", run_id_of(dir), o.stream,
                            present.empty() ? "none" : view::join_names(present)));
    return exit_code::kUsage;
  }
  LineReader in(stream_file_path(dir, o.stream));
  std::string out;
  std::string_view line;
  bool has_newline = false;
  auto write_out = [&out] {
    size_t written = 0;
    const int err = file_io::write_all(STDOUT_FILENO, out, written);
    out.clear();
    return err == 0;
  };
  while (in.next(line, has_newline)) {
    out.append(line);
    if (has_newline) out.push_back('\n');
    if (out.size() >= (1u << 20) && !write_out()) return exit_code::kOk;  // the reader went away
  }
  if (!write_out()) return exit_code::kOk;
  if (in.error() != 0) {
    print_error(fmt::format("cat: {}: {}", stream_file_path(dir, o.stream).string(), in.error_text()));
    return exit_code::kTampered;
  }
  return exit_code::kOk;
}

}  // namespace

Command add_cat_command(CLI::App& app) {
  auto opts = std::make_shared<CatOptions>();
  auto* sub = app.add_subcommand("cat", "Print a stream of a run as plain text (compressed or not)");
  sub->add_option("stream", opts->stream, "The stream: syscalls, events, enriched, actions, risks")->required();
  sub->add_option("--run", opts->run, "Which run: id, unique prefix, log directory, or latest (default)");
  add_home_option(*sub, opts->home);
  sub->footer("Prints the lines as recorded (what the chain hashes), e.g. `capsule cat events | jq`.\n"
              "Exit 1 when a compressed file cannot be decoded to its end (run `capsule verify`).");
  return {sub, [opts] { return cat_stream(*opts); }, nullptr};
}

}  // namespace capsule
