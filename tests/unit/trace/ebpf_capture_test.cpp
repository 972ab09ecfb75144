// The eBPF backend's user-space half, without a kernel: the capture plan derived from the syscall
// table, the captured memory the decoders read, execve's strings laid out from exec blocks, and
// records assembled into the same events as the ptrace backend makes.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "decode/names.h"
#include "trace/ebpf/capture_plan.h"
#include "trace/ebpf/captured_memory.h"
#include "trace/ebpf/event_assembler.h"
#include "trace/ebpf/exec_memory.h"

namespace capsule {
namespace {

int nr_of(const char* name) { return syscall_number(kArchX86_64, name); }

TEST(EbpfCapturePlan, DerivedFromTheArgumentTypes) {
  const auto plans = x86_64_capture_plans();
  const capsule_plan& openat = plans[static_cast<size_t>(nr_of("openat"))];
  EXPECT_EQ(openat.kind[1], CAPSULE_CAP_PATH);
  EXPECT_EQ(openat.kind[0], CAPSULE_CAP_NONE);
  EXPECT_EQ(openat.at_entry, 0);
  const capsule_plan& write = plans[static_cast<size_t>(nr_of("write"))];
  EXPECT_EQ(write.kind[1], CAPSULE_CAP_BUF_ARG);
  EXPECT_EQ(write.related[1], 2);
  const capsule_plan& read = plans[static_cast<size_t>(nr_of("read"))];
  EXPECT_EQ(read.kind[1], CAPSULE_CAP_BUF_RET);
  EXPECT_NE(read.success_only & 2, 0);
  const capsule_plan& execve = plans[static_cast<size_t>(nr_of("execve"))];
  EXPECT_EQ(execve.at_entry, 1);  // the new image replaces the memory
  EXPECT_EQ(execve.kind[1], CAPSULE_CAP_STRARRAY);
  EXPECT_EQ(execve.kind[2], CAPSULE_CAP_STRARRAY);
  const capsule_plan& fstat = plans[static_cast<size_t>(nr_of("fstat"))];
  EXPECT_EQ(fstat.kind[1], CAPSULE_CAP_FIXED);
  EXPECT_EQ(fstat.size[1], 144);
}

TEST(EbpfCapturedMemory, ReadsOnIntoAnAdjacentSegmentOnly) {
  CapturedMemory mem;
  mem.add(0x1000, "abcd", 4);
  mem.add(0x1004, "efgh", 4);  // a large capture's next chunk
  mem.add(0x1010, "zz", 2);    // after a gap
  char buf[32] = {};
  EXPECT_EQ(mem.read(0x1002, buf, sizeof buf), 6u);
  EXPECT_EQ(std::string(buf, 6), "cdefgh");
}

TEST(EbpfCapturedMemory, ReadsWithinASegmentOnly) {
  CapturedMemory mem;
  mem.add(0x1000, "hello", 6);
  char buf[16] = {};
  EXPECT_EQ(mem.read(0x1000, buf, sizeof buf), 6u);
  EXPECT_STREQ(buf, "hello");
  EXPECT_EQ(mem.read(0x1002, buf, 2), 2u);
  EXPECT_EQ(std::string(buf, 2), "ll");
  EXPECT_EQ(mem.read(0x1006, buf, 1), 0u);  // past the end: as unreadable memory
  EXPECT_EQ(mem.read(0xfff, buf, 1), 0u);
}

// A thread's memory is emptied after each call and its buffers reused by the next: nothing of
// the earlier call reads through, whatever its length, and after-call captures start hidden again.
TEST(EbpfCapturedMemory, AfterClearNothingOfTheEarlierCallReads) {
  CapturedMemory mem;
  mem.add(0x1000, "a long first capture", 20);
  mem.add_after(0x2000, "after", 5);
  mem.add(0x3000, "third", 5);
  mem.show_after_call(true);
  char buf[32] = {};
  ASSERT_EQ(mem.read(0x2000, buf, 5), 5u);
  mem.clear();
  EXPECT_TRUE(mem.empty());
  EXPECT_EQ(mem.read(0x1000, buf, sizeof buf), 0u);
  EXPECT_EQ(mem.read(0x3000, buf, sizeof buf), 0u);
  mem.add(0x1000, "short", 5);  // into the first segment's kept buffer
  mem.add_after(0x2000, "later", 5);
  EXPECT_FALSE(mem.empty());
  std::memset(buf, 0, sizeof buf);
  EXPECT_EQ(mem.read(0x1000, buf, sizeof buf), 5u);
  EXPECT_EQ(std::string(buf, 5), "short");
  EXPECT_EQ(mem.read(0x1005, buf, 1), 0u);  // the first call's longer bytes are gone
  EXPECT_EQ(mem.read(0x2000, buf, 5), 0u);  // an after-call capture, before show_after_call
  mem.show_after_call(true);
  EXPECT_EQ(mem.read(0x2000, buf, 5), 5u);
  EXPECT_EQ(std::string(buf, 5), "later");
  EXPECT_EQ(mem.read(0x3000, buf, 5), 0u);
}

TEST(EbpfExecMemory, FillsUnreadableArgvFromTheExecBlock) {
  CapturedMemory mem;
  RawSyscall call;
  call.nr = nr_of("execve");
  call.args[0] = 0x5000;
  call.args[1] = 0x6000;
  call.args[2] = 0;
  ExecBlocks blocks;
  blocks[CAPSULE_EXEC_FILENAME] = std::string("/bin/echo\0", 10);
  blocks[CAPSULE_EXEC_ARGV] = std::string("echo\0hi\0", 8);
  fill_exec_gaps(mem, call, blocks);
  SyscallDecoder decoder;
  SyscallEvent ev;
  ASSERT_TRUE(decoder.decode_entry(call, mem, ev));
  ASSERT_GE(ev.args.size(), 2u);
  EXPECT_EQ(ev.args[0].text, "/bin/echo");
  ASSERT_EQ(ev.args[1].kind, ArgKind::Array);
  ASSERT_EQ(ev.args[1].items.size(), 2u);
  EXPECT_EQ(ev.args[1].items[1].text, "hi");
  EXPECT_FALSE(ev.args[1].truncated);
}

struct VectorSink final : EventSink {
  std::vector<SyscallEvent> events;
  void emit(SyscallEvent& ev) override { events.push_back(ev); }
  bool failed() const override { return false; }
};

std::vector<char> segment(uint32_t tid, uint64_t addr, const std::string& bytes) {
  capsule_segment s{};
  s.type = CAPSULE_REC_SEGMENT;
  s.tid = tid;
  s.addr = addr;
  s.len = static_cast<uint32_t>(bytes.size());
  std::memcpy(s.data, bytes.data(), bytes.size());
  const char* p = reinterpret_cast<const char*>(&s);
  return std::vector<char>(p, p + offsetof(capsule_segment, data) + bytes.size());
}

capsule_syscall call_record(uint32_t type, uint32_t tid, const char* name, std::initializer_list<uint64_t> args,
                            int64_t ret) {
  capsule_syscall r{};
  r.type = type;
  r.tid = r.tgid = tid;
  r.nr = nr_of(name);
  size_t i = 0;
  for (uint64_t a : args) r.args[i++] = a;
  r.ret = ret;
  r.t_enter = 1'000'000;
  r.t_exit = 3'000'000;
  return r;
}

TEST(EbpfEventAssembler, DecodesACallFromItsSegments) {
  VectorSink sink;
  EventAssembler a(DecodeOptions{}, sink, 77, 0);
  const auto exec = call_record(CAPSULE_REC_SYSCALL, 77, "execve", {0, 0, 0}, 0);
  a.on_record(&exec, sizeof exec);  // the launcher's execve: the program starts here
  const auto seg = segment(77, 0x4000, std::string("/etc/passwd\0", 12));
  a.on_record(seg.data(), seg.size());
  const auto open = call_record(CAPSULE_REC_SYSCALL, 77, "openat", {static_cast<uint64_t>(-100), 0x4000, 0}, 3);
  a.on_record(&open, sizeof open);
  const auto fail = call_record(CAPSULE_REC_SYSCALL, 77, "openat", {static_cast<uint64_t>(-100), 0x4000, 0}, -2);
  a.on_record(&fail, sizeof fail);  // its segment went with the first call: the pointer
  ASSERT_EQ(sink.events.size(), 3u);
  const SyscallEvent& ev = sink.events[1];
  EXPECT_EQ(ev.name, "openat");
  EXPECT_EQ(ev.pid, 77);
  EXPECT_EQ(ev.ts_us, 1000);
  EXPECT_EQ(ev.end_us, 3000);
  ASSERT_GE(ev.args.size(), 2u);
  EXPECT_EQ(ev.args[1].text, "/etc/passwd");
  EXPECT_EQ(ev.ret, 3);
  EXPECT_EQ(sink.events[2].err, 2);
  EXPECT_EQ(sink.events[2].args[1].kind, ArgKind::Hex);
  EXPECT_EQ(a.counts().syscalls, 3u);
}

TEST(EbpfEventAssembler, LeavesOutTheLaunchersCallsAndCountsMalformedRecords) {
  VectorSink sink;
  EventAssembler a(DecodeOptions{}, sink, 5, 0);
  const auto close = call_record(CAPSULE_REC_SYSCALL, 5, "close", {3}, 0);
  a.on_record(&close, sizeof close);
  const auto exit = call_record(CAPSULE_REC_NORETURN, 6, "exit_group", {1}, 0);
  a.on_record(&exit, sizeof exit);
  a.on_record(&exit, 4);
  ASSERT_EQ(sink.events.size(), 1u);  // only the other process's exit_group
  EXPECT_EQ(sink.events[0].name, "exit_group");
  EXPECT_FALSE(sink.events[0].has_ret);
  EXPECT_EQ(a.counts().malformed, 1u);
}

}  // namespace
}  // namespace capsule
