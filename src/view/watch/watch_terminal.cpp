#include "view/watch/watch_terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>

namespace capsule::view::watch {
namespace {

constexpr const char* kEnter = "\x1b[?1049h\x1b[?25l";  // alternate screen, cursor hidden
constexpr const char* kLeave = "\x1b[?25h\x1b[?1049l";  // cursor shown, normal screen back

}  // namespace

TerminalSize terminal_size(int out_fd) {
  winsize ws{};
  if (::ioctl(out_fd, TIOCGWINSZ, &ws) != 0) return {};
  return {ws.ws_col, ws.ws_row};
}

WatchTerminal::WatchTerminal(int in_fd, int out_fd) : in_fd_(in_fd), out_fd_(out_fd) {
  if (::isatty(in_fd_) == 1 && ::tcgetattr(in_fd_, &saved_) == 0) {
    termios raw = saved_;
    // Keys arrive one by one, unechoed; Ctrl-C is a key (ISIG off) so that it quits like `q`.
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(IXON | ICRNL);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    raw_ = ::tcsetattr(in_fd_, TCSANOW, &raw) == 0;
  }
  write_all(kEnter);
}

WatchTerminal::~WatchTerminal() {
  write_all(kLeave);
  if (raw_) ::tcsetattr(in_fd_, TCSANOW, &saved_);
}

void WatchTerminal::draw(const std::vector<std::string>& lines) {
  // Each line placed at its row and the rest of the row cleared: nothing scrolls, and a line
  // that got shorter leaves nothing behind.
  std::string out = "\x1b[H";
  for (size_t i = 0; i < lines.size(); ++i) {
    out += "\x1b[" + std::to_string(i + 1) + ";1H" + lines[i] + "\x1b[K";
  }
  for (size_t i = lines.size(); i < drawn_; ++i) out += "\x1b[" + std::to_string(i + 1) + ";1H\x1b[K";
  drawn_ = lines.size();
  write_all(out);
}

void WatchTerminal::clear() {
  write_all("\x1b[2J");
  drawn_ = 0;
}

void WatchTerminal::write_all(const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(out_fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the terminal is gone: nothing more to show
    done += static_cast<size_t>(n);
  }
}

}  // namespace capsule::view::watch
