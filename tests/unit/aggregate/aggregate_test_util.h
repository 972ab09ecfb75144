// Synthetic events for the aggregator tests, and a sink that keeps what was written.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "aggregate/aggregator.h"
#include "event/syscall_event.h"

namespace capsule::test {

inline constexpr int64_t kT0 = 1'700'000'000'000'000;  // an arbitrary epoch time, µs
inline constexpr int64_t kMs = 1000;

// Events get consecutive seqs in the order they are made, like the pipeline gives them.
class EventMaker {
 public:
  SyscallEvent call(int32_t pid, std::string name, int64_t at_us, std::vector<Arg> args, int64_t ret) {
    SyscallEvent ev;
    ev.seq = next_seq_++;
    ev.pid = ev.tid = pid;
    ev.ts_us = at_us;
    ev.end_us = at_us + 5;
    ev.name = std::move(name);
    ev.args = std::move(args);
    ev.has_ret = true;
    ev.ret = ret;
    return ev;
  }
  // read/write(fd, …) = ret, with the enricher's ref for fd.
  SyscallEvent io(int32_t pid, const char* name, int64_t fd, std::string ref, int64_t at_us, int64_t ret) {
    SyscallEvent ev = call(pid, name, at_us, {Arg::fd(fd).named("fd"), Arg::hex(0x1000).named("buf"),
                                              Arg::uinteger(4096).named("count")}, ret);
    ev.fd_refs.push_back(FdRef{fd, std::move(ref)});
    return ev;
  }
  SyscallEvent failing(SyscallEvent ev, int err) {
    ev.ret = -1;
    ev.err = err;
    return ev;
  }
  SyscallEvent exit_record(int32_t pid, int64_t at_us, int code) {
    SyscallEvent ev;
    ev.type = EventType::Exit;
    ev.seq = next_seq_++;
    ev.pid = ev.tid = pid;
    ev.ts_us = ev.end_us = at_us;
    ev.exit_code = code;
    return ev;
  }
  uint64_t made() const { return next_seq_; }

 private:
  uint64_t next_seq_ = 0;
};

struct Recorder {
  std::vector<Action> actions;
  Aggregator::ActionSink sink() {
    return [this](const Action& a) { actions.push_back(a); };
  }
  uint64_t events() const {
    uint64_t n = 0;
    for (const Action& a : actions) n += a.events;
    return n;
  }
};

}  // namespace capsule::test
