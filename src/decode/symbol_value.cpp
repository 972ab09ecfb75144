#include "decode/symbol_value.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <unordered_map>

#include "base/number_parse.h"
#include "decode/capabilities.h"
#include "decode/flag_tables.h"
#include "decode/names.h"

namespace capsule {
namespace {

// Every name of every flag table, and the few constants the decoders write without a table.
// Built once; a name that two tables give different values keeps the first (a test checks that
// no such name exists).
const std::unordered_map<std::string_view, uint64_t>& names() {
  static const auto kNames = [] {
    std::unordered_map<std::string_view, uint64_t> m;
    for (const FlagTable& table : tables::all_flag_tables()) {
      for (const FlagName& f : table) m.emplace(f.name, f.value);
    }
    constexpr std::pair<std::string_view, uint64_t> kLoose[] = {
        {"AT_FDCWD", static_cast<uint64_t>(int64_t{AT_FDCWD})},
        {"AT_STATX_SYNC_AS_STAT", 0},
        {"SIG_DFL", 0},
        {"SIG_IGN", 1},
        {"RLIM64_INFINITY", ~uint64_t{0}},
        {"S_IFREG", S_IFREG}, {"S_IFDIR", S_IFDIR}, {"S_IFLNK", S_IFLNK}, {"S_IFCHR", S_IFCHR},
        {"S_IFBLK", S_IFBLK}, {"S_IFIFO", S_IFIFO}, {"S_IFSOCK", S_IFSOCK},
        {"UTIME_NOW", UTIME_NOW}, {"UTIME_OMIT", UTIME_OMIT},
        {"MAP_HUGE_SHIFT", MAP_HUGE_SHIFT},
        {"S_ISUID", S_ISUID}, {"S_ISGID", S_ISGID}, {"S_ISVTX", S_ISVTX},
    };
    for (const auto& [name, value] : kLoose) m.emplace(name, value);
    return m;
  }();
  return kNames;
}

uint64_t token_value(std::string_view t) {
  // A number strace could not name carries the name it would have had: "0x7 /* FUTEX_OP_??? */".
  if (const size_t comment = t.find(" /*"); comment != std::string_view::npos) t = t.substr(0, comment);
  uint64_t v = 0;
  if (parse_c_number(t, v)) return v;
  if (t.starts_with("1<<")) {  // a capability set's member
    t.remove_prefix(3);
    const int bit = capability_bit(t);
    if (bit >= 0) return uint64_t{1} << bit;
    return parse_c_number(t, v) && v < 64 ? uint64_t{1} << v : 0;
  }
  // A field shifted into place, FUTEX_WAKE_OP's "FUTEX_OP_CMP_GT<<24", mmap's "2<<MAP_HUGE_SHIFT".
  if (const size_t shift = t.find("<<"); shift != std::string_view::npos) {
    const uint64_t by = token_value(t.substr(shift + 2));
    return by < 64 ? token_value(t.substr(0, shift)) << by : 0;
  }
  const auto& m = names();
  if (const auto it = m.find(t); it != m.end()) return it->second;
  if (t.ends_with("_PRIVATE")) {  // FUTEX_WAIT_PRIVATE: a futex command with the private bit
    const auto it = m.find(t.substr(0, t.size() - 8));
    if (it != m.end()) return it->second | FUTEX_PRIVATE_FLAG;
  }
  if (int sig = signal_value(t); sig > 0) return static_cast<uint64_t>(sig);
  if (int cap = capability_bit(t); cap >= 0) return static_cast<uint64_t>(cap);  // PR_CAPBSET_READ's
  if (int err = errno_value(t); err > 0) return static_cast<uint64_t>(err);  // siginfo's si_errno
  if (t.starts_with("__NR_")) {  // SIGSYS's si_syscall
    const int nr = syscall_number(kArchX86_64, t.substr(5));
    if (nr >= 0) return static_cast<uint64_t>(nr);
  }
  // A signal set's member is written without its SIG prefix ("CHLD", "RT_2", "RTMIN").
  std::string prefixed = "SIG";
  prefixed.append(t);
  if (int sig = signal_value(prefixed); sig > 0) return static_cast<uint64_t>(sig);
  return 0;
}

}  // namespace

bool parse_c_number(std::string_view t, uint64_t& out) {
  const auto n = parse_signed_magnitude(t, IntNotation::CLiteral);
  if (!n || n->negative) return false;
  out = n->magnitude;
  return true;
}

uint64_t symbol_value(std::string_view text) {
  uint64_t bits = 0;
  while (!text.empty()) {
    const size_t bar = text.find('|');
    bits |= token_value(text.substr(0, bar));
    if (bar == std::string_view::npos) break;
    text.remove_prefix(bar + 1);
  }
  return bits;
}

Arg symbol_from_names(std::string text) {
  const uint64_t bits = symbol_value(text);
  return Arg::symbol(std::move(text), bits);
}

}  // namespace capsule
