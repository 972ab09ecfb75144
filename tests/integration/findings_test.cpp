// risks.jsonl on real programs: each default rule from a program that does the thing (locally:
// socketpairs, a temporary HOME, failing kernel calls, strace imports naming documentation
// addresses for anything outbound), the end-of-run lines, --fail-on, --rules errors, and no
// medium-or-worse finding on everyday workloads.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "harness.h"

namespace capsule::test {
namespace {

namespace fs = std::filesystem;

struct Found {
  std::string rule;
  std::string severity;
  std::vector<uint64_t> evidence;
  std::string description;
  std::string exe;
};

std::vector<Found> findings_of(const fs::path& home) {
  std::vector<Found> out;
  const fs::path file = latest_run(home) / "risks.jsonl";
  if (!fs::exists(file) && !fs::exists(file.string() + ".zst")) return out;  // read_jsonl reads either
  for (const auto& r : read_jsonl(file)) {
    out.push_back({r.at("rule"), r.at("severity"), r.at("evidence").get<std::vector<uint64_t>>(), r.at("description"),
                   r.value("exe", "")});
  }
  return out;
}

std::vector<std::string> rule_ids(const std::vector<Found>& f) {
  std::vector<std::string> ids;
  for (const auto& x : f) ids.push_back(x.rule);
  return ids;
}

// The events.jsonl record of seq.
nlohmann::json event_at(const fs::path& home, uint64_t seq) {
  const auto events = read_jsonl(latest_run(home) / "events.jsonl");
  return seq < events.size() ? events[seq] : nlohmann::json();
}

using Strings = std::vector<std::string>;

// Where exec-from-temp applies (the rule's own list of temporary directories).
bool in_temp_dir(const std::string& path) {
  return path.rfind("/tmp/", 0) == 0 || path.rfind("/var/tmp/", 0) == 0 || path.rfind("/dev/shm/", 0) == 0;
}

class Findings : public ::testing::Test {
 protected:
  TempDir home;
  // Runs the helper `risky MODE` and returns the findings.
  std::vector<Found> risky(const std::string& mode, const std::string& program = helper("risky")) {
    const auto o = capsule_run(home.path(), {program, mode});
    EXPECT_NE(o.exit_code, 125) << o.err;
    auto found = findings_of(home.path());
    // A build tree under /tmp (a CI clone, say) puts the helper itself in a temp directory, and
    // exec-from-temp then rightly reports running it: that finding is about where the test was
    // built, not about what the mode did, so it is checked and set aside.
    const std::string exe = fs::weakly_canonical(program).string();
    if (program == helper("risky") && in_temp_dir(exe)) {
      std::erase_if(found, [&](const Found& x) { return x.rule == "exec-from-temp" && x.exe == exe; });
    }
    return found;
  }
};

TEST_F(Findings, ReverseShellOverASocketpair) {
  const auto f = risky("reverse-shell");
  ASSERT_EQ(rule_ids(f), Strings{"reverse-shell"});
  ASSERT_EQ(f[0].evidence.size(), 4u);  // three dup2 and the execve
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(event_at(home.path(), f[0].evidence[i])["syscall"], "dup2");
  EXPECT_EQ(event_at(home.path(), f[0].evidence[3])["syscall"], "execve");
  EXPECT_EQ(f[0].severity, "critical");
}

TEST_F(Findings, MemfdExec) {
  const auto f = risky("memfd-exec");
  ASSERT_EQ(rule_ids(f), Strings{"memfd-exec"});
  ASSERT_EQ(f[0].evidence.size(), 2u);
  EXPECT_EQ(event_at(home.path(), f[0].evidence[0])["syscall"], "memfd_create");
  EXPECT_EQ(event_at(home.path(), f[0].evidence[1])["syscall"], "execveat");
}

TEST_F(Findings, PrivilegeRegained) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root (a saved uid 0 to come back to)";
  const auto f = risky("priv-regain");
  ASSERT_EQ(rule_ids(f), Strings{"privilege-gained"});
  const auto ev = event_at(home.path(), f[0].evidence.at(0));
  EXPECT_EQ(ev["syscall"], "setresuid");
  EXPECT_EQ(ev["args"]["euid"], 0);
}

TEST_F(Findings, SetuidProgramRunByAnUnprivilegedUser) {
  if (::geteuid() != 0 || !fs::exists("/usr/bin/setpriv") || !fs::exists("/usr/bin/passwd")) GTEST_SKIP();
  capsule_run(home.path(), {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                            "/usr/bin/passwd", "--help"});
  const auto f = findings_of(home.path());
  // Root capsule traces without NO_NEW_PRIVS, so the kernel honours passwd's setuid-root bit:
  // the execve really made euid 0, which the enricher knows from the file (docs/ENRICHED.md).
  ASSERT_EQ(rule_ids(f), (Strings{"privilege-gained", "setuid-exec"}));
  for (const auto& finding : f) {
    EXPECT_EQ(event_at(home.path(), finding.evidence.at(0))["syscall"], "execve") << finding.rule;
  }
}

TEST_F(Findings, DeletesItsOwnExecutable) {
  TempDir dir;
  fs::permissions(dir.path(), fs::perms::all | fs::perms::sticky_bit);  // shared, as /tmp is
  const fs::path copy = dir.path() / "dropper";
  fs::copy_file(helper("risky"), copy);
  const auto f = risky("self-delete", copy.string());
  // It also ran from a directory anyone can write: that is a finding of its own.
  ASSERT_EQ(rule_ids(f), (Strings{"exec-from-temp", "self-delete"}));
  EXPECT_EQ(event_at(home.path(), f[1].evidence.at(0))["syscall"], "unlink");
  EXPECT_FALSE(fs::exists(copy));
}

TEST_F(Findings, ProcessMemoryWrite) {
  const auto f = risky("vm-write");
  ASSERT_EQ(rule_ids(f), Strings{"process-tamper"});
  EXPECT_EQ(event_at(home.path(), f[0].evidence.at(0))["syscall"], "process_vm_writev");
}

TEST_F(Findings, KernelAndContainerCalls) {
  const std::vector<std::pair<std::string, std::string>> cases{{"bpf", "bpf"},
                                                               {"module", "kernel-module"},
                                                               {"kernel-setting", "kernel-settings-write"},
                                                               {"runtime-socket", "container-runtime-socket"}};
  for (const auto& [mode, rule] : cases) {
    const auto f = risky(mode);
    EXPECT_EQ(rule_ids(f), Strings{rule}) << mode;
  }
  if (::geteuid() == 0) {
    EXPECT_EQ(rule_ids(risky("unshare")), Strings{"namespace-change"});
  }
}

TEST_F(Findings, ExecFromTempAndOfAFileTheRunWrote) {
  TempDir tmp;  // under /tmp
  fs::permissions(tmp.path(), fs::perms::all | fs::perms::sticky_bit);  // 1777, as /tmp is
  const std::string in_tmp = (tmp.path() / "t").string();
  capsule_run(home.path(), {"/bin/sh", "-c", "cp /bin/true " + in_tmp + " && " + in_tmp});
  EXPECT_EQ(rule_ids(findings_of(home.path())), Strings{"exec-from-temp"});

  // The same under a directory of the job's own (a venv or build tree made in /tmp, 0755): the
  // directory's real mode decides, not its name (issue #22's false alarm).
  const fs::path mine = tmp.path() / "venv" / "bin";
  fs::create_directories(mine);
  fs::permissions(mine, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  const std::string own_tool = (mine / "t").string();
  capsule_run(home.path(), {"/bin/sh", "-c", "cp /bin/true " + own_tool + " && " + own_tool});
  EXPECT_EQ(rule_ids(findings_of(home.path())), Strings{"exec-created-file"});

  const fs::path own = fs::path(helper("risky")).parent_path() / ("detect-exec-" + std::to_string(::getpid()));
  capsule_run(home.path(), {"/bin/sh", "-c", "cp /bin/true " + own.string() + " && " + own.string()});
  fs::remove(own);
  const auto f = findings_of(home.path());
  // Beside the helpers: a build tree, writable by its owner only, wherever it is.
  ASSERT_EQ(rule_ids(f), Strings{"exec-created-file"});
  EXPECT_EQ(f[0].severity, "low");
}

TEST_F(Findings, CredentialReadsAndPersistenceInATemporaryHome) {
  TempDir user;
  const fs::path h = user.path();
  spit(h / ".aws/credentials", "[default]\n");
  spit(h / ".ssh/id_ed25519", "key\n");
  spit(h / ".ssh/known_hosts", "host\n");
  spit(h / "proj/.env", "A=1\n");
  capsule_run(home.path(), {"env", "HOME=" + h.string(), "/bin/sh", "-c",
                            "cat ~/.aws/credentials ~/.ssh/known_hosts > /dev/null; cat ~/.ssh/id_ed25519 > /dev/null; "
                            "cat ~/proj/.env > /dev/null; echo 'alias ls=x' >> ~/.bashrc"});
  const auto f = findings_of(home.path());
  ASSERT_EQ(rule_ids(f), (Strings{"credential-read", "credential-read", "credential-read", "persistence-write"}));
  EXPECT_NE(f[0].description.find(".aws/credentials"), std::string::npos);
  EXPECT_NE(f[1].description.find(".ssh/id_ed25519"), std::string::npos);
  EXPECT_NE(f[3].description.find(".bashrc"), std::string::npos);
  for (const auto& x : f) EXPECT_EQ(event_at(home.path(), x.evidence.at(0))["syscall"], "openat");
}

TEST_F(Findings, TimestampsRewrittenOnAFileItDidNotCreate) {
  TempDir dir;
  spit(dir.path() / "old.txt", "x\n");
  capsule_run(home.path(), {"touch", "-d", "2001-01-01", (dir.path() / "old.txt").string()});
  const auto f = findings_of(home.path());
  ASSERT_EQ(rule_ids(f), Strings{"timestamps-rewritten"});
  EXPECT_EQ(event_at(home.path(), f[0].evidence.at(0))["syscall"], "utimensat");
}

TEST_F(Findings, LoopbackListener) {
  capsule_run(home.path(), {"python3", "-c",
                            "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(1); s.close()"});
  const auto f = findings_of(home.path());
  ASSERT_EQ(rule_ids(f), Strings{"listen-loopback"});
  ASSERT_EQ(f[0].evidence.size(), 2u);
  EXPECT_EQ(event_at(home.path(), f[0].evidence[0])["syscall"], "bind");
  EXPECT_EQ(event_at(home.path(), f[0].evidence[1])["syscall"], "listen");
}

TEST_F(Findings, ImportOfAnExfiltrationToADocumentationAddress) {
  TempDir dir;
  const fs::path trace = dir.path() / "trace.txt";
  spit(trace,
             "300 10:00:00.000000 execve(\"/usr/bin/curl\", [\"curl\"], [\"HOME=/home/u\"]) = 0\n"
             "300 10:00:00.100000 openat(AT_FDCWD, \"/home/u/.aws/credentials\", O_RDONLY) = 3</home/u/.aws/credentials>\n"
             "300 10:00:00.200000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4<TCP:[1]>\n"
             "300 10:00:00.300000 connect(4<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"192.0.2.10\")}, 16) = 0\n"
             "300 10:00:00.400000 connect(5<TCPv6:[2]>, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2001:db8::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n"
             "300 10:00:00.500000 exit_group(0) = ?\n"
             "300 10:00:00.600000 +++ exited with 0 +++\n");
  const auto o = run_program({capsule_bin(), "import", "--home", home.path().string(), trace.string()});
  ASSERT_EQ(o.exit_code, 0) << o.err;
  const auto f = findings_of(home.path());
  ASSERT_EQ(rule_ids(f), (Strings{"credential-read", "exfiltration", "outbound-connect", "outbound-connect"}));
  EXPECT_EQ(f[1].evidence, (std::vector<uint64_t>{1, 3}));
  EXPECT_NE(f[2].description.find("192.0.2.10:443"), std::string::npos);
  EXPECT_NE(f[3].description.find("[2001:db8::1]:80"), std::string::npos);
  const auto v = run_program({capsule_bin(), "verify", "--home", home.path().string()});
  EXPECT_NE(v.exit_code, 1) << v.out << v.err;
}

TEST_F(Findings, EndOfRunLinesAndFailOn) {
  auto o = capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow > /dev/null"}, {"--fail-on", "high"});
  EXPECT_EQ(o.exit_code, 4);
  EXPECT_NE(o.err.find("capsule: 1 finding (1 high): shadow-read\n"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("capsule:   high     shadow-read: /usr/bin/cat read /etc/shadow (password hashes)\n"),
            std::string::npos) << o.err;
  // The program's own failure wins; a threshold above the finding does not fail.
  o = capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow > /dev/null; exit 3"}, {"--fail-on", "high"});
  EXPECT_EQ(o.exit_code, 3);
  o = capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow > /dev/null"}, {"--fail-on", "critical"});
  EXPECT_EQ(o.exit_code, 0);
  o = capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow > /dev/null"}, {"--quiet", "--fail-on", "high"});
  EXPECT_EQ(o.exit_code, 4);
  EXPECT_EQ(o.err, "");

  const auto list = run_program({capsule_bin(), "findings", "--home", home.path().string()});
  EXPECT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("shadow-read"), std::string::npos) << list.out;
  const auto as_json = run_program({capsule_bin(), "findings", "--home", home.path().string(), "--json"});
  EXPECT_EQ(as_json.out.rfind("{\"finding\":0,", 0), 0u) << as_json.out;
  EXPECT_EQ(as_json.out.find("chain"), std::string::npos);
}

TEST_F(Findings, FindingsListsMostSevereFirst) {
  TempDir tmp;
  fs::permissions(tmp.path(), fs::perms::all | fs::perms::sticky_bit);  // shared, as /tmp is
  const std::string t = (tmp.path() / "t").string();
  capsule_run(home.path(), {"/bin/sh", "-c", "python3 -c 'import socket; s=socket.socket(); s.bind((\"127.0.0.1\",0)); s.listen(1)'; cp /bin/true " + t + "; " + t});
  const auto list = run_program({capsule_bin(), "findings", "--home", home.path().string()});
  const size_t high = list.out.find("exec-from-temp");
  const size_t low = list.out.find("listen-loopback");
  ASSERT_NE(high, std::string::npos) << list.out;
  ASSERT_NE(low, std::string::npos) << list.out;
  EXPECT_LT(high, low);
}

TEST_F(Findings, RulesErrorsNameFileLineAndFieldAndNothingRuns) {
  TempDir dir;
  const fs::path rules = dir.path() / "my.rules";
  spit(rules, "rule mine\n  severity: low\n  description: x\n  sycall is openat\n");
  const fs::path marker = dir.path() / "ran";
  const auto o = capsule_run(home.path(), {"touch", marker.string()}, {"--rules", rules.string()});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "capsule: " + rules.string() + ":4: unknown field \"sycall\"\n");
  EXPECT_FALSE(fs::exists(marker));
  EXPECT_FALSE(fs::exists(home.path() / "logs") && !fs::is_empty(home.path() / "logs"));
}

TEST_F(Findings, UserRulesAddAndOverride) {
  TempDir dir;
  const fs::path rules = dir.path() / "my.rules";
  spit(rules,
             "rule shadow-read\n  enabled: no\n"
             "rule reads-hostname\n  severity: info\n  description: {exe} read {path}\n"
             "  syscall in open openat\n  path is /etc/hostname\n");
  capsule_run(home.path(), {"/bin/sh", "-c", "cat /etc/shadow /etc/hostname > /dev/null"}, {"--rules", rules.string()});
  EXPECT_EQ(rule_ids(findings_of(home.path())), Strings{"reads-hostname"});
}

// Everyday workloads: nothing of medium or above. What they do give is listed in docs/RULES.md.
class EverydayWorkloads : public Findings {
 protected:
  TempDir work;
  void expect_quiet(const std::vector<std::string>& argv, const std::string& what) {
    const auto o = capsule_run(home.path(), argv);
    ASSERT_EQ(o.exit_code, 0) << what << "\n" << o.err;
    for (const auto& f : findings_of(home.path())) {
      EXPECT_TRUE(f.severity == "info" || f.severity == "low") << what << ": " << f.rule << " " << f.severity << ": " << f.description;
    }
  }
  std::vector<std::string> in_work(const std::string& script) {
    return {"env", "HOME=" + work.path().string(), "/bin/sh", "-c", "cd " + work.path().string() + " && " + script};
  }
};

TEST_F(EverydayWorkloads, GccAndMake) {
  spit(work.path() / "a.c", "#include \"b.h\"\nint main(void) { return b(); }\n");
  spit(work.path() / "b.c", "#include \"b.h\"\nint b(void) { return 0; }\n");
  spit(work.path() / "b.h", "int b(void);\n");
  spit(work.path() / "Makefile", "prog: a.o b.o\n\tgcc -o prog a.o b.o\n%.o: %.c b.h\n\tgcc -O2 -c $<\n");
  expect_quiet(in_work("gcc -Wall -o direct a.c b.c"), "gcc");
  expect_quiet(in_work("make -s"), "make");
}

TEST_F(EverydayWorkloads, PythonWithImports) {
  expect_quiet(in_work("python3 -c 'import json, os, re, subprocess, pathlib, collections, hashlib, tempfile; "
                       "print(json.dumps(sorted(os.listdir(\".\"))))' > /dev/null"),
               "python3");
}

TEST_F(EverydayWorkloads, GitInitAddCommit) {
  spit(work.path() / "README", "hello\n");
  expect_quiet(in_work("git init -q . && git add README && git -c user.name=t -c user.email=t@example.invalid "
                       "commit -q -m first"),
               "git");
}

TEST_F(EverydayWorkloads, TarAndShellScripts) {
  spit(work.path() / "d/x.txt", "x\n");
  expect_quiet(in_work("tar czf d.tgz d"), "tar");
  expect_quiet(in_work("for i in 1 2 3; do echo $i; done | sort -r | head -n 2 > out.txt; "
                       "while read l; do echo \"$l\" | tr 1-3 a-c; done < out.txt | wc -l > /dev/null"),
               "sh");
}

}  // namespace
}  // namespace capsule::test
