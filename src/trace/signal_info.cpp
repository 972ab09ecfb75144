#include "trace/signal_info.h"

#include <csignal>
#include <utility>

namespace capsule {

Arg signal_info_arg(const SignalInfo& si) {
  Arg info;
  info.kind = ArgKind::Struct;
  info.items.push_back(Arg::integer(si.signo).named("si_signo"));
  info.items.push_back(Arg::integer(si.code).named("si_code"));
  if (si.code <= 0 || si.signo == SIGCHLD) {  // sent by a process: who
    info.items.push_back(Arg::integer(si.pid).named("si_pid"));
    info.items.push_back(Arg::integer(si.uid).named("si_uid"));
  }
  if (si.signo == SIGCHLD) info.items.push_back(Arg::integer(si.status).named("si_status"));
  info.name = "siginfo";
  return info;
}

}  // namespace capsule
