// Synthetic events for the enricher tests: what the decoders would produce, built by hand.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "enrich/proc_snapshot.h"
#include "event/syscall_event.h"
#include "decode/symbol_value.h"

namespace capsule::test {

class EventBuilder {
 public:
  EventBuilder(int32_t pid, std::string name) {
    ev_.pid = pid;
    ev_.tid = pid;
    ev_.name = std::move(name);
  }
  EventBuilder& tid(int32_t t) { ev_.tid = t; return *this; }
  EventBuilder& arg(Arg a) { ev_.args.push_back(std::move(a)); return *this; }
  EventBuilder& fd(std::string n, int64_t v) { return arg(Arg::fd(v).named(std::move(n))); }
  EventBuilder& str(std::string n, std::string v) { return arg(Arg::str(std::move(v)).named(std::move(n))); }
  EventBuilder& sym(std::string n, std::string v) { return arg(symbol_from_names(std::move(v)).named(std::move(n))); }
  EventBuilder& num(std::string n, int64_t v) { return arg(Arg::integer(v).named(std::move(n))); }
  EventBuilder& ret(int64_t r) { ev_.has_ret = true; ev_.ret = r; return *this; }
  EventBuilder& ret_fd(int64_t r) { ret(r); ev_.ret_kind = RetKind::Fd; return *this; }
  EventBuilder& fail(int err) { ev_.has_ret = true; ev_.ret = -1; ev_.err = err; return *this; }
  SyscallEvent build() { return ev_; }
  operator SyscallEvent() const { return ev_; }

 private:
  SyscallEvent ev_;
};

inline Arg fd_array(std::string name, int64_t a, int64_t b) {
  Arg arr;
  arr.kind = ArgKind::Array;
  arr.name = std::move(name);
  arr.items = {Arg::fd(a), Arg::fd(b)};
  return arr;
}

inline Arg str_array(std::string name, std::vector<std::string> words) {
  Arg arr;
  arr.kind = ArgKind::Array;
  arr.name = std::move(name);
  for (auto& w : words) arr.items.push_back(Arg::str(std::move(w)));
  return arr;
}

inline Arg inet_addr(std::string name, std::string ip, int64_t port) {
  Arg s;
  s.kind = ArgKind::Struct;
  s.name = std::move(name);
  s.items = {symbol_from_names("AF_INET").named("sa_family"), Arg::integer(port).named("sin_port"),
             Arg::str(std::move(ip)).named("sin_addr")};
  return s;
}

inline SyscallEvent exit_event(int32_t pid, int32_t tid) {
  SyscallEvent ev;
  ev.type = EventType::Exit;
  ev.pid = pid;
  ev.tid = tid;
  return ev;
}

// A root-owned process in /home/u with stdin/out/err and one close-on-exec file.
inline ProcessSnapshot sample_snapshot(int32_t pid) {
  ProcessSnapshot s;
  s.pid = pid;
  s.ppid = 1;
  s.exe = "/usr/bin/bash";
  s.cwd = "/home/u";
  s.argv = std::vector<std::string>{"bash", "-c", "true"};
  s.cred.uid = s.cred.euid = s.cred.suid = s.cred.fsuid = 0;
  s.cred.gid = s.cred.egid = s.cred.sgid = s.cred.fsgid = 0;
  s.cred.groups = std::vector<uint32_t>{0};
  s.cred.cap_eff = s.cred.cap_prm = s.cred.cap_bnd = 0x1ffffffffffull;
  s.ns[0] = 4026531841;  // mnt
  s.ns[1] = 4026531836;  // pid
  s.ns[2] = 4026531840;  // net
  s.ns[3] = 4026531837;  // user
  s.fds = {{0, "/dev/pts/0", false, false},
           {1, "/dev/pts/0", false, false},
           {2, "/dev/pts/0", false, false},
           {5, "/etc/ld.so.cache", true, false}};
  return s;
}

}  // namespace capsule::test
