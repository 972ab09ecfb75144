// The aggregator on synthetic events: windows, never-merged kinds, per-pid interleaving, timer
// and end flushes, and the invariant that every event is in exactly one action.
#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <set>

#include "aggregate_test_util.h"
#include "decode/symbol_value.h"

namespace capsule::test {
namespace {

constexpr int64_t kWindow = 100 * kMs;

std::vector<uint64_t> seqs_of(const Action& a) {
  if (!a.contiguous()) return a.seqs;
  std::vector<uint64_t> out;
  for (uint64_t s = a.first_seq; s <= a.last_seq; ++s) out.push_back(s);
  return out;
}

class AggregatorTest : public ::testing::Test {
 protected:
  Recorder rec_;
  EventMaker make_;
  Aggregator agg_{kWindow, rec_.sink(), [](int32_t pid) { return pid == 812 ? "/usr/bin/python3" : ""; }};
};

TEST_F(AggregatorTest, ReadsWithinTheWindowMergeIntoOneAction) {
  agg_.feed(make_.io(812, "read", 3, "/etc/passwd", kT0, 1000));
  agg_.feed(make_.io(812, "read", 3, "/etc/passwd", kT0 + 10 * kMs, 1841));
  agg_.feed(make_.io(812, "read", 3, "/etc/passwd", kT0 + 20 * kMs, 0));
  EXPECT_TRUE(rec_.actions.empty());  // still within its window
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 1u);
  const Action& a = rec_.actions[0];
  EXPECT_EQ(a.kind, ActionKind::Read);
  EXPECT_EQ(a.pid, 812);
  EXPECT_EQ(a.exe, "/usr/bin/python3");
  EXPECT_EQ(a.target, "/etc/passwd");
  EXPECT_EQ(a.events, 3u);
  EXPECT_EQ(a.bytes, 2841u);
  EXPECT_EQ(a.failed, 0u);
  EXPECT_EQ(a.start_us, kT0);
  EXPECT_EQ(a.end_us, kT0 + 20 * kMs + 5);
  EXPECT_EQ(a.first_seq, 0u);
  EXPECT_EQ(a.last_seq, 2u);
  EXPECT_TRUE(a.contiguous());
}

TEST_F(AggregatorTest, AGapLongerThanTheWindowStartsANewAction) {
  agg_.feed(make_.io(812, "read", 3, "/f", kT0, 10));            // ends at kT0 + 5
  agg_.feed(make_.io(812, "read", 3, "/f", kT0 + 5 + kWindow, 20));  // exactly the window: merges
  agg_.feed(make_.io(812, "read", 3, "/f", kT0 + 10 + 2 * kWindow + 1, 30));  // one µs too late
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 2u);
  EXPECT_EQ(rec_.actions[0].events, 2u);
  EXPECT_EQ(rec_.actions[0].bytes, 30u);
  EXPECT_EQ(rec_.actions[1].events, 1u);
  EXPECT_EQ(rec_.actions[1].bytes, 30u);
  EXPECT_EQ(rec_.actions[1].first_seq, 2u);
}

TEST_F(AggregatorTest, ACopyLoopIsOneReadAndOneWrite) {
  for (int i = 0; i < 8; ++i) {
    agg_.feed(make_.io(812, "read", 3, "/big", kT0 + i * 2, 131072));
    agg_.feed(make_.io(812, "write", 1, "/dev/null", kT0 + i * 2 + 1, 131072));
  }
  agg_.feed(make_.io(812, "read", 3, "/big", kT0 + 20, 0));
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 2u);
  const Action& read = rec_.actions[0];
  const Action& write = rec_.actions[1];
  EXPECT_EQ(read.kind, ActionKind::Read);
  EXPECT_EQ(read.events, 9u);
  EXPECT_EQ(read.bytes, 1048576u);
  EXPECT_EQ(read.seqs, (std::vector<uint64_t>{0, 2, 4, 6, 8, 10, 12, 14, 16}));
  EXPECT_EQ(write.kind, ActionKind::Write);
  EXPECT_EQ(write.events, 8u);
  EXPECT_EQ(write.bytes, 1048576u);
  EXPECT_EQ(write.first_seq, 1u);
  EXPECT_EQ(write.last_seq, 15u);
}

TEST_F(AggregatorTest, NeverMergedKindsAreWrittenAtOnceOneEventEach) {
  const std::vector<std::pair<SyscallEvent, ActionKind>> cases = {
      {make_.call(812, "clone", kT0, {symbol_from_names("CLONE_VM|SIGCHLD").named("flags")}, 900), ActionKind::Spawn},
      {make_.call(812, "execve", kT0, {Arg::str("/bin/true").named("pathname")}, 0), ActionKind::Exec},
      {make_.call(812, "setuid", kT0, {Arg::integer(0).named("uid")}, 0), ActionKind::Privilege},
      {make_.call(812, "unshare", kT0, {symbol_from_names("CLONE_NEWNS").named("flags")}, 0), ActionKind::Namespace},
      {make_.call(812, "ptrace", kT0, {Arg::integer(16).named("request"), Arg::integer(901).named("pid")}, 0),
       ActionKind::Ptrace},
      {make_.call(812, "kill", kT0, {Arg::integer(901).named("pid"), symbol_from_names("SIGTERM").named("sig")}, 0),
       ActionKind::Signal},
      {make_.call(812, "unlink", kT0, {Arg::str("/tmp/x").named("pathname")}, 0), ActionKind::Delete},
  };
  for (const auto& [ev, kind] : cases) {
    for (int twice = 0; twice < 2; ++twice) {
      const size_t before = rec_.actions.size();
      agg_.feed(ev);
      ASSERT_EQ(rec_.actions.size(), before + 1) << ev.name;  // written at once
      EXPECT_EQ(rec_.actions.back().kind, kind) << ev.name;
      EXPECT_EQ(rec_.actions.back().events, 1u) << ev.name;
    }
  }
  EXPECT_EQ(agg_.open_actions(), 0u);
}

TEST_F(AggregatorTest, ConnectAndBindAreNeverMergedEither) {
  Arg addr;
  addr.kind = ArgKind::Struct;
  addr.name = "addr";
  addr.items = {symbol_from_names("AF_INET").named("sa_family"), Arg::integer(8080).named("sin_port"),
                Arg::str("127.0.0.1").named("sin_addr")};
  for (const char* name : {"connect", "connect", "bind", "bind"}) {
    agg_.feed(make_.failing(make_.call(812, name, kT0, {Arg::fd(4).named("sockfd"), addr}, 0), ECONNREFUSED));
  }
  ASSERT_EQ(rec_.actions.size(), 4u);
  EXPECT_EQ(rec_.actions[0].kind, ActionKind::Connect);
  EXPECT_EQ(rec_.actions[0].target, "127.0.0.1:8080");
  EXPECT_EQ(rec_.actions[2].kind, ActionKind::Bind);
}

TEST_F(AggregatorTest, ADeniedCallIsDeniedWhateverItWas) {
  SyscallEvent ev = make_.failing(make_.call(812, "unlink", kT0, {Arg::str("/etc/shadow").named("pathname")}, 0), EPERM);
  ev.denied = true;
  agg_.feed(ev);
  agg_.feed(ev);
  ASSERT_EQ(rec_.actions.size(), 2u);
  EXPECT_EQ(rec_.actions[0].kind, ActionKind::Denied);
  EXPECT_EQ(rec_.actions[0].target, "unlink /etc/shadow");
  EXPECT_EQ(rec_.actions[0].failed, 1u);
}

TEST_F(AggregatorTest, OtherPidsEventsDoNotCloseAPidsAction) {
  agg_.feed(make_.io(10, "read", 3, "/x", kT0, 1));
  agg_.feed(make_.io(20, "read", 3, "/x", kT0 + 1, 2));
  agg_.feed(make_.io(20, "write", 1, "/out", kT0 + 2, 2));
  agg_.feed(make_.io(10, "read", 3, "/x", kT0 + 3, 4));
  EXPECT_TRUE(rec_.actions.empty());
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 3u);  // in order of their first seq
  EXPECT_EQ(rec_.actions[0].pid, 10);
  EXPECT_EQ(rec_.actions[0].events, 2u);
  EXPECT_EQ(rec_.actions[0].bytes, 5u);
  EXPECT_EQ(rec_.actions[0].seqs, (std::vector<uint64_t>{0, 3}));
  EXPECT_EQ(rec_.actions[1].pid, 20);
  EXPECT_EQ(rec_.actions[1].kind, ActionKind::Read);
  EXPECT_TRUE(rec_.actions[1].contiguous());
  EXPECT_EQ(rec_.actions[2].kind, ActionKind::Write);
}

TEST_F(AggregatorTest, ClosingTheFdEndsWhatWasDoneThroughIt) {
  agg_.feed(make_.io(812, "read", 3, "/a", kT0, 7));
  agg_.feed(make_.io(812, "read", 4, "/b", kT0 + 1, 7));
  agg_.feed(make_.io(812, "close", 3, "/a", kT0 + 2, 0));
  ASSERT_EQ(rec_.actions.size(), 1u);
  EXPECT_EQ(rec_.actions[0].target, "/a");
  EXPECT_EQ(rec_.actions[0].kind, ActionKind::Read);
  agg_.feed(make_.io(812, "read", 3, "/a", kT0 + 3, 7));  // reopened: a new Read
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 4u);
  EXPECT_EQ(rec_.actions[3].kind, ActionKind::Read);
  EXPECT_EQ(rec_.actions[3].first_seq, 3u);
}

TEST_F(AggregatorTest, ExecAndExitCloseTheProcessActionsFirst) {
  agg_.feed(make_.io(812, "write", 1, "/out", kT0, 3));
  agg_.feed(make_.call(812, "execve", kT0 + 1, {Arg::str("/bin/true").named("pathname")}, 0));
  ASSERT_EQ(rec_.actions.size(), 2u);
  EXPECT_EQ(rec_.actions[0].kind, ActionKind::Write);
  EXPECT_EQ(rec_.actions[1].kind, ActionKind::Exec);
  EXPECT_EQ(rec_.actions[1].target, "/bin/true");
  agg_.feed(make_.io(812, "write", 1, "/out", kT0 + 2, 3));
  agg_.feed(make_.exit_record(812, kT0 + 3, 7));
  ASSERT_EQ(rec_.actions.size(), 4u);
  EXPECT_EQ(rec_.actions[2].kind, ActionKind::Write);
  EXPECT_EQ(rec_.actions[3].kind, ActionKind::Exit);
  EXPECT_EQ(rec_.actions[3].target, "exited 7");
  EXPECT_EQ(agg_.open_actions(), 0u);
}

TEST_F(AggregatorTest, TheTimerWritesAnActionWhenItsWindowHasPassed) {
  agg_.feed(make_.io(812, "write", 1, "/out", kT0, 3));  // ends at kT0 + 5
  agg_.flush_due(kT0 + 5 + kWindow);
  EXPECT_TRUE(rec_.actions.empty());
  agg_.flush_due(kT0 + 5 + kWindow + 1);
  ASSERT_EQ(rec_.actions.size(), 1u);
  EXPECT_EQ(agg_.open_actions(), 0u);
  // A later event with the same key starts a new action.
  agg_.feed(make_.io(812, "write", 1, "/out", kT0 + 6 + kWindow, 3));
  agg_.flush_all();
  EXPECT_EQ(rec_.actions.size(), 2u);
}

TEST_F(AggregatorTest, TickRunsOnTheEventsClockAdvancedByWallTime) {
  // Events from long ago (an imported log): the wall clock is far ahead, yet a tick right after
  // them must not close the action; only wall time passing with no event does.
  const int64_t wall = kT0 + 3600LL * 1000 * kMs;
  agg_.feed(make_.io(812, "write", 1, "/out", kT0, 3));
  agg_.tick(wall);
  agg_.tick(wall + 50 * kMs);
  agg_.feed(make_.io(812, "write", 1, "/out", kT0 + 60 * kMs, 3));
  agg_.tick(wall + 60 * kMs);
  agg_.tick(wall + 60 * kMs + kWindow);
  EXPECT_TRUE(rec_.actions.empty());
  agg_.tick(wall + 61 * kMs + kWindow);
  ASSERT_EQ(rec_.actions.size(), 1u);
  EXPECT_EQ(rec_.actions[0].events, 2u);
}

TEST_F(AggregatorTest, FlushAllWritesEverythingInOrderOfFirstSeq) {
  agg_.feed(make_.io(3, "read", 3, "/c", kT0, 1));
  agg_.feed(make_.io(1, "read", 3, "/a", kT0, 1));
  agg_.feed(make_.io(2, "read", 3, "/b", kT0, 1));
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 3u);
  EXPECT_EQ(rec_.actions[0].target, "/c");
  EXPECT_EQ(rec_.actions[1].target, "/a");
  EXPECT_EQ(rec_.actions[2].target, "/b");
  EXPECT_EQ(agg_.open_actions(), 0u);
}

TEST_F(AggregatorTest, FailedCallsAreCountedWithTheirErrno) {
  const SyscallEvent open_ok = [&] {
    SyscallEvent ev = make_.call(812, "openat", kT0, {symbol_from_names("AT_FDCWD").named("dirfd"),
                                                      Arg::str("/etc/x").named("pathname")}, 3);
    ev.ret_kind = RetKind::Fd;
    ev.fd_refs.push_back(FdRef{3, "/etc/x"});
    return ev;
  }();
  auto open_failing = [&](int err) {
    return make_.failing(make_.call(812, "openat", kT0 + 1, {symbol_from_names("AT_FDCWD").named("dirfd"),
                                                             Arg::str("/etc/x").named("pathname")}, 0), err);
  };
  agg_.feed(open_failing(ENOENT));
  agg_.feed(open_failing(EACCES));
  agg_.feed(open_failing(ENOENT));
  agg_.feed(open_ok);
  agg_.feed(make_.failing(make_.io(812, "read", 3, "/etc/x", kT0 + 2, 0), EIO));
  agg_.feed(make_.io(812, "read", 3, "/etc/x", kT0 + 3, 12));
  agg_.flush_all();
  ASSERT_EQ(rec_.actions.size(), 2u);
  const Action& open = rec_.actions[0];
  EXPECT_EQ(open.kind, ActionKind::Open);
  EXPECT_EQ(open.events, 4u);
  EXPECT_EQ(open.failed, 3u);
  EXPECT_EQ(open.errors, (std::vector<std::pair<int, uint64_t>>{{ENOENT, 2}, {EACCES, 1}}));
  const Action& read = rec_.actions[1];
  EXPECT_EQ(read.failed, 1u);
  EXPECT_EQ(read.bytes, 12u);  // the failed read's -1 is not bytes
  EXPECT_EQ(read.errors, (std::vector<std::pair<int, uint64_t>>{{EIO, 1}}));
}

TEST_F(AggregatorTest, TooManyOpenActionsCloseTheStalest) {
  for (size_t i = 0; i <= Aggregator::kMaxOpenPerPid; ++i) {
    agg_.feed(make_.io(812, "read", static_cast<int64_t>(10 + i), "/f" + std::to_string(i),
                       kT0 + static_cast<int64_t>(i), 1));
  }
  ASSERT_EQ(rec_.actions.size(), 1u);
  EXPECT_EQ(rec_.actions[0].target, "/f0");
  EXPECT_EQ(agg_.open_actions(), Aggregator::kMaxOpenPerPid);
}

// The invariant verify checks: every event fed is in exactly one action.
TEST_F(AggregatorTest, EveryEventIsInExactlyOneAction) {
  uint32_t rng = 12345;
  auto next = [&] { rng = rng * 1103515245u + 12345u; return (rng >> 16) & 0x7fff; };
  const char* names[] = {"read", "write", "close", "fstat"};
  int64_t t = kT0;
  for (int i = 0; i < 5000; ++i) {
    const int32_t pid = 100 + static_cast<int32_t>(next() % 4);
    t += static_cast<int64_t>(next() % 40) * kMs;
    const uint32_t what = next() % 12;
    if (what < 8) {
      const int64_t fd = 3 + next() % 20;
      agg_.feed(make_.io(pid, names[what % 4], fd, "/f" + std::to_string(fd), t, next() % 100));
    } else if (what == 8) {
      agg_.feed(make_.call(pid, "kill", t, {Arg::integer(1).named("pid"), symbol_from_names("SIGHUP").named("sig")}, 0));
    } else if (what == 9) {
      agg_.feed(make_.exit_record(pid, t, 0));
    } else {
      agg_.feed(make_.failing(make_.call(pid, "getpid", t, {}, 0), EINVAL));
    }
    if (i % 7 == 0) agg_.flush_due(t);
  }
  agg_.flush_all();
  EXPECT_EQ(agg_.events_fed(), make_.made());
  EXPECT_EQ(rec_.events(), make_.made());
  EXPECT_EQ(agg_.events_written(), make_.made());
  std::set<uint64_t> seen;
  for (const Action& a : rec_.actions) {
    for (uint64_t s : seqs_of(a)) EXPECT_TRUE(seen.insert(s).second) << "seq " << s << " twice";
    EXPECT_EQ(seqs_of(a).size(), a.events);
  }
  EXPECT_EQ(seen.size(), make_.made());
}

}  // namespace
}  // namespace capsule::test

namespace capsule::test {
namespace {

TEST(AggregatorLimits, AnInterleavedActionSplitsWhenItsSeqListIsFull) {
  Recorder rec;
  EventMaker make;
  Aggregator agg(100 * kMs, rec.sink());
  const size_t reads = Aggregator::kMaxListedSeqs + 10;
  for (size_t i = 0; i < reads; ++i) {
    agg.feed(make.io(1, "read", 3, "/in", kT0, 1));
    agg.feed(make.io(1, "write", 4, "/out", kT0, 1));
  }
  agg.flush_all();
  uint64_t read_actions = 0, read_events = 0;
  for (const Action& a : rec.actions) {
    if (a.kind != ActionKind::Read) continue;
    ++read_actions;
    read_events += a.events;
    EXPECT_LE(a.seqs.size(), Aggregator::kMaxListedSeqs);
  }
  EXPECT_EQ(read_actions, 2u);
  EXPECT_EQ(read_events, reads);
  EXPECT_EQ(rec.events(), make.made());
}

}  // namespace
}  // namespace capsule::test
