// What an argument decoder sees: the registers, the tracee's memory, the options, and (at exit)
// the result. Internal to the decode stage.
#pragma once

#include <cstdint>

#include "decode/flags.h"
#include "decode/signatures.h"
#include "decode/syscall_decoder.h"
#include "event/syscall_event.h"

namespace capsule {

struct DecodeContext {
  const RawSyscall& call;
  TraceeMemory& mem;
  const DecodeOptions& opts;
  bool at_exit = false;
  int64_t rval = 0;       // raw kernel return (valid at exit)
  bool is_error = false;  // valid at exit

  bool is_i386() const { return call.arch == kArchI386; }
  size_t word_size() const { return is_i386() ? 4 : 8; }

  // Register i as the kernel sees it: i386 registers carry 32 bits.
  uint64_t reg(size_t i) const { return is_i386() ? (call.args[i] & 0xFFFFFFFFu) : call.args[i]; }
  // Register i as a C int (the kernel ignores the upper half for int parameters).
  int32_t as_int(size_t i) const {
    return static_cast<int32_t>(static_cast<uint32_t>(call.args[i]));
  }
  // Register i as a C long.
  int64_t as_long(size_t i) const {
    return is_i386() ? static_cast<int64_t>(as_int(i)) : static_cast<int64_t>(call.args[i]);
  }
  // The register of the argument `spec` depends on (its length, count…); 0 when none.
  uint64_t related(const ParamSpec& spec) const {
    return spec.related >= 0 ? reg(static_cast<size_t>(spec.related)) : 0;
  }
  // The call returned successfully and output memory is filled.
  bool succeeded() const { return at_exit && !is_error; }
};

// Decodes argument `index` (described by `spec`) into out (name not set). Returns false when the
// argument is not shown for this call (fcntl F_GETFL has no third argument, like strace).
bool decode_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec, Arg& out);

// Family decoders, one per ArgType group (file.cpp, process.cpp, net.cpp, memory.cpp,
// tracee_data.cpp, dirent.cpp; namespace and mount flags are table-only, in arg_dispatch.cpp). Each handles
// only the types arg_dispatch.cpp sends it.
Arg decode_file_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// False for the file arguments a particular call does not have (open's mode without O_CREAT).
bool file_arg_present(const DecodeContext& ctx, const ParamSpec& spec);
Arg decode_process_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
Arg decode_net_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
Arg decode_memory_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
Arg decode_data_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// What uname, sysinfo and getrusage fill (system_info.cpp): the pointer unless it succeeded.
Arg decode_system_info_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// Socket protocols and option names by their family or level, option values (sockopt.cpp).
Arg decode_sockopt_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// struct epoll_event, read (epoll_ctl) or filled (epoll_wait) (epoll.cpp).
Arg decode_epoll_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// A CPU affinity mask as the CPUs in it, [0 1] (cpu_set.cpp).
Arg cpu_set_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// struct pollfd[] poll and ppoll read, with the revents they wrote (poll.cpp).
Arg poll_fds_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// select's fd sets as the call read them, pselect6's sigmask pair, and the ready sets and time
// left read at the exit into the kSelectResultArg Struct (select.cpp).
Arg fd_set_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
Arg pselect_sigmask_arg(const DecodeContext& ctx, size_t index);
Arg select_result_arg(const DecodeContext& ctx, const SyscallSignature& sig);
// personality's persona, PER_LINUX|ADDR_NO_RANDOMIZE (0xffffffff, the query, as a number), and the
// text of one, which also names personality's result (personality.cpp).
Arg persona_arg(const DecodeContext& ctx, size_t index);
std::string persona_text(uint32_t persona);
// struct timex adjtimex and clock_adjtime filled (timex.cpp): the pointer unless it succeeded.
Arg timex_arg(const DecodeContext& ctx, size_t index);
// A msghdr's control messages (len bytes at addr), [{cmsg_len=…, cmsg_level=SOL_SOCKET, …}]
// (cmsg.cpp).
Arg cmsgs_arg(const DecodeContext& ctx, uint64_t addr, uint64_t len);
// struct sched_attr (sched_attr.cpp); `filled`: by the call (the pointer unless it succeeded).
Arg sched_attr_arg(const DecodeContext& ctx, size_t index, bool filled);
// struct iovec[count] of another process: its pointers and lengths (tracee_data.cpp).
Arg remote_iovec_array_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count);
// A file mode as strace writes it, S_IFREG|S_ISUID|0755, and a device number, makedev(0x1, 0x3)
// (stat_struct.cpp).
std::string file_mode_text(uint32_t mode);
std::string device_number_text(uint64_t dev);
// A signal set as strace writes it, [CHLD TERM] or ~[…] (process.cpp).
Arg sigset_value(uint64_t mask);
// struct statfs the call filled (statfs.cpp): the pointer unless it succeeded.
Arg decode_statfs_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// sigaltstack's stack_t and the siginfo_t rt_sigtimedwait fills (signal_structs.cpp).
Arg decode_signal_struct_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// POSIX message queues' struct mq_attr, struct sigevent, and an unsigned int out (mqueue.cpp);
// mq_open's attr is there only with O_CREAT.
Arg decode_mq_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
bool mq_arg_present(const DecodeContext& ctx, const ParamSpec& spec);
// keyctl's second to fifth arguments, shaped by the command (keyctl.cpp, keyctl_layout.h).
Arg keyctl_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// prctl's second argument, shaped by the option (prctl.cpp, prctl_layout.h).
Arg prctl_arg2_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// ioprio_set's priority, IOPRIO_PRIO_VALUE(class, data) (ioprio.cpp).
Arg ioprio_value_arg(const DecodeContext& ctx, size_t index);
// The same text for a value (ioprio_get's result); empty for a class no table names.
std::string ioprio_value_text(uint32_t v);
// A System V key and shmget's flags (ipc.cpp).
Arg decode_ipc_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// ioctl's request by name and its argument by the request (ioctl.cpp); false for a request that
// takes no argument.
Arg decode_ioctl_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
bool ioctl_arg_present(const DecodeContext& ctx, const ParamSpec& spec);
// The kernel's struct termios (termios.cpp); `filled`: written by the call (the pointer unless it
// succeeded).
Arg termios_arg(const DecodeContext& ctx, uint64_t addr, bool filled);
// The directory entries getdents/getdents64 filled (dirent.cpp): the pointer unless it succeeded.
Arg decode_dirent_arg(const DecodeContext& ctx, size_t index, const ParamSpec& spec);
// struct stat the call filled (stat_struct.cpp): the pointer unless it succeeded.
Arg stat_struct_arg(const DecodeContext& ctx, uint64_t addr);
// struct statx the call filled (stat_struct.cpp): the pointer unless it succeeded.
Arg statx_struct_arg(const DecodeContext& ctx, uint64_t addr);

// Shared small shapes.
inline Arg pointer_arg(uint64_t addr) { return addr == 0 ? Arg::null() : Arg::hex(addr); }
// A number strace writes unsigned: an Int while it fits, as the strace parser reads "128".
inline Arg unsigned_number_arg(uint64_t v) {
  return v <= static_cast<uint64_t>(INT64_MAX) ? Arg::integer(static_cast<int64_t>(v)) : Arg::uinteger(v);
}
// A struct's flags field: its names, or the number 0 when none is set. strace writes
// `ss_flags=0`, and the strace parser, which knows no struct field's type, reads a number there:
// a backend writes what `capsule import` of strace's line does.
inline Arg flags_field_arg(FlagTable table, uint64_t v) {
  return v == 0 ? Arg::integer(0) : Arg::symbol(flags_string(table, v), v);
}
Arg signal_arg(int64_t sig);           // SIGTERM, or Int for 0 and unknown numbers
Arg open_flags_arg(uint64_t flags);    // O_RDONLY|O_CLOEXEC
Arg clone_flags_arg(uint64_t flags);   // CLONE_VM|…|SIGCHLD
// struct timespec at addr ({tv_sec=1, tv_nsec=0}); NULL for 0, the pointer if unreadable.
Arg timespec_arg(const DecodeContext& ctx, uint64_t addr);
// The same two words under another name for the second (struct timeval's "tv_usec").
Arg time_pair_arg(const DecodeContext& ctx, uint64_t addr, std::string_view fraction);
// struct iovec[count] as an Array of {iov_base, iov_len}. `filled`: the call wrote into the
// buffers and ctx.rval bytes in total are data (readv, recvmsg); else iov_len bytes each.
Arg iovec_array_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count, bool filled);

}  // namespace capsule
