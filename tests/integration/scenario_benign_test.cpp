// The benign half of the scenario corpus (issue #22): ordinary CI jobs, each a real run under
// capsule, none of which may give a high or critical finding. One row per job: its name, an
// untraced setup (files it needs), and the job itself. Everything stays on this machine.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "scenario_dir.h"

namespace capsule::test {
namespace {

struct BenignJob {
  const char* name;
  const char* setup;   // run untraced in the job's directory (HOME)
  const char* script;  // the job, traced
};

// A two-file C project with a Makefile (several rows build it).
#define C_PROJECT                                                                                   \
  "printf '#include \"b.h\"\\nint main(void) { return b() - 42; }\\n' > a.c && "                    \
  "printf '#include \"b.h\"\\nint b(void) { return 42; }\\n' > b.c && printf 'int b(void);\\n' > b.h && " \
  "printf 'prog: a.o b.o\\n\\tgcc -o prog a.o b.o\\n%%.o: %%.c b.h\\n\\tgcc -O2 -c $<\\n"            \
  "check: prog\\n\\t./prog\\nclean:\\n\\trm -f prog *.o\\n' > Makefile"

// A local git repository with one commit.
#define GIT_REPO                                                                                    \
  "git init -q repo && cd repo && echo hello > README && git add README && "                      \
  "git -c user.name=t -c user.email=t@example.invalid commit -q -m first && cd .."

// A wheel made by hand (a zip with the package and its dist-info) and an empty venv.
#define LOCAL_WHEEL                                                                                 \
  "/usr/bin/python3 -m venv --without-pip v && /usr/bin/python3 -c \"import zipfile, hashlib, base64\n"              \
  "files = {'hello/__init__.py': 'def hi():\\n    return 42\\n',\n"                                 \
  " 'hello-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\\nName: hello\\nVersion: 1.0\\n',\n"     \
  " 'hello-1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\\nGenerator: hand\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}\n" \
  "rec = ''.join(f'{n},sha256={base64.urlsafe_b64encode(hashlib.sha256(t.encode()).digest()).rstrip(b\\\"=\\\").decode()},{len(t)}\\n' for n, t in files.items())\n" \
  "files['hello-1.0.dist-info/RECORD'] = rec + 'hello-1.0.dist-info/RECORD,,\\n'\n"                \
  "z = zipfile.ZipFile('hello-1.0-py3-none-any.whl', 'w')\n"                                        \
  "[z.writestr(n, t) for n, t in files.items()]\n"                                                  \
  "z.close()\""

const BenignJob kJobs[] = {
    {"gcc_two_files", C_PROJECT, "gcc -Wall -o direct a.c b.c && ./direct"},
    {"make_build", C_PROJECT, "make -s"},
    {"make_check_and_clean", C_PROJECT, "make -s check && make -s clean && make -s -j2"},
    {"gcc_O2_and_strip", C_PROJECT, "gcc -O2 -g -o p a.c b.c && strip p && objdump -h p > /dev/null && ./p"},
    {"static_library", C_PROJECT, "gcc -c b.c && ar rcs libb.a b.o && gcc -o p a.c -L. -lb && ./p"},
    {"cmake_configure_build", C_PROJECT " && printf 'cmake_minimum_required(VERSION 3.13)\\nproject(t C)\\n"
                                          "add_executable(p a.c b.c)\\n' > CMakeLists.txt",
     "cmake -S . -B out -G 'Unix Makefiles' > /dev/null && cmake --build out > /dev/null && out/p"},
    {"generated_script", "",
     "printf '#!/bin/sh\\necho generated\\n' > gen.sh && chmod +x gen.sh && ./gen.sh > /dev/null"},
    {"shell_test_suite", C_PROJECT " && printf 'set -e\\nfor t in 1 2 3; do ./prog; done\\necho ok\\n' > test.sh",
     "make -s && sh test.sh > /dev/null"},
    {"venv_pip_install_local_wheel", LOCAL_WHEEL,
     "/usr/bin/python3 -m pip --python v/bin/python install -q --no-index --no-deps --disable-pip-version-check "
     "hello-1.0-py3-none-any.whl && v/bin/python -c 'import hello; assert hello.hi() == 42'"},
    {"python_compileall", "mkdir -p pkg && printf 'X = 1\\n' > pkg/m.py && printf 'from . import m\\n' > pkg/__init__.py",
     "/usr/bin/python3 -m compileall -q pkg && /usr/bin/python3 -c 'import pkg; assert pkg.m.X == 1'"},
    {"python_unittest",
     "printf 'import unittest\\nclass T(unittest.TestCase):\\n    def test_a(self):\\n        self.assertEqual(1 + 1, 2)\\n' > test_a.py",
     "/usr/bin/python3 -m unittest -q test_a 2> /dev/null"},
    {"python_stdlib_script", "",
     "/usr/bin/python3 -c 'import json, os, re, subprocess, pathlib, hashlib, tempfile; "
     "print(json.dumps(sorted(os.listdir(\".\"))), hashlib.sha256(b\"x\").hexdigest())' > /dev/null"},
    {"python_loopback_http", "echo hi > index.html",
     "/usr/bin/python3 -c 'import http.server, threading, urllib.request\n"
     "s = http.server.HTTPServer((\"127.0.0.1\", 0), http.server.SimpleHTTPRequestHandler)\n"
     "threading.Thread(target=s.handle_request).start()\n"
     "assert urllib.request.urlopen(\"http://127.0.0.1:%d/index.html\" % s.server_port).read() == b\"hi\\n\"' 2> /dev/null"},
    {"git_init_commit", "", GIT_REPO},
    {"git_clone_local", GIT_REPO, "git clone -q repo copy && git -C copy log --oneline > /dev/null"},
    {"git_branch_merge_diff", GIT_REPO,
     "cd repo && git checkout -q -b topic && echo more >> README && "
     "git -c user.name=t -c user.email=t@example.invalid commit -q -am second && git checkout -q - && "
     "git merge -q --ff-only topic && git diff HEAD~1 > /dev/null"},
    {"tar_gzip_roundtrip", "mkdir -p d/e && echo x > d/x.txt && echo y > d/e/y.txt",
     "tar czf d.tgz d && mkdir out && tar xzf d.tgz -C out && diff -r d out/d"},
    {"xz_and_bzip2", "seq 1 2000 > n.txt", "xz -k n.txt && bzip2 -k n.txt && xz -dc n.txt.xz | cmp - n.txt && bzip2 -t n.txt.bz2"},
    {"zip_unzip", "mkdir -p d && echo x > d/x.txt", "zip -qr d.zip d && unzip -qo d.zip -d out && cmp d/x.txt out/d/x.txt"},
    {"sed_awk_pipeline", "seq 1 500 > n.txt",
     "sed 's/^/n=/' n.txt | awk -F= '{ s += $2 } END { print s }' | grep -qx 125250"},
    {"find_sort_uniq", "mkdir -p a/b c && touch a/x.c a/b/y.c c/z.h",
     "find . -name '*.[ch]' | sed 's/.*\\.//' | sort | uniq -c > counts.txt && wc -l < counts.txt | grep -q 2"},
    {"checksums", "seq 1 100 > a && seq 1 200 > b", "sha256sum a b > SUMS && sha256sum -c --quiet SUMS && md5sum a > /dev/null"},
    {"diff_and_patch", "seq 1 20 > old && seq 1 21 > new",
     "diff -u old new > p.diff; cp old work && patch -s work p.diff && cmp work new"},
    {"copy_move_remove_tree", "mkdir -p t/a/b && echo x > t/a/b/f",
     "cp -r t t2 && mv t2 t3 && chmod -R u+w t3 && rm -rf t3 && test ! -e t3"},
    {"perl_text_processing", "seq 1 50 > n.txt", "perl -ne 'print if /5/' n.txt | wc -l | grep -qx 6"},
    {"npm_install_local_tarball",
     "mkdir -p lib app && printf '{\"name\":\"lib\",\"version\":\"1.0.0\",\"main\":\"i.js\"}' > lib/package.json && "
     "echo 'module.exports = 42;' > lib/i.js && (cd lib && npm pack -q > /dev/null 2>&1) && "
     "printf '{\"name\":\"app\",\"version\":\"1.0.0\"}' > app/package.json",
     "cd app && npm install --offline --no-audit --no-fund -q ../lib/lib-1.0.0.tgz > /dev/null 2>&1 && "
     "node -e 'if (require(\"lib\") !== 42) process.exit(1)'"},
    {"echo_piped_into_sh", "", "echo 'echo hi' | sh > /dev/null"},
    {"system_info", "", "uname -a > /dev/null && id > /dev/null && ls -la / > /dev/null && df . > /dev/null && env > /dev/null"},
};

// gtest names a failing row by this rather than by its bytes.
void PrintTo(const BenignJob& row, std::ostream* os) { *os << row.name; }

class BenignScenario : public ::testing::TestWithParam<BenignJob> {};

TEST_P(BenignScenario, GivesNoHighOrCriticalFinding) {
  const BenignJob& job = GetParam();
  ScenarioDir dir;
  const Outcome setup = dir.shell(job.setup[0] != '\0' ? job.setup : "true");
  ASSERT_EQ(setup.exit_code, 0) << setup.out << setup.err;
  const Outcome run = dir.traced(job.script);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto found = dir.findings();
  // The low and medium ones, for docs/RULES.md's table (--gtest_output=xml shows them).
  RecordProperty("findings", describe(found));
  for (const auto& f : found) {
    EXPECT_TRUE(f.severity != "high" && f.severity != "critical") << describe(found);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, BenignScenario, ::testing::ValuesIn(kJobs),
                         [](const auto& row) { return std::string(row.param.name); });

}  // namespace
}  // namespace capsule::test
