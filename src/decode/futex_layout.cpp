#include "decode/futex_layout.h"

#include <linux/futex.h>

#include "decode/arg_layout.h"

namespace capsule {
namespace {

// Parameter positions in the table's futex row: uaddr, futex_op, val, timeout, uaddr2, val3.
constexpr uint8_t kHead = param_bit(0) | param_bit(1);  // uaddr and the operation: always shown

}  // namespace

FutexLayout futex_layout(uint64_t op) {
  using S = FutexSlot;
  using V = FutexVal3Kind;
  switch (static_cast<int>(op & FUTEX_CMD_MASK)) {
    case FUTEX_WAIT: return {kHead | param_bit(2) | param_bit(3), S::Timeout, V::Hex};
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2: return {kHead | param_bit(3), S::Timeout, V::Hex};
    case FUTEX_WAIT_BITSET: return {kHead | param_bit(2) | param_bit(3) | param_bit(5), S::Timeout, V::Bitset};
    case FUTEX_WAKE_BITSET: return {kHead | param_bit(2) | param_bit(5), S::Timeout, V::Bitset};
    case FUTEX_REQUEUE: return {kHead | param_bit(2) | param_bit(3) | param_bit(4), S::Val2, V::Hex};
    case FUTEX_CMP_REQUEUE:
    case FUTEX_CMP_REQUEUE_PI: return {0x3f, S::Val2, V::Number};
    case FUTEX_WAKE_OP: return {0x3f, S::Val2, V::WakeOp};
    case FUTEX_WAIT_REQUEUE_PI: return {kHead | param_bit(2) | param_bit(3) | param_bit(4), S::Timeout, V::Hex};
    case FUTEX_FD:
    case FUTEX_WAKE: return {kHead | param_bit(2), S::Timeout, V::Hex};
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI: return {kHead, S::Timeout, V::Hex};
    default: return {};
  }
}

}  // namespace capsule
