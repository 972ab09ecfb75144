#include "trace/signal_info.h"

#include <cstring>

#include "decode/siginfo.h"

namespace capsule {

// The fields a backend read, put back into a siginfo_t, so that one decoder (decode/siginfo)
// names the code and picks the fields for every backend.
Arg signal_info_arg(const SignalInfo& si) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  info.si_signo = si.signo;
  info.si_code = si.code;
  static_assert(sizeof info._sifields >= sizeof si.fields);
  std::memcpy(&info._sifields, si.fields, sizeof si.fields);
  return siginfo_arg(info);
}

}  // namespace capsule
