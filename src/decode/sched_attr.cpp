// sched_setattr's and sched_getattr's struct sched_attr as strace writes it: its fields up to the
// size it says it has (util_min and util_max from the 56-byte version on), the policy and flags
// by name. sched_getattr's is read after the call, which filled it.
#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/flags.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// The kernel's struct sched_attr (linux/sched/types.h, which clashes with glibc's sched.h).
struct SchedAttr {
  uint32_t size, sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime, sched_deadline, sched_period;
  uint32_t sched_util_min, sched_util_max;
};

// The sizes of the struct's versions: SCHED_ATTR_SIZE_VER0 ends at sched_period.
constexpr uint32_t kSchedAttrV0Size = 48;
constexpr uint32_t kSchedAttrV1Size = 56;

}  // namespace

Arg sched_attr_arg(const DecodeContext& ctx, size_t index, bool filled) {
  const uint64_t addr = ctx.reg(index);
  if (addr == 0) return Arg::null();
  SchedAttr a{};
  if ((filled && !ctx.succeeded()) || !read_object(ctx.mem, addr, a)) return Arg::hex(addr);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(Arg::integer(a.size).named("size"));
  if (a.size < kSchedAttrV0Size) return s;
  const FlagName* policy = find_constant(tables::kSchedPolicies, a.sched_policy);
  s.items.push_back((policy != nullptr ? Arg::symbol(std::string(policy->name), a.sched_policy)
                                       : Arg::integer(a.sched_policy)).named("sched_policy"));
  s.items.push_back(flags_field_arg(tables::kSchedAttrFlags, a.sched_flags).named("sched_flags"));
  s.items.push_back(Arg::integer(a.sched_nice).named("sched_nice"));
  s.items.push_back(Arg::integer(a.sched_priority).named("sched_priority"));
  s.items.push_back(unsigned_number_arg(a.sched_runtime).named("sched_runtime"));
  s.items.push_back(unsigned_number_arg(a.sched_deadline).named("sched_deadline"));
  s.items.push_back(unsigned_number_arg(a.sched_period).named("sched_period"));
  if (a.size < kSchedAttrV1Size) return s;
  s.items.push_back(Arg::integer(a.sched_util_min).named("sched_util_min"));
  s.items.push_back(Arg::integer(a.sched_util_max).named("sched_util_max"));
  return s;
}

}  // namespace capsule
