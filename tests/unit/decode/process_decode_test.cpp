#include <gtest/gtest.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <ucontext.h>

#include <cstddef>

#include "decoder_test_util.h"
#include "strace_spelling.h"
#include "decode/symbol_value.h"

namespace capsule::testing {
namespace {

Arg strs(std::initializer_list<const char*> items, bool truncated = false) {
  Arg a;
  a.kind = ArgKind::Array;
  a.truncated = truncated;
  for (const char* s : items) a.items.push_back(Arg::str(s));
  return a;
}

struct ExecveSetup {
  FakeMemory mem;
  uint64_t path, argv, envp;
  ExecveSetup() {
    path = mem.map_cstr(0x10000, "/bin/echo");
    const uint64_t a0 = mem.map_cstr(0x11000, "echo");
    const uint64_t a1 = mem.map_cstr(0x11100, "hi there");
    const uint64_t a2 = mem.map_cstr(0x11200, "x");
    const uint64_t e0 = mem.map_cstr(0x12000, "PATH=/usr/bin");
    argv = mem.map_words<uint64_t>(0x13000, {a0, a1, a2, 0});
    envp = mem.map_words<uint64_t>(0x14000, {e0, 0});
  }
};

TEST(ProcessDecode, ExecveReadsArgvAndEnvpAtEntry) {
  ExecveSetup s;
  SyscallDecoder dec;
  RawSyscall call = raw_call("execve", {s.path, s.argv, s.envp});
  SyscallEvent ev;
  ASSERT_TRUE(dec.decode_entry(call, s.mem, ev));
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], Arg::str("/bin/echo").named("pathname"));
  EXPECT_EQ(ev.args[1], strs({"echo", "hi there", "x"}).named("argv"));
  EXPECT_EQ(ev.args[2], strs({"PATH=/usr/bin"}).named("envp"));
  // The new image has replaced the memory by the exit stop: exit must not re-read.
  FakeMemory empty;
  dec.decode_exit(call, 0, false, true, empty, ev);
  EXPECT_EQ(ev.args[1], strs({"echo", "hi there", "x"}).named("argv"));
  EXPECT_TRUE(ev.has_ret);
  EXPECT_EQ(ev.ret, 0);
}

TEST(ProcessDecode, ExecveHonoursArrayLimit) {
  ExecveSetup s;
  SyscallDecoder dec(DecodeOptions{.string_limit = 1000, .array_limit = 2});
  SyscallEvent ev = run_call(dec, s.mem, raw_call("execve", {s.path, s.argv, s.envp}), 0);
  EXPECT_EQ(ev.args[1], strs({"echo", "hi there"}, true).named("argv"));
  EXPECT_EQ(ev.args[2], strs({"PATH=/usr/bin"}, false).named("envp"));
}

TEST(ProcessDecode, ExecveNullAndBadArrays) {
  ExecveSetup s;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, s.mem, raw_call("execve", {s.path, 0, 0xbad000}), -EFAULT);
  EXPECT_EQ(ev.args[1], Arg::null().named("argv"));
  EXPECT_EQ(ev.args[2], Arg::hex(0xbad000).named("envp"));
  EXPECT_EQ(ev.err, EFAULT);
}

// Only the pointers the flags make the kernel use, as strace's clone.c: the parent's copy of the
// child's id is read where the creation is reported ("[77]").
TEST(ProcessDecode, CloneFlagsWithExitSignal) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(
      dec, mem, raw_call("clone", {CLONE_VM | CLONE_VFORK | SIGCHLD, 0x7000, 0, 0, 0}), 1234);
  ASSERT_EQ(ev.args.size(), 2u);
  EXPECT_EQ(ev.args[0], symbol_from_names("CLONE_VM|CLONE_VFORK|SIGCHLD").named("flags"));
  EXPECT_EQ(ev.args[1], Arg::hex(0x7000).named("stack"));
  EXPECT_EQ(ev.ret, 1234);
  EXPECT_EQ(ev.ret_kind, RetKind::Int);

  ev = run_call(dec, mem, raw_call("clone", {CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD,
                                             0, 0, 0x9000, 0}), 77);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], symbol_from_names("CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD").named("flags"));
  EXPECT_EQ(ev.args[1], Arg::null().named("stack"));
  EXPECT_EQ(ev.args[2], Arg::hex(0x9000).named("child_tid"));

  const uint64_t ptid = mem.map_words<int32_t>(0x30000, {77});
  ev = run_call(dec, mem, raw_call("clone", {CLONE_VM | CLONE_PARENT_SETTID | CLONE_SETTLS, 0x7000, ptid, 0, 0x8000}), 77);
  ASSERT_EQ(ev.args.size(), 4u);
  Arg tid;
  tid.kind = ArgKind::Array;
  tid.items.push_back(Arg::integer(77));
  EXPECT_EQ(ev.args[2], std::move(tid).named("parent_tid"));
  EXPECT_EQ(ev.args[3], Arg::hex(0x8000).named("tls"));
}

TEST(ProcessDecode, Clone3Struct) {
  FakeMemory mem;
  uint64_t ca[8] = {CLONE_VM | CLONE_THREAD, 0, 0x5000, 0, SIGCHLD, 0x7000, 0x1000, 0};
  const uint64_t addr = mem.map_object(0x20000, ca);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("clone3", {addr, sizeof ca}), 42);
  ASSERT_EQ(ev.args.size(), 2u);
  const Arg& s = ev.args[0];
  EXPECT_EQ(s.name, "cl_args");
  ASSERT_EQ(s.kind, ArgKind::Struct);
  EXPECT_EQ(field(s, "flags"), symbol_from_names("CLONE_VM|CLONE_THREAD").named("flags"));
  EXPECT_EQ(field(s, "exit_signal"), symbol_from_names("SIGCHLD").named("exit_signal"));
  // Without CLONE_CHILD_SETTID/CLEARTID the kernel ignores child_tid, and strace leaves it out.
  EXPECT_EQ(field(s, "child_tid"), Arg::raw("<missing field>"));

  EXPECT_EQ(field(s, "stack"), Arg::hex(0x7000).named("stack"));
  EXPECT_EQ(field(s, "stack_size"), Arg::hex(0x1000).named("stack_size"));
  EXPECT_EQ(ev.args[1], Arg::uinteger(64).named("size"));
  // Too small a size is not a clone_args.
  ev = run_call(dec, mem, raw_call("clone3", {addr, 8}), -EINVAL);
  EXPECT_EQ(ev.args[0], Arg::hex(addr).named("cl_args"));
}

// rt_sigreturn's mask, from the frame at the stack pointer (the handler's return popped the
// frame's first word); without a stack pointer there is nothing to show.
TEST(ProcessDecode, RtSigreturnMaskFromTheFrame) {
  FakeMemory mem;
  const uint64_t sp = 0x40008;
  const uint64_t mask = (1u << (SIGCHLD - 1)) | (1u << (SIGTERM - 1));
  mem.map_words<uint64_t>(sp - 8 + 8 + offsetof(ucontext_t, uc_sigmask), {mask});
  SyscallDecoder dec;
  RawSyscall call = raw_call("rt_sigreturn", {});
  call.stack_pointer = sp;
  SyscallEvent ev = run_call(dec, mem, call, 0);
  ASSERT_EQ(ev.args.size(), 1u);
  ASSERT_EQ(ev.args[0].kind, ArgKind::Struct);
  const Arg& set = field(ev.args[0], "mask");
  ASSERT_EQ(set.items.size(), 2u);
  EXPECT_EQ(set.items[0], symbol_from_names("TERM"));
  EXPECT_EQ(set.items[1], symbol_from_names("CHLD"));
  call.stack_pointer = 0;
  EXPECT_TRUE(run_call(dec, mem, call, 0).args.empty());
}

TEST(ProcessDecode, ExitGroupDecodedAtEntry) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev;
  ASSERT_TRUE(dec.decode_entry(raw_call("exit_group", {3}), mem, ev));
  EXPECT_EQ(ev.name, "exit_group");
  EXPECT_EQ(ev.args.at(0), Arg::integer(3).named("status"));
  EXPECT_FALSE(ev.has_ret);
}

TEST(ProcessDecode, Wait4StatusAndOptions) {
  FakeMemory mem;
  const uint64_t st = mem.map_object(0x30000, int{0x0100});  // exited with 1
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("wait4", {static_cast<uint64_t>(-1), st, __WALL, 0}), 99);
  ASSERT_EQ(ev.args.size(), 4u);
  EXPECT_EQ(ev.args[0], Arg::integer(-1).named("pid"));
  Arg status;
  status.kind = ArgKind::Array;
  status.items = {Arg::symbol("{WIFEXITED(s) && WEXITSTATUS(s) == 1}", 0x0100)};
  EXPECT_EQ(ev.args[1], std::move(status).named("wstatus"));
  EXPECT_EQ(ev.args[2], symbol_from_names("__WALL").named("options"));
  EXPECT_EQ(ev.args[3], Arg::null().named("rusage"));

  mem.map_object(0x30000, int{SIGKILL});
  ev = run_call(dec, mem, raw_call("wait4", {99, st, 0, 0}), 99);
  EXPECT_EQ(ev.args[1].items.at(0), Arg::symbol("{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}", SIGKILL));
  EXPECT_EQ(ev.args[2], symbol_from_names("0").named("options"));
}

TEST(ProcessDecode, KillSignals) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("kill", {42, SIGTERM}), 0);
  EXPECT_EQ(ev.args[0], Arg::integer(42).named("pid"));
  EXPECT_EQ(ev.args[1], symbol_from_names("SIGTERM").named("sig"));
  ev = run_call(dec, mem, raw_call("kill", {42, 0}), 0);
  EXPECT_EQ(ev.args[1], Arg::integer(0).named("sig"));
  ev = run_call(dec, mem, raw_call("tgkill", {1, 2, 34}), 0);
  EXPECT_EQ(ev.args[2], symbol_from_names("SIGRT_2").named("sig"));
}

TEST(ProcessDecode, MmapShapesAndHexReturn) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("mmap", {0, 8192, PROT_READ | PROT_WRITE,
                                                         MAP_PRIVATE | MAP_ANONYMOUS,
                                                         static_cast<uint64_t>(-1), 0}),
                             0x7f0000001000);
  ASSERT_EQ(ev.args.size(), 6u);
  EXPECT_EQ(ev.args[0], Arg::null().named("addr"));
  EXPECT_EQ(ev.args[1], Arg::uinteger(8192).named("length"));
  EXPECT_EQ(ev.args[2], symbol_from_names("PROT_READ|PROT_WRITE").named("prot"));
  EXPECT_EQ(ev.args[3], symbol_from_names("MAP_PRIVATE|MAP_ANONYMOUS").named("flags"));
  EXPECT_EQ(ev.args[4], Arg::fd(-1).named("fd"));
  EXPECT_EQ(ev.args[5], Arg::hex(0).named("offset"));
  EXPECT_EQ(ev.ret, 0x7f0000001000);
  EXPECT_EQ(ev.ret_kind, RetKind::Hex);
  ev = run_call(dec, mem, raw_call("mprotect", {0x1000, 4096, PROT_NONE}), 0);
  EXPECT_EQ(ev.args[2], symbol_from_names("PROT_NONE").named("prot"));
}

TEST(ProcessDecode, IdentityAndNamespaces) {
  FakeMemory mem;
  const uint64_t gids = mem.map_words<uint32_t>(0x40000, {0, 27, 100});
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("setresuid", {0xffffffff, 1000, 0xffffffff}), 0);
  EXPECT_EQ(ev.args[0], Arg::integer(-1).named("ruid"));
  EXPECT_EQ(ev.args[1], Arg::uinteger(1000).named("euid"));  // ids are unsigned, -1 apart
  ev = run_call(dec, mem, raw_call("setgroups", {3, gids}), 0);
  Arg list;
  list.kind = ArgKind::Array;
  list.items = {Arg::integer(0), Arg::integer(27), Arg::integer(100)};
  EXPECT_EQ(ev.args[1], std::move(list).named("list"));
  ev = run_call(dec, mem, raw_call("unshare", {CLONE_NEWNS | CLONE_NEWUSER}), 0);
  EXPECT_EQ(ev.args[0], symbol_from_names("CLONE_NEWNS|CLONE_NEWUSER").named("flags"));
  ev = run_call(dec, mem, raw_call("prctl", {PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0}), 0);
  EXPECT_EQ(ev.args[0], symbol_from_names("PR_SET_NO_NEW_PRIVS").named("option"));
  EXPECT_EQ(ev.args[1], Arg::integer(1).named("arg2"));  // a number, as strace writes it
  const uint64_t name = mem.map_cstr(0x41000, "worker-1");
  ev = run_call(dec, mem, raw_call("prctl", {PR_SET_NAME, name, 0, 0, 0}), 0);
  EXPECT_EQ(ev.args[1], Arg::str("worker-1").named("arg2"));
}

TEST(ProcessDecode, I386UsesItsOwnNumbersAndWordSize) {
  FakeMemory mem;
  const uint64_t path = mem.map_cstr(0x10000, "/bin/true");
  const uint64_t a0 = mem.map_cstr(0x11000, "true");
  const uint64_t argv = mem.map_words<uint32_t>(0x12000, {static_cast<uint32_t>(a0), 0});
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("execve", {path, argv, 0}, kArchI386), 0);
  EXPECT_EQ(ev.name, "execve");
  EXPECT_EQ(ev.nr, 11);
  EXPECT_EQ(ev.arch, kArchI386);
  EXPECT_EQ(ev.args[1], strs({"true"}).named("argv"));
}

// capget/capset: the header's version names the layout (one struct of 32-bit sets, or two holding
// bits 0-31 and 32-63), and the sets are shown merged, as strace does.
TEST(ProcessDecode, CapsetAndCapgetStructs) {
  FakeMemory mem;
  const uint32_t header_v3[2] = {0x20080522, 0};
  const uint64_t hdr = mem.map_object(0x10000, header_v3);
  const uint32_t sets[6] = {(1u << 0) | (1u << 5), (1u << 0) | (1u << 5), 0,  // CHOWN, KILL
                            1u << (40 - 32), 1u << (40 - 32), 1u << (63 - 32)};  // CHECKPOINT_RESTORE, bit 63
  const uint64_t data = mem.map_object(0x20000, sets);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("capset", {hdr, data}), 0);
  ASSERT_EQ(ev.args.size(), 2u);
  EXPECT_EQ(field(ev.args[0], "version"), symbol_from_names("_LINUX_CAPABILITY_VERSION_3").named("version"));
  EXPECT_EQ(field(ev.args[0], "pid"), Arg::integer(0).named("pid"));
  const Arg& s = ev.args[1];
  EXPECT_EQ(s.name, "datap");
  EXPECT_EQ(field(s, "effective").text, "1<<CAP_CHOWN|1<<CAP_KILL|1<<CAP_CHECKPOINT_RESTORE");
  EXPECT_EQ(field(s, "permitted").text, "1<<CAP_CHOWN|1<<CAP_KILL|1<<CAP_CHECKPOINT_RESTORE");
  EXPECT_EQ(field(s, "inheritable").text, "0x8000000000000000");  // past the table: hex
  // A failed capget filled nothing: the pointer. A NULL data pointer (the version probe): NULL.
  ev = run_call(dec, mem, raw_call("capget", {hdr, data}), -EPERM);
  EXPECT_EQ(ev.args[1], Arg::hex(data).named("datap"));
  ev = run_call(dec, mem, raw_call("capget", {hdr, 0}), 0);
  EXPECT_EQ(ev.args[1], Arg::null().named("datap"));
  // Version 1: one struct, 32-bit sets.
  const uint32_t header_v1[2] = {0x19980330, 1234};
  const uint64_t hdr1 = mem.map_object(0x30000, header_v1);
  ev = run_call(dec, mem, raw_call("capget", {hdr1, data}), 0);
  EXPECT_EQ(field(ev.args[0], "version"), symbol_from_names("_LINUX_CAPABILITY_VERSION_1").named("version"));
  EXPECT_EQ(field(ev.args[0], "pid"), Arg::integer(1234).named("pid"));
  EXPECT_EQ(field(ev.args[1], "effective").text, "1<<CAP_CHOWN|1<<CAP_KILL");
  EXPECT_EQ(field(ev.args[1], "inheritable"), Arg::integer(0).named("inheritable"));
  // An unknown version: the header's number, the data's pointer.
  const uint32_t header_bad[2] = {7, 0};
  const uint64_t hdr_bad = mem.map_object(0x40000, header_bad);
  ev = run_call(dec, mem, raw_call("capset", {hdr_bad, data}), -EINVAL);
  EXPECT_EQ(strace_spelling(ev), "capset({version=0x7 /* _LINUX_CAPABILITY_VERSION_??? */, pid=0}, 0x20000) = -1 EINVAL (Invalid argument)");
  EXPECT_EQ(ev.args[1], Arg::hex(data).named("datap"));
}

// capget's version probe: the kernel writes its own version over the unknown one; strace shows the
// header as the call found it (read at the entry), and the NULL data the probe passes.
TEST(ProcessDecode, CapgetHeaderIsReadAtTheEntry) {
  FakeMemory mem;
  const uint32_t probe[2] = {0, 0};
  const uint64_t hdr = mem.map_object(0x10000, probe);
  const SyscallDecoder dec;
  const RawSyscall call = raw_call("capget", {hdr, 0});
  SyscallEvent ev;
  ASSERT_FALSE(dec.decode_entry(call, mem, ev));  // the data is read at the exit
  const uint32_t rewritten[2] = {0x20080522, 0};
  mem.map_object(hdr, rewritten);
  dec.decode_exit(call, 0, false, false, mem, ev);
  expect_strace_spelling(ev, "capget({version=0 /* _LINUX_CAPABILITY_VERSION_??? */, pid=0}, NULL) = 0");
  // Without the entry's read (a record made at the exit only), the version the kernel left.
  SyscallEvent late;
  dec.decode_exit(call, 0, false, false, mem, late);
  expect_strace_spelling(late, "capget({version=_LINUX_CAPABILITY_VERSION_3, pid=0}, NULL) = 0");
}

// Requests, commands and flags a reviewer looks for (ptrace, bpf, seccomp, memfd_create, madvise,
// getrandom) are names, as strace shows them; values past the tables stay numbers.
TEST(ProcessDecode, SecurityRelevantConstantsAreNamed) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("ptrace", {16, 1234, 0, 0}), 0);
  EXPECT_EQ(ev.args.at(0), symbol_from_names("PTRACE_ATTACH").named("request"));
  ev = run_call(dec, mem, raw_call("ptrace", {0x4206, 1234, 0, 0}), 0);
  EXPECT_EQ(ev.args.at(0), symbol_from_names("PTRACE_SEIZE").named("request"));
  ev = run_call(dec, mem, raw_call("ptrace", {0x7777, 1, 0, 0}), -EIO);
  EXPECT_EQ(ev.args.at(0), Arg::integer(0x7777).named("request"));
  ev = run_call(dec, mem, raw_call("bpf", {5, 0x1000, 148}), -EPERM);
  EXPECT_EQ(ev.args.at(0), symbol_from_names("BPF_PROG_LOAD").named("cmd"));
  ev = run_call(dec, mem, raw_call("seccomp", {1, 1 | 8, 0x1000}), 4);
  EXPECT_EQ(ev.args.at(0), symbol_from_names("SECCOMP_SET_MODE_FILTER").named("operation"));
  EXPECT_EQ(ev.args.at(1), symbol_from_names("SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_NEW_LISTENER").named("flags"));
  const uint64_t name = mem.map_cstr(0x10000, "payload");
  ev = run_call(dec, mem, raw_call("memfd_create", {name, 1 | 2}), 3);
  EXPECT_EQ(ev.args.at(1), symbol_from_names("MFD_CLOEXEC|MFD_ALLOW_SEALING").named("flags"));
  ev = run_call(dec, mem, raw_call("madvise", {0x10000, 4096, 4}), 0);
  EXPECT_EQ(ev.args.at(2), symbol_from_names("MADV_DONTNEED").named("advice"));
  ev = run_call(dec, mem, raw_call("getrandom", {0x10000, 0, 1}), 0);
  EXPECT_EQ(ev.args.at(2), symbol_from_names("GRND_NONBLOCK").named("flags"));
  ev = run_call(dec, mem, raw_call("getrandom", {0x10000, 0, 0}), 0);
  EXPECT_EQ(ev.args.at(2), symbol_from_names("0").named("flags"));
}

// struct rlimit: RLIM64_INFINITY, whole KiB above 1 KiB as strace's "N*1024", other numbers as
// they are; i386's getrlimit has 32-bit fields and stays a pointer, its prlimit64 does not.
TEST(ProcessDecode, ResourceLimits) {
  FakeMemory mem;
  const uint64_t lim[2] = {8192 * 1024, ~uint64_t{0}};
  const uint64_t addr = mem.map_object(0x10000, lim);
  const uint64_t small[2] = {1024, 20000};
  const uint64_t addr2 = mem.map_object(0x20000, small);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("prlimit64", {0, RLIMIT_STACK, 0, addr}), 0);
  EXPECT_EQ(ev.args.at(2), Arg::null().named("new_limit"));
  EXPECT_EQ(field(ev.args.at(3), "rlim_cur"), Arg::raw("8192*1024").named("rlim_cur"));
  EXPECT_EQ(field(ev.args.at(3), "rlim_max"), symbol_from_names("RLIM64_INFINITY").named("rlim_max"));
  ev = run_call(dec, mem, raw_call("setrlimit", {RLIMIT_NOFILE, addr2}), 0);
  EXPECT_EQ(field(ev.args.at(1), "rlim_cur"), Arg::integer(1024).named("rlim_cur"));
  EXPECT_EQ(field(ev.args.at(1), "rlim_max"), Arg::integer(20000).named("rlim_max"));
  ev = run_call(dec, mem, raw_call("getrlimit", {RLIMIT_NOFILE, addr2}), -EFAULT);
  EXPECT_EQ(ev.args.at(1), Arg::hex(addr2).named("rlim"));
  ev = run_call(dec, mem, raw_call("getrlimit", {RLIMIT_NOFILE, addr2}, kArchI386), 0);
  EXPECT_EQ(ev.args.at(1), Arg::hex(addr2).named("rlim"));
  ev = run_call(dec, mem, raw_call("prlimit64", {0, RLIMIT_STACK, 0, addr}, kArchI386), 0);
  EXPECT_EQ(field(ev.args.at(3), "rlim_cur"), Arg::raw("8192*1024").named("rlim_cur"));
}

// Signal sets: names without SIG, real-time signals as RTMIN / RT_n, half or more of the 64 as the
// complement; struct sigaction with its restorer only under SA_RESTORER.
TEST(ProcessDecode, SignalSetsAndActions) {
  FakeMemory mem;
  const uint64_t chld_rt2 = (1ull << (SIGCHLD - 1)) | (1ull << (34 - 1)) | (1ull << 63);
  const uint64_t set = mem.map_object(0x10000, chld_rt2);
  const uint64_t all_but = ~((1ull << (SIGKILL - 1)) | (1ull << 31) | (1ull << 32));
  const uint64_t full = mem.map_object(0x11000, all_but);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("rt_sigprocmask", {SIG_BLOCK, set, 0, 8}), 0);
  Arg expected;
  expected.kind = ArgKind::Array;
  expected.space_separated = true;
  expected.items = {symbol_from_names("CHLD"), symbol_from_names("RT_2"), symbol_from_names("RT_32")};
  EXPECT_EQ(ev.args.at(1), std::move(expected).named("set"));
  EXPECT_EQ(ev.args.at(2), Arg::null().named("oldset"));
  ev = run_call(dec, mem, raw_call("rt_sigprocmask", {SIG_BLOCK, full, 0, 8}), 0);
  EXPECT_EQ(ev.args.at(1), Arg::raw("~[KILL RTMIN RT_1]").named("set"));
  ev = run_call(dec, mem, raw_call("rt_sigprocmask", {SIG_BLOCK, full, 0, 4}), -EINVAL);
  EXPECT_EQ(ev.args.at(1), Arg::hex(full).named("set"));  // a size the kernel refuses

  const uint64_t act[4] = {0x401000, 0x04000000 | 0x10000000, 0x7f0000001000, 1ull << (SIGTERM - 1)};
  const uint64_t a = mem.map_object(0x20000, act);
  ev = run_call(dec, mem, raw_call("rt_sigaction", {SIGINT, a, 0, 8}), 0);
  const Arg& s = ev.args.at(1);
  ASSERT_EQ(s.items.size(), 4u);
  EXPECT_EQ(s.items[0], Arg::hex(0x401000).named("sa_handler"));
  EXPECT_EQ(s.items[1].items, std::vector<Arg>{symbol_from_names("TERM")});
  EXPECT_EQ(s.items[2], symbol_from_names("SA_RESTORER|SA_RESTART").named("sa_flags"));
  EXPECT_EQ(s.items[3], Arg::hex(0x7f0000001000).named("sa_restorer"));
  const uint64_t dfl[4] = {0, 0, 0, 0};
  const uint64_t d = mem.map_object(0x30000, dfl);
  ev = run_call(dec, mem, raw_call("rt_sigaction", {SIGINT, 0, d, 8}), 0);
  ASSERT_EQ(ev.args.at(2).items.size(), 3u);  // no restorer without SA_RESTORER
  EXPECT_EQ(ev.args.at(2).items[0], symbol_from_names("SIG_DFL").named("sa_handler"));
  EXPECT_EQ(ev.args.at(2).items[2], Arg::integer(0).named("sa_flags"));
  ev = run_call(dec, mem, raw_call("rt_sigaction", {SIGINT, 0, d, 8}), -EFAULT);
  EXPECT_EQ(ev.args.at(2), Arg::hex(d).named("oldact"));
}

}  // namespace
}  // namespace capsule::testing
