// Which of keyctl's arguments strace 6.1 writes for a command, and what each is. Declared once
// here: the native decoder leaves out what strace leaves out (arg_layout.h), and the strace parser
// names what strace printed by the same layout. Commands strace does not treat apart show four hex
// words.
#pragma once

#include <array>
#include <cstdint>

namespace capsule {

enum class KeyctlArg : uint8_t {
  Hex,     // an opaque word
  Serial,  // a key or keyring id: KEY_SPEC_PROCESS_KEYRING… or its number
  Int,     // a signed number (KEYCTL_GET_KEYRING_ID's create flag)
  UInt,    // an unsigned number (a length, a timeout)
  Str,     // a NUL-terminated string (a key type, a description)
  StrN,    // bytes, their length in the next argument (a payload)
  ReadOut, // bytes the call wrote, as many as it returned and the next argument allows
  Perm,    // key permissions: KEY_POS_VIEW|KEY_USR_READ…
  Uid,     // a uid or gid, -1 for "unchanged"
};

struct KeyctlLayout {
  uint8_t shown = 0x1f;  // bit i: parameter i (the command is 0) is written
  std::array<KeyctlArg, 5> args{KeyctlArg::Hex, KeyctlArg::Hex, KeyctlArg::Hex, KeyctlArg::Hex,
                                KeyctlArg::Hex};  // [0], the command, unused
};

// The command is a C int: only its low 32 bits count.
KeyctlLayout keyctl_layout(uint64_t cmd);

}  // namespace capsule
