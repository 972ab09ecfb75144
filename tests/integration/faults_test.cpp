// When capsule cannot record: the log disk fills up, the home cannot be written, strace is missing.
// Each time the program must not run unrecorded, capsule says so in one line and exits 125, and
// what was written before a failure still verifies.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "harness.h"

namespace capsule::test {
namespace {

constexpr int kCannotRecord = 125;

// The lines of capsule's stderr that are capsule's own.
std::vector<std::string> capsule_lines(const std::string& err) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < err.size()) {
    const size_t nl = err.find('\n', start);
    const std::string line = err.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (line.rfind("capsule: ", 0) == 0) out.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

// A filesystem mounted on a fresh directory for the test's lifetime.
class ScopedMount {
 public:
  // A tmpfs of the given size; ok() is false when mounting is not permitted here.
  static ScopedMount tmpfs(const std::filesystem::path& at, const std::string& size) {
    ScopedMount m(at);
    const std::string opts = "size=" + size + ",mode=0700";
    m.ok_ = ::mount("tmpfs", at.c_str(), "tmpfs", 0, opts.c_str()) == 0;
    if (!m.ok_) m.error_ = std::strerror(errno);
    return m;
  }
  // at, bind-mounted onto itself read-only.
  static ScopedMount read_only_bind(const std::filesystem::path& at) {
    ScopedMount m(at);
    m.ok_ = ::mount(at.c_str(), at.c_str(), nullptr, MS_BIND, nullptr) == 0;
    if (m.ok_ && ::mount(nullptr, at.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
      m.error_ = std::strerror(errno);
      ::umount2(at.c_str(), MNT_DETACH);
      m.ok_ = false;
    } else if (!m.ok_) {
      m.error_ = std::strerror(errno);
    }
    return m;
  }
  ScopedMount(ScopedMount&& other) noexcept : at_(other.at_), ok_(other.ok_), error_(other.error_) {
    other.ok_ = false;
  }
  ScopedMount(const ScopedMount&) = delete;
  ScopedMount& operator=(const ScopedMount&) = delete;
  ScopedMount& operator=(ScopedMount&&) = delete;
  ~ScopedMount() {
    if (ok_) ::umount2(at_.c_str(), MNT_DETACH);
  }
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }

 private:
  explicit ScopedMount(std::filesystem::path at) : at_(std::move(at)) {}
  std::filesystem::path at_;
  bool ok_ = false;
  std::string error_;
};

// A shell command that proves the program ran: it creates marker.
std::vector<std::string> touch(const std::filesystem::path& marker) {
  return {"/bin/sh", "-c", "echo ran > " + marker.string()};
}

// The log disk fills up mid-run: capsule kills the program (it would otherwise go on unrecorded),
// says so in one line, exits 125, and the records written so far verify as intact but not sealed.
TEST(Faults, FullLogDiskStopsTheProgramAndWhatWasWrittenVerifies) {
  TempDir home;
  const auto mount = ScopedMount::tmpfs(home.path(), "2m");
  if (!mount.ok()) GTEST_SKIP() << "cannot mount a tmpfs here (" << mount.error() << "): needs root";
  TempDir outside;
  const auto marker = outside.path() / "finished";
  // ~1 million getppid calls need ~400 MB of logs: far more than 2 MiB.
  const auto o = capsule_run(home.path(), {"/bin/sh", "-c",
      helper("many_children") + " 0 1 1000000; echo finished > " + marker.string()});
  EXPECT_EQ(o.exit_code, kCannotRecord) << o.err;
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the program went on after the log failed";
  const auto lines = capsule_lines(o.err);
  ASSERT_EQ(lines.size(), 1u) << o.err;
  EXPECT_NE(lines[0].find("No space left on device"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("the program was stopped"), std::string::npos) << lines[0];

  // The final manifest fits in the room kept for it and counts the events that were taken from
  // the program but never reached the disk; the summary line says the same number.
  const auto run = latest_run(home.path());
  std::ifstream in(run / "manifest.json");
  const auto manifest = nlohmann::json::parse(in);
  EXPECT_EQ(manifest["state"], "log-failed");
  const uint64_t unwritten = manifest["extra"]["events_unwritten"];
  EXPECT_GT(unwritten, 0u);
  EXPECT_NE(lines[0].find("; " + std::to_string(unwritten) + " events taken were not written;"), std::string::npos)
      << lines[0];
  EXPECT_FALSE(std::filesystem::exists(run / ".manifest-reserve"));
  // Intact up to the failure, not sealed: exit 3 (0 would be sealed, 1 tampered).
  const auto v = run_program({capsule_bin(), "verify", "--home", home.path().string()});
  EXPECT_EQ(v.exit_code, 3) << v.out << v.err;
  EXPECT_EQ(v.out.rfind("unsealed\n", 0), 0u) << v.out;
  EXPECT_EQ(v.out.find("TAMPERED"), std::string::npos) << v.out;
}

TEST(Faults, ReadOnlyHomeIsRefusedBeforeTheProgramRuns) {
  TempDir home;
  const auto mount = ScopedMount::read_only_bind(home.path());
  if (!mount.ok()) GTEST_SKIP() << "cannot make a read-only bind mount here (" << mount.error() << "): needs root";
  TempDir outside;
  const auto marker = outside.path() / "ran";
  const auto o = capsule_run(home.path(), touch(marker));
  EXPECT_EQ(o.exit_code, kCannotRecord) << o.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_NE(o.err.find("Read-only file system"), std::string::npos) << o.err;
}

// The home was usable once (logs/ and keys/ exist) and has become read-only since.
TEST(Faults, HomeTurnedReadOnlyAfterARunIsRefusedBeforeTheProgramRuns) {
  TempDir home;
  ASSERT_EQ(capsule_run(home.path(), {"true"}).exit_code, 0);
  const auto mount = ScopedMount::read_only_bind(home.path());
  if (!mount.ok()) GTEST_SKIP() << "cannot make a read-only bind mount here (" << mount.error() << "): needs root";
  TempDir outside;
  const auto marker = outside.path() / "ran";
  const auto o = capsule_run(home.path(), touch(marker));
  EXPECT_EQ(o.exit_code, kCannotRecord) << o.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(capsule_lines(o.err).size(), 1u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
}

TEST(Faults, HomeThatIsAFileIsRefusedBeforeTheProgramRuns) {
  TempDir tmp;
  const auto file = tmp.path() / "a-file";
  std::ofstream(file) << "x";
  const auto marker = tmp.path() / "ran";
  const auto o = capsule_run(file, touch(marker));
  EXPECT_EQ(o.exit_code, kCannotRecord) << o.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
}

// A home without write permission for the (unprivileged) user running capsule.
TEST(Faults, HomeWithoutWritePermissionIsRefusedBeforeTheProgramRuns) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run capsule as uid 65534";
  if (::access("/usr/bin/setpriv", X_OK) != 0) GTEST_SKIP() << "setpriv (util-linux) is not installed";
  TempDir dir;
  ::chmod(dir.path().c_str(), 0755);
  const auto home = dir.path() / "home";
  const auto writable = dir.path() / "writable";
  std::filesystem::create_directory(home);
  std::filesystem::create_directory(writable);
  ASSERT_EQ(::chown(home.c_str(), 65534, 65534), 0);
  ASSERT_EQ(::chmod(home.c_str(), 0500), 0);
  ASSERT_EQ(::chown(writable.c_str(), 65534, 65534), 0);
  const auto marker = writable / "ran";
  std::vector<std::string> argv{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                "env", "HOME=" + writable.string(), capsule_bin(), "run", "--home",
                                home.string(), "--"};
  for (const auto& a : touch(marker)) argv.push_back(a);
  const auto o = run_program(argv);
  EXPECT_EQ(o.exit_code, kCannotRecord) << o.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(o.err.rfind("capsule: ", 0), 0u) << o.err;
  EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << o.err;
  EXPECT_NE(o.err.find("Permission denied"), std::string::npos) << o.err;
}

// --backend strace without strace on PATH: a clear error, and the program never runs.
TEST(Faults, StraceBackendWithoutStraceIsAClearError) {
  TempDir home;
  const auto marker = home.path() / "ran";
  std::vector<std::string> argv{"env", "PATH=/nonexistent-capsule-test", capsule_bin(), "run", "--home",
                                home.path().string(), "--backend", "strace", "--"};
  for (const auto& a : touch(marker)) argv.push_back(a);
  const auto o = run_program(argv);
  EXPECT_EQ(o.exit_code, kCannotRecord) << o.err;
  EXPECT_FALSE(std::filesystem::exists(marker));
  EXPECT_EQ(o.err, "capsule: strace not found: install the strace package\n");
}

}  // namespace
}  // namespace capsule::test
