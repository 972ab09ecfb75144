// keyctl: each command's arguments as strace 6.1 writes them (keyctl_layout.h), and the key
// serial numbers add_key and request_key take.
#include <linux/keyctl.h>

#include <algorithm>
#include <initializer_list>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/keyctl_layout.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

using KA = KeyctlArg;

struct KeyctlCommandShape {
  uint32_t cmd;
  std::initializer_list<KeyctlArg> args;  // after the command
};

const KeyctlCommandShape kKeyctlShapes[] = {
    {KEYCTL_GET_KEYRING_ID, {KA::Serial, KA::Int}},
    {KEYCTL_JOIN_SESSION_KEYRING, {KA::Str}},
    {KEYCTL_UPDATE, {KA::Serial, KA::StrN, KA::UInt}},
    {KEYCTL_REVOKE, {KA::Serial}},
    {KEYCTL_CLEAR, {KA::Serial}},
    {KEYCTL_INVALIDATE, {KA::Serial}},
    {KEYCTL_ASSUME_AUTHORITY, {KA::Serial}},
    {KEYCTL_LINK, {KA::Serial, KA::Serial}},
    {KEYCTL_UNLINK, {KA::Serial, KA::Serial}},
    {KEYCTL_DESCRIBE, {KA::Serial, KA::ReadOut, KA::UInt}},
    {KEYCTL_READ, {KA::Serial, KA::ReadOut, KA::UInt}},
    {KEYCTL_GET_SECURITY, {KA::Serial, KA::ReadOut, KA::UInt}},
    {KEYCTL_SEARCH, {KA::Serial, KA::Str, KA::Str, KA::Serial}},
    {KEYCTL_CHOWN, {KA::Serial, KA::Uid, KA::Uid}},
    {KEYCTL_SETPERM, {KA::Serial, KA::Perm}},
    {KEYCTL_INSTANTIATE, {KA::Serial, KA::StrN, KA::UInt, KA::Serial}},
    {KEYCTL_NEGATE, {KA::Serial, KA::UInt, KA::Serial}},
    {KEYCTL_SET_TIMEOUT, {KA::Serial, KA::UInt}},
    {KEYCTL_SESSION_TO_PARENT, {}},
    {KEYCTL_GET_PERSISTENT, {KA::Uid, KA::Serial}},
    {KEYCTL_RESTRICT_KEYRING, {KA::Serial, KA::Str, KA::Str}},
};

Arg key_serial_arg(int32_t id) {
  const FlagName* f = find_constant(tables::kKeySpecs, static_cast<uint32_t>(id));
  return f != nullptr ? Arg::symbol(std::string(f->name), f->value) : Arg::integer(id);
}

}  // namespace

KeyctlLayout keyctl_layout(uint64_t cmd) {
  const auto c = static_cast<uint32_t>(cmd);
  for (const KeyctlCommandShape& s : kKeyctlShapes) {
    if (s.cmd != c) continue;
    KeyctlLayout l;
    l.shown = static_cast<uint8_t>((1u << (s.args.size() + 1)) - 1);
    std::copy(s.args.begin(), s.args.end(), l.args.begin() + 1);
    return l;
  }
  return {};
}

Arg keyctl_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t v = ctx.reg(index);
  const KeyctlLayout layout = keyctl_layout(ctx.related(spec));
  const KeyctlArg kind = index < layout.args.size() ? layout.args[index] : KeyctlArg::Hex;
  constexpr size_t kKeyctlRegisters = 6;
  const uint64_t next = index + 1 < kKeyctlRegisters ? ctx.reg(index + 1) : 0;
  switch (kind) {
    case KeyctlArg::Hex: return Arg::hex(v);
    case KeyctlArg::Serial: return key_serial_arg(ctx.as_int(index));
    case KeyctlArg::Int: return Arg::integer(ctx.as_int(index));
    case KeyctlArg::UInt: return unsigned_number_arg(v);
    case KeyctlArg::Str: return cstring_arg(ctx.mem, v, ctx.opts.string_limit);
    case KeyctlArg::StrN: return buffer_arg(ctx.mem, v, next, ctx.opts.string_limit);
    case KeyctlArg::ReadOut: {
      if (!ctx.succeeded()) return pointer_arg(v);
      const uint64_t len = std::min<uint64_t>(static_cast<uint64_t>(std::max<int64_t>(ctx.rval, 0)), next);
      return buffer_arg(ctx.mem, v, len, ctx.opts.string_limit);
    }
    case KeyctlArg::Perm: {
      const auto perm = static_cast<uint32_t>(v);
      return Arg::symbol(flags_string(tables::kKeyPerms, perm, "0"), perm);
    }
    case KeyctlArg::Uid: {
      const auto id = static_cast<uint32_t>(v);
      return id == UINT32_MAX ? Arg::integer(-1) : Arg::integer(id);
    }
  }
  return Arg::hex(v);
}

}  // namespace capsule
