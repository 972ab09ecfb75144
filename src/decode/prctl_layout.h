// Which of prctl's arguments strace 6.1 writes for an option, and how it writes the second.
// Declared once here: the native decoder leaves out what strace leaves out (arg_layout.h), and
// the strace parser names what strace printed by the same layout. Options strace does not treat
// apart show all five arguments, the last four as hex words.
#pragma once

#include <cstdint>

namespace capsule {

// What prctl's second argument is for an option.
enum class PrctlArg2 : uint8_t {
  Hex,         // an opaque word (0x…, 0 as a bare 0)
  Unsigned,    // a number (PR_SET_CHILD_SUBREAPER's 1)
  Signed,      // a signed number (PR_SET_TIMERSLACK's nanoseconds, PR_SET_PTRACER's pid)
  Name,        // the thread name to set, at most 15 bytes
  NameOut,     // the thread name the call wrote (PR_GET_NAME), at exit
  Signal,      // a signal number (PR_SET_PDEATHSIG)
  SignalOut,   // an int the call wrote holding a signal: [SIGTERM]
  UIntOut,     // an unsigned int the call wrote: [1]
  Dumpable,    // SUID_DUMP_DISABLE / SUID_DUMP_USER / SUID_DUMP_ROOT
  Capability,  // a capability's name (PR_CAPBSET_READ's CAP_SYS_ADMIN)
};

struct PrctlLayout {
  uint8_t shown = 0x1f;  // bit i: parameter i (the option is 0) is written
  PrctlArg2 arg2 = PrctlArg2::Hex;
};

// The option is a C int: only its low 32 bits count.
PrctlLayout prctl_layout(uint64_t option);

}  // namespace capsule
