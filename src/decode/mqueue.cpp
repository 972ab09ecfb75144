// POSIX message queues' structs (struct mq_attr) and struct sigevent (mq_notify, timer_create),
// as strace 6.1 writes them.
#include <fcntl.h>
#include <signal.h>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/tracee_read.h"

namespace capsule {
namespace {

// struct mq_attr: four longs (mq_flags, mq_maxmsg, mq_msgsize, mq_curmsgs), then padding.
constexpr const char* kMqAttrFields[] = {"mq_flags", "mq_maxmsg", "mq_msgsize", "mq_curmsgs"};

// `name_flags`: mq_flags by name (O_NONBLOCK), as strace writes mq_getsetattr's; mq_open's is
// a hex word (the kernel ignores it there).
Arg mq_attr_arg(const DecodeContext& ctx, uint64_t addr, bool name_flags) {
  if (addr == 0) return Arg::null();
  const size_t word = ctx.word_size();
  uint64_t v[4] = {};
  for (size_t i = 0; i < 4; ++i) {
    if (!read_word(ctx.mem, addr + i * word, word, v[i])) return Arg::hex(addr);
    if (ctx.is_i386()) v[i] = static_cast<uint64_t>(static_cast<int64_t>(static_cast<int32_t>(v[i])));
  }
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back((name_flags ? Arg::symbol(flags_string(tables::kOpenFlags, v[0], "0"), v[0]) : Arg::hex(v[0]))
                        .named(kMqAttrFields[0]));
  for (size_t i = 1; i < 4; ++i) s.items.push_back(Arg::integer(static_cast<int64_t>(v[i])).named(kMqAttrFields[i]));
  return s;
}

// struct sigevent: union sigval (a word), int sigev_signo, int sigev_notify, then a thread id or
// a function and its attributes. strace shows sigev_value only when its pointer is not NULL, the
// signal by name where it is one, and the union's member the notification uses.
Arg sigevent_arg(const DecodeContext& ctx, uint64_t addr) {
  if (addr == 0) return Arg::null();
  const size_t word = ctx.word_size();
  uint64_t value = 0, fn = 0, attr = 0;
  int32_t ints[3] = {};  // sigev_signo, sigev_notify, the thread id
  if (!read_word(ctx.mem, addr, word, value) || !read_object(ctx.mem, addr + word, ints[0]) ||
      !read_object(ctx.mem, addr + word + 4, ints[1]) || !read_object(ctx.mem, addr + word + 8, ints[2])) {
    return Arg::hex(addr);
  }
  const int32_t notify = ints[1];
  // The union after the two ints starts word-aligned: offset 16 on x86_64, 12 on i386.
  const uint64_t un = addr + (ctx.is_i386() ? 12 : 16);
  if (notify == SIGEV_THREAD && (!read_word(ctx.mem, un, word, fn) || !read_word(ctx.mem, un + word, word, attr))) {
    return Arg::hex(addr);
  }
  Arg s;
  s.kind = ArgKind::Struct;
  if (value != 0) {
    Arg v;
    v.kind = ArgKind::Struct;
    v.items.push_back(Arg::integer(static_cast<int32_t>(value)).named("sival_int"));
    v.items.push_back(pointer_arg(value).named("sival_ptr"));
    s.items.push_back(std::move(v).named("sigev_value"));
  }
  const bool signals = notify == SIGEV_SIGNAL || notify == SIGEV_THREAD || notify == SIGEV_THREAD_ID;
  s.items.push_back((signals ? signal_arg(ints[0]) : Arg::integer(static_cast<uint32_t>(ints[0]))).named("sigev_signo"));
  const auto n = static_cast<uint32_t>(notify);
  const FlagName* f = find_constant(tables::kSigevNotify, n);
  s.items.push_back((f != nullptr ? Arg::symbol(std::string(f->name), n) : Arg::hex(n)).named("sigev_notify"));
  if (notify == SIGEV_THREAD_ID) s.items.push_back(Arg::integer(ints[2]).named("sigev_notify_thread_id"));
  if (notify == SIGEV_THREAD) {
    s.items.push_back(pointer_arg(fn).named("sigev_notify_function"));
    s.items.push_back(pointer_arg(attr).named("sigev_notify_attributes"));
  }
  return s;
}

}  // namespace

bool mq_arg_present(const DecodeContext& ctx, const ParamSpec& spec) {
  return spec.type != ArgType::MqAttrOpen || (ctx.related(spec) & O_CREAT) != 0;
}

Arg decode_mq_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const uint64_t addr = ctx.reg(index);
  switch (spec.type) {
    case ArgType::MqAttrOpen: return mq_attr_arg(ctx, addr, false);
    case ArgType::MqAttrIn: return mq_attr_arg(ctx, addr, true);
    case ArgType::MqAttrOut: return ctx.succeeded() ? mq_attr_arg(ctx, addr, true) : pointer_arg(addr);
    case ArgType::SigEventIn: return sigevent_arg(ctx, addr);
    case ArgType::UIntOut: {
      uint32_t v = 0;
      if (!ctx.succeeded() || addr == 0 || !read_object(ctx.mem, addr, v)) return pointer_arg(addr);
      Arg a;
      a.kind = ArgKind::Array;
      a.items.push_back(Arg::integer(v));
      return a;
    }
    default: return Arg::hex(addr);
  }
}

}  // namespace capsule
