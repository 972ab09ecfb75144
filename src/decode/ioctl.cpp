// ioctl's request as strace names it (TCGETS, TIOCGWINSZ, FIONBIO…); a request no table knows
// stays the hex word it is.
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"

namespace capsule {

Arg decode_ioctl_arg(const DecodeContext& ctx, size_t index, const ParamSpec&) {
  // The kernel takes the request as an unsigned int.
  const uint32_t request = static_cast<uint32_t>(ctx.reg(index));
  const FlagName* f = find_constant(tables::kIoctlRequests, request);
  return f != nullptr ? Arg::symbol(std::string(f->name), f->value) : Arg::hex(ctx.reg(index));
}

}  // namespace capsule
