// Missing, extra, malformed and hostile arguments to every subcommand, and corrupt or truncated
// logs given to the readers: always a clear `capsule: …` line and a documented exit code, never a
// crash (no "terminate called", no sanitizer report, no signal).
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>
#include <functional>

#include "harness.h"

namespace capsule::test {
namespace {

constexpr int kUsage = 2;

// Signs of a crash in a run's stderr (libstdc++'s terminate handler, ASan/UBSan, glibc aborts).
void expect_no_crash(const Outcome& o, const std::string& what) {
  EXPECT_LT(o.exit_code, 128) << what << ": died of a signal\n" << o.err;
  for (const char* sign : {"terminate called", "Sanitizer", "runtime error:", "Assertion", "core dumped",
                           "stack smashing", "double free", "malloc():"}) {
    EXPECT_EQ(o.err.find(sign), std::string::npos) << what << ": " << o.err;
    EXPECT_EQ(o.out.find(sign), std::string::npos) << what << ": " << o.out;
  }
}

size_t lines_starting_with_capsule(const std::string& err) {
  size_t n = 0, start = 0;
  while (start < err.size()) {
    if (err.compare(start, 9, "capsule: ") == 0) ++n;
    const size_t nl = err.find('\n', start);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return n;
}

// Exit 2, and stderr starts with exactly one "capsule: " line (a usage hint may follow).
void expect_usage_error(const std::vector<std::string>& args, const std::string& what) {
  std::vector<std::string> argv{capsule_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  const Outcome o = run_program(argv);
  expect_no_crash(o, what);
  EXPECT_EQ(o.exit_code, kUsage) << what << "\n" << o.err;
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << what << "\n" << o.err;
  EXPECT_EQ(lines_starting_with_capsule(o.err), 1u) << what << "\n" << o.err;
  EXPECT_EQ(o.out, "") << what;
}

// An argument as long as the kernel lets a single one be (MAX_ARG_STRLEN is 128 KiB: a 10 MB
// argument cannot reach any program through execve).
std::string huge_argument() { return std::string(128 * 1024 - 1, '9'); }
const std::string kNotUtf8 = "\xff\xfe\x80zz\xc3";

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(capsule_run(home_.path(), {"sh", "-c", "echo hi > /dev/null"}, {"--quiet"}).exit_code, 0);
    run_ = latest_run(home_.path());
  }
  std::string home() const { return home_.path().string(); }

  TempDir home_;
  std::filesystem::path run_;
};

TEST_F(BadInput, RunAndTraceArguments) {
  const std::string h = home();
  for (const char* sub : {"run", "trace"}) {
    const std::string s = sub;
    expect_usage_error({s}, s + " without a program");
    expect_usage_error({s, "--home", h}, s + " without a program");
    expect_usage_error({s, "--home", h, "--"}, s + " -- and nothing");
    expect_usage_error({s, "--home", h, ""}, s + " empty program");
    expect_usage_error({s, "--home", h, "--", ""}, s + " -- empty program");
    expect_usage_error({s, "--no-such-flag", "--", "true"}, s + " unknown flag");
    expect_usage_error({s, "--" + kNotUtf8, "--", "true"}, s + " non-UTF-8 flag");
    expect_usage_error({s, "--home"}, s + " --home without its value");
    expect_usage_error({s, "--home", h, "--timeout"}, s + " --timeout without its value");
  }
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"--string-limit", "-1"}, {"--string-limit", "0"}, {"--string-limit", "abc"},
           {"--string-limit", "99999999999999999999999999"}, {"--string-limit", huge_argument()},
           {"--string-limit", kNotUtf8},
           {"--timeout", "nan"}, {"--timeout", "-nan"}, {"--timeout", "inf"}, {"--timeout", "-1"},
           {"--timeout", "1e400"}, {"--timeout", ""},
           {"--kill-after", "nan"}, {"--kill-after", "-0.5"}, {"--kill-after", "1e9"},
           {"--checkpoint-seconds", "nan"}, {"--checkpoint-seconds", "0"},
           {"--checkpoint-records", "0"}, {"--checkpoint-records", "-3"},
           {"--window-ms", "nan"}, {"--window-ms", "-5"},
           {"--backend", "nope"}, {"--backend", ""},
           {"--policy", "/nonexistent/capsule-test-policy.json"},
           {"--policy", "/dev/zero"}, {"--rules", "/dev/zero"}, {"--policy", "/"}, {"--trace", ""},
           {"--home", ""}}) {
    std::vector<std::string> args{"run", "--home", home()};
    args.insert(args.end(), bad.begin(), bad.end());
    for (const char* tail : {"--", "true"}) args.emplace_back(tail);
    expect_usage_error(args, "run " + bad[0] + " " + bad[1].substr(0, 40));
  }
}

TEST_F(BadInput, AMalformedPolicyFileRunsNothing) {
  const auto policy = home_.path() / "policy.json";
  const auto marker = home_.path() / "ran";
  for (const std::string& text : {std::string("{"), std::string("[]"), std::string("{\"defaultAction\":42}"),
                                  std::string(100000, '['), kNotUtf8}) {
    std::ofstream(policy, std::ios::trunc) << text;
    expect_usage_error({"run", "--home", home(), "--policy", policy.string(), "--", "/bin/sh", "-c",
                        "echo > " + marker.string()},
                       "policy " + text.substr(0, 20));
    EXPECT_FALSE(std::filesystem::exists(marker));
  }
}

TEST_F(BadInput, VerifyArguments) {
  const std::string h = home();
  expect_usage_error({"verify", "--home", h, "--run", "../../etc"}, "verify ../../etc");
  expect_usage_error({"verify", "--home", h, "--run", "/etc"}, "verify /etc");
  expect_usage_error({"verify", "--home", h, "--run", kNotUtf8}, "verify non-UTF-8 run");
  expect_usage_error({"verify", "--home", h, "--run", huge_argument()}, "verify huge run id");
  expect_usage_error({"verify", "--home", h, "--run"}, "verify --run without value");
  expect_usage_error({"verify", "--home", h, "--no-such-flag"}, "verify unknown flag");
  expect_usage_error({"verify", "--home", h, "extra"}, "verify extra argument");
  expect_usage_error({"verify", "--home", h, "--all", "--run", "latest"}, "verify --all --run");
  expect_usage_error({"verify", "--home", h, "--pubkey", "/nonexistent/key"}, "verify missing pubkey");
  expect_usage_error({"verify", "--home", h, "--pubkey", "/dev/zero"}, "verify --pubkey /dev/zero");
  expect_usage_error({"verify", "--home", h, "--anchor", "/dev/zero"}, "verify --anchor /dev/zero");
  expect_usage_error({"verify", "--home", h, "--anchor", "/nonexistent/heads.log"}, "verify missing anchor");
  expect_usage_error({"verify", "--home", ""}, "verify --home ''");
  expect_usage_error({"runs", "--home", ""}, "runs --home ''");
  TempDir empty;
  expect_usage_error({"verify", "--home", empty.path().string()}, "verify in an empty home");
  expect_usage_error({"verify", "--home", empty.path().string(), "--all"}, "verify --all in an empty home");
}

// Files that never end (devices) or never open (a FIFO with no writer): refused at once, by type.
TEST_F(BadInput, InputFilesMustBeRegular) {
  const auto fifo = home_.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string h = home();
  for (const std::string& file : {fifo.string(), std::string("/dev/zero")}) {
    expect_usage_error({"run", "--home", h, "--policy", file, "--", "true"}, "policy " + file);
    expect_usage_error({"run", "--home", h, "--rules", file, "--", "true"}, "rules " + file);
    const Outcome o = run_program({capsule_bin(), "run", "--home", h, "--policy", file, "--", "true"});
    EXPECT_NE(o.err.find("not a regular file"), std::string::npos) << o.err;
  }
  // Larger than the documented limit (64 MiB): a sparse file, so the test costs no disk.
  const auto big = home_.path() / "big.json";
  { std::ofstream(big) << "{}"; }
  std::filesystem::resize_file(big, (size_t{64} << 20) + 1);
  const Outcome o = run_program({capsule_bin(), "run", "--home", h, "--policy", big.string(), "--", "true"});
  EXPECT_EQ(o.exit_code, kUsage) << o.err;
  EXPECT_NE(o.err.find("larger than the 64 MiB limit"), std::string::npos) << o.err;
}

// A manifest.json that is a FIFO: verify reports the run as tampered instead of waiting forever,
// and runs lists it without its manifest.
TEST_F(BadInput, AFifoManifestDoesNotHangTheReaders) {
  std::filesystem::remove(run_ / "manifest.json");
  ASSERT_EQ(::mkfifo((run_ / "manifest.json").c_str(), 0600), 0);
  const Outcome v = run_program({"timeout", "20", capsule_bin(), "verify", "--home", home()});
  EXPECT_EQ(v.exit_code, 1) << v.out << v.err;
  EXPECT_NE(v.out.find("manifest.json: a FIFO, not a regular file"), std::string::npos) << v.out;
  const Outcome r = run_program({"timeout", "20", capsule_bin(), "runs", "--home", home()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("(no readable manifest.json)"), std::string::npos) << r.out;
}

// 5000 argument rules compile to more BPF instructions than the kernel takes in one filter: a
// usage error that says so, before any run directory is made.
TEST_F(BadInput, APolicyTooLongForTheKernelRunsNothing) {
  TempDir fresh;
  const auto policy = home_.path() / "long.json";
  {
    std::ofstream out(policy);
    out << R"({"defaultAction":"SCMP_ACT_ALLOW","syscalls":[)";
    for (int i = 0; i < 5000; ++i) {
      out << (i ? "," : "") << R"({"names":["write"],"action":"SCMP_ACT_ERRNO","args":[{"index":0,"value":)"
          << 1000 + i << R"(,"op":"SCMP_CMP_EQ"}]})";
    }
    out << "]}";
  }
  expect_usage_error({"run", "--home", fresh.path().string(), "--policy", policy.string(), "--", "true"}, "long policy");
  const Outcome o = run_program({capsule_bin(), "run", "--home", fresh.path().string(), "--policy", policy.string(), "--", "true"});
  EXPECT_NE(o.err.find("the kernel accepts at most 4096"), std::string::npos) << o.err;
  std::error_code ec;
  EXPECT_TRUE(!std::filesystem::exists(fresh.path() / "logs", ec) || std::filesystem::is_empty(fresh.path() / "logs"));
}

// verify --all names what in logs/ is not a run (a run directory renamed is hidden from it).
TEST_F(BadInput, VerifyAllReportsWhatIsNotARun) {
  std::filesystem::create_directory(home_.path() / "logs" / "renamed-run");
  const Outcome v = run_program({capsule_bin(), "verify", "--home", home(), "--all"});
  EXPECT_EQ(v.exit_code, 1) << v.out << v.err;
  EXPECT_NE(v.err.find("logs/renamed-run is not a run directory"), std::string::npos) << v.err;
  EXPECT_NE(v.out.find("intact and sealed"), std::string::npos) << v.out;  // the real run still checked
}

// `capsule runs` says "sealed" only while the streams match the seal.
TEST_F(BadInput, RunsDoesNotCallAnEditedRunSealed) {
  const Outcome before = run_program({capsule_bin(), "runs", "--home", home(), "--json"});
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(nlohmann::json::parse(before.out).at(0)["status"], "sealed") << before.out;
  std::ofstream(run_ / "events.jsonl", std::ios::app) << "{}\n";
  const Outcome after = run_program({capsule_bin(), "runs", "--home", home(), "--json"});
  ASSERT_EQ(after.exit_code, 0) << after.err;
  const auto j = nlohmann::json::parse(after.out).at(0);
  EXPECT_EQ(j["status"], "tampered") << after.out;
  EXPECT_EQ(j["sealed"], false) << after.out;
  const Outcome table = run_program({capsule_bin(), "runs", "--home", home()});
  EXPECT_NE(table.out.find("tampered"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("sealed"), std::string::npos) << table.out;
}

// A profile built from an import holding names no kernel knows leaves them out (with a warning),
// so that `run --policy` takes it.
TEST_F(BadInput, AProfileFromAnImportWithUnknownNamesIsUsable) {
  // The calls `true` really makes, then two lines strace would never write for this machine.
  const auto lines = read_lines(run_ / "syscalls.log");
  ASSERT_FALSE(lines.empty());
  const std::string& first = lines.front();
  const std::string prefix = first.substr(0, first.find(' ', first.find(' ') + 1) + 1);  // "PID TIME "
  std::string text = first + "\n" + prefix + "frobnicate(1, 2) = 0\n" + prefix +
                     "syscall_0x1ff(0x1, 0x2) = -1 ENOSYS (Function not implemented)\n";
  for (size_t i = 1; i < lines.size(); ++i) text += lines[i] + "\n";
  const auto file = home_.path() / "import.strace";
  std::ofstream(file) << text;
  TempDir imported;
  const std::string ih = imported.path().string();
  ASSERT_EQ(run_program({capsule_bin(), "import", "--home", ih, file.string()}).exit_code, 0);
  const auto profile = home_.path() / "profile.json";
  const Outcome p = run_program({capsule_bin(), "profile", "--home", ih, "-o", profile.string()});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_NE(p.err.find("'frobnicate' is not a syscall libseccomp knows; left out of the profile"), std::string::npos) << p.err;
  EXPECT_NE(p.err.find("'syscall_0x1ff' is not a syscall libseccomp knows"), std::string::npos) << p.err;
  std::ifstream in(profile);
  const std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written.find("frobnicate"), std::string::npos);
  EXPECT_EQ(written.find("syscall_0x1ff"), std::string::npos);
  const Outcome r = capsule_run(home_.path(), {"sh", "-c", "echo hi > /dev/null"}, {"--quiet", "--policy", profile.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(BadInput, TailRunsKeysArguments) {
  const std::string h = home();
  expect_usage_error({"tail", "--home", h, "--no-follow", "--run", "../../etc"}, "tail ../../etc");
  expect_usage_error({"tail", "--home", h, "--no-follow", "--run", kNotUtf8}, "tail non-UTF-8 run");
  expect_usage_error({"tail", "--home", h, "--no-follow", "no-such-stream"}, "tail unknown stream");
  expect_usage_error({"tail", "--home", h, "--no-follow", "../../etc/passwd"}, "tail stream path");
  expect_usage_error({"tail", "--home", h, "--no-follow", huge_argument()}, "tail huge stream");
  expect_usage_error({"tail", "--home", h, "--no-follow", "events", "extra"}, "tail extra argument");
  expect_usage_error({"tail", "--home", h, "--bogus"}, "tail unknown flag");
  expect_usage_error({"runs", "--home", h, "extra"}, "runs extra argument");
  expect_usage_error({"runs", "--home", h, "--bogus"}, "runs unknown flag");
  expect_usage_error({"keys", "--home", h, "extra"}, "keys extra argument");
  expect_usage_error({"keys", "--home", h, "--export"}, "keys --export without value");
  expect_usage_error({"no-such-subcommand"}, "unknown subcommand");
  expect_usage_error({kNotUtf8}, "non-UTF-8 subcommand");
  expect_usage_error({}, "no subcommand");
}

TEST_F(BadInput, ImportAndProfileArguments) {
  const std::string h = home();
  expect_usage_error({"import", "--home", h}, "import without a file");
  expect_usage_error({"import", "--home", h, "/nonexistent/capsule-test.strace"}, "import missing file");
  expect_usage_error({"import", "--home", h, "a", "b"}, "import two files");
  expect_usage_error({"import", "--home", h, "--bogus", "x"}, "import unknown flag");
  expect_usage_error({"import", "--home", h, huge_argument()}, "import huge file name");
  expect_usage_error({"profile", "--home", h, "--run", "../../etc"}, "profile ../../etc");
  expect_usage_error({"profile", "--home", h, "--run", kNotUtf8}, "profile non-UTF-8 run");
  expect_usage_error({"profile", "--home", h, "--default-action", "nope"}, "profile bad action");
  expect_usage_error({"profile", "--home", h, "--format", "nope"}, "profile bad format");
  expect_usage_error({"profile", "--home", h, "extra"}, "profile extra argument");
  TempDir empty;
  expect_usage_error({"profile", "--home", empty.path().string()}, "profile in an empty home");
  expect_usage_error({"findings", "--home", h, "--run", "../../etc"}, "findings ../../etc");
  expect_usage_error({"findings", "--home", h, "--run", kNotUtf8}, "findings non-UTF-8 run");
  expect_usage_error({"findings", "--home", h, "--min", "nope"}, "findings bad severity");
  expect_usage_error({"findings", "--home", h, "--min", huge_argument()}, "findings huge severity");
  expect_usage_error({"findings", "--home", h, "extra"}, "findings extra argument");
  expect_usage_error({"findings", "--home", h, "--bogus"}, "findings unknown flag");
  expect_usage_error({"findings", "--home", empty.path().string()}, "findings in an empty home");
}

// The ways a log line can be bad: garbage, binary, JSON of the wrong shape, very deep nesting,
// a huge line, a torn last line.
std::string corrupt_jsonl() {
  std::string s;
  s += "not json at all\n";
  s += std::string("\x00\x01\xff\xfe binary\n", 13);
  s += "{\"seq\":\"x\",\"pid\":[],\"tid\":{},\"syscall\":7,\"args\":\"no\",\"ret\":{\"a\":1},\"chain\":5}\n";
  s += "{\"seq\":1,\"syscall\":\"openat\",\"args\":{\"pathname\":{\"str\":3,\"truncated\":\"yes\"}},\"fds\":[1,2]}\n";
  s += "{\"finding\":\"x\",\"severity\":7,\"rule\":[],\"pid\":\"p\",\"evidence\":[\"a\",{}],\"description\":null}\n";
  s += "{\"finding\":2,\"severity\":\"high\",\"rule\":\"r\",\"pid\":1,\"evidence\":[-1,1.5,1e300]}\n";
  s += "[1,2,3]\n";
  s += "\"just a string\"\n";
  s += "{\"seq\":18446744073709551616,\"ts\":\"not a time\",\"pid\":-1e308,\"ret\":1e999}\n";
  s += std::string(50000, '[') + "\n";
  s += "{\"ctx\":" + std::string(20000, '{') + "\n";
  s += "{\"syscall\":\"" + std::string(1 << 20, 'x') + "\"}\n";
  s += "{\"seq\":2,\"ts\":\"2026-11-23T17:30:00.0000";  // torn
  return s;
}

// Replaces every stream of the run with corrupt content, one way after the other, and runs each
// reader on it.
TEST_F(BadInput, CorruptAndTruncatedLogsNeverCrashTheReaders) {
  const std::string h = home();
  std::vector<std::filesystem::path> jsonl;
  for (const auto& e : std::filesystem::directory_iterator(run_)) {
    if (e.path().extension() == ".jsonl") jsonl.push_back(e.path());
  }
  ASSERT_FALSE(jsonl.empty());
  const std::vector<std::pair<std::string, std::function<std::string(const std::string&)>>> damages{
      {"corrupt lines", [](const std::string&) { return corrupt_jsonl(); }},
      {"truncated mid-line", [](const std::string& s) { return s.substr(0, s.size() / 2); }},
      {"empty", [](const std::string&) { return std::string(); }},
      {"appended garbage", [](const std::string& s) { return s + corrupt_jsonl(); }},
  };
  for (const auto& [name, damage] : damages) {
    TempDir copy;
    const auto run = copy.path() / "logs" / run_.filename();
    std::filesystem::create_directories(run.parent_path());
    std::filesystem::copy(run_, run);
    for (const auto& file : std::filesystem::directory_iterator(run)) {
      if (file.path().filename() == "manifest.json") continue;
      std::ifstream in(file.path(), std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      in.close();
      std::ofstream(file.path(), std::ios::binary | std::ios::trunc) << damage(text);
    }
    const std::string c = copy.path().string();
    const auto v = run_program({capsule_bin(), "verify", "--home", c});
    expect_no_crash(v, "verify " + name);
    // The manifest says the run ended cleanly, so any damage to its streams is tampering.
    EXPECT_EQ(v.exit_code, 1) << name << "\n" << v.out << v.err;
    for (const char* stream : {"syscalls", "events", "enriched", "actions", "risks"}) {
      for (const bool as_json : {false, true}) {
        std::vector<std::string> args{capsule_bin(), "tail", stream, "--home", c, "--no-follow"};
        if (as_json) args.emplace_back("--json");
        const auto t = run_program(args);
        expect_no_crash(t, std::string("tail ") + stream + " " + name);
        EXPECT_EQ(t.exit_code, 0) << "tail " << stream << " " << name << "\n" << t.err;
      }
    }
    const auto p = run_program({capsule_bin(), "profile", "--home", c});
    expect_no_crash(p, "profile " + name);
    EXPECT_TRUE(p.exit_code == 0 || (p.exit_code == 1 && p.err.rfind("capsule: ", 0) == 0))
        << "profile " << name << ": " << p.exit_code << "\n" << p.err;
    for (const bool as_json : {false, true}) {
      std::vector<std::string> args{capsule_bin(), "findings", "--home", c};
      if (as_json) args.emplace_back("--json");
      const auto f = run_program(args);
      expect_no_crash(f, "findings " + name);
      EXPECT_EQ(f.exit_code, 0) << "findings " << name << "\n" << f.err;
    }
    const auto r = run_program({capsule_bin(), "runs", "--home", c});
    expect_no_crash(r, "runs " + name);
    EXPECT_EQ(r.exit_code, 0) << "runs " << name << "\n" << r.err;
    // The damaged syscalls.log as an strace log to import: compressed, as `capsule cat` decodes it
    // (as much as it can) into a pipe, which is how a compressed run's log is imported.
    TempDir import_home;
    const auto i = run_program({"sh", "-c", "\"$0\" cat --home \"$1\" syscalls | \"$0\" import --home \"$2\" /dev/stdin",
                                capsule_bin(), c, import_home.path().string()});
    expect_no_crash(i, "import " + name);
    EXPECT_TRUE(i.exit_code == 0 || i.exit_code == 1) << "import " << name << ": " << i.exit_code << "\n" << i.err;
  }
}

// A manifest that is not what capsule wrote: verify reports it, tail/runs/profile carry on.
TEST_F(BadInput, CorruptManifestNeverCrashesTheReaders) {
  for (const std::string& text :
       {std::string(), std::string("{"), std::string("[]"), std::string("null"), std::string(100000, '['),
        std::string("{\"run_id\":5,\"streams\":{\"a\":1},\"argv\":\"x\",\"state\":[]}"),
        std::string("{\"streams\":[{\"name\":\"../../etc/passwd\",\"file\":\"../../../etc/passwd\",\"records\":-1}]}"),
        kNotUtf8}) {
    TempDir copy;
    const auto run = copy.path() / "logs" / run_.filename();
    std::filesystem::create_directories(run.parent_path());
    std::filesystem::copy(run_, run);
    std::ofstream(run / "manifest.json", std::ios::trunc) << text;
    const std::string c = copy.path().string();
    const std::string what = "manifest " + text.substr(0, 30);
    const auto v = run_program({capsule_bin(), "verify", "--home", c});
    expect_no_crash(v, "verify " + what);
    EXPECT_EQ(v.exit_code, 1) << what << "\n" << v.out << v.err;
    const auto t = run_program({capsule_bin(), "tail", "events", "--home", c, "--no-follow"});
    expect_no_crash(t, "tail " + what);
    const auto r = run_program({capsule_bin(), "runs", "--home", c});
    expect_no_crash(r, "runs " + what);
    EXPECT_EQ(r.exit_code, 0) << what << "\n" << r.err;
    const auto p = run_program({capsule_bin(), "profile", "--home", c});
    expect_no_crash(p, "profile " + what);
  }
}

// Files that are not strace logs at all.
TEST_F(BadInput, ImportOfGarbageIsAClearReport) {
  const auto file = home_.path() / "input.strace";
  for (const std::string& text : {std::string(), kNotUtf8, std::string(200000, '('), corrupt_jsonl(),
                                  std::string("1234 17:30:00.123456 openat(AT_FDCWD, \"/x\", O_RDONLY <unfinished ...>\n"),
                                  std::string("1234 99:99:99.999999 ") + std::string(100000, '{') + "\n"}) {
    std::ofstream(file, std::ios::trunc) << text;
    TempDir import_home;
    const auto o = run_program({capsule_bin(), "import", "--home", import_home.path().string(), file.string()});
    expect_no_crash(o, "import " + text.substr(0, 30));
    EXPECT_TRUE(o.exit_code == 0 || o.exit_code == 1) << text.substr(0, 30) << ": " << o.exit_code << "\n" << o.err;
    if (o.exit_code == 1) {
      EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
    }
  }
}

}  // namespace
}  // namespace capsule::test
