// System V IPC arguments that are more than a table lookup: a key (IPC_PRIVATE for 0, else hex,
// as strace writes it) and shmget's flags, whose permission bits strace writes in octal after the
// IPC_* names ("IPC_CREAT|0600"). The strace parser reads both back without help: the names
// through the flag tables, the octal digits as a number (decode/symbol_value.h).
#include <cstdio>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"

namespace capsule {
namespace {

constexpr uint32_t kPermissionBits = 0777;

Arg ipc_key_arg(uint32_t key) {
  if (key == 0) return Arg::symbol(std::string(tables::kIpcKeys[0].name), 0);
  return Arg::hex(key);
}

Arg shmget_flags_arg(uint32_t v) {
  const uint32_t flags = v & ~kPermissionBits;
  const uint32_t mode = v & kPermissionBits;
  if (flags == 0 && mode != 0) return Arg::octal(mode);
  std::string text = flags_string(tables::kShmgetFlags, flags, "0");
  if (mode != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "|%#03o", mode);
    text.append(buf);
  }
  return Arg::symbol(std::move(text), v);
}

}  // namespace

Arg decode_ipc_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const auto v = static_cast<uint32_t>(ctx.reg(index));
  if (spec.type == ArgType::IpcKey) return ipc_key_arg(v);
  return shmget_flags_arg(v);
}

}  // namespace capsule
