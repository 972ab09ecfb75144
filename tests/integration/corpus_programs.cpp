#include "corpus_programs.h"

#include <algorithm>
#include <filesystem>

namespace capsule::test {
namespace {

// Commit dates and identities fixed, no configuration but the repository's: the same objects
// (and so the same hashes) in every run.
const std::vector<std::string> kGitEnv = {
    "GIT_AUTHOR_NAME=corpus",        "GIT_AUTHOR_EMAIL=corpus@example.org",
    "GIT_COMMITTER_NAME=corpus",     "GIT_COMMITTER_EMAIL=corpus@example.org",
    "GIT_AUTHOR_DATE=1700000000 +0000", "GIT_COMMITTER_DATE=1700000000 +0000",
    "GIT_CONFIG_NOSYSTEM=1",         "GIT_CONFIG_GLOBAL=/dev/null",
    "HOME=/nonexistent",
};

// A server and a client on loopback in two processes: the child connects once the parent
// listens (the listening socket exists before the fork).
constexpr const char* kLoopback = R"(import os, socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
if os.fork() == 0:
    c = socket.create_connection(s.getsockname())
    c.sendall(b"ping")
    c.recv(4)
    os._exit(0)
a, _ = s.accept()
a.sendall(a.recv(4).replace(b"i", b"o"))
os.wait()
)";

}  // namespace

std::vector<CorpusProgram> corpus_programs() {
  std::vector<CorpusProgram> out;
  std::vector<std::string> helpers;
  for (const auto& e : std::filesystem::directory_iterator(std::string(CAPSULE_SOURCE_DIR) + "/tests/helpers/corpus")) {
    if (e.path().extension() == ".c") helpers.push_back(e.path().stem().string());
  }
  std::sort(helpers.begin(), helpers.end());
  for (const auto& h : helpers) out.push_back({h, {std::string(CAPSULE_HELPER_DIR) + "/corpus/" + h}, {}, {}, {}});
  const std::vector<std::string> python_env = {"PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0"};
  out.push_back({"real_ls", {"/bin/ls", "-la", "/usr/share/doc/tar"}, {"LC_ALL=C"}, {}, {}});
  out.push_back(
      {"real_cat", {"/bin/cat", "/usr/share/doc/tar/README.Debian", "seeded"}, {}, {{"seeded", "seed\n"}}, {}});
  out.push_back({"real_cp", {"/bin/cp", "/usr/share/doc/tar/AUTHORS", "copy"}, {}, {}, {}});
  out.push_back({"real_python",
                 {"/usr/bin/python3", "-c", "import os, json; print(json.dumps(sorted(os.listdir('.'))))"},
                 python_env, {{"a", ""}, {"b", ""}}, {}});
  out.push_back({"real_tar", {"/bin/tar", "-cf", "doc.tar", "-C", "/usr/share/doc", "tar"}, {}, {}, {}});
  out.push_back({"real_gcc", {"/usr/bin/gcc", "-pipe", "-O1", "-c", "tiny.c", "-o", "tiny.o"}, {"LC_ALL=C"},
                 {{"tiny.c", "int twice(int x) { return 2 * x; }\n"}}, {}});
  out.push_back({"real_sh",
                 {"/bin/sh", "-c",
                  "trap 'echo trapped' USR1 EXIT; kill -USR1 $$; printf 'b\\na\\n' | sort | tr a-z A-Z > out; "
                  "cat out; (exit 3) || echo status $?"},
                 {}, {}, {}});
  out.push_back({"real_git",
                 {"/bin/sh", "-c",
                  // f older than the index: else git re-reads it ("racily clean") or not, by timing.
                  "git init -q -b main repo && cd repo && echo tracked > f && touch -d @1600000000 f && "
                  "git add f && git commit -q -m first"},
                 kGitEnv, {},
                 // git's temporary files are named at random; it stats /tmp, which other tests change.
                 {{R"((tmp_obj_|/\.git/t)[A-Za-z0-9]{6}\b)", "$1XXXXXX"}, {R"(("/tmp", )\{[^}]*\})", "$1{…}"}}});
  out.push_back({"real_loopback", {"/usr/bin/python3", "-c", kLoopback}, python_env, {}, {}});
  return out;
}

}  // namespace capsule::test
