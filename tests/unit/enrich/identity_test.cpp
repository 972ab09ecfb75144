// Identity rules (set*id, setgroups, capset) and the privilege-change marks on the events.
#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include "enrich/enricher.h"
#include "enrich/identity.h"
#include "context_reader.h"
#include "event_builder.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

using nlohmann::json;
using test::EventBuilder;

constexpr uint64_t kEveryCapability = 0x1ffffffffffull;

Credentials ids(uint32_t r, uint32_t e, uint32_t s, uint64_t caps) {
  Credentials c;
  c.uid = r; c.euid = e; c.suid = s; c.fsuid = e;
  c.cap_eff = c.cap_prm = caps;
  c.cap_bnd = kEveryCapability;
  return c;
}

TEST(IdentityRules, SetuidByRootChangesAllThreeAndDropsCapabilities) {
  Credentials c = ids(0, 0, 0, kEveryCapability);
  apply_setuid(c, 65534);
  EXPECT_EQ(c.uid, 65534u);
  EXPECT_EQ(c.euid, 65534u);
  EXPECT_EQ(c.suid, 65534u);
  EXPECT_EQ(c.fsuid, 65534u);
  EXPECT_EQ(c.cap_eff, 0u);
  EXPECT_EQ(c.cap_prm, 0u);
  EXPECT_EQ(c.cap_bnd, kEveryCapability);
}

TEST(IdentityRules, SetuidUnprivilegedChangesOnlyEffective) {
  Credentials c = ids(1000, 0, 1000, 0);  // euid 0 but no CAP_SETUID in effective
  c.cap_prm = kEveryCapability;
  apply_setuid(c, 1000);
  EXPECT_EQ(c.uid, 1000u);
  EXPECT_EQ(c.euid, 1000u);
  EXPECT_EQ(c.suid, 1000u);
  EXPECT_EQ(c.fsuid, 1000u);
  Credentials d = ids(1000, 1000, 0, 0);  // saved-set-user-ID root, regaining euid 0
  d.cap_prm = kEveryCapability;
  apply_setuid(d, 0);
  EXPECT_EQ(d.uid, 1000u);
  EXPECT_EQ(d.euid, 0u);
  EXPECT_EQ(d.suid, 0u);
  EXPECT_EQ(d.cap_eff, kEveryCapability);  // euid 0 again: effective = permitted
}

TEST(IdentityRules, KeepCapsKeepsPermittedAcrossTheDrop) {
  Credentials c = ids(0, 0, 0, kEveryCapability);
  c.securebits = kSecbitKeepCaps;
  apply_setresuid(c, 65534, 65534, 65534);
  EXPECT_EQ(c.cap_eff, 0u);
  EXPECT_EQ(c.cap_prm, kEveryCapability);
  apply_exec_capabilities(c);  // execve clears KEEP_CAPS; a non-root exec keeps nothing known
  EXPECT_EQ(c.securebits, 0u);
  EXPECT_FALSE(c.cap_prm.has_value());
}

TEST(IdentityRules, ExecByRootGetsTheBoundingSet) {
  Credentials c = ids(0, 0, 0, 0x3000);
  apply_exec_capabilities(c);
  EXPECT_EQ(c.cap_prm, kEveryCapability);
  EXPECT_EQ(c.cap_eff, kEveryCapability);
  Credentials n = ids(1000, 1000, 1000, 0);
  apply_exec_capabilities(n);
  EXPECT_EQ(n.cap_prm, 0u);
  EXPECT_EQ(n.cap_eff, 0u);
}

TEST(IdentityRules, SetresuidTemporaryDropKeepsPermitted) {
  Credentials c = ids(0, 0, 0, kEveryCapability);
  apply_setresuid(c, kUnchangedId, 1000, kUnchangedId);
  EXPECT_EQ(c.uid, 0u);
  EXPECT_EQ(c.euid, 1000u);
  EXPECT_EQ(c.suid, 0u);
  EXPECT_EQ(c.fsuid, 1000u);
  EXPECT_EQ(c.cap_eff, 0u);        // euid left 0
  EXPECT_EQ(c.cap_prm, kEveryCapability);  // but uid/suid still 0: permitted kept
  apply_setresuid(c, kUnchangedId, 0, kUnchangedId);
  EXPECT_EQ(c.cap_eff, kEveryCapability);
}

TEST(IdentityRules, SetreuidSetsSavedWhenRealChanges) {
  Credentials c = ids(1000, 1000, 1000, 0);
  apply_setreuid(c, 2000, kUnchangedId);
  EXPECT_EQ(c.uid, 2000u);
  EXPECT_EQ(c.euid, 1000u);
  EXPECT_EQ(c.suid, 1000u);  // suid = new euid
  Credentials d = ids(1000, 1000, 5, 0);
  apply_setreuid(d, kUnchangedId, 1000);  // euid == old ruid: suid untouched
  EXPECT_EQ(d.suid, 5u);
  apply_setreuid(d, kUnchangedId, 5);     // euid != old ruid: suid follows
  EXPECT_EQ(d.suid, 5u);
  EXPECT_EQ(d.euid, 5u);
}

TEST(IdentityRules, SetfsuidFollowsTheKernelRule) {
  Credentials c = ids(1000, 1000, 1000, 0);
  apply_setfsuid(c, 0);  // not allowed: not one of the ids, no CAP_SETUID
  EXPECT_EQ(c.fsuid, 1000u);
  Credentials r = ids(0, 0, 0, kEveryCapability);
  apply_setfsuid(r, 1000);
  EXPECT_EQ(r.fsuid, 1000u);
  EXPECT_EQ(r.cap_eff, kEveryCapability & ~0x10800001full);  // CAP_FS_MASK (bits 0-4, 27, 32) dropped
}

TEST(IdentityRules, UnknownOldValuesGiveUnknownResults) {
  Credentials c;  // nothing known
  apply_setuid(c, 0);
  EXPECT_EQ(c.euid, 0u);
  EXPECT_FALSE(c.uid.has_value());
  EXPECT_FALSE(c.suid.has_value());
}

TEST(IdentityRules, SetgidFamily) {
  Credentials c = ids(0, 0, 0, kEveryCapability);
  c.gid = c.egid = c.sgid = c.fsgid = 0;
  apply_setgid(c, 100);
  EXPECT_EQ(c.gid, 100u);
  EXPECT_EQ(c.egid, 100u);
  EXPECT_EQ(c.sgid, 100u);
  apply_setresgid(c, 1, 2, 3);
  EXPECT_EQ(c.gid, 1u);
  EXPECT_EQ(c.egid, 2u);
  EXPECT_EQ(c.sgid, 3u);
  EXPECT_EQ(c.fsgid, 2u);
}

TEST(IdentityRules, CapabilityNames) {
  EXPECT_EQ(capability_name(0), "CAP_CHOWN");
  EXPECT_EQ(capability_name(21), "CAP_SYS_ADMIN");
  EXPECT_EQ(capability_name(40), "CAP_CHECKPOINT_RESTORE");
  EXPECT_EQ(capability_name(50), "CAP_50");
  EXPECT_EQ(capability_bit("CAP_NET_RAW"), 13);
}

class PrivilegeMarks : public ::testing::Test {
 protected:
  void SetUp() override { enricher.seed(test::sample_snapshot(100)); }
  json run(SyscallEvent ev) {
    ev.seq = seq++;
    enricher.process(ev);
    std::string out;
    enricher.append_enriched_json(ev, out);
    return reader.read(out);  // "ctx" rebuilt in full from ctx_id, as a reader does
  }
  Enricher enricher;
  test::ContextReader reader;
  uint64_t seq = 0;
};

TEST_F(PrivilegeMarks, SetresuidIsMarkedBeforeAndAfter) {
  json rec = run(EventBuilder(100, "setresuid").num("ruid", 1000).num("euid", 1000)
                     .num("suid", -1).ret(0));
  ASSERT_TRUE(rec.contains("privilege")) << rec.dump();
  ASSERT_EQ(rec["privilege"].size(), 2u) << rec.dump();
  EXPECT_EQ(rec["privilege"][0], json::parse(R"({"what":"uid",
      "before":{"uid":0,"euid":0,"suid":0,"fsuid":0},
      "after":{"uid":1000,"euid":1000,"suid":0,"fsuid":1000}})"));
  EXPECT_EQ(rec["privilege"][1]["what"], "caps");
  EXPECT_EQ(rec["privilege"][1]["after"]["effective"], json::array());
  EXPECT_EQ(rec["privilege"][1]["after"]["permitted"].size(), 41u);  // suid 0 keeps them
  EXPECT_EQ(rec["ctx"]["uid"], 1000);
  EXPECT_EQ(rec["ctx"]["suid"], 0);

  // No change, no mark; a failed call, no change.
  json same = run(EventBuilder(100, "setresuid").num("ruid", -1).num("euid", -1).num("suid", -1).ret(0));
  EXPECT_FALSE(same.contains("privilege"));
  json denied = run(EventBuilder(100, "setuid").num("uid", 5).fail(1));
  EXPECT_FALSE(denied.contains("privilege"));
  EXPECT_EQ(denied["ctx"]["euid"], 1000);
}

TEST_F(PrivilegeMarks, SetuidByRootToNobody) {
  json rec = run(EventBuilder(100, "setuid").num("uid", 65534).ret(0));
  EXPECT_EQ(rec["ctx"]["uid"], 65534);
  EXPECT_EQ(rec["ctx"]["euid"], 65534);
  EXPECT_EQ(rec["ctx"]["suid"], 65534);
  EXPECT_EQ(rec["ctx"]["caps"]["effective"], json::array());
  EXPECT_EQ(rec["ctx"]["caps"]["permitted"], json::array());
  ASSERT_EQ(rec["privilege"].size(), 2u);
  EXPECT_EQ(rec["privilege"][0]["after"], json::parse(R"({"uid":65534,"euid":65534,"suid":65534,"fsuid":65534})"));
}

TEST_F(PrivilegeMarks, PrctlKeepcapsIsHonoured) {
  run(EventBuilder(100, "prctl").sym("option", "PR_SET_KEEPCAPS").arg(Arg::hex(1).named("arg2"))
          .ret(0));
  json rec = run(EventBuilder(100, "setresuid").num("ruid", 65534).num("euid", 65534)
                     .num("suid", 65534).ret(0));
  EXPECT_EQ(rec["ctx"]["caps"]["effective"], json::array());
  EXPECT_EQ(rec["ctx"]["caps"]["permitted"].size(), 41u);
}

TEST_F(PrivilegeMarks, SetgroupsAndCapset) {
  Arg list;
  list.kind = ArgKind::Array;
  list.name = "list";
  list.items = {Arg::integer(4), Arg::integer(27)};
  json g = run(EventBuilder(100, "setgroups").num("size", 2).arg(list).ret(0));
  EXPECT_EQ(g["privilege"], json::parse(R"([{"what":"groups","before":[0],"after":[4,27]}])"));

  Arg data;
  data.kind = ArgKind::Struct;
  data.name = "datap";
  data.items = {symbol_from_names("1<<CAP_NET_BIND_SERVICE|1<<CAP_NET_RAW").named("effective"),
                symbol_from_names("1<<CAP_NET_BIND_SERVICE|1<<CAP_NET_RAW").named("permitted"),
                symbol_from_names("0").named("inheritable")};
  json c = run(EventBuilder(100, "capset").arg(Arg::hex(0x1000).named("hdrp")).arg(data).ret(0));
  ASSERT_EQ(c["privilege"].size(), 1u);
  EXPECT_EQ(c["privilege"][0]["what"], "caps");
  EXPECT_EQ(c["privilege"][0]["after"]["effective"],
            json::array({"CAP_NET_BIND_SERVICE", "CAP_NET_RAW"}));
  EXPECT_EQ(c["ctx"]["caps"]["permitted"], json::array({"CAP_NET_BIND_SERVICE", "CAP_NET_RAW"}));
}

TEST_F(PrivilegeMarks, NamespaceEntry) {
  json u = run(EventBuilder(100, "unshare").sym("flags", "CLONE_NEWNET|CLONE_NEWNS").ret(0));
  ASSERT_EQ(u["privilege"].size(), 1u);
  EXPECT_EQ(u["privilege"][0], json::parse(R"({"what":"ns",
      "before":{"mnt":4026531841,"net":4026531840},"after":{"mnt":null,"net":null}})"));
  // The mnt and net ids known before are no longer true: only pid and user remain.
  EXPECT_EQ(u["ctx"]["ns"], (json{{"pid", 4026531836u}, {"user", 4026531837u}}));

  // setns on a namespace fd whose ref names the inode.
  SyscallEvent open = EventBuilder(100, "openat").sym("dirfd", "AT_FDCWD")
                          .str("pathname", "/proc/1/ns/net").sym("flags", "O_RDONLY").ret_fd(3);
  open.fd_refs = {{3, "net:[4026531999]"}};
  run(open);
  json s = run(EventBuilder(100, "setns").fd("fd", 3).num("nstype", 0).ret(0));
  EXPECT_EQ(s["privilege"][0]["after"], json::parse(R"({"net":4026531999})"));
  EXPECT_EQ(s["ctx"]["ns"]["net"], 4026531999u);

  json c = run(EventBuilder(100, "clone").sym("flags", "CLONE_NEWUSER|CLONE_NEWPID|SIGCHLD").ret(500));
  ASSERT_GE(c["privilege"].size(), 1u);
  EXPECT_EQ(c["privilege"][0], json::parse(R"({"what":"ns",
      "before":{"pid":4026531836,"user":4026531837},"after":{"pid":null,"user":null}})"));
  EXPECT_EQ(c["ctx"]["ns"]["net"], 4026531999u);  // the parent did not move
  json child = run(EventBuilder(500, "getpid").ret(1));
  EXPECT_FALSE(child["ctx"].contains("caps"));
  EXPECT_FALSE(child["ctx"]["ns"].contains("pid"));
  EXPECT_FALSE(child["ctx"]["ns"].contains("user"));
}

}  // namespace
}  // namespace capsule
