// Which of futex's arguments an operation uses, and what its fourth and sixth registers hold, as
// strace 6.1 shows them (FUTEX_WAKE: uaddr, op, val; FUTEX_WAIT_BITSET: uaddr, op, val, timeout,
// val3). Declared once here: the native decoder leaves out the others, the strace parser names
// what strace printed by the same layout (arg_layout.h).
#pragma once

#include <cstdint>

namespace capsule {

// What futex's fourth register (its `timeout` parameter) holds for an operation.
enum class FutexSlot : uint8_t {
  Timeout,  // a struct timespec pointer (the wait and lock operations)
  Val2,     // a count (the requeue and wake-op operations)
  Address,  // an unknown operation: the raw word
};

// What futex's sixth register (`val3`) holds.
enum class FutexVal3Kind : uint8_t {
  Bitset,  // FUTEX_BITSET_MATCH_ANY or a hex mask (the bitset operations)
  Number,  // an unsigned count (FUTEX_CMP_REQUEUE…)
  Hex,     // the raw word (unknown operations)
  WakeOp,  // FUTEX_WAKE_OP's encoded operation, FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1
};

struct FutexLayout {
  uint8_t shown = 0x3f;  // bit i: parameter i is written
  FutexSlot slot = FutexSlot::Address;
  FutexVal3Kind val3 = FutexVal3Kind::Hex;
};

FutexLayout futex_layout(uint64_t op);

}  // namespace capsule
