// The syscall table (decode/syscall_table.def) against libseccomp's lists, and its facts against
// each other: every view a stage derives from it must agree with the others.
#include <seccomp.h>

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "decode/flag_tables.h"
#include "decode/names.h"
#include "decode/signatures.h"
#include "decode/symbol_value.h"

namespace capsule {
namespace {

constexpr int kMaxNr = 1024;

std::set<std::string> libseccomp_names(uint32_t arch) {
  std::set<std::string> out;
  for (int nr = 0; nr < kMaxNr; ++nr) {
    char* name = seccomp_syscall_resolve_num_arch(arch, nr);
    if (name == nullptr) continue;
    out.insert(name);
    free(name);  // NOLINT: libseccomp hands out malloc'ed names
  }
  return out;
}

TEST(SyscallTable, EveryKnownSyscallHasExactlyOneRow) {
  std::map<std::string_view, int> rows;
  for (const SyscallSignature& row : all_signatures()) ++rows[row.name];
  for (const auto& [name, n] : rows) EXPECT_EQ(n, 1) << name;
  for (const uint32_t arch : {uint32_t{SCMP_ARCH_X86_64}, uint32_t{SCMP_ARCH_X86}}) {
    const uint32_t audit = arch == SCMP_ARCH_X86 ? kArchI386 : kArchX86_64;
    for (const std::string& name : libseccomp_names(arch)) {
      const SyscallSignature* row = find_syscall(name);
      if (row == nullptr) continue;  // not described yet: shown as six raw words
      // The number index finds the same row (or the i386 row of the same name).
      const int nr = syscall_number(audit, name);
      ASSERT_GE(nr, 0) << name;
      const SyscallSignature* by_nr = find_syscall(audit, nr);
      ASSERT_NE(by_nr, nullptr) << name;
      EXPECT_EQ(by_nr->name, name);
      EXPECT_EQ(by_nr->decoded, row->decoded) << name;
      EXPECT_EQ(by_nr->facts.effect, row->facts.effect) << name;
      EXPECT_EQ(by_nr->facts.action.kind, row->facts.action.kind) << name;
    }
  }
}

TEST(SyscallTable, UndecodedRowsAreNotSignatures) {
  const SyscallSignature* row = find_syscall("process_madvise");
  ASSERT_NE(row, nullptr);
  EXPECT_FALSE(row->decoded);
  EXPECT_EQ(find_signature("process_madvise"), nullptr);
  EXPECT_EQ(row->facts.classes, kClassMemory);
}

bool sets_identity(Effect e) {
  switch (e) {
    case Effect::SetUid: case Effect::SetReUid: case Effect::SetResUid: case Effect::SetFsUid:
    case Effect::SetGid: case Effect::SetReGid: case Effect::SetResGid: case Effect::SetFsGid:
    case Effect::SetGroups: case Effect::Capset:
      return true;
    default:
      return false;
  }
}

// Facts that follow from one another must be declared consistently, or a stage that reads one
// of them (the enricher, the aggregator, the detector, --trace) would disagree with another.
TEST(SyscallTable, TheFactsOfARowAgree) {
  for (const SyscallSignature& row : all_signatures()) {
    const SyscallFacts& f = row.facts;
    SCOPED_TRACE(std::string(row.name));
    EXPECT_EQ(f.effect == Effect::Fork, f.action.kind == ActionKind::Spawn);
    EXPECT_EQ(f.effect == Effect::Exec, f.action.kind == ActionKind::Exec);
    EXPECT_EQ(f.effect == Effect::Exec, f.access == PathAccess::Exec);
    EXPECT_EQ(f.identity, sets_identity(f.effect) || f.effect == Effect::Exec);
    if (sets_identity(f.effect)) {
      EXPECT_EQ(f.action.kind, ActionKind::Privilege);
      EXPECT_NE(f.classes & kClassCreds, 0);
    }
    if (f.action.kind == ActionKind::Privilege) {
      EXPECT_TRUE(sets_identity(f.effect));
    }
    if (f.effect == Effect::Open) {
      EXPECT_EQ(f.action.kind, ActionKind::Open);
    }
    if (f.access == PathAccess::ByOpenFlags) {
      EXPECT_EQ(f.effect, Effect::Open);
    }
    if (f.creates) {
      EXPECT_NE(f.access, PathAccess::None);
    }
    for (const ActionKind k : {ActionKind::Connect, ActionKind::Bind, ActionKind::Listen, ActionKind::Accept,
                               ActionKind::Send, ActionKind::Receive}) {
      if (f.action.kind == k) {
        EXPECT_NE(f.classes & kClassNetwork, 0);
      }
    }
    if (f.action.kind == ActionKind::Spawn || f.action.kind == ActionKind::Exec) {
      EXPECT_NE(f.classes & kClassProcess, 0);
    }
    if (f.action.kind == ActionKind::Map || f.action.kind == ActionKind::Unmap) {
      EXPECT_NE(f.classes & kClassMemory, 0);
    }
    // Argument positions name parameters that exist.
    for (const int8_t pos : {f.action.a, f.action.b, f.action.c, f.action.d, f.cloexec.arg}) {
      if (row.decoded && pos >= 0) {
        EXPECT_LT(pos, row.nargs);
      }
    }
    // A memfd's and a message queue's names come from the call's name argument.
    if (f.effect == Effect::AnonFd && row.name != "memfd_create" && row.name != "mq_open") {
      EXPECT_FALSE(f.anon_ref.empty());
    }
    if (f.fd_output_array) {
      EXPECT_TRUE(f.effect == Effect::Pipe || f.effect == Effect::SocketPair || f.effect == Effect::ReceiveFds);
    }
  }
}

TEST(SyscallTable, TheI386TwinsAreInTheTable) {
  for (std::string_view name : {"setuid32", "setresgid32", "setfsuid32", "setgroups32", "getresuid32"}) {
    const SyscallSignature* row = find_syscall(name);
    ASSERT_NE(row, nullptr) << name;
    EXPECT_TRUE(row->decoded) << name;
  }
  EXPECT_TRUE(find_syscall("setfsuid32")->facts.identity);
  EXPECT_EQ(find_syscall("setfsgid32")->facts.action.kind, ActionKind::Privilege);
}

// Every constant name stands for one value, whichever table it is in: the strace parser's reverse
// lookup (symbol_value) does not know which table a name came from.
TEST(SymbolValue, EveryNameHasOneValue) {
  std::map<std::string_view, uint64_t> seen;
  for (const FlagTable& table : tables::all_flag_tables()) {
    for (const FlagName& f : table) {
      const auto [it, fresh] = seen.emplace(f.name, f.value);
      if (!fresh) {
        EXPECT_EQ(it->second, f.value) << f.name;
      }
    }
  }
}

TEST(SymbolValue, NamesNumbersShiftsAndSignals) {
  EXPECT_EQ(symbol_value("O_WRONLY|O_CREAT|O_TRUNC"), 01101u);
  EXPECT_EQ(symbol_value("O_RDONLY|0x40000000"), 0x40000000u);
  EXPECT_EQ(symbol_value("1<<CAP_CHOWN|1<<CAP_KILL"), (1u << 0) | (1u << 5));
  EXPECT_EQ(symbol_value("CLONE_VM|SIGCHLD"), 0x100u | 17u);
  EXPECT_EQ(symbol_value("CHLD"), 17u);
  EXPECT_EQ(symbol_value("FUTEX_WAIT_PRIVATE"), 128u);
  EXPECT_EQ(static_cast<int64_t>(symbol_value("AT_FDCWD")), -100);
  EXPECT_EQ(symbol_value("S_IFREG|0644"), 0100644u);
  EXPECT_EQ(symbol_value("NO_SUCH_NAME|O_CLOEXEC"), 02000000u);
  EXPECT_EQ(symbol_from_names("GRND_NONBLOCK").num, 1);
}

}  // namespace
}  // namespace capsule
