// System V IPC arguments that are more than a table lookup: a key (IPC_PRIVATE for 0, else hex,
// as strace writes it); shmget's, semget's and msgget's flags, whose permission bits strace writes
// in octal after the IPC_* names ("IPC_CREAT|0600"); semop's struct sembuf array and the message
// buffers of msgsnd and msgrcv. The strace parser reads them back without help: the names through
// the flag tables, the octal digits as a number (decode/symbol_value.h), the structs generically.
#include <algorithm>
#include <cstdio>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/tracee_read.h"
#include "decode/struct_array.h"

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

// semget's and msgget's flags: the named bits only when there are any, then the permission bits,
// which strace always writes with at least three octal digits ("IPC_CREAT|0600", "000").
Arg ipc_get_flags_arg(uint32_t v) {
  const uint32_t flags = v & ~kPermissionBits;
  const uint32_t mode = v & kPermissionBits;
  if (flags == 0) return Arg::octal(mode);  // the renderer pads it to three digits
  std::string text = flags_string(tables::kIpcGetFlags, flags, "0");
  char buf[16];
  std::snprintf(buf, sizeof buf, "|%#03o", mode);
  text.append(buf);
  return Arg::symbol(std::move(text), v);
}

// struct sembuf (sys/sem.h): unsigned short sem_num, short sem_op, short sem_flg.
struct SembufLayout {
  uint16_t sem_num;
  int16_t sem_op;
  int16_t sem_flg;
};

Arg sembufs_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count) {
  return struct_array_arg<SembufLayout>(ctx, addr, count, [](const SembufLayout& b) {
    Arg s;
    s.kind = ArgKind::Struct;
    s.items.push_back(Arg::integer(b.sem_num).named("sem_num"));
    s.items.push_back(Arg::integer(b.sem_op).named("sem_op"));
    const auto flg = static_cast<uint16_t>(b.sem_flg);
    s.items.push_back(flags_field_arg(tables::kSemOpFlags, flg).named("sem_flg"));
    return s;
  });
}

// struct msgbuf: a long mtype, then msgsz bytes of mtext. strace shows msgsz bytes whatever the
// call sent or received, and the pointer when msgrcv failed.
Arg msgbuf_arg(const DecodeContext& ctx, uint64_t addr, uint64_t msgsz, bool filled) {
  if (addr == 0) return Arg::null();
  if (filled && !ctx.succeeded()) return Arg::hex(addr);
  uint64_t word = 0;  // a C long: 4 bytes on i386
  if (!read_word(ctx.mem, addr, ctx.word_size(), word)) return Arg::hex(addr);
  const int64_t mtype = ctx.is_i386() ? static_cast<int32_t>(word) : static_cast<int64_t>(word);
  Arg s;
  s.kind = ArgKind::Struct;
  s.items.push_back(Arg::integer(mtype).named("mtype"));
  s.items.push_back(buffer_arg(ctx.mem, addr + ctx.word_size(), msgsz, ctx.opts.string_limit).named("mtext"));
  return s;
}

}  // namespace

Arg decode_ipc_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec) {
  const auto v = static_cast<uint32_t>(ctx.reg(index));
  switch (spec.type) {
    case ArgType::IpcKey: return ipc_key_arg(v);
    case ArgType::IpcGetFlags: return ipc_get_flags_arg(v);
    case ArgType::SemBufs: return sembufs_arg(ctx, ctx.reg(index), ctx.related(spec));
    case ArgType::MsgBufIn: return msgbuf_arg(ctx, ctx.reg(index), ctx.related(spec), false);
    case ArgType::MsgBufOut: return msgbuf_arg(ctx, ctx.reg(index), ctx.related(spec), true);
    default: return shmget_flags_arg(v);
  }
}

}  // namespace capsule
