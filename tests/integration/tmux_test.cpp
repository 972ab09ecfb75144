// capsule tail and capsule watch on a real terminal (#25): a detached tmux server (its own
// socket, no configuration) runs them in a pane of 80 or 200 columns; capture-pane -J reads the
// screen back with wrapped lines joined, so a line longer than the pane would show as one. Tail
// shows both of two runs recorded at once, each line with its run's id; watch shows the process
// tree of a running program, redraws at the new size after resize-window, and `q` ends it with
// the terminal back in its normal mode. Without Debian's tmux they skip.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <functional>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "background_process.h"
#include "harness.h"

namespace capsule::test {
namespace {

using namespace std::chrono_literals;

bool have_tmux() { return run_program({"sh", "-c", "command -v tmux"}).exit_code == 0; }

// One tmux server and session running `script` (sh) in a pane of width x height.
class Tmux {
 public:
  Tmux(const TempDir& dir, size_t width, size_t height, const std::string& script) : socket_((dir.path() / "tmux.sock").string()) {
    spit(dir.path() / "pane.sh", script);
    const Outcome o = tmux({"new-session", "-d", "-s", "t", "-x", std::to_string(width), "-y", std::to_string(height),
                            "sh " + (dir.path() / "pane.sh").string()});
    started_ = o.exit_code == 0;
    EXPECT_TRUE(started_) << o.err;
  }
  ~Tmux() { tmux({"kill-server"}); }

  Outcome tmux(std::vector<std::string> args) const {
    std::vector<std::string> cmd{"tmux", "-S", socket_, "-f", "/dev/null"};
    cmd.insert(cmd.end(), args.begin(), args.end());
    return run_program(cmd);
  }
  // The pane's lines, wrapped ones joined (-J), trailing blank lines dropped.
  std::vector<std::string> screen() const {
    const Outcome o = tmux({"capture-pane", "-p", "-J", "-t", "t"});
    std::vector<std::string> out;
    std::istringstream in(o.out);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    while (!out.empty() && out.back().find_first_not_of(' ') == std::string::npos) out.pop_back();
    return out;
  }
  std::string text() const {
    std::string t;
    for (const auto& l : screen()) t += l + "\n";
    return t;
  }
  // Waits (up to timeout) until the screen satisfies done.
  bool wait_for(const std::function<bool(const std::vector<std::string>&)>& done, std::chrono::seconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (done(screen())) return true;
      std::this_thread::sleep_for(100ms);
    }
    return done(screen());
  }
  bool shows(const std::string& text, std::chrono::seconds timeout = 20s) const {
    return wait_for([&](const auto& lines) {
      return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(text) != std::string::npos; });
    }, timeout);
  }
  bool started() const { return started_; }

 private:
  std::string socket_;
  bool started_ = false;
};

class TmuxView : public ::testing::TestWithParam<size_t> {
 protected:
  void SetUp() override {
    if (!have_tmux()) GTEST_SKIP() << "tmux is not installed (Debian: tmux)";
  }
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

TEST_P(TmuxView, TailShowsTwoRunsAtOnceEachLineWithinTheWidth) {
  const size_t width = GetParam();
  TempDir home;
  TempDir work;
  const std::map<std::string, int> reads{{"gated_a.txt", 4}, {"gated_b.txt", 5}};
  for (const auto& [file, n] : reads) spit(work.path() / file, file + "\n");
  Tmux tmux(work, width, 24,
            "exec " + capsule_bin() + " tail --home " + quoted(home.path().string()) +
                " events --kind read --path '*/gated_?.txt>*'\n");
  ASSERT_TRUE(tmux.started());
  ASSERT_TRUE(tmux.shows("waiting for a run")) << tmux.text();
  const auto run = [&](const std::string& file, const char* mine, const char* other) {
    return std::vector<std::string>{capsule_bin(), "run", "-q", "--home", home.path().string(), "--",
                                    helper("gated_reads"), (work.path() / file).string(),
                                    std::to_string(reads.at(file)), (work.path() / mine).string(),
                                    (work.path() / other).string()};
  };
  BackgroundProcess run_a(run("gated_a.txt", "a.mark", "b.mark"));
  BackgroundProcess run_b(run("gated_b.txt", "b.mark", "a.mark"));
  ASSERT_EQ(run_a.wait_exit(60s), 0) << run_a.rest_of_err();
  ASSERT_EQ(run_b.wait_exit(60s), 0) << run_b.rest_of_err();

  std::map<std::string, std::string> id_of;  // file → run id
  for (const auto& e : std::filesystem::directory_iterator(home.path() / "logs")) {
    const auto manifest = nlohmann::json::parse(slurp(e.path() / "manifest.json"));
    for (const auto& [file, n] : reads) {
      if (manifest.value("command", "").find(file) != std::string::npos) id_of[file] = manifest.value("run_id", "");
    }
  }
  ASSERT_EQ(id_of.size(), 2u);
  const auto count = [&](const std::vector<std::string>& lines, const std::string& id) {
    return std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(id.substr(0, 8) + " ", 0) == 0; });
  };
  EXPECT_TRUE(tmux.wait_for([&](const auto& lines) {
    return count(lines, id_of["gated_a.txt"]) == 4 && count(lines, id_of["gated_b.txt"]) == 5;
  }, 20s)) << tmux.text();
  for (const auto& l : tmux.screen()) EXPECT_LE(display_columns(l), width) << l;
}

TEST_P(TmuxView, WatchShowsTheTreeRedrawsOnResizeAndQuits) {
  const size_t width = GetParam();
  TempDir home;
  TempDir work;
  // The traced program: a shell that starts a ticker (a process that acts now and then) and waits.
  BackgroundProcess traced({capsule_bin(), "run", "-q", "--home", home.path().string(), "--", "sh", "-c",
                            helper("slow_ticker") + " 60; true"});
  const auto stty = work.path() / "stty.txt";
  Tmux tmux(work, width, 24,
            capsule_bin() + " watch --home " + quoted(home.path().string()) + "\n" +
                "stty -a > " + quoted(stty.string()) + "\necho watch ended\nexec sleep 60\n");
  ASSERT_TRUE(tmux.started());
  // The tree: the shell and, under it, the ticker, both running.
  ASSERT_TRUE(tmux.shows("slow_ticker 60")) << tmux.text();
  EXPECT_TRUE(tmux.shows(" running ")) << tmux.text();
  EXPECT_TRUE(tmux.shows("capsule watch · run ")) << tmux.text();
  EXPECT_TRUE(tmux.shows("q quits")) << tmux.text();
  const auto fits = [](size_t w) {
    return [w](const std::vector<std::string>& lines) {
      // A frame drawn at this width: its headings reach the last column, and nothing is wider.
      bool heading = false;
      for (const auto& l : lines) {
        if (display_columns(l) > w) return false;
        heading = heading || (l.rfind("── processes", 0) == 0 && display_columns(l) == w);
      }
      return heading;
    };
  };
  EXPECT_TRUE(tmux.wait_for(fits(width), 10s)) << tmux.text();
  // Resized: the frame is drawn again at the new width.
  const size_t other = width == 80 ? 120 : 100;
  ASSERT_EQ(tmux.tmux({"resize-window", "-t", "t", "-x", std::to_string(other), "-y", "30"}).exit_code, 0);
  EXPECT_TRUE(tmux.wait_for(fits(other), 10s)) << tmux.text();
  // q: watch ends, the screen it drew is gone, and the terminal is in its normal (cooked) mode.
  ASSERT_EQ(tmux.tmux({"send-keys", "-t", "t", "q"}).exit_code, 0);
  ASSERT_TRUE(tmux.shows("watch ended", 10s)) << tmux.text();
  EXPECT_FALSE(tmux.shows("capsule watch · run", 0s)) << tmux.text();
  std::istringstream modes(slurp(stty));
  std::set<std::string> words{std::istream_iterator<std::string>(modes), std::istream_iterator<std::string>()};
  for (const char* mode : {"icanon", "echo", "isig"}) EXPECT_TRUE(words.contains(mode)) << mode << "\n" << slurp(stty);
  traced.send_signal(SIGTERM);
  traced.wait_exit(30s);
}

INSTANTIATE_TEST_SUITE_P(Widths, TmuxView, ::testing::Values(80, 200));

}  // namespace
}  // namespace capsule::test
