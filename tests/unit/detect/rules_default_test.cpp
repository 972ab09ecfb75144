// One test per default rule: strace lines that do the thing give exactly that finding, with the
// events that caused it as evidence; near misses give none.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>

#include "detect_harness.h"

namespace capsule::test {
namespace {

using Strings = std::vector<std::string>;

Strings run(const std::string& lines, const ProcessSnapshot& seed = user_snapshot()) {
  DetectHarness h({}, seed);
  h.feed(exec_line() + lines);
  return h.summary();
}

TEST(DefaultRules, ExecFromTemp) {
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/tmp/x\", [\"/tmp/x\"], [\"HOME=/home/u\"]) = 0\n"),
            Strings{"exec-from-temp[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/dev/shm/b\", [\"b\"], []) = 0\n"), Strings{"exec-from-temp[1]"});
  // The directory's real mode decides (stat now), not its name: a venv made under /tmp is 0755.
  const std::filesystem::path own = std::filesystem::temp_directory_path() / ("venv-" + std::to_string(::getpid()));
  std::filesystem::create_directories(own / "bin");
  std::filesystem::permissions(own / "bin", std::filesystem::perms::owner_all | std::filesystem::perms::group_read |
                                                std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                                std::filesystem::perms::others_exec);
  const std::string python = (own / "bin" / "python").string();
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"" + python + "\", [\"python\"], []) = 0\n"), Strings{});
  std::filesystem::permissions(own / "bin", std::filesystem::perms::all);  // 0777: anyone may swap it
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"" + python + "\", [\"python\"], []) = 0\n"),
            Strings{"exec-from-temp[1]"});
  std::filesystem::remove_all(own);
  // A directory that is gone: nothing known, nothing said.
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/tmp/.gone-dir/x\", [\"x\"], []) = 0\n"), Strings{});
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/tmp/x\", [\"/tmp/x\"], []) = -1 ENOENT (No such file or directory)\n"),
            Strings{});
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/usr/bin/tmp\", [\"tmp\"], []) = 0\n"), Strings{});
}

TEST(DefaultRules, ExecOfAFileTheRunWrote) {
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"b/run\", O_WRONLY|O_CREAT|O_TRUNC, 0755) = 3</home/u/b/run>\n"
                "100 10:00:00.200000 close(3</home/u/b/run>) = 0\n"
                "100 10:00:00.300000 execve(\"/home/u/b/run\", [\"run\"], []) = 0\n"),
            Strings{"exec-created-file[3]"});
  // Opened for writing without creating or truncating: not "written by the run".
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"b/run\", O_WRONLY|O_APPEND) = 3</home/u/b/run>\n"
                "100 10:00:00.300000 execve(\"/home/u/b/run\", [\"run\"], []) = 0\n"),
            Strings{});
}

TEST(DefaultRules, MemfdThenExec) {
  EXPECT_EQ(run("100 10:00:00.100000 memfd_create(\"payload\", MFD_CLOEXEC) = 3</memfd:payload (deleted)>\n"
                "100 10:00:00.200000 write(3</memfd:payload (deleted)>, \"\\x7fELF\", 4) = 4\n"
                "100 10:00:00.300000 execveat(3</memfd:payload (deleted)>, \"\", [\"x\"], [], AT_EMPTY_PATH) = 0\n"),
            Strings{"memfd-exec[1,3]"});
  // Without the memfd_create before it, an execveat is ordinary.
  EXPECT_EQ(run("100 10:00:00.300000 execveat(AT_FDCWD, \"/usr/bin/true\", [\"true\"], [], 0) = 0\n"), Strings{});
}

TEST(DefaultRules, DeletesItsOwnExecutable) {
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/home/u/dropper\", [\"dropper\"], []) = 0\n"
                "100 10:00:00.200000 unlink(\"/home/u/dropper\") = 0\n"),
            Strings{"self-delete[2]"});
  EXPECT_EQ(run("100 10:00:00.200000 unlink(\"/home/u/other\") = 0\n"), Strings{});
}

TEST(DefaultRules, ShadowRead) {
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/etc/shadow\", O_RDONLY|O_CLOEXEC) = 3</etc/shadow>\n"),
            Strings{"shadow-read[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/etc/shadow\", O_RDONLY) = -1 EACCES (Permission denied)\n"),
            Strings{});
}

TEST(DefaultRules, CredentialReads) {
  for (const char* path : {"/home/u/.ssh/id_ed25519", "/home/u/.aws/credentials", "/home/u/.docker/config.json",
                           "/home/u/.netrc", "/home/u/src/server.pem", "/srv/tls/site.key", "/home/u/app/.env",
                           "/home/u/.mozilla/firefox/abc.default/logins.json",
                           "/home/u/.config/google-chrome/Default/Cookies"}) {
    EXPECT_EQ(run(std::string("100 10:00:00.100000 openat(AT_FDCWD, \"") + path + "\", O_RDONLY) = 3<" + path + ">\n"),
              Strings{"credential-read[1]"})
        << path;
  }
  for (const char* path : {"/home/u/.ssh/known_hosts", "/home/u/.ssh/id_ed25519.pub", "/home/u/.ssh/config",
                           "/etc/ssl/certs/ISRG_Root_X1.pem", "/home/u/.envrc", "/home/u/.aws"}) {
    EXPECT_EQ(run(std::string("100 10:00:00.100000 openat(AT_FDCWD, \"") + path + "\", O_RDONLY) = 3<" + path + ">\n"),
              Strings{})
        << path;
  }
}

TEST(DefaultRules, HomeIsTheProcesssOwn) {
  // Another user's .aws is not "~" for this process: only the *.pem/.env style names are global.
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/home/v/.aws/credentials\", O_RDONLY) = 3</home/v/.aws/credentials>\n"),
            Strings{});
}

TEST(DefaultRules, ExfiltrationSequence) {
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/home/u/.aws/credentials\", O_RDONLY) = 3</home/u/.aws/credentials>\n"
                "100 10:00:00.200000 read(3</home/u/.aws/credentials>, \"[default]\\n\", 4096) = 10\n"
                "100 10:00:00.300000 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 4<TCP:[12345]>\n"
                "100 10:00:00.400000 connect(4<TCP:[12345]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"192.0.2.10\")}, 16) = 0\n"
                "100 10:00:00.500000 write(4<TCP:[10.0.0.2:40000->192.0.2.10:443]>, \"[default]\\n\", 10) = 10\n"),
            (Strings{"credential-read[1]", "exfiltration[1,4]", "outbound-connect[4]"}));
}

TEST(DefaultRules, ExfiltrationAcrossAPipeline) {
  // sh -c 'cat ~/.aws/credentials | curl …': the reader and the sender are siblings.
  EXPECT_EQ(run("100 10:00:00.100000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0) = 101\n"
                "100 10:00:00.110000 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f0) = 102\n"
                "101 10:00:00.200000 openat(AT_FDCWD, \"/home/u/.aws/credentials\", O_RDONLY) = 3</home/u/.aws/credentials>\n"
                "102 10:00:00.300000 sendto(4<UDP:[0.0.0.0:5000]>, \"x\", 1, 0, {sa_family=AF_INET6, sin6_port=htons(53), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2001:db8::5\", &sin6_addr), sin6_scope_id=0}, 28) = 1\n"),
            // Port 53 is no outbound-connect (every lookup would be), but after a credential read
            // it is an exfiltration all the same (DNS tunnels exist).
            (Strings{"credential-read[3]", "exfiltration[3,4]"}));
}

TEST(DefaultRules, PersistenceWrites) {
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/home/u/.bashrc\", O_WRONLY|O_APPEND) = 3</home/u/.bashrc>\n"),
            Strings{"persistence-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 rename(\"/tmp/ct\", \"/var/spool/cron/crontabs/u\") = 0\n"),
            Strings{"persistence-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/home/u/.ssh/authorized_keys\", O_WRONLY|O_CREAT|O_APPEND, 0600) = 3</home/u/.ssh/authorized_keys>\n"),
            Strings{"persistence-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/home/u/.bashrc\", O_RDONLY) = 3</home/u/.bashrc>\n"), Strings{});
}

TEST(DefaultRules, SystemFileWrites) {
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/usr/bin/helper\", O_WRONLY|O_CREAT|O_TRUNC, 0755) = 3</usr/bin/helper>\n"),
            Strings{"system-file-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/etc/hosts\", O_RDWR) = 3</etc/hosts>\n"),
            Strings{"system-file-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/usr/lib/python3/dist-packages/__pycache__/a.cpython-311.pyc.1\", O_WRONLY|O_CREAT|O_EXCL, 0644) = 3\n"),
            Strings{});
}

TEST(DefaultRules, TimestampsRewritten) {
  EXPECT_EQ(run("100 10:00:00.100000 utimensat(AT_FDCWD, \"/home/u/old.txt\", [{tv_sec=978307200, tv_nsec=0}, {tv_sec=978307200, tv_nsec=0}], 0) = 0\n"),
            Strings{"timestamps-rewritten[1]"});
  // A file this run created (tar x, cp -p) and "set to now" (touch) are ordinary.
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"new.txt\", O_WRONLY|O_CREAT|O_EXCL, 0644) = 3</home/u/new.txt>\n"
                "100 10:00:00.200000 utimensat(3</home/u/new.txt>, NULL, [{tv_sec=978307200, tv_nsec=0}, {tv_sec=978307200, tv_nsec=0}], 0) = 0\n"
                "100 10:00:00.300000 utimensat(AT_FDCWD, \"/home/u/old.txt\", NULL, 0) = 0\n"),
            Strings{});
}

TEST(DefaultRules, OutboundConnect) {
  EXPECT_EQ(run("100 10:00:00.100000 connect(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"192.0.2.7\")}, 16) = -1 EINPROGRESS (Operation now in progress)\n"),
            Strings{"outbound-connect[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 connect(3<TCPv6:[1]>, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"2001:db8::1\", &sin6_addr), sin6_scope_id=0}, 28) = 0\n"),
            Strings{"outbound-connect[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 connect(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
                "100 10:00:00.200000 connect(4<UNIX:[2]>, {sa_family=AF_UNIX, sun_path=\"/run/x.sock\"}, 110) = 0\n"),
            Strings{});
}

TEST(DefaultRules, OutboundConnectNamesAddressAndPort) {
  DetectHarness h;
  h.feed(exec_line() + "100 10:00:00.100000 connect(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr(\"192.0.2.7\")}, 16) = 0\n");
  ASSERT_EQ(h.findings.size(), 1u);
  EXPECT_EQ(h.findings[0].description, "/usr/bin/bash contacted 192.0.2.7:443 (connect), outside this machine");
  EXPECT_EQ(h.findings[0].severity, Severity::Medium);
  EXPECT_EQ(h.findings[0].pid, 100);
}

TEST(DefaultRules, Listeners) {
  EXPECT_EQ(run("100 10:00:00.100000 bind(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0\n"
                "100 10:00:00.200000 listen(3<TCP:[0.0.0.0:8080]>, 5) = 0\n"),
            Strings{"listen-remote[1,2]"});
  EXPECT_EQ(run("100 10:00:00.100000 bind(3<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0\n"
                "100 10:00:00.200000 listen(3<TCP:[127.0.0.1:8080]>, 5) = 0\n"),
            Strings{"listen-loopback[1,2]"});
  // bind without listen (a UDP client): nothing.
  EXPECT_EQ(run("100 10:00:00.100000 bind(3<UDP:[1]>, {sa_family=AF_INET, sin_port=htons(0), sin_addr=inet_addr(\"0.0.0.0\")}, 16) = 0\n"),
            Strings{});
}

TEST(DefaultRules, ReverseShell) {
  const std::string sock = "TCP:[127.0.0.1:40000->127.0.0.1:4444]";
  EXPECT_EQ(run("100 10:00:00.100000 dup2(3<" + sock + ">, 0</dev/null>) = 0<" + sock + ">\n" +
                "100 10:00:00.110000 dup2(3<" + sock + ">, 1</dev/null>) = 1<" + sock + ">\n" +
                "100 10:00:00.120000 dup2(3<" + sock + ">, 2</dev/null>) = 2<" + sock + ">\n" +
                "100 10:00:00.200000 execve(\"/bin/sh\", [\"sh\", \"-i\"], []) = 0\n"),
            Strings{"reverse-shell[1,2,3,4]"});
  // A pipe onto stdin, then a shell: every shell pipeline.
  EXPECT_EQ(run("100 10:00:00.100000 dup2(3<pipe:[5]>, 0</dev/null>) = 0<pipe:[5]>\n"
                "100 10:00:00.200000 execve(\"/bin/sh\", [\"sh\"], []) = 0\n"),
            Strings{});
}

TEST(DefaultRules, ProcessTamper) {
  EXPECT_EQ(run("100 10:00:00.100000 ptrace(PTRACE_ATTACH, 4242) = 0\n"), Strings{"process-tamper[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 process_vm_writev(4242, [{iov_base=\"x\", iov_len=1}], 1, [{iov_base=0x7f00, iov_len=1}], 1, 0) = 1\n"),
            Strings{"process-tamper[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 ptrace(PTRACE_TRACEME) = 0\n"), Strings{});
}

// Calls capsule refused at their entry because they aimed outside the traced tree: one finding per
// syscall; the same call refused by a --policy, or failing on its own, is not one.
TEST(DefaultRules, OutsideTree) {
  const auto refused_by = [](std::optional<DenyReason> reason) {
    DetectHarness h;
    h.feed(exec_line() +
               "100 10:00:00.100000 kill(4242, SIGSTOP) = -1 EPERM (Operation not permitted)\n"
               "100 10:00:00.200000 ptrace(PTRACE_SEIZE, 4242, NULL, 0) = -1 EPERM (Operation not permitted)\n",
           [&](SyscallEvent& ev) {
             if (!reason || ev.name == "execve") return;
             ev.denied = true;
             ev.deny_reason = *reason;
           });
    return h.summary();
  };
  EXPECT_EQ(refused_by(DenyReason::OutsideTree), (Strings{"outside-tree[1]", "process-tamper[2]", "outside-tree[2]"}));
  EXPECT_EQ(refused_by(DenyReason::Policy), (Strings{"policy-denied[1]", "process-tamper[2]", "policy-denied[2]"}));
  EXPECT_EQ(refused_by(std::nullopt), Strings{"process-tamper[2]"});
}

// Redacted secrets (docs/SECURITY.md): the markers' labels are the `secret` field.
TEST(DefaultRules, SecretsSentOrPassed) {
  EXPECT_EQ(run("100 10:00:00.100000 write(3<TCP:[10.0.0.5:40000->192.0.2.9:443]>, \"token <redacted:GH_TOKEN:0123456789ab>\", 38) = 38\n"),
            Strings{"secret-sent[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 write(4<pipe:[77]>, \"<redacted:jwt:0123456789ab>\", 27) = 27\n"
                "100 10:00:00.200000 sendto(5<TCP:[127.0.0.1:40000->127.0.0.1:8080]>, \"<redacted:jwt:0123456789ab>\", 27, 0, NULL, 0) = 27\n"),
            (Strings{"secret-passed[1]", "secret-passed[2]"}));
  // No marker, or a file: nothing.
  EXPECT_EQ(run("100 10:00:00.100000 write(3<TCP:[10.0.0.5:40000->192.0.2.9:443]>, \"GET / HTTP/1.1\", 14) = 14\n"
                "100 10:00:00.200000 write(6</tmp/out>, \"<redacted:jwt:0123456789ab>\", 27) = 27\n"),
            Strings{});
}

TEST(DefaultRules, NamespaceAndMounts) {
  EXPECT_EQ(run("100 10:00:00.100000 unshare(CLONE_NEWUSER|CLONE_NEWNS) = 0\n"), Strings{"namespace-change[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 setns(3</proc/1/ns/mnt>, CLONE_NEWNS) = -1 EPERM (Operation not permitted)\n"),
            Strings{"namespace-change[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 mount(\"none\", \"/mnt\", \"tmpfs\", 0, NULL) = 0\n"), Strings{"namespace-change[1]"});
}

TEST(DefaultRules, KernelSettingsWrite) {
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/proc/sys/kernel/core_pattern\", O_WRONLY|O_TRUNC) = 3</proc/sys/kernel/core_pattern>\n"),
            Strings{"kernel-settings-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/sys/fs/cgroup/x/cgroup.procs\", O_WRONLY) = 3</sys/fs/cgroup/x/cgroup.procs>\n"),
            Strings{"kernel-settings-write[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/proc/sys/kernel/pid_max\", O_RDONLY) = 3</proc/sys/kernel/pid_max>\n"),
            Strings{});
}

TEST(DefaultRules, ContainerRuntimeSocket) {
  EXPECT_EQ(run("100 10:00:00.100000 connect(3<UNIX:[1]>, {sa_family=AF_UNIX, sun_path=\"/var/run/docker.sock\"}, 110) = 0\n"),
            Strings{"container-runtime-socket[1]"});
  EXPECT_EQ(run("100 10:00:00.100000 openat(AT_FDCWD, \"/run/containerd/containerd.sock\", O_RDWR) = -1 ENXIO (No such device or address)\n"),
            Strings{"container-runtime-socket[1]"});
}

TEST(DefaultRules, KernelModule) {
  EXPECT_EQ(run("100 10:00:00.100000 finit_module(3</tmp/m.ko>, \"\", 0) = -1 EPERM (Operation not permitted)\n"),
            Strings{"kernel-module[1]"});
}

TEST(DefaultRules, Bpf) {
  EXPECT_EQ(run("100 10:00:00.100000 bpf(BPF_PROG_LOAD, 0x7ffd0000, 148) = -1 EPERM (Operation not permitted)\n"),
            Strings{"bpf[1]"});
}

TEST(DefaultRules, PrivilegeGained) {
  ProcessSnapshot seed = user_snapshot();
  seed.cred.uid = seed.cred.suid = 0;  // seteuid(1000) earlier: the saved uid lets it come back
  EXPECT_EQ(run("100 10:00:00.100000 setresuid(-1, 0, -1) = 0\n", seed), Strings{"privilege-gained[1]"});
  // Dropping privileges is not gaining them.
  EXPECT_EQ(run("100 10:00:00.100000 setresuid(1000, 1000, 1000) = 0\n", seed), Strings{});
}

// capset can only raise effective capabilities to what the permitted set holds: using those is
// not a gain (setpriv and libcap do it after a setuid with PR_SET_KEEPCAPS). Capabilities outside
// both sets are one, however they came (a capset the kernel would refuse is shown anyway). The
// first capset makes the sets known (after the harness's execve they are not).
TEST(DefaultRules, RaisingEffectiveCapabilitiesFromThePermittedSetIsNotAGain) {
  const auto capset = [](const std::string& time, const std::string& eff, const std::string& prm) {
    return "100 10:00:00." + time + " capset({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, {effective=" + eff +
           ", permitted=" + prm + ", inheritable=0}) = 0\n";
  };
  const std::string known = capset("100000", "0", "1<<CAP_NET_RAW");
  EXPECT_EQ(run(known + capset("200000", "1<<CAP_NET_RAW", "1<<CAP_NET_RAW")), Strings{});
  EXPECT_EQ(run(known + capset("200000", "1<<CAP_NET_RAW|1<<CAP_SYS_ADMIN", "1<<CAP_NET_RAW|1<<CAP_SYS_ADMIN")),
            Strings{"privilege-gained[2]"});
}

TEST(DefaultRules, SetuidProgramRun) {
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/usr/bin/passwd\", [\"passwd\", \"-S\"], []) = 0\n"),
            Strings{"setuid-exec[1]"});
  // Root running it gains nothing.
  EXPECT_EQ(run("100 10:00:00.100000 execve(\"/usr/bin/passwd\", [\"passwd\", \"-S\"], []) = 0\n", user_snapshot(100, 0)),
            Strings{});
}

}  // namespace
}  // namespace capsule::test
