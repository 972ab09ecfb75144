// The egress allow-list (policy/egress_policy.h, egress_guard.h): its entries as read, the
// destination of a recorded call, the match by address and by the name the run was told, and the
// tracer's reading of a sockaddr from the tracee's memory.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>
#include <map>

#include "policy/egress_guard.h"
#include "policy/egress_policy.h"
#include "policy/seccomp_profile.h"

namespace capsule {
namespace {

EgressPolicy parse(const nlohmann::json& allow) { return parse_egress(nlohmann::json{{"allow", allow}}, "egress"); }

std::string error_of(const nlohmann::json& j) {
  try {
    parse_egress(j, "egress");
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

TEST(EgressPolicy, EntriesAreReadNormalisedAndWrittenBack) {
  const EgressPolicy p = parse({"127.0.0.1:8080", "LocalHost.:*", "[::1]:5432", "[::ffff:10.0.0.1]:53", "127.0.0.1:8080"});
  ASSERT_EQ(p.allow.size(), 4u);  // the duplicate once
  EXPECT_EQ(p.allow[0], (EgressRule{"127.0.0.1", true, 8080}));
  EXPECT_EQ(p.allow[1], (EgressRule{"localhost", false, std::nullopt}));
  EXPECT_EQ(p.allow[2], (EgressRule{"::1", true, 5432}));
  EXPECT_EQ(p.allow[3], (EgressRule{"10.0.0.1", true, 53}));  // IPv4-mapped: the IPv4 address
  EXPECT_EQ(egress_json(p).dump(), R"({"allow":["127.0.0.1:8080","localhost:*","[::1]:5432","10.0.0.1:53"]})");
  EXPECT_EQ(parse(egress_json(p)["allow"]), p);
}

TEST(EgressPolicy, MistakesArePositioned) {
  EXPECT_EQ(error_of({{"allow", {"127.0.0.1"}}}),
            "egress.allow[0]: expected HOST:PORT (127.0.0.1:8080, [::1]:5432, localhost:*)");
  EXPECT_EQ(error_of({{"allow", {"a:1", "b:65536"}}}), "egress.allow[1]: '65536': expected a port number 0-65535 or *");
  EXPECT_EQ(error_of({{"allow", {"::1:53"}}}), "egress.allow[0]: '::1': an IPv6 address is written in brackets ([::1]:5432)");
  EXPECT_EQ(error_of({{"allow", {"[1.2.3.4]:53"}}}), "egress.allow[0]: '1.2.3.4': not an IPv6 address");
  EXPECT_EQ(error_of({{"allow", {"a b:53"}}}), "egress.allow[0]: 'a b': not an address or a host name");
  EXPECT_EQ(error_of({{"allow", {42}}}), "egress.allow[0]: expected HOST:PORT (127.0.0.1:8080, [::1]:5432, localhost:*)");
  EXPECT_EQ(error_of({{"deny", nlohmann::json::array()}}), "egress.deny: unknown key");
  EXPECT_EQ(error_of(nlohmann::json::object()), "egress: missing \"allow\" (an empty list refuses every destination)");
}

TEST(EgressPolicy, AddressesMatchLiterallyAndNamesByWhatTheRunWasTold) {
  const EgressPolicy p = parse({"127.0.0.1:8080", "localhost:*", "api.example.com:443", "[::1]:5432"});
  EXPECT_TRUE(egress_allows(p, {"127.0.0.1", 8080}, ""));
  EXPECT_FALSE(egress_allows(p, {"127.0.0.1", 8081}, ""));  // nothing named it: by address only
  EXPECT_TRUE(egress_allows(p, {"127.0.0.1", 8081}, "localhost"));
  EXPECT_TRUE(egress_allows(p, {"10.1.2.3", 443}, "API.example.com."));
  EXPECT_FALSE(egress_allows(p, {"10.1.2.3", 80}, "api.example.com"));
  EXPECT_TRUE(egress_allows(p, {"::1", 5432}, ""));
  EXPECT_FALSE(egress_allows(p, {"::1", 5433}, ""));
  EXPECT_FALSE(egress_allows(parse(nlohmann::json::array()), {"127.0.0.1", 1}, "localhost"));
}

// An argument with its man-page name, as the decoders give it.
Arg named(Arg a, std::string name) {
  a.name = std::move(name);
  return a;
}

// connect's addr as the decoders give it: {sa_family=AF_INET, sin_port=htons(P), sin_addr=…}.
SyscallEvent connect_to(const char* family, const char* ip, int64_t port) {
  SyscallEvent ev;
  ev.type = EventType::Syscall;
  ev.name = "connect";
  const bool v6 = std::strcmp(family, "AF_INET6") == 0;
  Arg addr;
  addr.kind = ArgKind::Struct;
  addr.name = "addr";
  addr.items = {named(Arg::symbol(family, v6 ? AF_INET6 : AF_INET), "sa_family"),
                named(Arg::integer(port), v6 ? "sin6_port" : "sin_port"), named(Arg::str(ip), v6 ? "sin6_addr" : "sin_addr")};
  ev.args = {named(Arg::fd(3), "sockfd"), addr};
  return ev;
}

TEST(EgressPolicy, TheDestinationOfARecordedCall) {
  EXPECT_EQ(egress_destination(connect_to("AF_INET", "127.0.0.1", 80)), (Destination{"127.0.0.1", 80}));
  EXPECT_EQ(egress_destination(connect_to("AF_INET6", "::1", 53)), (Destination{"::1", 53}));
  EXPECT_EQ(egress_destination(connect_to("AF_INET6", "::ffff:127.0.0.1", 53)), (Destination{"127.0.0.1", 53}));
  SyscallEvent other = connect_to("AF_INET", "127.0.0.1", 80);
  other.name = "bind";
  EXPECT_EQ(egress_destination(other), std::nullopt);
}

// The tracee's memory, as the tracer reads it at the entry stop.
class FakeMemory : public TraceeMemory {
 public:
  std::map<uint64_t, std::string> blocks;
  size_t read(uint64_t addr, void* buf, size_t len) override {
    for (const auto& [at, bytes] : blocks) {
      if (addr < at || addr >= at + bytes.size()) continue;
      const size_t n = std::min(len, static_cast<size_t>(at + bytes.size() - addr));
      std::memcpy(buf, bytes.data() + (addr - at), n);
      return n;
    }
    return 0;
  }
};

std::string sin(const char* ip, uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  inet_pton(AF_INET, ip, &a.sin_addr);
  return std::string(reinterpret_cast<const char*>(&a), sizeof a);
}

TEST(EgressGuard, ReadsTheSockaddrEachCallHandsTheKernel) {
  EgressGuard guard(parse({"127.0.0.1:80"}));
  FakeMemory mem;
  mem.blocks[0x1000] = sin("127.0.0.1", 80);
  mem.blocks[0x2000] = sin("127.0.0.1", 81);
  RawSyscall connect{};
  connect.nr = 42;  // x86_64 connect(fd, addr, len)
  connect.args[1] = 0x1000;
  connect.args[2] = sizeof(sockaddr_in);
  EXPECT_FALSE(guard.check(connect, mem).refused);
  connect.args[1] = 0x2000;
  const EgressVerdict no = guard.check(connect, mem);
  EXPECT_TRUE(no.refused);
  EXPECT_EQ(no.destination, (Destination{"127.0.0.1", 81}));
  connect.args[1] = 0x9000;  // unreadable: refused (the kernel might read what the tracer could not)
  EXPECT_TRUE(guard.check(connect, mem).refused);
  RawSyscall sendto{};
  sendto.nr = 44;  // sendto(fd, buf, len, flags, dest_addr, addrlen)
  EXPECT_FALSE(guard.check(sendto, mem).refused);  // no address: a connected socket's send
  sendto.args[4] = 0x2000;
  sendto.args[5] = sizeof(sockaddr_in);
  EXPECT_TRUE(guard.check(sendto, mem).refused);
  // sendmsg: the msghdr's msg_name and msg_namelen.
  std::string hdr(56, '\0');
  const uint64_t name = 0x2000;
  const uint32_t len = sizeof(sockaddr_in);
  std::memcpy(hdr.data(), &name, 8);
  std::memcpy(hdr.data() + 8, &len, 4);
  mem.blocks[0x3000] = hdr;
  RawSyscall sendmsg{};
  sendmsg.nr = 46;
  sendmsg.args[1] = 0x3000;
  EXPECT_TRUE(guard.check(sendmsg, mem).refused);
  // sendmmsg: any message to a refused destination refuses the call.
  std::string vec(128, '\0');
  const uint64_t ok_name = 0x1000;
  std::memcpy(vec.data(), &ok_name, 8);
  std::memcpy(vec.data() + 8, &len, 4);
  std::memcpy(vec.data() + 64, &name, 8);
  std::memcpy(vec.data() + 72, &len, 4);
  mem.blocks[0x4000] = vec;
  RawSyscall sendmmsg{};
  sendmmsg.nr = 307;
  sendmmsg.args[1] = 0x4000;
  sendmmsg.args[2] = 1;
  EXPECT_FALSE(guard.check(sendmmsg, mem).refused);
  sendmmsg.args[2] = 2;
  EXPECT_TRUE(guard.check(sendmmsg, mem).refused);
}

TEST(EgressGuard, LearnsNamesFromHostsReads) {
  EgressGuard guard(parse({"localhost:80"}));
  FakeMemory mem;
  mem.blocks[0x1000] = sin("127.0.0.1", 80);
  RawSyscall connect{};
  connect.nr = 42;
  connect.args[1] = 0x1000;
  connect.args[2] = sizeof(sockaddr_in);
  EXPECT_TRUE(guard.check(connect, mem).refused);
  // openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3: the tracer names the fd it made.
  SyscallEvent open;
  open.type = EventType::Syscall;
  open.name = "openat";
  open.args = {Arg::integer(-100), Arg::str("/etc/hosts"), Arg::integer(0)};
  open.has_ret = true;
  open.ret = 3;
  open.created_fds = {FdRef{3, "/etc/hosts"}};
  guard.learn(open);
  // read(3</etc/hosts>, "127.0.0.1 localhost\n", 4096) = 20
  SyscallEvent read;
  read.type = EventType::Syscall;
  read.name = "read";
  read.args = {named(Arg::fd(3), "fd"), named(Arg::str("127.0.0.1 localhost\n"), "buf"),
               named(Arg::uinteger(4096), "count")};
  read.has_ret = true;
  read.ret = 20;
  guard.learn(read);
  EXPECT_EQ(guard.name_of("127.0.0.1"), "localhost");
  EXPECT_FALSE(guard.check(connect, mem).refused);
}

}  // namespace
}  // namespace capsule
