// What the kernel side captures of each syscall's memory, derived from the syscall table (each
// argument's ArgType in signatures.h) when capsule starts: the decoders then find in the captured
// bytes exactly what they would have read from the live process. An argument whose type has no
// capture here is recorded as its pointer (the eBPF record's known gap, docs/BACKENDS.md).
#pragma once

#include <vector>

#include "decode/signatures.h"
#include "trace/ebpf/bpf/records.h"

namespace capsule {

// How one argument of this type is captured; kind CAPSULE_CAP_NONE when it is not.
struct ArgCapture {
  capsule_capture kind = CAPSULE_CAP_NONE;
  uint16_t size = 0;           // CAPSULE_CAP_FIXED: bytes
  bool success_only = false;   // the call fills it: nothing to capture when it failed
};
ArgCapture capture_for(ArgType type);

// The plan of one syscall (all zero for one the table does not decode).
capsule_plan plan_for(const SyscallSignature& sig);

// The plans of every x86_64 syscall number below CAPSULE_MAX_NR, indexed by number.
std::vector<capsule_plan> x86_64_capture_plans();

}  // namespace capsule
