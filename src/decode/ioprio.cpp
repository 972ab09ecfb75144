// ioprio_set's priority (and ioprio_get's result) as strace writes it: the macro that builds it,
// IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 4). The strace parser keeps that call verbatim (a Raw),
// so the native decoder writes the same text; a class no table names stays a number.
#include "decode/decode_context.h"
#include "decode/flag_tables.h"

namespace capsule {
namespace {

// linux/ioprio.h (not includable from C++): the class in the bits above the 13 of data.
constexpr unsigned kClassShift = 13;
constexpr uint32_t kDataMask = (1u << kClassShift) - 1;

}  // namespace

std::string ioprio_value_text(uint32_t v) {
  const FlagName* cls = find_constant(tables::kIoprioClasses, v >> kClassShift);
  if (cls == nullptr) return {};
  std::string text = "IOPRIO_PRIO_VALUE(";
  text.append(cls->name).append(", ").append(std::to_string(v & kDataMask)).append(")");
  return text;
}

Arg ioprio_value_arg(const DecodeContext& ctx, size_t index) {
  std::string text = ioprio_value_text(static_cast<uint32_t>(ctx.reg(index)));
  if (text.empty()) return Arg::integer(ctx.as_int(index));
  return Arg::raw(std::move(text));
}

}  // namespace capsule
