#include "policy/bpf_eval.h"

#include <linux/filter.h>
#include <linux/seccomp.h>

#include <cstring>

namespace capsule {
namespace {

constexpr uint32_t kInvalid = SECCOMP_RET_KILL_PROCESS;

// A filter's action without its data, signed as the kernel compares them (kill-process lowest).
int32_t action_rank(uint32_t ret) { return static_cast<int32_t>(ret & SECCOMP_RET_ACTION_FULL); }

uint32_t alu(uint16_t op, uint32_t a, uint32_t operand, bool& ok) {
  switch (op) {
    case BPF_ADD: return a + operand;
    case BPF_SUB: return a - operand;
    case BPF_MUL: return a * operand;
    case BPF_DIV: if (operand == 0) { ok = false; return 0; } return a / operand;
    case BPF_MOD: if (operand == 0) { ok = false; return 0; } return a % operand;
    case BPF_OR: return a | operand;
    case BPF_AND: return a & operand;
    case BPF_XOR: return a ^ operand;
    case BPF_LSH: return operand < 32 ? a << operand : 0;
    case BPF_RSH: return operand < 32 ? a >> operand : 0;
    case BPF_NEG: return 0U - a;
    default: ok = false; return 0;
  }
}

}  // namespace

uint32_t evaluate_filter(std::span<const uint64_t> insns, const SeccompData& data) {
  unsigned char bytes[sizeof(SeccompData)];
  static_assert(sizeof(SeccompData) == sizeof(seccomp_data));
  std::memcpy(bytes, &data, sizeof bytes);
  uint32_t a = 0, x = 0;
  uint32_t mem[BPF_MEMWORDS] = {};
  size_t pc = 0;
  while (pc < insns.size()) {
    sock_filter f;
    std::memcpy(&f, &insns[pc], sizeof f);
    ++pc;
    const uint16_t cls = BPF_CLASS(f.code);
    bool ok = true;
    switch (cls) {
      case BPF_LD:
      case BPF_LDX: {
        uint32_t v = 0;
        const uint16_t mode = BPF_MODE(f.code);
        if (mode == BPF_ABS && cls == BPF_LD && BPF_SIZE(f.code) == BPF_W) {
          if (f.k % 4 != 0 || f.k + 4 > sizeof bytes) return kInvalid;
          std::memcpy(&v, bytes + f.k, 4);
        } else if (mode == BPF_IMM) {
          v = f.k;
        } else if (mode == BPF_MEM) {
          if (f.k >= BPF_MEMWORDS) return kInvalid;
          v = mem[f.k];
        } else if (mode == BPF_LEN) {
          v = sizeof bytes;
        } else {
          return kInvalid;
        }
        (cls == BPF_LD ? a : x) = v;
        break;
      }
      case BPF_ST:
      case BPF_STX:
        if (f.k >= BPF_MEMWORDS) return kInvalid;
        mem[f.k] = cls == BPF_ST ? a : x;
        break;
      case BPF_ALU:
        a = alu(BPF_OP(f.code), a, BPF_SRC(f.code) == BPF_X ? x : f.k, ok);
        if (!ok) return kInvalid;
        break;
      case BPF_JMP: {
        if (BPF_OP(f.code) == BPF_JA) {
          pc += f.k;
          break;
        }
        const uint32_t operand = BPF_SRC(f.code) == BPF_X ? x : f.k;
        bool taken = false;
        switch (BPF_OP(f.code)) {
          case BPF_JEQ: taken = a == operand; break;
          case BPF_JGT: taken = a > operand; break;
          case BPF_JGE: taken = a >= operand; break;
          case BPF_JSET: taken = (a & operand) != 0; break;
          default: return kInvalid;
        }
        pc += taken ? f.jt : f.jf;
        break;
      }
      case BPF_RET:
        return BPF_RVAL(f.code) == BPF_A ? a : f.k;
      case BPF_MISC:
        if (BPF_MISCOP(f.code) == BPF_TAX) x = a;
        else a = x;
        break;
      default:
        return kInvalid;
    }
  }
  return kInvalid;  // fell off the end
}

uint32_t stricter_action(uint32_t a, uint32_t b) { return action_rank(b) < action_rank(a) ? b : a; }

bool action_kills(uint32_t action) {
  const uint32_t a = action & SECCOMP_RET_ACTION_FULL;
  return a == SECCOMP_RET_KILL_PROCESS || a == SECCOMP_RET_KILL_THREAD;
}

bool action_refuses(uint32_t action) {
  switch (action & SECCOMP_RET_ACTION_FULL) {
    case SECCOMP_RET_KILL_PROCESS:
    case SECCOMP_RET_KILL_THREAD:
    case SECCOMP_RET_TRAP:
    case SECCOMP_RET_ERRNO:
      return true;
    default:
      return false;
  }
}

uint32_t PolicyVerdicts::action(uint32_t arch, int32_t nr, const uint64_t (&args)[6]) const {
  SeccompData d;
  d.nr = nr;
  d.arch = arch;
  std::memcpy(d.args, args, sizeof d.args);
  uint32_t result = SECCOMP_RET_ALLOW;
  for (const BpfProgram& p : filters_) result = stricter_action(result, evaluate_filter(p.insns, d));
  return result;
}

}  // namespace capsule
