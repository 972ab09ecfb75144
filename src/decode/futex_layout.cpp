#include "decode/futex_layout.h"

#include <linux/futex.h>


namespace capsule {
namespace {

// Parameter positions in the table's futex row: uaddr, futex_op, val, timeout, uaddr2, val3.
constexpr uint8_t bit(int i) { return static_cast<uint8_t>(1u << i); }
constexpr uint8_t kHead = bit(0) | bit(1);  // uaddr and the operation: always shown

}  // namespace

FutexLayout futex_layout(uint64_t op) {
  using S = FutexSlot;
  using V = FutexVal3Kind;
  switch (static_cast<int>(op & FUTEX_CMD_MASK)) {
    case FUTEX_WAIT: return {kHead | bit(2) | bit(3), S::Timeout, V::Hex};
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2: return {kHead | bit(3), S::Timeout, V::Hex};
    case FUTEX_WAIT_BITSET: return {kHead | bit(2) | bit(3) | bit(5), S::Timeout, V::Bitset};
    case FUTEX_WAKE_BITSET: return {kHead | bit(2) | bit(5), S::Timeout, V::Bitset};
    case FUTEX_REQUEUE: return {kHead | bit(2) | bit(3) | bit(4), S::Val2, V::Hex};
    case FUTEX_CMP_REQUEUE:
    case FUTEX_CMP_REQUEUE_PI: return {0x3f, S::Val2, V::Number};
    case FUTEX_WAKE_OP: return {0x3f, S::Val2, V::Hex};
    case FUTEX_WAIT_REQUEUE_PI: return {kHead | bit(2) | bit(3) | bit(4), S::Timeout, V::Hex};
    case FUTEX_FD:
    case FUTEX_WAKE: return {kHead | bit(2), S::Timeout, V::Hex};
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI: return {kHead, S::Timeout, V::Hex};
    default: return {};
  }
}

}  // namespace capsule
