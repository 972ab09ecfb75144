#include "harness.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace capsule::test {

std::string capsule_bin() { return CAPSULE_BIN; }
std::string helper(const std::string& name) { return std::string(CAPSULE_HELPER_DIR) + "/" + name; }

Outcome run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e) env_store.emplace_back(*e);
  for (const auto& e : env) env_store.push_back(e);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) throw std::runtime_error("posix_spawnp " + argv[0]);
  Outcome o;
  pollfd p[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(p, 2, -1) < 0) continue;
    for (int i = 0; i < 2; ++i) {
      if (p[i].fd < 0 || p[i].revents == 0) continue;
      const ssize_t n = read(p[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(p[i].fd);
        p[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? o.out : o.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return o;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "capsule-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path setuid_copy(const TempDir& dir, unsigned owner) {
  ::chmod(dir.path().c_str(), 0755);
  const auto file = dir.path() / ("print_ids_setuid_" + std::to_string(owner));
  std::filesystem::copy_file(helper("print_ids"), file);
  // chmod after chown, which clears the setuid bit.
  if (::chown(file.c_str(), owner, owner) != 0 || ::chmod(file.c_str(), 04755) != 0) {
    throw std::runtime_error("cannot make " + file.string() + " setuid");
  }
  return file;
}

std::filesystem::path nobody_home(const TempDir& dir) {
  const auto home = dir.path() / "home";
  std::filesystem::create_directory(home);
  if (::chown(home.c_str(), 65534, 65534) != 0) throw std::runtime_error("cannot chown " + home.string());
  return home;
}

std::vector<std::string> as_nobody(const std::filesystem::path& home, const std::vector<std::string>& argv) {
  std::vector<std::string> cmd{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                               "env",     "HOME=" + home.string()};
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return cmd;
}

Outcome capsule_run(const std::filesystem::path& home, const std::vector<std::string>& argv,
                    const std::vector<std::string>& extra_flags) {
  std::vector<std::string> cmd{capsule_bin(), "run", "--home", home.string()};
  cmd.insert(cmd.end(), extra_flags.begin(), extra_flags.end());
  cmd.emplace_back("--");
  cmd.insert(cmd.end(), argv.begin(), argv.end());
  return run_program(cmd);
}

std::filesystem::path latest_run(const std::filesystem::path& home) {
  std::filesystem::path best;
  for (const auto& e : std::filesystem::directory_iterator(home / "logs")) {
    if (e.is_directory() && (best.empty() || e.path().filename() > best.filename())) best = e.path();
  }
  if (best.empty()) throw std::runtime_error("no run in " + home.string());
  return best;
}

namespace {

// A compressed run stores file as file + ".zst": the path to read, and whether it is that one.
std::filesystem::path stored_form(const std::filesystem::path& file, bool& compressed) {
  std::filesystem::path z = file;
  z += ".zst";
  std::error_code ec;
  compressed = !std::filesystem::exists(file, ec) && std::filesystem::exists(z, ec);
  return compressed ? z : file;
}

}  // namespace

std::vector<std::string> read_lines(const std::filesystem::path& file) {
  std::istringstream in(slurp(file));
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

std::string slurp(const std::filesystem::path& file) {
  bool compressed = false;
  const std::filesystem::path path = stored_form(file, compressed);
  if (compressed) {
    // Decoded by zstd's own tool, not capsule's reader: the file must be a standard zstd stream.
    const Outcome o = run_program({"zstd", "-d", "-c", "-q", path.string()});
    return o.out;
  }
  return slurp_raw(path);
}

std::string slurp_raw(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void spit(const std::filesystem::path& file, const std::string& bytes) {
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

nlohmann::json latest_manifest(const std::filesystem::path& home) {
  std::ifstream in(latest_run(home) / "manifest.json");
  return nlohmann::json::parse(in);
}

std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& file) {
  std::vector<nlohmann::json> out;
  for (const auto& l : read_lines(file)) out.push_back(nlohmann::json::parse(l));
  return out;
}

std::vector<std::string> output_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

size_t display_columns(const std::string& line) {
  size_t n = 0;
  for (const char c : line) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace capsule::test
