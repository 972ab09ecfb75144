// enriched.jsonl's compact context: the full context once per ctx_id, the inline identity and
// the id on every record, and a reader's rebuild giving what every record used to carry in full.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <set>

#include "enrich/enricher.h"
#include "enrich/identity.h"
#include "context_reader.h"
#include "event_builder.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

using nlohmann::json;
using test::EventBuilder;

// The context as records carried it in full before ctx_id (each key only when known), built
// from the public accessors rather than from the writer under test.
json old_form_context(const Enricher& enricher, int32_t pid) {
  json ctx = json::object();
  const ProcessContext* c = enricher.context_of(pid);
  if (c == nullptr) return ctx;
  if (c->exe) ctx["exe"] = *c->exe;
  if (!enricher.cwd_of(pid).empty()) ctx["cwd"] = std::string(enricher.cwd_of(pid));
  if (c->argv) ctx["argv"] = *c->argv;
  if (c->ppid) ctx["ppid"] = *c->ppid;
  const Credentials& id = c->cred;
  const std::pair<const char*, const std::optional<uint32_t>*> ids[] = {
      {"uid", &id.uid}, {"euid", &id.euid}, {"suid", &id.suid}, {"fsuid", &id.fsuid},
      {"gid", &id.gid}, {"egid", &id.egid}, {"sgid", &id.sgid}, {"fsgid", &id.fsgid}};
  for (const auto& [key, value] : ids) {
    if (*value) ctx[key] = **value;
  }
  if (id.groups) ctx["groups"] = *id.groups;
  const auto names = [](uint64_t mask) {
    json list = json::array();
    for (unsigned bit = 0; bit < 64; ++bit) {
      if (((mask >> bit) & 1u) != 0) list.push_back(capability_name(bit));
    }
    return list;
  };
  if (id.cap_eff || id.cap_prm || id.cap_bnd) {
    json caps = json::object();
    if (id.cap_eff) caps["effective"] = names(*id.cap_eff);
    if (id.cap_prm) caps["permitted"] = names(*id.cap_prm);
    if (id.cap_bnd) caps["bounding"] = names(*id.cap_bnd);
    ctx["caps"] = caps;
  }
  json ns = json::object();
  for (size_t k = 0; k < kNsKindCount; ++k) {
    if (c->ns[k]) ns[std::string(ns_kind_name(static_cast<NsKind>(k)))] = *c->ns[k];
  }
  if (!ns.empty()) ctx["ns"] = ns;
  if (c->cgroup) ctx["cgroup"] = *c->cgroup;
  if (c->container_id) ctx["container_id"] = *c->container_id;
  return ctx;
}

class CompactContext : public ::testing::Test {
 protected:
  void SetUp() override {
    ProcessSnapshot snap = test::sample_snapshot(100);
    snap.cgroup = "/system.slice/docker-0123456789abcdef.scope";
    snap.container_id = "0123456789ab";
    enricher.seed(snap);
  }
  // The record of ev as written (reader.read() also rebuilds its full context, kept in `full`).
  json run(SyscallEvent ev) {
    ev.seq = seq++;
    ev.ts_us = 1'790'000'000'000'000 + static_cast<int64_t>(ev.seq) * 10;
    enricher.process(ev);
    std::string out;
    enricher.append_enriched_json(ev, out);
    full = reader.read(out);
    return reader.raw();
  }

  Enricher enricher;
  test::ContextReader reader;
  json full;
  uint64_t seq = 0;
};

SyscallEvent write_to(int32_t pid, int64_t fd) {
  return EventBuilder(pid, "write").fd("fd", fd).ret(1);
}

TEST_F(CompactContext, FirstRecordDefinesLaterRecordsReferTo) {
  json first = run(write_to(100, 1));
  ASSERT_TRUE(first.contains("ctx_id")) << first.dump();
  ASSERT_TRUE(first.contains("ctx_full")) << first.dump();
  EXPECT_EQ(first["ctx"], json::parse(
      R"({"exe":"/usr/bin/bash","cwd":"/home/u","ppid":1,"uid":0,"euid":0})"));
  EXPECT_EQ(first["ctx_full"]["argv"], json::array({"bash", "-c", "true"}));
  EXPECT_EQ(first["ctx_full"]["caps"]["bounding"].size(), 41u);
  EXPECT_EQ(first["ctx_full"]["container_id"], "0123456789ab");
  EXPECT_FALSE(first["ctx_full"].contains("cwd"));  // per record: chdir keeps the id

  json second = run(write_to(100, 1));
  EXPECT_EQ(second["ctx_id"], first["ctx_id"]);
  EXPECT_FALSE(second.contains("ctx_full")) << second.dump();
  EXPECT_EQ(second["ctx"], first["ctx"]);
  EXPECT_LT(second.dump().size(), 400u);
}

TEST_F(CompactContext, SetuidMakesANewContextDefinedOnTheCausingRecord) {
  const json before = run(write_to(100, 1));
  json setuid = run(EventBuilder(100, "setuid").num("uid", 65534).ret(0));
  ASSERT_TRUE(setuid.contains("ctx_full")) << setuid.dump();
  EXPECT_GT(setuid["ctx_id"], before["ctx_id"]);
  EXPECT_EQ(setuid["ctx"]["uid"], 65534);
  EXPECT_EQ(setuid["ctx_full"]["suid"], 65534);
  EXPECT_EQ(setuid["ctx_full"]["caps"]["effective"], json::array());
  ASSERT_TRUE(setuid.contains("privilege"));  // the mark stays on the causing record
  EXPECT_EQ(setuid["privilege"][0]["what"], "uid");

  json after = run(write_to(100, 1));
  EXPECT_EQ(after["ctx_id"], setuid["ctx_id"]);
  EXPECT_FALSE(after.contains("ctx_full"));
}

TEST_F(CompactContext, CallsThatChangeNothingShownKeepTheId) {
  const json first = run(write_to(100, 1));
  const json failed = run(EventBuilder(100, "setuid").num("uid", 5).fail(1));
  const json same = run(EventBuilder(100, "setresuid").num("ruid", -1).num("euid", -1)
                            .num("suid", -1).ret(0));
  const json keepcaps = run(EventBuilder(100, "prctl").sym("option", "PR_SET_KEEPCAPS")
                                .arg(Arg::hex(1).named("arg2")).ret(0));
  const json chdir = run(EventBuilder(100, "chdir").str("path", "/tmp").ret(0));
  for (const json& r : {failed, same, keepcaps, chdir}) {
    SCOPED_TRACE(r.dump());
    EXPECT_EQ(r["ctx_id"], first["ctx_id"]);
    EXPECT_FALSE(r.contains("ctx_full"));
  }
  EXPECT_EQ(chdir["ctx"]["cwd"], "/tmp");  // the cwd is inline, and current
}

TEST_F(CompactContext, ForkedChildDefinesItsOwnContextOnItsFirstRecord) {
  const json parent = run(write_to(100, 1));
  const json clone = run(EventBuilder(100, "clone").sym("flags", "SIGCHLD").ret(200));
  EXPECT_EQ(clone["ctx_id"], parent["ctx_id"]);
  EXPECT_FALSE(clone.contains("ctx_full"));

  json child = run(write_to(200, 1));
  ASSERT_TRUE(child.contains("ctx_full")) << child.dump();
  EXPECT_NE(child["ctx_id"], parent["ctx_id"]);
  EXPECT_EQ(child["ctx"]["ppid"], 100);
  EXPECT_EQ(child["ctx_full"]["argv"], json::array({"bash", "-c", "true"}));
  EXPECT_FALSE(run(write_to(200, 1)).contains("ctx_full"));
  EXPECT_FALSE(run(write_to(100, 1)).contains("ctx_full"));
}

TEST_F(CompactContext, ExitedPidReusedGetsANewContext) {
  run(EventBuilder(100, "fork").ret(300));
  const json old_child = run(write_to(300, 1));
  run(test::exit_event(300, 300));
  run(EventBuilder(100, "wait4").num("pid", -1).ret(300));
  run(EventBuilder(100, "fork").ret(300));
  const json new_child = run(write_to(300, 1));
  EXPECT_TRUE(new_child.contains("ctx_full"));
  EXPECT_NE(new_child["ctx_id"], old_child["ctx_id"]);
}

TEST_F(CompactContext, UnknownProcessHasNoId) {
  json rec = run(EventBuilder(999, "getpid").ret(999));
  EXPECT_EQ(rec["ctx"], json::object());
  EXPECT_FALSE(rec.contains("ctx_id"));
  EXPECT_FALSE(rec.contains("ctx_full"));
}

TEST_F(CompactContext, RecordWithoutItsNotesRedefinesTheContext) {
  const json first = run(write_to(100, 1));
  run(write_to(100, 1));
  // Not the event processed last: whether its id was shown is unknown, so it is defined again
  // (with the same id and the same text: a reader's map is unchanged).
  SyscallEvent other = write_to(100, 2);
  std::string out;
  enricher.append_enriched_json(other, out);
  json rec = json::parse(out);
  EXPECT_EQ(rec["ctx_id"], first["ctx_id"]);
  EXPECT_EQ(rec["ctx_full"], first["ctx_full"]);
}

TEST_F(CompactContext, RecordOfAnUnprocessedEventStillCarriesTheWholeContext) {
  run(EventBuilder(100, "fork").ret(400));
  SyscallEvent never_processed = write_to(400, 1);  // the child's entry was never rendered
  std::string out;
  enricher.append_enriched_json(never_processed, out);
  json rec = reader.read(out);
  EXPECT_FALSE(reader.raw().contains("ctx_id"));
  EXPECT_EQ(rec["ctx"], old_form_context(enricher, 400));
  EXPECT_EQ(rec["ctx"]["ppid"], 100);
}

// Every record of a small run touching every kind of context change: the context a reader
// rebuilds from ctx_id equals the full context records used to carry; each id is defined
// exactly once, on its first record, and ids appear in increasing order.
TEST_F(CompactContext, RebuildingByIdGivesTheOldFullContextOnEveryRecord) {
  Arg caps;
  caps.kind = ArgKind::Struct;
  caps.name = "datap";
  caps.items = {symbol_from_names("1<<CAP_NET_RAW").named("effective"),
                symbol_from_names("1<<CAP_NET_RAW").named("permitted"),
                symbol_from_names("0").named("inheritable")};
  Arg groups;
  groups.kind = ArgKind::Array;
  groups.name = "list";
  groups.items = {Arg::integer(4), Arg::integer(27)};
  SyscallEvent open_ns = EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD")
                             .str("pathname", "/proc/1/ns/net").sym("flags", "O_RDONLY").ret_fd(3);
  open_ns.fd_refs = {{3, "net:[4026531999]"}};

  const std::vector<SyscallEvent> events = {
      write_to(100, 1),
      EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD").str("pathname", "a.txt")
          .sym("flags", "O_RDONLY").ret_fd(4),
      EventBuilder(100, "clone").sym("flags", "CLONE_VM|CLONE_FS|SIGCHLD").ret(200),
      EventBuilder(200, "chdir").str("path", "/srv").ret(0),  // moves 100's cwd too (CLONE_FS)
      write_to(100, 1),
      EventBuilder(200, "execve").str("pathname", "/usr/bin/id")
          .arg(test::str_array("argv", {"id", "-u"})).ret(0),
      EventBuilder(200, "setgroups").num("size", 2).arg(groups).ret(0),
      EventBuilder(200, "setresgid").num("rgid", 50).num("egid", 50).num("sgid", 50).ret(0),
      EventBuilder(200, "capset").arg(Arg::hex(0x1000).named("hdrp")).arg(caps).ret(0),
      EventBuilder(200, "setuid").num("uid", 1000).ret(0),
      write_to(200, 1),
      EventBuilder(777, "getpid").ret(777),  // never announced: nothing known
      open_ns,
      EventBuilder(100, "setns").fd("fd", 3).num("nstype", 0).ret(0),
      EventBuilder(100, "unshare").sym("flags", "CLONE_NEWUTS").ret(0),
      EventBuilder(100, "clone").sym("flags", "CLONE_NEWUSER|SIGCHLD").ret(201),
      write_to(201, 1),
      EventBuilder(200, "exit_group").num("status", 0),
      test::exit_event(200, 200),
      write_to(100, 1),
  };
  std::set<uint64_t> defined;
  uint64_t highest = 0;
  for (const SyscallEvent& ev : events) {
    const json rec = run(ev);
    SCOPED_TRACE(rec.dump());
    EXPECT_EQ(full["ctx"], old_form_context(enricher, ev.pid));
    if (!rec.contains("ctx_id")) continue;
    const auto id = rec["ctx_id"].get<uint64_t>();
    if (rec.contains("ctx_full")) {
      EXPECT_TRUE(defined.insert(id).second) << "defined twice";
      EXPECT_GT(id, highest) << "ids count up in order of first appearance";
      highest = id;
    } else {
      EXPECT_TRUE(defined.contains(id)) << "used before its definition";
    }
  }
  EXPECT_GE(defined.size(), 8u);  // seed, child, exec, setgroups, setresgid, capset, setuid, …
}

TEST(ContextAccessor, ShowsTheCurrentContextOfAPid) {
  Enricher enricher;
  enricher.seed(test::sample_snapshot(100));
  EXPECT_EQ(enricher.context_of(5), nullptr);
  SyscallEvent exec = EventBuilder(100, "execve").str("pathname", "/usr/bin/ping")
                          .arg(test::str_array("argv", {"ping", "-c1", "h"})).ret(0);
  enricher.process(exec);
  SyscallEvent setuid = EventBuilder(100, "setuid").num("uid", 65534).ret(0);
  enricher.process(setuid);
  const ProcessContext* c = enricher.context_of(100);
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->exe, "/usr/bin/ping");
  EXPECT_EQ(c->argv, (std::vector<std::string>{"ping", "-c1", "h"}));
  EXPECT_EQ(c->ppid, 1);
  EXPECT_EQ(c->cred.uid, 65534u);
  EXPECT_EQ(c->cred.euid, 65534u);
  EXPECT_EQ(c->cred.cap_eff, 0u);
  EXPECT_EQ(c->ns[static_cast<size_t>(NsKind::Net)], 4026531840u);
  EXPECT_EQ(enricher.exe_of(100), "/usr/bin/ping");
  EXPECT_EQ(enricher.cwd_of(100), "/home/u");
}

}  // namespace
}  // namespace capsule
