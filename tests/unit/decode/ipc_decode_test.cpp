// System V semaphores and message queues, POSIX message queues and struct sigevent, as strace 6.1
// writes them (the lines of tests/helpers/corpus/sysv_*.c, mqueue.c and timers.c).
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>

#include <cstring>
#include <ctime>

#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

// A long mtype followed by the text's bytes.
std::string msgbuf_bytes(int64_t mtype, const std::string& text) {
  std::string b(sizeof mtype, '\0');
  std::memcpy(b.data(), &mtype, sizeof mtype);
  return b + text;
}

TEST(IpcDecode, SystemVSemaphores) {
  FakeMemory mem;
  const sembuf two[2] = {{0, -1, SEM_UNDO}, {1, 1, 0}};
  const uint64_t sops = mem.map(0x10000, std::string(reinterpret_cast<const char*>(two), sizeof two));
  const sembuf nowait = {1, -2, IPC_NOWAIT};
  const uint64_t one = mem.map_object(0x11000, nowait);
  const timespec ts{0, 1000};
  const uint64_t timeout = mem.map_object(0x12000, ts);
  expect_strace_spelling(decode_call(mem, "semget", {IPC_PRIVATE, 2, IPC_CREAT | 0600}, 3),
                         "semget(IPC_PRIVATE, 2, IPC_CREAT|0600) = 3");
  expect_strace_spelling(decode_call(mem, "semget", {0x7fff1234, 1, 0}, -ENOENT),
                         "semget(0x7fff1234, 1, 000) = -1 ENOENT (No such file or directory)");
  expect_strace_spelling(decode_call(mem, "semctl", {3, 0, SETVAL, 1}), "semctl(3, 0, SETVAL, 0x1) = 0");
  expect_strace_spelling(decode_call(mem, "semctl", {3, 0, GETVAL, 0}, 1), "semctl(3, 0, GETVAL, NULL) = 1");
  expect_strace_spelling(decode_call(mem, "semtimedop", {3, sops, 2, 0}),
                         "semtimedop(3, [{sem_num=0, sem_op=-1, sem_flg=SEM_UNDO}, {sem_num=1, sem_op=1, "
                         "sem_flg=0}], 2, NULL) = 0");
  expect_strace_spelling(decode_call(mem, "semtimedop", {3, one, 1, timeout}, -EAGAIN),
                         "semtimedop(3, [{sem_num=1, sem_op=-2, sem_flg=IPC_NOWAIT}], 1, {tv_sec=0, "
                         "tv_nsec=1000}) = -1 EAGAIN (Resource temporarily unavailable)");
  expect_strace_spelling(decode_call(mem, "semop", {3, one, 1}, -EAGAIN),
                         "semop(3, [{sem_num=1, sem_op=-2, sem_flg=IPC_NOWAIT}], 1) = -1 EAGAIN (Resource "
                         "temporarily unavailable)");
}

TEST(IpcDecode, SystemVMessageQueues) {
  FakeMemory mem;
  const uint64_t sent = mem.map(0x10000, msgbuf_bytes(3, std::string("queued", 7)));
  const uint64_t received = mem.map(0x11000, msgbuf_bytes(3, std::string("queued", 7) + std::string(9, '\0')));
  expect_strace_spelling(decode_call(mem, "msgget", {IPC_PRIVATE, IPC_CREAT | 0600}, 3),
                         "msgget(IPC_PRIVATE, IPC_CREAT|0600) = 3");
  expect_strace_spelling(decode_call(mem, "msgsnd", {3, sent, 7, 0}),
                         "msgsnd(3, {mtype=3, mtext=\"\\x71\\x75\\x65\\x75\\x65\\x64\\x00\"}, 7, 0) = 0");
  // strace shows msgsz bytes of what msgrcv filled, not only the message's 7.
  expect_strace_spelling(decode_call(mem, "msgrcv", {3, received, 16, 3, MSG_NOERROR}, 7),
                         "msgrcv(3, {mtype=3, mtext=\"\\x71\\x75\\x65\\x75\\x65\\x64\\x00\\x00\\x00\\x00\\x00"
                         "\\x00\\x00\\x00\\x00\\x00\"}, 16, 3, MSG_NOERROR) = 7");
  expect_strace_spelling(decode_call(mem, "msgrcv", {3, received, 16, 0, IPC_NOWAIT}, -ENOMSG),
                         "msgrcv(3, 0x11000, 16, 0, IPC_NOWAIT) = -1 ENOMSG (No message of desired type)");
  expect_strace_spelling(decode_call(mem, "msgctl", {3, IPC_RMID, 0}), "msgctl(3, IPC_RMID, NULL) = 0");
}

TEST(IpcDecode, PosixMessageQueues) {
  FakeMemory mem;
  const uint64_t name = mem.map_cstr(0x10000, "capsule-q");
  const int64_t created[8] = {0, 4, 64, 0};
  const uint64_t attr = mem.map_object(0x11000, created);
  const int64_t current[8] = {O_NONBLOCK, 4, 64, 2};
  const uint64_t old = mem.map_object(0x12000, current);
  const uint64_t text = mem.map(0x13000, "urgent");
  const uint64_t prio = mem.map_object<uint32_t>(0x14000, 7);
  sigevent quiet{};
  quiet.sigev_notify = SIGEV_NONE;
  const uint64_t none = mem.map_object(0x15000, quiet);
  SyscallEvent open = decode_call(mem, "mq_open", {name, O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK, 0600, attr}, 3);
  expect_strace_spelling(open, "mq_open(\"capsule-q\", O_RDWR|O_CREAT|O_EXCL|O_NONBLOCK, 0600, {mq_flags=0, "
                               "mq_maxmsg=4, mq_msgsize=64, mq_curmsgs=0}) = 3");
  // Without O_CREAT neither the mode nor the attributes are shown.
  expect_strace_spelling(decode_call(mem, "mq_open", {name, O_RDONLY, 0600, attr}, -ENOENT),
                         "mq_open(\"capsule-q\", O_RDONLY) = -1 ENOENT (No such file or directory)");
  expect_strace_spelling(decode_call(mem, "mq_timedsend", {3, text, 6, 7, 0}), "mq_timedsend(3, \"urgent\", 6, 7, NULL) = 0");
  expect_strace_spelling(decode_call(mem, "mq_timedreceive", {3, text, 64, prio, 0}, 6),
                         "mq_timedreceive(3, \"urgent\", 64, [7], NULL) = 6");
  expect_strace_spelling(decode_call(mem, "mq_timedreceive", {3, text, 64, prio, 0}, -EAGAIN),
                         "mq_timedreceive(3, 0x13000, 64, 0x14000, NULL) = -1 EAGAIN (Resource temporarily unavailable)");
  expect_strace_spelling(decode_call(mem, "mq_getsetattr", {3, 0, old}),
                         "mq_getsetattr(3, NULL, {mq_flags=O_NONBLOCK, mq_maxmsg=4, mq_msgsize=64, mq_curmsgs=2}) = 0");
  expect_strace_spelling(decode_call(mem, "mq_notify", {3, none}), "mq_notify(3, {sigev_signo=0, sigev_notify=SIGEV_NONE}) = 0");
  // A short call: strace pads the line so that " = " starts at column 40.
  expect_strace_spelling(decode_call(mem, "mq_notify", {3, 0}), "mq_notify(3, NULL)    = 0");
}

TEST(IpcDecode, SigeventOfTimerCreate) {
  FakeMemory mem;
  sigevent sig{};
  sig.sigev_value.sival_int = 5;
  sig.sigev_signo = SIGUSR1;
  sig.sigev_notify = SIGEV_SIGNAL;
  const uint64_t ev = mem.map_object(0x10000, sig);
  const uint64_t id = mem.map_object<uint32_t>(0x11000, 1);
  expect_strace_spelling(decode_call(mem, "timer_create", {CLOCK_REALTIME, ev, id}),
                         "timer_create(CLOCK_REALTIME, {sigev_value={sival_int=5, sival_ptr=0x5}, "
                         "sigev_signo=SIGUSR1, sigev_notify=SIGEV_SIGNAL}, [1]) = 0");
}

}  // namespace
}  // namespace capsule::testing
