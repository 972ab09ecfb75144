// Where a backend hands its finished events. The pipeline's implementation is a bounded queue that
// blocks when full: the tracer then stops resuming the tracee, which is the backpressure that
// guarantees nothing is dropped.
#pragma once

#include "event/syscall_event.h"

namespace capsule {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Takes the event's contents. May leave `ev` holding a recycled event (cleared or not) whose
  // buffers the caller can reuse, so that steady-state tracing allocates nothing.
  virtual void emit(SyscallEvent& ev) = 0;
  // True once the consumer cannot record any more (the log disk is full…): the backend must stop
  // the traced program rather than let it run unrecorded.
  virtual bool failed() const = 0;
};

}  // namespace capsule
