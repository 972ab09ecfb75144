#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "decoder_test_util.h"
#include "strace_spelling.h"
#include "decode/symbol_value.h"

namespace capsule::testing {
namespace {

uint64_t map_inet(FakeMemory& mem, uint64_t addr, const char* ip, uint16_t port) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  in.sin_port = htons(port);
  inet_pton(AF_INET, ip, &in.sin_addr);
  return mem.map_object(addr, in);
}

TEST(NetDecode, SocketDomainAndType) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("socket", {AF_INET6, SOCK_STREAM | SOCK_CLOEXEC,
                                                           IPPROTO_TCP}), 3);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], symbol_from_names("AF_INET6").named("domain"));
  EXPECT_EQ(ev.args[1], symbol_from_names("SOCK_STREAM|SOCK_CLOEXEC").named("type"));
  EXPECT_EQ(ev.args[2], symbol_from_names("IPPROTO_TCP").named("protocol"));
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);
  // AF_UNIX's protocol is a bare number, as strace writes it.
  ev = run_call(dec, mem, raw_call("socket", {AF_UNIX, SOCK_STREAM, 0}), 3);
  EXPECT_EQ(ev.args[2], Arg::integer(0).named("protocol"));
}

TEST(NetDecode, ConnectInet) {
  FakeMemory mem;
  const uint64_t sa = map_inet(mem, 0x10000, "127.0.0.1", 8080);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("connect", {3, sa, sizeof(sockaddr_in)}),
                             -ECONNREFUSED);
  ASSERT_EQ(ev.args.size(), 3u);
  EXPECT_EQ(ev.args[0], Arg::fd(3).named("sockfd"));
  const Arg& a = ev.args[1];
  EXPECT_EQ(a.name, "addr");
  ASSERT_EQ(a.kind, ArgKind::Struct);
  ASSERT_EQ(a.items.size(), 3u);
  EXPECT_EQ(a.items[0], symbol_from_names("AF_INET").named("sa_family"));
  EXPECT_EQ(a.items[1], Arg::integer(8080).named("sin_port"));
  EXPECT_EQ(a.items[2], Arg::str("127.0.0.1").named("sin_addr"));
  EXPECT_EQ(ev.args[2], Arg::uinteger(16).named("addrlen"));
  EXPECT_EQ(ev.err, ECONNREFUSED);
}

TEST(NetDecode, ConnectInet6AndUnix) {
  FakeMemory mem;
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(443);
  inet_pton(AF_INET6, "::1", &in6.sin6_addr);
  const uint64_t sa6 = mem.map_object(0x10000, in6);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("connect", {3, sa6, sizeof in6}), 0);
  EXPECT_EQ(field(ev.args[1], "sin6_port"), Arg::integer(443).named("sin6_port"));
  EXPECT_EQ(field(ev.args[1], "sin6_addr"), Arg::str("::1").named("sin6_addr"));

  sockaddr_un un{};
  un.sun_family = AF_UNIX;
  std::strcpy(un.sun_path, "/run/x.sock");
  const uint64_t sau = mem.map_object(0x20000, un);
  const uint64_t len = offsetof(sockaddr_un, sun_path) + std::strlen(un.sun_path) + 1;
  ev = run_call(dec, mem, raw_call("bind", {4, sau, len}), 0);
  ASSERT_EQ(ev.args[1].items.size(), 2u);
  EXPECT_EQ(ev.args[1].items[0], symbol_from_names("AF_UNIX").named("sa_family"));
  EXPECT_EQ(ev.args[1].items[1], Arg::str("/run/x.sock").named("sun_path"));
}

TEST(NetDecode, BadAndNullAddresses) {
  FakeMemory mem;
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("connect", {3, 0xbad000, 16}), -EFAULT);
  EXPECT_EQ(ev.args[1], Arg::hex(0xbad000).named("addr"));
  ev = run_call(dec, mem, raw_call("sendto", {3, 0, 0, 0, 0, 0}), 0);
  EXPECT_EQ(ev.args[1], Arg::null().named("buf"));
  EXPECT_EQ(ev.args[3], symbol_from_names("0").named("flags"));
  EXPECT_EQ(ev.args[4], Arg::null().named("dest_addr"));
}

TEST(NetDecode, Accept4AddressIsAnOutput) {
  FakeMemory mem;
  const uint64_t sa = map_inet(mem, 0x10000, "10.0.0.2", 40000);
  const uint64_t lenp = mem.map_object(0x11000, uint32_t{16});
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("accept4", {3, sa, lenp, SOCK_CLOEXEC}), 5);
  ASSERT_EQ(ev.args.size(), 4u);
  EXPECT_EQ(ev.args[0], Arg::fd(3).named("sockfd"));
  EXPECT_EQ(field(ev.args[1], "sin_addr"), Arg::str("10.0.0.2").named("sin_addr"));
  EXPECT_EQ(field(ev.args[1], "sin_port"), Arg::integer(40000).named("sin_port"));
  Arg len;
  len.kind = ArgKind::Array;
  len.items = {Arg::integer(16)};
  EXPECT_EQ(ev.args[2], std::move(len).named("addrlen"));
  EXPECT_EQ(ev.args[3], symbol_from_names("SOCK_CLOEXEC").named("flags"));
  EXPECT_EQ(ev.ret, 5);
  EXPECT_EQ(ev.ret_kind, RetKind::Fd);

  // Failed accept: the address was not written.
  ev = run_call(dec, mem, raw_call("accept4", {3, sa, lenp, 0}), -EAGAIN);
  EXPECT_EQ(ev.args[1], Arg::hex(sa).named("addr"));
  // NULL addr and addrlen.
  ev = run_call(dec, mem, raw_call("accept", {3, 0, 0}), 6);
  EXPECT_EQ(ev.args[1], Arg::null().named("addr"));
  EXPECT_EQ(ev.args[2], Arg::null().named("addrlen"));
}

TEST(NetDecode, RecvfromAndSendto) {
  FakeMemory mem;
  const uint64_t buf = mem.map(0x30000, "pingpong");
  const uint64_t sa = map_inet(mem, 0x10000, "192.168.1.1", 53);
  const uint64_t lenp = mem.map_object(0x11000, uint32_t{16});
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("recvfrom", {3, buf, 512, MSG_DONTWAIT, sa, lenp}), 4);
  ASSERT_EQ(ev.args.size(), 6u);
  EXPECT_EQ(ev.args[1], Arg::str("ping").named("buf"));
  EXPECT_EQ(ev.args[3], symbol_from_names("MSG_DONTWAIT").named("flags"));
  EXPECT_EQ(field(ev.args[4], "sin_port"), Arg::integer(53).named("sin_port"));
  ev = run_call(dec, mem, raw_call("sendto", {3, buf, 8, MSG_NOSIGNAL | 0x100000, sa, 16}), 8);
  EXPECT_EQ(ev.args[1], Arg::str("pingpong").named("buf"));
  EXPECT_EQ(ev.args[3], symbol_from_names("MSG_NOSIGNAL|0x100000").named("flags"));
  EXPECT_EQ(field(ev.args[4], "sin_addr"), Arg::str("192.168.1.1").named("sin_addr"));
  // MSG_TRUNC: the datagram's length (8) is returned, the buffer (4) holds what is shown.
  expect_strace_spelling(run_call(dec, mem, raw_call("recvfrom", {3, buf, 4, MSG_TRUNC, sa, lenp}), 8),
                         "recvfrom(3, \"ping\", 4, MSG_TRUNC, {sa_family=AF_INET, sin_port=htons(53), "
                         "sin_addr=inet_addr(\"192.168.1.1\")}, [16]) = 8");
}

// Constants strace cannot name: hex, with the name they would have had (tests/helpers/corpus/
// unknown_values.c's lines, strace 6.1); import writes them back the same way.
TEST(NetDecode, UnknownConstantsInHexWithTheirKind) {
  FakeMemory mem;
  expect_strace_spelling(decode_call(mem, "socket", {0x4d, SOCK_STREAM, 0}, -EAFNOSUPPORT),
                         "socket(0x4d /* AF_??? */, SOCK_STREAM, 0) = -1 EAFNOSUPPORT (Address family not supported by protocol)");
  expect_strace_spelling(decode_call(mem, "socket", {AF_INET, 0x77, 0}, -EINVAL),
                         "socket(AF_INET, 0x77 /* SOCK_??? */, IPPROTO_IP) = -1 EINVAL (Invalid argument)");
  expect_strace_spelling(decode_call(mem, "lseek", {3, 0, 7}, -EINVAL), "lseek(3, 0, 0x7 /* SEEK_??? */) = -1 EINVAL (Invalid argument)");
  expect_strace_spelling(decode_call(mem, "fcntl", {3, 0x7777, 0x1000}, -EINVAL),
                         "fcntl(3, 0x7777 /* F_??? */, 0x1000) = -1 EINVAL (Invalid argument)");
  expect_strace_spelling(decode_call(mem, "clock_gettime", {0x123, 0}, -EINVAL),
                         "clock_gettime(0x123 /* CLOCK_??? */, NULL) = -1 EINVAL (Invalid argument)");
  const uint64_t path = mem.map_cstr(0x40000, "u");
  expect_strace_spelling(decode_call(mem, "access", {path, 0x40}, -EINVAL), "access(\"u\", 0x40 /* ?_OK */) = -1 EINVAL (Invalid argument)");
  expect_strace_spelling(decode_call(mem, "madvise", {0x50000, 4096, 0x3039}, -EINVAL),
                         "madvise(0x50000, 4096, 0x3039 /* MADV_??? */) = -1 EINVAL (Invalid argument)");
  const SyscallEvent futex = decode_call(mem, "futex", {0x1000, 0x63, 0, 0, 0, 0}, -ENOSYS);
  EXPECT_EQ(strace_spelling(futex), "futex(0x1000, 0x63 /* FUTEX_??? */, 0, NULL, NULL, 0) = -1 ENOSYS (Function not implemented)");
  EXPECT_EQ(imported_event(strace_spelling(futex)).args[1], futex.args[1]);
}

TEST(NetDecode, SocketpairFds) {
  FakeMemory mem;
  int32_t sv[2] = {5, 6};
  const uint64_t p = mem.map_object(0x50000, sv);
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("socketpair", {AF_UNIX, SOCK_STREAM, 0, p}), 0);
  EXPECT_EQ(ev.args[3].items, (std::vector<Arg>{Arg::fd(5), Arg::fd(6)}));
  EXPECT_EQ(ev.args[3].name, "sv");
}

TEST(NetDecode, SendmsgAndRecvmsgHeaders) {
  FakeMemory mem;
  const uint64_t sa = map_inet(mem, 0x10000, "8.8.8.8", 53);
  const uint64_t a = mem.map(0x20000, "query");
  const uint64_t b = mem.map(0x21000, "-tail");
  const uint64_t iov = mem.map_words<uint64_t>(0x22000, {a, 5, b, 5});
  // x86_64 struct msghdr: name, namelen(+pad), iov, iovlen, control, controllen, flags.
  const uint64_t msg = mem.map_words<uint64_t>(0x23000, {sa, 16, iov, 2, 0, 0, 0});
  SyscallDecoder dec;
  SyscallEvent ev = run_call(dec, mem, raw_call("sendmsg", {3, msg, MSG_NOSIGNAL}), 10);
  ASSERT_EQ(ev.args.size(), 3u);
  const Arg& m = ev.args[1];
  EXPECT_EQ(m.name, "msg");
  ASSERT_EQ(m.kind, ArgKind::Struct);
  EXPECT_EQ(field(field(m, "msg_name"), "sin_addr"), Arg::str("8.8.8.8").named("sin_addr"));
  EXPECT_EQ(field(m, "msg_namelen"), Arg::integer(16).named("msg_namelen"));
  const Arg& iovs = field(m, "msg_iov");
  ASSERT_EQ(iovs.items.size(), 2u);
  EXPECT_EQ(field(iovs.items[0], "iov_base"), Arg::str("query").named("iov_base"));
  // No control messages (msg_controllen 0): strace leaves msg_control out.
  EXPECT_EQ(field(m, "msg_control").text, "<missing field>");
  EXPECT_EQ(field(m, "msg_flags"), symbol_from_names("0").named("msg_flags"));
  EXPECT_EQ(ev.args[2], symbol_from_names("MSG_NOSIGNAL").named("flags"));

  // recvmsg that received 7 bytes: the first iovec full, 2 bytes in the second.
  ev = run_call(dec, mem, raw_call("recvmsg", {3, msg, 0}), 7);
  const Arg& r = field(ev.args[1], "msg_iov");
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(field(r.items[0], "iov_base"), Arg::str("query").named("iov_base"));
  EXPECT_EQ(field(r.items[1], "iov_base"), Arg::str("-t").named("iov_base"));
  EXPECT_EQ(field(r.items[1], "iov_len"), Arg::integer(5).named("iov_len"));
  ev = run_call(dec, mem, raw_call("recvmsg", {3, msg, 0}), -EAGAIN);
  EXPECT_EQ(ev.args[1], Arg::hex(msg).named("msg"));
}

}  // namespace
}  // namespace capsule::testing
