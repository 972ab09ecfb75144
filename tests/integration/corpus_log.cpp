#include "corpus_log.h"

#include <cctype>
#include <string_view>
#include <map>
#include <set>

#include "decode/signatures.h"
#include "harness.h"

namespace capsule::test {
namespace {

constexpr std::string_view kUnfinished = " <unfinished ...>";

// What differs between two runs of the same program, whoever traced them. Each rule names the
// run-to-run difference it removes; `needle` is a cheap test that skips lines it cannot touch.
struct Rule {
  const char* needle;
  std::regex pattern;
  const char* replacement;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> r = {
      // Stack, heap, mmap and PIE addresses (ASLR): twelve hex digits from 0x5… to 0x7…; fixed
      // addresses the helpers ask for (0x200000000) stay. A non-PIE program's heap is low.
      {"0x", std::regex(R"(\b0x[5-7][0-9a-f]{11}\b)"), "0xADDR"},
      {"brk(", std::regex(R"(^brk\((0x[0-9a-f]+|NULL)\) = 0x[0-9a-f]+$)"), "brk(ADDR) = 0xADDR"},
      // Times: -v's date comments, stat's seconds and nanoseconds, any timespec or timeval
      // (remaining times, clocks), a child's CPU ticks (with strace's comment when not zero).
      {"/*", std::regex(R"(/\* \d{4}-\d\d-\d\dT[^*]*\*/)"), "/* TIME */"},
      {"time", std::regex(R"(\b(st_[amc]time(_nsec)?)=\d+)"), "$1=T"},
      {"tv_sec", std::regex(R"(tv_sec=\d+, tv_(nsec|usec)=\d+)"), "tv_sec=S, tv_$1=N"},
      {"si_utime", std::regex(R"(si_utime=\d+( /\* [^*]* \*/)?, si_stime=\d+( /\* [^*]* \*/)?)"),
       "si_utime=T, si_stime=T"},
      // Inode numbers: of files created afresh, of pipes and sockets in -yy's labels (and their
      // peers'), of an O_TMPFILE file.
      {"ino", std::regex(R"(\b(st_ino|stx_ino|d_ino)=\d+)"), "$1=N"},
      {":[", std::regex(R"(([A-Za-z0-9_-]+:\[)\d{4,})"), "$1N"},
      {"->", std::regex(R"(->\d{4,}\b)"), "->N"},
      {"/#", std::regex(R"(/#\d+)"), "/#N"},
      // Ports the kernel picks (port 0 bound), in addresses and socket labels.
      {"htons", std::regex(R"(htons\(\d{4,5}\))"), "htons(PORT)"},
      {".", std::regex(R"((\d+\.\d+\.\d+\.\d+|\[::1?\]):\d{4,5}\b)"), "$1:PORT"},
      // Random bytes.
      {"getrandom", std::regex(R"(getrandom\("(\\.|[^"\\])*")"), "getrandom(RANDOM"},
      {"urandom", std::regex(R"re((</dev/urandom<char 1:9>>, )"(\\.|[^"\\])*")re"), "$1RANDOM"},
      // A pseudo-terminal's number is whatever was free.
      {"pts", std::regex(R"(/dev/pts/\d+)"), "/dev/pts/N"},
      {"char 136:", std::regex(R"(<char 136:\d+>)"), "<char 136:N>"},
      {"TIOCGPTN", std::regex(R"(TIOCGPTN, \[\d+\])"), "TIOCGPTN, [N]"},
      // System V ids: the kernel's slot and sequence numbers.
      {"get(", std::regex(R"(^((sem|shm|msg)get\(.*\) = )\d+$)"), "$1ID"},
      {"(", std::regex(R"(^(semctl|semop|semtimedop|shmat|shmctl|msgsnd|msgrcv|msgctl)\(\d+,)"), "$1(ID,"},
      // The kernel clock discipline's state moves on its own (its time, offset, frequency).
      {"modes=0", std::regex(R"(\b(offset|freq|maxerror|esterror|tai|tick|ppsfreq|jitter|stabil|jitcnt|calcnt|errcnt|stbcnt)=-?\d+)"), "$1=N"},
  };
  return r;
}

// Calls whose result is an id of the run (a pid, a key's random serial), replaced everywhere.
const std::regex& returns_id() {
  static const std::regex r(
      R"(^(clone|clone3|fork|vfork|wait4|getpid|gettid|getppid|getpgid|getpgrp|getsid|set_tid_address|add_key|request_key|keyctl\(KEYCTL_GET_KEYRING_ID|keyctl\(KEYCTL_SEARCH)\b.* = (\d+)( .*)?$)");
  return r;
}

// Whether the top-level argument `index` of `call` holds an id of the run: its parameter is a Pid
// in the syscall table (kill's pid, wait4's pid, tgkill's tgid and tid…) or a key serial
// (keyctl's, add_key's keyring). strace's named arguments (clone's parent_tid=[N]) by their name.
bool id_argument(const SyscallSignature* sig, size_t index, std::string_view name) {
  if (!name.empty()) return name.ends_with("pid") || name.ends_with("tid");
  if (sig == nullptr || index >= sig->nargs) return false;
  const ArgType t = sig->params[index].type;
  return t == ArgType::Pid || t == ArgType::WaitId || t == ArgType::KeySerial || t == ArgType::KeyctlArg;
}

// Replaces each whole number of `ids` with PID where an id stands: in an argument whose parameter
// is one (id_argument: the syscall table's ArgType::Pid, a key serial), a field named …pid (si_pid=N, l_pid=N), an fd's
// annotation (<pid:N>, </proc/N/stat>), the return value of a call that returns one (returns_id),
// a path or name part. Not elsewhere: an mmap length, st_size=2870 or a pread's 784 bytes that
// equals a pid of the run is no pid. Inside a quoted string only
// a part of a path or name ("/proc/1234/stat", "x-1234.sock") or the whole string is one: a
// file's text may hold any number ("Copyright (C) 1996-2022" when a pid of the run is 1996).
std::string replace_ids(const std::string& line, const std::set<std::string>& ids) {
  const std::string call = call_name(line);
  const bool syscall = call != "---" && call != "+++" && call != "?";
  const SyscallSignature* sig = syscall ? find_signature(call) : nullptr;
  // rt_sigreturn's result is what the frame restores: the interrupted code's, often a wait4's pid.
  const bool returns_an_id = syscall && (call == "rt_sigreturn" || std::regex_match(line, returns_id()));
  std::string out;
  out.reserve(line.size());
  bool quoted = false;
  int depth = 0;        // (, { and [ open, the call's own parenthesis included
  int angle = 0;        // inside an fd annotation
  bool returned = false;  // past the call's closing parenthesis
  size_t arg_index = 0;
  size_t arg_start = call.size() + 1;  // where the current top-level argument begins
  for (size_t i = 0; i < line.size();) {
    const char c = line[i];
    if (c == '"' && (i == 0 || line[i - 1] != '\\')) quoted = !quoted;
    if (!quoted) {
      // An annotation follows its fd or AT_FDCWD ("3</x>", "AT_FDCWD</x>"); "1<<CAP_KILL" is a shift.
      const bool after_word = i > 0 && std::isalnum(static_cast<unsigned char>(line[i - 1])) != 0;
      if (c == '<' && after_word && (i + 1 >= line.size() || line[i + 1] != '<')) ++angle;
      if (c == '>' && angle > 0 && (i == 0 || line[i - 1] != '-')) --angle;
      if (angle == 0 && (c == '(' || c == '{' || c == '[')) ++depth;
      if (angle == 0 && (c == ')' || c == '}' || c == ']')) {
        --depth;
        if (depth == 0 && c == ')') returned = true;
      }
      if (angle == 0 && depth == 1 && c == ',') {
        ++arg_index;
        arg_start = i + 2;
      }
    }
    if (std::isdigit(static_cast<unsigned char>(c)) == 0 ||
        (i > 0 && std::isalnum(static_cast<unsigned char>(line[i - 1])) != 0)) {
      out += line[i++];
      continue;
    }
    size_t end = i;
    while (end < line.size() && std::isalnum(static_cast<unsigned char>(line[end])) != 0) ++end;
    const std::string word = line.substr(i, end - i);
    bool id = ids.count(word) != 0;
    if (id && quoted) {
      const char before = i > 0 ? line[i - 1] : ' ';
      const char after = end < line.size() ? line[end] : ' ';
      const std::string_view joins = "/-_.\"";  // what sits around an id in a path or a name
      id = joins.find(before) != std::string_view::npos &&
           (joins.find(after) != std::string_view::npos || after == '\\');
    } else if (id && i > 0 && line[i - 1] == '=' && !(syscall && depth == 1 && line.find('=', arg_start) == i - 1)) {
      // A field: si_pid=N, l_pid=N, nl_pid=N.
      const size_t start = line.find_last_of(" {,(", i - 1) + 1;  // npos + 1 is 0
      id = std::string_view(line).substr(start, i - 1 - start).ends_with("pid");
    } else if (id && angle == 0 && !returned && syscall) {
      // An argument, or an element of one: named by strace ("parent_tid=[N]"), or positional.
      const size_t eq = line.find('=', arg_start);
      const bool named = depth >= 1 && eq != std::string::npos && eq < i &&
                         line.find_first_of("{[(\"", arg_start) > eq;
      id = id_argument(sig, arg_index, named ? std::string_view(line).substr(arg_start, eq - arg_start) : "");
    } else if (id && angle == 0 && returned && syscall) {
      id = returns_an_id;  // the result, or what strace writes after it ("(in [3], …)")
    }
    out += id ? "PID" : word;
    i = end;
  }
  return out;
}

// sysinfo's whole struct changes every second (uptime, loads, free memory, processes), and a
// process's resource usage from run to run.
std::string blank_counters(const std::string& line) {
  if (!line.starts_with("sysinfo({") && !line.starts_with("getrusage(")) return line;
  static const std::regex digits(R"(\b\d+\b)");
  return std::regex_replace(line, digits, "N");
}

}  // namespace

std::string call_name(const std::string& line) {
  if (line.starts_with("---") || line.starts_with("+++")) return line.substr(0, 3);
  size_t n = 0;
  while (n < line.size() && (std::isalnum(static_cast<unsigned char>(line[n])) != 0 || line[n] == '_')) ++n;
  return n > 0 && n < line.size() && line[n] == '(' ? line.substr(0, n) : "?";
}

LogLines read_log(const std::filesystem::path& log, const std::filesystem::path& work,
                  const std::vector<Rewrite>& extra) {
  const std::string dir = work.parent_path().string();
  static const std::regex prefix(R"(^(\d+) +(\d\d:\d\d:\d\d\.\d+ )?)");
  static const std::regex resumed(R"(^<\.\.\. [a-z0-9_]+ resumed>)");
  static const std::regex padding(R"(\) {2,}= )");
  std::map<std::string, std::string> pending;  // tid -> the first half of an unfinished call
  std::set<std::string> ids;
  LogLines out;
  for (const auto& raw : read_lines(log)) {
    std::smatch m;
    std::string tid, body = raw;
    if (std::regex_search(raw, m, prefix)) {
      tid = m[1];
      body = m.suffix();
      if (tid.size() >= 3) ids.insert(tid);
    }
    if (body.ends_with(kUnfinished) && !body.starts_with("<...")) {
      pending[tid] = body.substr(0, body.size() - kUnfinished.size());
      continue;
    }
    if (std::regex_search(body, m, resumed)) {
      body = pending[tid] + std::string(m.suffix());
      pending.erase(tid);
    }
    body = std::regex_replace(body, padding, ") = ");
    for (size_t at = body.find(dir); at != std::string::npos; at = body.find(dir, at)) {
      body.replace(at, dir.size(), "BOX");
    }
    if (std::regex_match(body, m, returns_id())) ids.insert(m[2]);
    out.exact.push_back(body);
  }
  for (const auto& [tid, half] : pending) out.exact.push_back(half + std::string(kUnfinished));
  for (const auto& line : out.exact) {
    // The rules first: a year in a date comment may equal a pid.
    std::string n = blank_counters(line);
    for (const auto& r : rules()) {
      if (n.find(r.needle) != std::string::npos) n = std::regex_replace(n, r.pattern, r.replacement);
    }
    n = replace_ids(n, ids);
    for (const auto& r : extra) n = std::regex_replace(n, r.pattern, r.replacement);
    out.normalised.push_back(n);
  }
  return out;
}

}  // namespace capsule::test
