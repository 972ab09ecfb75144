// ioctl's request as strace names it (TCGETS, TIOCGWINSZ, FIONBIO…; a request no table knows
// by its fields, _IOC(_IOC_READ, 0x54, 0xff, 0x4)), and the argument of the terminal and file requests whose argument
// strace decodes: ints ([1]), struct winsize and termios (termios.cpp), the queue of TCFLSH; none
// for FIOCLEX and the like.
#include <sys/ioctl.h>
#include <termios.h>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/ioctl_request.h"
#include "decode/symbol_value.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

enum class IoctlArgShape : uint8_t {
  Hex,         // not decoded: the word
  None,        // the request takes no argument: strace writes none
  IntIn,       // an int the call reads: [1]
  IntOut,      // an int the call writes: [1] once it succeeded
  Int,         // the argument itself is a number (TCSBRK's duration)
  WinsizeIn,   // struct winsize the call reads
  WinsizeOut,  // struct winsize the call fills
  FlushQueue,  // TCIFLUSH / TCOFLUSH / TCIOFLUSH
  FlowAction,  // TCOOFF / TCOON / TCIOFF / TCION
  TermiosIn,   // the kernel's struct termios the call reads (TCSETS*)
  TermiosOut,  // the kernel's struct termios the call fills (TCGETS)
};

IoctlArgShape ioctl_arg_shape(uint32_t request) {
  switch (request) {
    case FIOCLEX: case FIONCLEX: case TIOCEXCL: case TIOCNXCL: case TIOCNOTTY: case TIOCSBRK:
    case TIOCCBRK: case TIOCCONS:
      return IoctlArgShape::None;
    case FIONBIO: case FIOASYNC: case TIOCSPGRP: case TIOCSPTLCK: case TIOCSETD: case TIOCPKT:
      return IoctlArgShape::IntIn;
    case FIONREAD: case TIOCOUTQ: case TIOCGPTN: case TIOCGPGRP: case TIOCGSID: case TIOCGETD:
      return IoctlArgShape::IntOut;
    case TCSBRK: case TCSBRKP: case TIOCSCTTY:
      return IoctlArgShape::Int;
    case TCSETS: case TCSETSW: case TCSETSF:
      return IoctlArgShape::TermiosIn;
    case TCGETS:
      return IoctlArgShape::TermiosOut;
    case TIOCSWINSZ: return IoctlArgShape::WinsizeIn;
    case TIOCGWINSZ: return IoctlArgShape::WinsizeOut;
    case TCFLSH: return IoctlArgShape::FlushQueue;
    case TCXONC: return IoctlArgShape::FlowAction;
    default: return IoctlArgShape::Hex;
  }
}

Arg ioctl_int_arg(const DecodeContext& ctx, uint64_t addr, bool filled) {
  int32_t v = 0;
  if (addr == 0 || (filled && !ctx.succeeded()) || !read_object(ctx.mem, addr, v)) return pointer_arg(addr);
  Arg a;
  a.kind = ArgKind::Array;
  a.items.push_back(Arg::integer(v));
  return a;
}

Arg winsize_arg(const DecodeContext& ctx, uint64_t addr, bool filled) {
  winsize ws{};
  if (addr == 0 || (filled && !ctx.succeeded()) || !read_object(ctx.mem, addr, ws)) return pointer_arg(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(Arg::integer(ws.ws_row).named("ws_row"));
  s.items.push_back(Arg::integer(ws.ws_col).named("ws_col"));
  s.items.push_back(Arg::integer(ws.ws_xpixel).named("ws_xpixel"));
  s.items.push_back(Arg::integer(ws.ws_ypixel).named("ws_ypixel"));
  return s;
}

Arg ioctl_enum_arg(FlagTable table, uint64_t v) {
  const FlagName* f = find_constant(table, v);
  return f != nullptr ? Arg::symbol(std::string(f->name), v) : Arg::hex(v);
}

}  // namespace

Arg decode_ioctl_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  if (spec.type == ArgType::IoctlArg) {
    const uint64_t v = ctx.reg(index);
    switch (ioctl_arg_shape(static_cast<uint32_t>(ctx.related(spec)))) {
      case IoctlArgShape::IntIn: return ioctl_int_arg(ctx, v, false);
      case IoctlArgShape::IntOut: return ioctl_int_arg(ctx, v, true);
      case IoctlArgShape::Int: return Arg::integer(ctx.as_int(index));
      case IoctlArgShape::WinsizeIn: return winsize_arg(ctx, v, false);
      case IoctlArgShape::WinsizeOut: return winsize_arg(ctx, v, true);
      case IoctlArgShape::FlushQueue: return ioctl_enum_arg(tables::kTcflushQueues, v);
      case IoctlArgShape::FlowAction: return ioctl_enum_arg(tables::kTcxoncActions, v);
      case IoctlArgShape::TermiosIn: return termios_arg(ctx, v, false);
      case IoctlArgShape::TermiosOut: return termios_arg(ctx, v, true);
      case IoctlArgShape::None:
      case IoctlArgShape::Hex: break;
    }
    return Arg::hex(v);
  }
  // The kernel takes the request as an unsigned int.
  const uint32_t request = static_cast<uint32_t>(ctx.reg(index));
  const FlagName* f = find_constant(tables::kIoctlRequests, request);
  return f != nullptr ? Arg::symbol(std::string(f->name), f->value) : Arg::symbol(ioc_request_text(request), request);
}

std::string ioc_request_text(uint32_t request) {
  std::string out = "_IOC(";
  const uint32_t dir = _IOC_DIR(request);
  if (dir == _IOC_NONE) out.append("_IOC_NONE");
  if ((dir & _IOC_READ) != 0) out.append("_IOC_READ");
  if ((dir & _IOC_WRITE) != 0) out.append(dir == _IOC_WRITE ? "_IOC_WRITE" : "|_IOC_WRITE");
  out.append(", ");
  append_hex_or_zero(out, _IOC_TYPE(request));
  out.append(", ");
  append_hex_or_zero(out, _IOC_NR(request));
  out.append(", ");
  append_hex_or_zero(out, _IOC_SIZE(request));
  out.push_back(')');
  return out;
}

std::optional<uint32_t> ioc_request_value(std::string_view text) {
  if (!text.starts_with("_IOC(") || !text.ends_with(")")) return std::nullopt;
  text = text.substr(5, text.size() - 6);
  uint64_t fields[4] = {};  // dir, type, nr, size
  for (size_t i = 0; i < 4; ++i) {
    const size_t comma = text.find(", ");
    const std::string_view field = text.substr(0, comma);
    if (i == 0) {
      for (std::string_view name : {std::string_view("_IOC_READ"), std::string_view("_IOC_WRITE")}) {
        if (field.find(name) != std::string_view::npos) fields[0] |= name == "_IOC_READ" ? _IOC_READ : _IOC_WRITE;
      }
    } else if (!parse_c_number(field, fields[i])) {
      return std::nullopt;
    }
    if ((comma == std::string_view::npos) != (i == 3)) return std::nullopt;
    if (comma != std::string_view::npos) text.remove_prefix(comma + 2);
  }
  return static_cast<uint32_t>(_IOC(fields[0], fields[1], fields[2], fields[3]));
}

bool ioctl_arg_present(const DecodeContext& ctx, const ParamSpec& spec) {
  return ioctl_arg_shape(static_cast<uint32_t>(ctx.related(spec))) != IoctlArgShape::None;
}

}  // namespace capsule
