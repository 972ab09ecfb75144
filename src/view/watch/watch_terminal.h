// The terminal while `capsule watch` draws on it: keys read one at a time without echo (raw
// mode), the alternate screen (what was on the terminal comes back on exit) and no cursor. All
// of it is undone by the destructor, which every way out of watch reaches: `q`, Ctrl-C (a key in
// raw mode), SIGINT/SIGTERM/SIGHUP (read from a signalfd, never a handler) and exceptions.
#pragma once

#include <termios.h>

#include <cstddef>
#include <string>
#include <vector>

namespace capsule::view::watch {

struct TerminalSize {
  size_t width = 0, height = 0;  // 0 when out is not a terminal
};

TerminalSize terminal_size(int out_fd);

class WatchTerminal {
 public:
  // in_fd: raw mode when it is a terminal (else keys are not read); out_fd: the screen.
  WatchTerminal(int in_fd, int out_fd);
  ~WatchTerminal();
  WatchTerminal(const WatchTerminal&) = delete;
  WatchTerminal& operator=(const WatchTerminal&) = delete;

  bool reads_keys() const { return raw_; }
  // Replaces the screen with these lines (each already fitted to the width), in one write.
  void draw(const std::vector<std::string>& lines);
  // Blanks the screen (after a resize the old frame's rows no longer match the new ones).
  void clear();

 private:
  void write_all(const std::string& bytes);
  int in_fd_, out_fd_;
  bool raw_ = false;
  size_t drawn_ = 0;  // rows the last frame drew
  termios saved_{};
};

}  // namespace capsule::view::watch
