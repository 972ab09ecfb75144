#include "decode/capabilities.h"

#include <array>

#include "decode/flags.h"

namespace capsule {
namespace {

constexpr std::array<std::string_view, 41> kCapabilityNames = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
    "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK",
    "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
    "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE"};

}  // namespace

std::string_view known_capability_name(unsigned bit) {
  return bit < kCapabilityNames.size() ? kCapabilityNames[bit] : std::string_view();
}

std::string capability_name(unsigned bit) {
  if (bit < kCapabilityNames.size()) return std::string(kCapabilityNames[bit]);
  return "CAP_" + std::to_string(bit);
}

int capability_bit(std::string_view name) {
  for (size_t i = 0; i < kCapabilityNames.size(); ++i) {
    if (kCapabilityNames[i] == name) return static_cast<int>(i);
  }
  return -1;
}

void append_capability_set(std::string& out, uint64_t mask) {
  if (mask == 0) {
    out.push_back('0');
    return;
  }
  bool first = true;
  for (unsigned bit = 0; bit < kCapabilityNames.size(); ++bit) {
    if (((mask >> bit) & 1u) == 0) continue;
    if (!first) out.push_back('|');
    first = false;
    out.append("1<<");
    out.append(kCapabilityNames[bit]);
  }
  const uint64_t unknown = kCapabilityNames.size() < 64 ? mask >> kCapabilityNames.size() << kCapabilityNames.size() : 0;
  if (unknown != 0) {
    if (!first) out.push_back('|');
    append_hex(out, unknown);
  }
}

}  // namespace capsule
