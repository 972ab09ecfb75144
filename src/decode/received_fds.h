// The fds a recvmsg or recvmmsg received with SCM_RIGHTS, from its decoded control messages: new
// fds of the receiving process, which the tracer names at the call's exit and the enricher enters
// in the fd table (decode/cmsg.cpp). Empty for any other call, or a failed one.
#pragma once

#include <cstdint>
#include <vector>

#include "event/syscall_event.h"

namespace capsule {

std::vector<int64_t> received_fds(const SyscallEvent& ev);

}  // namespace capsule
