// Process table: fork/clone/threads, execve, chdir, and the context on every record.
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "decode/symbol_value.h"
#include "enrich/enricher.h"
#include "context_reader.h"
#include "event_builder.h"

namespace capsule {
namespace {

using nlohmann::json;
using test::EventBuilder;

class ProcessTracking : public ::testing::Test {
 protected:
  void SetUp() override { enricher.seed(test::sample_snapshot(100)); }
  // Processes ev and returns its enriched record, parsed.
  json run(SyscallEvent ev) {
    ev.seq = seq++;
    enricher.process(ev);
    last = ev;
    std::string out;
    enricher.append_enriched_json(ev, out);
    return reader.read(out);  // "ctx" rebuilt in full from ctx_id, as a reader does
  }
  std::vector<FdRef> refs_of_write(int32_t pid, int64_t fd) {
    run(EventBuilder(pid, "write").fd("fd", fd).ret(1));
    return last.fd_refs;
  }
  json ctx_of(int32_t pid) { return run(EventBuilder(pid, "getpid").ret(pid))["ctx"]; }

  Enricher enricher;
  test::ContextReader reader;
  SyscallEvent last;
  uint64_t seq = 0;
};

SyscallEvent open_file(int32_t pid, const std::string& path, int64_t fd, bool cloexec = false) {
  return EventBuilder(pid, "openat").sym("dirfd", "AT_FDCWD").str("pathname", path)
      .sym("flags", cloexec ? "O_RDONLY|O_CLOEXEC" : "O_RDONLY").ret_fd(fd);
}

TEST_F(ProcessTracking, ForkCopiesFdsAndCwdWithoutLeakingBack) {
  run(open_file(100, "/etc/hosts", 3));
  run(EventBuilder(100, "clone").sym("flags", "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD")
          .ret(200));
  EXPECT_EQ(refs_of_write(200, 3), (std::vector<FdRef>{{3, "/etc/hosts"}}));
  json child = ctx_of(200);
  EXPECT_EQ(child["cwd"], "/home/u");
  EXPECT_EQ(child["ppid"], 100);
  EXPECT_EQ(child["exe"], "/usr/bin/bash");

  // Changes in the child stay in the child.
  run(EventBuilder(200, "close").fd("fd", 3).ret(0));
  run(open_file(200, "/tmp/only-child", 4));
  run(EventBuilder(200, "chdir").str("path", "/tmp").ret(0));
  EXPECT_EQ(refs_of_write(100, 3), (std::vector<FdRef>{{3, "/etc/hosts"}}));
  EXPECT_TRUE(refs_of_write(100, 4).empty());
  EXPECT_EQ(ctx_of(100)["cwd"], "/home/u");
  EXPECT_EQ(ctx_of(200)["cwd"], "/tmp");
}

TEST_F(ProcessTracking, ForkWithoutFlags) {
  run(EventBuilder(100, "fork").ret(201));
  EXPECT_EQ(refs_of_write(201, 1), (std::vector<FdRef>{{1, "/dev/pts/0"}}));
  EXPECT_EQ(ctx_of(201)["uid"], 0);
}

TEST_F(ProcessTracking, CloneFilesAndFsShare) {
  run(EventBuilder(100, "clone").sym("flags", "CLONE_VM|CLONE_FS|CLONE_FILES|SIGCHLD").ret(300));
  run(open_file(300, "/shared", 7));
  run(EventBuilder(300, "chdir").str("path", "/var").ret(0));
  EXPECT_EQ(refs_of_write(100, 7), (std::vector<FdRef>{{7, "/shared"}}));
  EXPECT_EQ(ctx_of(100)["cwd"], "/var");
  // execve in the child gives it its own table: closing there no longer affects the parent.
  run(EventBuilder(300, "execve").str("pathname", "/bin/sh").arg(test::str_array("argv", {"sh"}))
          .ret(0));
  run(EventBuilder(300, "close").fd("fd", 7).ret(0));
  EXPECT_EQ(refs_of_write(100, 7), (std::vector<FdRef>{{7, "/shared"}}));
}

TEST_F(ProcessTracking, ThreadsShareTheProcess) {
  run(EventBuilder(100, "clone3").arg([] {
        Arg s;
        s.kind = ArgKind::Struct;
        s.name = "cl_args";
        s.items = {symbol_from_names("CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|"
                               "CLONE_SYSVSEM|CLONE_SETTLS|CLONE_PARENT_SETTID|"
                               "CLONE_CHILD_CLEARTID").named("flags")};
        return s;
      }()).num("size", 88).ret(101));
  // The thread's events carry pid 100 (the thread group) and tid 101.
  run(EventBuilder(100, "openat").tid(101).sym("dirfd", "AT_FDCWD").str("pathname", "t.txt")
          .sym("flags", "O_RDONLY").ret_fd(3));
  EXPECT_EQ(refs_of_write(100, 3), (std::vector<FdRef>{{3, "/home/u/t.txt"}}));
  // The thread's exit ends only the thread.
  run(test::exit_event(100, 101));
  EXPECT_EQ(refs_of_write(100, 3), (std::vector<FdRef>{{3, "/home/u/t.txt"}}));
  EXPECT_EQ(enricher.process_count(), 1u);
}

TEST_F(ProcessTracking, ExecveDropsCloexecFdsAndReplacesProgram) {
  run(open_file(100, "/keep", 3));
  run(open_file(100, "/drop", 4, /*cloexec=*/true));
  run(EventBuilder(100, "fcntl").fd("fd", 3).sym("cmd", "F_SETFD").sym("arg", "FD_CLOEXEC").ret(0));
  run(open_file(100, "/keep2", 6));
  json rec = run(EventBuilder(100, "execve").str("pathname", "./bin/tool")
                     .arg(test::str_array("argv", {"tool", "--x", "y"}))
                     .arg(test::str_array("envp", {"A=1"})).ret(0));
  EXPECT_EQ(rec["ctx"]["exe"], "/home/u/bin/tool");
  EXPECT_EQ(rec["ctx"]["argv"], json::array({"tool", "--x", "y"}));
  EXPECT_TRUE(refs_of_write(100, 3).empty());
  EXPECT_TRUE(refs_of_write(100, 4).empty());
  EXPECT_TRUE(refs_of_write(100, 5).empty());  // seeded with O_CLOEXEC
  EXPECT_EQ(refs_of_write(100, 6), (std::vector<FdRef>{{6, "/keep2"}}));
  EXPECT_EQ(refs_of_write(100, 0), (std::vector<FdRef>{{0, "/dev/pts/0"}}));
}

TEST_F(ProcessTracking, FailedExecveChangesNothing) {
  run(open_file(100, "/drop", 4, true));
  run(EventBuilder(100, "execve").str("pathname", "/nope").arg(test::str_array("argv", {"nope"}))
          .fail(2));
  EXPECT_EQ(ctx_of(100)["exe"], "/usr/bin/bash");
  EXPECT_EQ(refs_of_write(100, 4), (std::vector<FdRef>{{4, "/drop"}}));
}

TEST_F(ProcessTracking, ExecveatWithDirfd) {
  run(EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "/opt/app")
          .sym("flags", "O_RDONLY|O_DIRECTORY").ret_fd(3));
  json rec = run(EventBuilder(100, "execveat").fd("dirfd", 3).str("pathname", "run")
                     .arg(test::str_array("argv", {"run"})).arg(test::str_array("envp", {}))
                     .num("flags", 0).ret(0));
  EXPECT_EQ(rec["ctx"]["exe"], "/opt/app/run");
}

TEST_F(ProcessTracking, ChdirRelativeAbsoluteDotDot) {
  run(EventBuilder(100, "chdir").str("path", "src/./lib").ret(0));
  EXPECT_EQ(ctx_of(100)["cwd"], "/home/u/src/lib");
  run(EventBuilder(100, "chdir").str("path", "../../..").ret(0));
  EXPECT_EQ(ctx_of(100)["cwd"], "/home");
  run(EventBuilder(100, "chdir").str("path", "../../../..").ret(0));
  EXPECT_EQ(ctx_of(100)["cwd"], "/");
  run(EventBuilder(100, "chdir").str("path", "/var//log/").ret(0));
  EXPECT_EQ(ctx_of(100)["cwd"], "/var/log");
  run(EventBuilder(100, "chdir").str("path", "/nonexistent").fail(2));
  EXPECT_EQ(ctx_of(100)["cwd"], "/var/log");
  run(EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "/etc")
          .sym("flags", "O_RDONLY|O_DIRECTORY").ret_fd(3));
  json rec = run(EventBuilder(100, "fchdir").fd("fd", 3).ret(0));
  EXPECT_EQ(rec["ctx"]["cwd"], "/etc");
  EXPECT_EQ(rec["fds"][0]["kind"], "directory");
}

TEST_F(ProcessTracking, ShortLivedProcessHasContextOnAllItsRecords) {
  run(EventBuilder(100, "vfork").ret(400));
  std::vector<json> records;
  records.push_back(run(EventBuilder(400, "execve").str("pathname", "/usr/bin/id")
                            .arg(test::str_array("argv", {"id", "-u"})).ret(0)));
  records.push_back(run(EventBuilder(400, "brk").arg(Arg::null().named("addr")).ret(0x55000)));
  records.push_back(run(EventBuilder(400, "exit_group").num("status", 0)));
  records.push_back(run(test::exit_event(400, 400)));
  for (const json& r : records) {
    SCOPED_TRACE(r.dump());
    EXPECT_EQ(r["pid"], 400);
    EXPECT_EQ(r["ctx"]["exe"], "/usr/bin/id");
    EXPECT_EQ(r["ctx"]["argv"], json::array({"id", "-u"}));
    EXPECT_EQ(r["ctx"]["cwd"], "/home/u");
    EXPECT_EQ(r["ctx"]["uid"], 0);
    EXPECT_EQ(r["ctx"]["ppid"], 100);
  }
  // After the exit record the process is forgotten.
  run(EventBuilder(100, "wait4").num("pid", -1).ret(400));
  EXPECT_EQ(enricher.process_count(), 1u);
  EXPECT_EQ(enricher.proc_reads(), 1u);  // the seed only: no /proc read per process or event
}

// A live process blocked until the returned fd is closed (then reaped by reap()).
struct BlockedChild {
  pid_t pid = -1;
  int release_fd = -1;
  BlockedChild() {
    int p[2];
    if (::pipe(p) != 0) return;
    pid = ::fork();
    if (pid == 0) {
      ::close(p[1]);
      char c;
      [[maybe_unused]] ssize_t n = ::read(p[0], &c, 1);
      _exit(0);
    }
    ::close(p[0]);
    release_fd = p[1];
  }
  ~BlockedChild() {
    ::close(release_fd);
    if (pid > 0) ::waitpid(pid, nullptr, 0);
  }
};

// With lookup on (the live tracer meeting processes it was not told about), /proc is read once
// per such process: not per event, and never for a child whose fork was in the stream.
TEST(ProcReads, GrowWithProcessesNotEvents) {
  const BlockedChild first, second;
  ASSERT_GT(first.pid, 0);
  ASSERT_GT(second.pid, 0);
  Enricher enricher;
  enricher.set_proc_lookup(true);
  const int32_t self = ::getpid();
  const auto events_of = [&](int32_t pid, int n) {
    for (int i = 0; i < n; ++i) {
      SyscallEvent ev = EventBuilder(pid, "getpid").ret(pid);
      enricher.process(ev);
    }
  };
  events_of(self, 100);
  EXPECT_EQ(enricher.proc_reads(), 1u);
  events_of(first.pid, 100);
  events_of(self, 100);
  EXPECT_EQ(enricher.proc_reads(), 2u);
  // What was read is the live process: its parent is this test.
  ASSERT_NE(enricher.context_of(first.pid), nullptr);
  EXPECT_EQ(enricher.context_of(first.pid)->ppid, self);

  // A fork seen in the stream: the child's context is the parent's copy, no read.
  SyscallEvent fork = EventBuilder(self, "clone").sym("flags", "SIGCHLD").ret(second.pid);
  enricher.process(fork);
  events_of(second.pid, 100);
  EXPECT_EQ(enricher.proc_reads(), 2u);
  EXPECT_EQ(enricher.context_of(second.pid)->ppid, self);

  // 2 reads for 401 events; one more process, one more read.
  const BlockedChild third;
  ASSERT_GT(third.pid, 0);
  events_of(third.pid, 3);
  EXPECT_EQ(enricher.proc_reads(), 3u);
  EXPECT_EQ(enricher.process_count(), 4u);
}

TEST_F(ProcessTracking, ChildEventsBeforeTheParentsCloneAreReplayed) {
  run(open_file(100, "/etc/hosts", 3));
  // The child's first calls complete before the parent's clone returns: they come first.
  run(EventBuilder(600, "dup2").fd("oldfd", 3).fd("newfd", 1).ret_fd(1));
  run(EventBuilder(600, "chdir").str("path", "sub").ret(0));
  run(EventBuilder(100, "clone").sym("flags", "CLONE_CHILD_SETTID|SIGCHLD").ret(600));
  EXPECT_EQ(refs_of_write(600, 1), (std::vector<FdRef>{{1, "/etc/hosts"}}));
  EXPECT_EQ(ctx_of(600)["cwd"], "/home/u/sub");
  EXPECT_EQ(ctx_of(600)["exe"], "/usr/bin/bash");
  EXPECT_EQ(refs_of_write(100, 1), (std::vector<FdRef>{{1, "/dev/pts/0"}}));
}

TEST_F(ProcessTracking, UnknownProcessHasNoGuessedContext) {
  json rec = run(EventBuilder(999, "getpid").ret(999));
  EXPECT_EQ(rec["ctx"], json::object());
  EXPECT_EQ(enricher.proc_reads(), 1u);
}

TEST_F(ProcessTracking, EnrichedRecordKeys) {
  json rec = run(open_file(100, "/proc/self/status", 3));
  EXPECT_EQ(rec["seq"], 0);
  EXPECT_EQ(rec["pid"], 100);
  EXPECT_EQ(rec["tid"], 100);
  EXPECT_EQ(rec["syscall"], "openat");
  EXPECT_EQ(rec["ret"], 3);
  EXPECT_FALSE(rec.contains("errno"));
  EXPECT_EQ(rec["ctx"]["groups"], json::array({0}));
  EXPECT_EQ(rec["ctx"]["caps"]["effective"].size(), 41u);
  EXPECT_EQ(rec["ctx"]["caps"]["effective"][21], "CAP_SYS_ADMIN");
  EXPECT_EQ(rec["ctx"]["ns"], json::parse(
      R"({"mnt":4026531841,"pid":4026531836,"net":4026531840,"user":4026531837})"));
  EXPECT_EQ(rec["fds"], json::parse(R"([{"fd":3,"kind":"procfs","path":"/proc/self/status"}])"));
  EXPECT_EQ(rec["resources"], json::parse(R"([{"fd":3,"class":"procfs"},
                                             {"path":"/proc/self/status","class":"procfs"}])"));
  EXPECT_FALSE(rec.contains("privilege"));

  json sock = run(EventBuilder(100, "socket").sym("domain", "AF_INET6").sym("type", "SOCK_DGRAM")
                      .num("protocol", 0).ret_fd(4));
  EXPECT_EQ(sock["fds"], json::parse(R"([{"fd":4,"kind":"socket","ref":"UDPv6:[]","proto":"UDPv6"}])"));
  json failed = run(EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "/dev/shm/x")
                        .sym("flags", "O_RDONLY").fail(2));
  EXPECT_EQ(failed["errno"], "ENOENT");
  EXPECT_EQ(failed["ret"], -1);
  EXPECT_EQ(failed["resources"], json::parse(R"([{"path":"/dev/shm/x","class":"shm"}])"));
}

TEST_F(ProcessTracking, NotesSurviveSeqNumberedAfterEnrichment) {
  SyscallEvent ev = open_file(100, "/etc/hosts", 3);
  enricher.process(ev);
  ev.seq = 77;  // the pipeline may number events after enriching them
  std::string out;
  enricher.append_enriched_json(ev, out);
  json rec = json::parse(out);
  EXPECT_EQ(rec["seq"], 77);
  EXPECT_EQ(rec["fds"], json::parse(R"([{"fd":3,"kind":"file","path":"/etc/hosts"}])"));
}

}  // namespace
}  // namespace capsule
