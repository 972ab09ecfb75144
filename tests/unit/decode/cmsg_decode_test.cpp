// sendmsg's and recvmsg's control messages (SCM_RIGHTS' fds, SCM_CREDENTIALS, a type strace does
// not decode), sendmmsg's and recvmmsg's message arrays, and the fds a recvmsg received, as strace
// 6.1 writes them (tests/helpers/corpus/sock_msg.c's lines).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "decode/received_fds.h"
#include "decoder_test_util.h"
#include "strace_spelling.h"

namespace capsule::testing {
namespace {

// One control message of `len` data bytes at addr: cmsg_len, level, type, the data (x86_64).
uint64_t map_cmsg(FakeMemory& mem, uint64_t addr, int level, int type, const std::string& data) {
  std::string bytes(CMSG_SPACE(data.size()), '\0');
  cmsghdr h{};
  h.cmsg_len = CMSG_LEN(data.size());
  h.cmsg_level = level;
  h.cmsg_type = type;
  std::memcpy(bytes.data(), &h, sizeof h);
  std::memcpy(bytes.data() + CMSG_LEN(0), data.data(), data.size());
  return mem.map(addr, bytes);
}

template <typename T>
std::string bytes_of(const T& v) {
  return std::string(reinterpret_cast<const char*>(&v), sizeof v);
}

TEST(CmsgDecode, ScmRightsSentAndReceived) {
  FakeMemory mem;
  const uint64_t base = mem.map(0x20000, "fd here");
  const uint64_t iov = mem.map_words<uint64_t>(0x21000, {base, 7});
  const uint64_t ctl = map_cmsg(mem, 0x22000, SOL_SOCKET, SCM_RIGHTS, bytes_of(int32_t{0}));
  const uint64_t msg = mem.map_words<uint64_t>(0x23000, {0, 0, iov, 1, ctl, 24, 0});
  SyscallEvent ev = decode_call(mem, "sendmsg", {3, msg, 0}, 7);
  expect_strace_spelling(ev, "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fd here\", iov_len=7}], "
                             "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
                             "cmsg_data=[0]}], msg_controllen=24, msg_flags=0}, 0) = 7");
  EXPECT_TRUE(received_fds(ev).empty());  // sent, not received
  map_cmsg(mem, ctl, SOL_SOCKET, SCM_RIGHTS, bytes_of(int32_t{5}));
  mem.map_words<uint64_t>(msg, {0, 0, iov, 1, ctl, 24, MSG_CMSG_CLOEXEC});
  ev = decode_call(mem, "recvmsg", {4, msg, MSG_CMSG_CLOEXEC}, 7);
  expect_strace_spelling(ev, "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"fd here\", iov_len=7}], "
                             "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, "
                             "cmsg_data=[5]}], msg_controllen=24, msg_flags=MSG_CMSG_CLOEXEC}, MSG_CMSG_CLOEXEC) = 7");
  EXPECT_EQ(received_fds(ev), std::vector<int64_t>{5});
  // The same line read back from strace's text receives the same fd.
  EXPECT_EQ(received_fds(imported_event(strace_spelling(ev))), std::vector<int64_t>{5});
}

TEST(CmsgDecode, CredentialsUnknownTypesAndNoControl) {
  FakeMemory mem;
  const uint64_t base = mem.map(0x20000, "cred");
  const uint64_t iov = mem.map_words<uint64_t>(0x21000, {base, 32});
  const ucred cred{391, 0, 0};
  const uint64_t ctl = map_cmsg(mem, 0x22000, SOL_SOCKET, SCM_CREDENTIALS, bytes_of(cred));
  const uint64_t msg = mem.map_words<uint64_t>(0x23000, {0, 0, iov, 1, ctl, 32, 0});
  expect_strace_spelling(decode_call(mem, "recvmsg", {4, msg, 0}, 4),
                         "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"cred\", iov_len=32}], "
                         "msg_iovlen=1, msg_control=[{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, "
                         "cmsg_data={pid=391, uid=0, gid=0}}], msg_controllen=32, msg_flags=0}, 0) = 4");
  map_cmsg(mem, ctl, SOL_SOCKET, 9, bytes_of(int64_t{0}));
  std::string cred_hex = "\\x63\\x72\\x65\\x64";  // "cred" and 28 NULs: -x escapes all of it
  for (int i = 0; i < 28; ++i) cred_hex += "\\x00";
  mem.map_words<uint64_t>(msg, {0, 0, iov, 1, ctl, 24, 0});
  expect_strace_spelling(decode_call(mem, "sendmsg", {3, msg, 0}, -EINVAL),
                         "sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"" + cred_hex + "\", iov_len=32}], msg_iovlen=1, msg_control=[{cmsg_len=24, "
                         "cmsg_level=SOL_SOCKET, cmsg_type=0x9}], msg_controllen=24, msg_flags=0}, 0) = -1 EINVAL (Invalid argument)");
  mem.map_words<uint64_t>(msg, {0, 0, iov, 1, 0, 0, MSG_CTRUNC});
  expect_strace_spelling(decode_call(mem, "recvmsg", {4, msg, 0}, 4),
                         "recvmsg(4, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"cred\", iov_len=32}], "
                         "msg_iovlen=1, msg_controllen=0, msg_flags=MSG_CTRUNC}, 0) = 4");
}

TEST(CmsgDecode, MessageArrays) {
  FakeMemory mem;
  const uint64_t first = mem.map(0x20000, "first");
  const uint64_t second = mem.map(0x20100, "second");
  const uint64_t iov = mem.map_words<uint64_t>(0x21000, {first, 5, second, 6});
  // struct mmsghdr[2]: a msghdr, then msg_len and padding.
  const uint64_t vec = mem.map_words<uint64_t>(0x22000, {0, 0, iov, 1, 0, 0, 0, 5, 0, 0, iov + 16, 1, 0, 0, 0, 6});
  const std::string both = "[{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"first\", iov_len=5}], "
                           "msg_iovlen=1, msg_controllen=0, msg_flags=0}, msg_len=5}, {msg_hdr={msg_name=NULL, "
                           "msg_namelen=0, msg_iov=[{iov_base=\"second\", iov_len=6}], msg_iovlen=1, msg_controllen=0, "
                           "msg_flags=0}, msg_len=6}]";
  expect_strace_spelling(decode_call(mem, "sendmmsg", {6, vec, 2, 0}, 2), "sendmmsg(6, " + both + ", 2, 0) = 2");
  expect_strace_spelling(decode_call(mem, "recvmmsg", {7, vec, 2, MSG_DONTWAIT, 0}, 2),
                         "recvmmsg(7, " + both + ", 2, MSG_DONTWAIT, NULL) = 2");
  // Only the messages received; a failed recvmmsg shows its pointer.
  const std::string one = both.substr(0, both.find(", {msg_hdr")) + "]";
  expect_strace_spelling(decode_call(mem, "recvmmsg", {7, vec, 2, 0, 0}, 1), "recvmmsg(7, " + one + ", 2, 0, NULL) = 1");
  expect_strace_spelling(decode_call(mem, "recvmmsg", {7, vec, 2, MSG_DONTWAIT, 0}, -EAGAIN),
                         "recvmmsg(7, 0x22000, 2, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily unavailable)");
}

}  // namespace
}  // namespace capsule::testing
