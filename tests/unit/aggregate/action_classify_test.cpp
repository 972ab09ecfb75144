// Event → (kind, target): the table's rules on the shapes the decoders produce.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "aggregate/action_classify.h"
#include "aggregate/action_table.h"
#include "aggregate_test_util.h"
#include "decode/symbol_value.h"

namespace capsule::test {
namespace {

Arg inet(std::string ip, int64_t port) {
  Arg s;
  s.kind = ArgKind::Struct;
  s.name = "addr";
  s.items = {symbol_from_names("AF_INET").named("sa_family"), Arg::integer(port).named("sin_port"),
             Arg::str(std::move(ip)).named("sin_addr")};
  return s;
}

// The classifier's target may point into the event, and these tests classify temporaries: keep
// a copy that outlives them.
struct OwnedKey {
  ActionKind kind;
  std::string target;
};

class ClassifyTest : public ::testing::Test {
 protected:
  OwnedKey key(const SyscallEvent& ev) {
    const ActionKey k = classifier_.classify(ev);
    return {k.kind, std::string(k.target)};
  }
  ActionClassifier classifier_;
  EventMaker make_;
};

TEST(ActionTable, EachSyscallIsDeclaredOnce) {
  const ActionRuleSpan rules = all_action_rules();
  std::set<std::string_view> names;
  for (size_t i = 0; i < rules.size; ++i) {
    EXPECT_TRUE(names.insert(rules.data[i].syscall).second) << rules.data[i].syscall;
    EXPECT_EQ(&action_rule(rules.data[i].syscall), &rules.data[i]);
  }
  EXPECT_EQ(action_rule("no_such_call").kind, ActionKind::Other);
}

TEST(ActionTable, EveryKindHasItsName) {
  EXPECT_EQ(action_kind_name(ActionKind::Read), "Read");
  EXPECT_EQ(action_kind_name(ActionKind::Mkdir), "Mkdir");
  EXPECT_EQ(action_kind_name(ActionKind::Denied), "Denied");
  EXPECT_EQ(action_kind_name(ActionKind::Other), "Other");
}

TEST_F(ClassifyTest, ReadIsTheFdsPath) {
  const OwnedKey k = key(make_.io(1, "read", 3, "/etc/passwd", kT0, 10));
  EXPECT_EQ(k.kind, ActionKind::Read);
  EXPECT_EQ(k.target, "/etc/passwd");
}

TEST_F(ClassifyTest, AnUnknownFdIsNamedByNumber) {
  SyscallEvent ev = make_.io(1, "write", 9, "", kT0, 10);
  ev.fd_refs.clear();
  EXPECT_EQ(key(ev).target, "fd 9");
}

TEST_F(ClassifyTest, ConnectIsThePeerAddress) {
  const OwnedKey k = key(make_.call(1, "connect", kT0, {Arg::fd(4).named("sockfd"), inet("127.0.0.1", 5555)}, 0));
  EXPECT_EQ(k.kind, ActionKind::Connect);
  EXPECT_EQ(k.target, "127.0.0.1:5555");
}

TEST_F(ClassifyTest, OpenIsTheOpenedFilesPathElseTheArgument) {
  SyscallEvent ok = make_.call(1, "openat", kT0, {Arg::fd(5).named("dirfd"), Arg::str("b.txt").named("pathname")}, 6);
  ok.ret_kind = RetKind::Fd;
  ok.fd_refs = {FdRef{5, "/home/u"}, FdRef{6, "/home/u/b.txt"}};
  EXPECT_EQ(key(ok).target, "/home/u/b.txt");
  SyscallEvent failed = make_.failing(ok, ENOENT);
  failed.fd_refs = {FdRef{5, "/home/u"}};
  EXPECT_EQ(key(failed).kind, ActionKind::Open);
  EXPECT_EQ(key(failed).target, "/home/u/b.txt");  // relative to the dirfd's directory
}

TEST_F(ClassifyTest, StatWithAnEmptyPathIsTheDirfdsFile) {
  SyscallEvent ev = make_.call(1, "newfstatat", kT0, {Arg::fd(3).named("dirfd"), Arg::str("").named("pathname")}, 0);
  ev.fd_refs = {FdRef{3, "/etc/hosts"}};
  EXPECT_EQ(key(ev).kind, ActionKind::Stat);
  EXPECT_EQ(key(ev).target, "/etc/hosts");
}

TEST_F(ClassifyTest, RenameIsOldArrowNew) {
  const OwnedKey k = key(make_.call(1, "renameat2", kT0, {symbol_from_names("AT_FDCWD").named("olddirfd"),
      Arg::str("/tmp/a").named("oldpath"), symbol_from_names("AT_FDCWD").named("newdirfd"),
      Arg::str("/tmp/b").named("newpath")}, 0));
  EXPECT_EQ(k.kind, ActionKind::Rename);
  EXPECT_EQ(k.target, "/tmp/a -> /tmp/b");
}

TEST_F(ClassifyTest, SignalsToOthersAreSignalToSelfOther) {
  const OwnedKey other = key(make_.call(1, "kill", kT0, {Arg::integer(2).named("pid"), symbol_from_names("SIGTERM").named("sig")}, 0));
  EXPECT_EQ(other.kind, ActionKind::Signal);
  EXPECT_EQ(other.target, "pid 2 SIGTERM");
  const OwnedKey self = key(make_.call(1, "tgkill", kT0, {Arg::integer(1).named("tgid"), Arg::integer(1).named("tid"),
                                                          symbol_from_names("SIGABRT").named("sig")}, 0));
  EXPECT_EQ(self.kind, ActionKind::Other);
}

TEST_F(ClassifyTest, SpawnIsTheChild) {
  const OwnedKey k = key(make_.call(1, "clone", kT0, {symbol_from_names("CLONE_VM|CLONE_THREAD").named("flags")}, 77));
  EXPECT_EQ(k.kind, ActionKind::Spawn);
  EXPECT_EQ(k.target, "thread 77");
}

TEST_F(ClassifyTest, PrivilegeShowsTheCall) {
  const OwnedKey k = key(make_.call(1, "setresuid", kT0, {Arg::integer(0).named("ruid"), Arg::integer(0).named("euid"),
                                                          Arg::integer(0).named("suid")}, 0));
  EXPECT_EQ(k.kind, ActionKind::Privilege);
  EXPECT_EQ(k.target, "setresuid(0, 0, 0)");
}

TEST_F(ClassifyTest, AnonymousMapAndUnknownCalls) {
  const OwnedKey map = key(make_.call(1, "mmap", kT0, {Arg::null().named("addr"), Arg::uinteger(4096).named("length"),
      symbol_from_names("PROT_READ").named("prot"), symbol_from_names("MAP_PRIVATE|MAP_ANONYMOUS").named("flags"),
      Arg::fd(-1).named("fd"), Arg::hex(0).named("offset")}, 0x7f0000));
  EXPECT_EQ(map.kind, ActionKind::Map);
  EXPECT_EQ(map.target, "anonymous");
  const OwnedKey other = key(make_.call(1, "getrandom", kT0, {}, 8));
  EXPECT_EQ(other.kind, ActionKind::Other);
  EXPECT_EQ(other.target, "getrandom");
}

TEST_F(ClassifyTest, SignalAndExitRecords) {
  SyscallEvent sig;
  sig.type = EventType::Signal;
  sig.pid = sig.tid = 1;
  sig.signo = 17;
  EXPECT_EQ(key(sig).kind, ActionKind::Signal);
  EXPECT_EQ(key(sig).target, "received SIGCHLD");
  SyscallEvent killed = make_.exit_record(1, kT0, 0);
  killed.killed = true;
  killed.signo = 11;
  killed.core_dumped = true;
  EXPECT_EQ(key(killed).kind, ActionKind::Exit);
  EXPECT_EQ(key(killed).target, "killed by SIGSEGV (core dumped)");
}

}  // namespace
}  // namespace capsule::test
