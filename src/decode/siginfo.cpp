#include "decode/siginfo.h"

#include <linux/audit.h>

#include <cstdint>

#include "decode/decode_context.h"
#include "decode/flag_tables.h"
#include "decode/names.h"

#define FLAG(x) FlagName{static_cast<uint64_t>(x), #x}
#define NAMED(v, n) FlagName{static_cast<uint64_t>(v), n}

namespace capsule {
namespace tables {
namespace {

// si_code's names. The generic codes are looked up first, whatever the signal; negative codes
// (sent by a process) are kept as their 64-bit two's complement, as Symbol::num holds them.
constexpr FlagName kSiCodesData[] = {
    FLAG(SI_USER), FLAG(SI_KERNEL), FLAG(SI_QUEUE), FLAG(SI_TIMER), FLAG(SI_MESGQ),
    FLAG(SI_ASYNCIO), FLAG(SI_SIGIO), FLAG(SI_TKILL), NAMED(-7, "SI_DETHREAD"),
    FLAG(SI_ASYNCNL), NAMED(32767, "SI_NOINFO"),
};
constexpr FlagName kSigchldCodesData[] = {
    FLAG(CLD_EXITED), FLAG(CLD_KILLED), FLAG(CLD_DUMPED), FLAG(CLD_TRAPPED), FLAG(CLD_STOPPED),
    FLAG(CLD_CONTINUED),
};
constexpr FlagName kSigsegvCodesData[] = {
    FLAG(SEGV_MAPERR), FLAG(SEGV_ACCERR), FLAG(SEGV_BNDERR), FLAG(SEGV_PKUERR),
    NAMED(5, "SEGV_ACCADI"), NAMED(6, "SEGV_ADIDERR"), NAMED(7, "SEGV_ADIPERR"),
    NAMED(8, "SEGV_MTEAERR"), NAMED(9, "SEGV_MTESERR"), NAMED(10, "SEGV_CPERR"),
};
constexpr FlagName kSigbusCodesData[] = {
    FLAG(BUS_ADRALN), FLAG(BUS_ADRERR), FLAG(BUS_OBJERR), FLAG(BUS_MCEERR_AR), FLAG(BUS_MCEERR_AO),
};
constexpr FlagName kSigillCodesData[] = {
    FLAG(ILL_ILLOPC), FLAG(ILL_ILLOPN), FLAG(ILL_ILLADR), FLAG(ILL_ILLTRP), FLAG(ILL_PRVOPC),
    FLAG(ILL_PRVREG), FLAG(ILL_COPROC), FLAG(ILL_BADSTK),
};
constexpr FlagName kSigfpeCodesData[] = {
    FLAG(FPE_INTDIV), FLAG(FPE_INTOVF), FLAG(FPE_FLTDIV), FLAG(FPE_FLTOVF), FLAG(FPE_FLTUND),
    FLAG(FPE_FLTRES), FLAG(FPE_FLTINV), FLAG(FPE_FLTSUB), NAMED(14, "FPE_FLTUNK"),
    NAMED(15, "FPE_CONDTRAP"),
};
constexpr FlagName kSigtrapCodesData[] = {
    FLAG(TRAP_BRKPT), FLAG(TRAP_TRACE), NAMED(3, "TRAP_BRANCH"), NAMED(4, "TRAP_HWBKPT"),
    NAMED(5, "TRAP_UNK"), NAMED(6, "TRAP_PERF"),
};
constexpr FlagName kSigpollCodesData[] = {
    FLAG(POLL_IN), FLAG(POLL_OUT), FLAG(POLL_MSG), FLAG(POLL_ERR), FLAG(POLL_PRI), FLAG(POLL_HUP),
};
constexpr FlagName kSigsysCodesData[] = {NAMED(1, "SYS_SECCOMP"), NAMED(2, "SYS_USER_DISPATCH")};
constexpr FlagName kAuditArchesData[] = {FLAG(AUDIT_ARCH_X86_64), FLAG(AUDIT_ARCH_I386)};

}  // namespace

constinit const FlagTable kSiCodes{kSiCodesData};
constinit const FlagTable kSigchldCodes{kSigchldCodesData};
constinit const FlagTable kSigsegvCodes{kSigsegvCodesData};
constinit const FlagTable kSigbusCodes{kSigbusCodesData};
constinit const FlagTable kSigillCodes{kSigillCodesData};
constinit const FlagTable kSigfpeCodes{kSigfpeCodesData};
constinit const FlagTable kSigtrapCodes{kSigtrapCodesData};
constinit const FlagTable kSigpollCodes{kSigpollCodesData};
constinit const FlagTable kSigsysCodes{kSigsysCodesData};
constinit const FlagTable kAuditArches{kAuditArchesData};

}  // namespace tables

namespace {

// The signal's own code table (strace's si_codes[]); empty for signals without one.
FlagTable signal_codes(int sig) {
  switch (sig) {
    case SIGCHLD: return tables::kSigchldCodes;
    case SIGSEGV: return tables::kSigsegvCodes;
    case SIGBUS: return tables::kSigbusCodes;
    case SIGILL: return tables::kSigillCodes;
    case SIGFPE: return tables::kSigfpeCodes;
    case SIGTRAP: return tables::kSigtrapCodes;
    case SIGIO: return tables::kSigpollCodes;
    case SIGSYS: return tables::kSigsysCodes;
    default: return {};
  }
}

Arg code_arg(int code, int sig) {
  const auto bits = static_cast<uint64_t>(int64_t{code});
  const FlagName* name = find_constant(tables::kSiCodes, bits);
  if (name == nullptr) name = find_constant(signal_codes(sig), bits);
  if (name == nullptr) return Arg::hex(static_cast<uint32_t>(code));  // strace: "%#x"
  return Arg::symbol(std::string(name->name), bits);
}

Arg signal_arg(int sig) {
  return Arg::symbol(std::string(signal_name(sig)), static_cast<uint64_t>(sig));
}

Arg address_arg(const void* p) { return pointer_arg(reinterpret_cast<uintptr_t>(p)); }

void add_source(const siginfo_t& si, std::vector<Arg>& f) {
  f.push_back(Arg::integer(si.si_pid).named("si_pid"));
  f.push_back(Arg::integer(si.si_uid).named("si_uid"));
}

void add_value(const siginfo_t& si, std::vector<Arg>& f) {
  f.push_back(Arg::integer(si.si_int).named("si_int"));
  f.push_back(address_arg(si.si_ptr).named("si_ptr"));
}

void add_band_and_fd(const siginfo_t& si, std::vector<Arg>& f) {
  f.push_back(Arg::integer(si.si_band).named("si_band"));
  f.push_back(Arg::fd(si.si_fd).named("si_fd"));
}

// Sent by a process (si_code <= 0): who, and what it sent.
void add_user_fields(const siginfo_t& si, std::vector<Arg>& f) {
  switch (si.si_code) {
    case SI_USER:
    case SI_TKILL:
      add_source(si, f);
      return;
    case SI_TIMER:
      f.push_back(Arg::hex(static_cast<uint32_t>(si.si_timerid)).named("si_timerid"));
      f.push_back(Arg::integer(si.si_overrun).named("si_overrun"));
      add_value(si, f);
      return;
    case SI_SIGIO:
      add_band_and_fd(si, f);
      return;
    default:
      add_source(si, f);
      if (si.si_ptr != nullptr) add_value(si, f);
      return;
  }
}

// Sent by the kernel: the fields of the signal's own kind.
void add_kernel_fields(const siginfo_t& si, std::vector<Arg>& f) {
  switch (si.si_signo) {
    case SIGCHLD:
      add_source(si, f);
      f.push_back((si.si_code == CLD_EXITED ? Arg::integer(si.si_status) : signal_arg(si.si_status))
                      .named("si_status"));
      f.push_back(Arg::integer(si.si_utime).named("si_utime"));
      f.push_back(Arg::integer(si.si_stime).named("si_stime"));
      return;
    case SIGILL:
    case SIGFPE:
    case SIGTRAP:
      f.push_back(address_arg(si.si_addr).named("si_addr"));
      return;
    case SIGBUS:
      f.push_back(address_arg(si.si_addr).named("si_addr"));
      if (si.si_code == BUS_MCEERR_AR || si.si_code == BUS_MCEERR_AO)
        f.push_back(Arg::hex(static_cast<uint16_t>(si.si_addr_lsb)).named("si_addr_lsb"));
      return;
    case SIGSEGV:
      f.push_back(address_arg(si.si_addr).named("si_addr"));
      if (si.si_code == SEGV_BNDERR) {
        f.push_back(address_arg(si.si_lower).named("si_lower"));
        f.push_back(address_arg(si.si_upper).named("si_upper"));
      } else if (si.si_code == SEGV_PKUERR) {
        f.push_back(Arg::integer(si.si_pkey).named("si_pkey"));
      }
      return;
    case SIGIO:
      if (si.si_code >= POLL_IN && si.si_code <= POLL_HUP) add_band_and_fd(si, f);
      return;
    case SIGSYS: {
      f.push_back(address_arg(si.si_call_addr).named("si_call_addr"));
      std::string call = "__NR_";
      call.append(syscall_name(si.si_arch, si.si_syscall));
      f.push_back(Arg::symbol(std::move(call), static_cast<uint32_t>(si.si_syscall)).named("si_syscall"));
      const FlagName* arch = find_constant(tables::kAuditArches, si.si_arch);
      f.push_back((arch != nullptr ? Arg::symbol(std::string(arch->name), si.si_arch) : Arg::hex(si.si_arch))
                      .named("si_arch"));
      return;
    }
    default:
      if (si.si_pid != 0 || si.si_uid != 0) add_source(si, f);
      if (si.si_ptr != nullptr) add_value(si, f);
      return;
  }
}

}  // namespace

Arg siginfo_arg(const siginfo_t& si) {
  Arg info;
  info.kind = ArgKind::Struct;
  info.name = "siginfo";
  if (si.si_signo == 0) return info;  // strace: "{}"
  std::vector<Arg>& f = info.items;
  f.push_back(signal_arg(si.si_signo).named("si_signo"));
  f.push_back(code_arg(si.si_code, si.si_signo).named("si_code"));
  if (si.si_code == 32767) return info;  // SI_NOINFO: nothing else is filled
  if (si.si_errno != 0) {
    f.push_back(Arg::symbol(std::string(errno_name(si.si_errno)), static_cast<uint32_t>(si.si_errno))
                    .named("si_errno"));
  }
  if (si.si_code <= 0) add_user_fields(si, f);
  else add_kernel_fields(si, f);
  return info;
}

}  // namespace capsule
