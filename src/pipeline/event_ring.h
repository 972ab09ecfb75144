// A bounded single-producer/single-consumer queue of events between the tracer thread and the
// pipeline thread.
//
// Full → the producer waits (and with it the traced program): events are never dropped. The slots
// are swapped, not copied, so the tracer gets back an event whose strings and vectors still hold
// their capacity and steady-state tracing allocates nothing.
//
// The producer is the tracer, whose every syscall delays the traced program, so it does not wake
// the consumer per event: the consumer sleeps in short timed waits (which bound the latency) and
// is woken early only when the queue is half full.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <new>
#include <utility>
#include <vector>

#include "event/syscall_event.h"

namespace capsule {

class EventRing {
 public:
  explicit EventRing(size_t capacity_pow2 = 4096) : slots_(capacity_pow2), mask_(capacity_pow2 - 1) {}

  // Producer: moves ev into the queue, leaving a recycled event in ev. Blocks while full.
  void push(SyscallEvent& ev) {
    const size_t head = head_.load(std::memory_order_relaxed);
    if (head - tail_.load(std::memory_order_acquire) > mask_) wait_for_space(head);
    std::swap(slots_[head & mask_], ev);
    head_.store(head + 1, std::memory_order_release);
    if (head - tail_.load(std::memory_order_relaxed) == (mask_ + 1) / 2 &&
        consumer_sleeping_.load(std::memory_order_seq_cst)) {
      std::lock_guard lk(mu_);
      cv_.notify_all();
    }
  }

  // Producer: no more events will come.
  void close() {
    closed_.store(true, std::memory_order_release);
    std::lock_guard lk(mu_);
    cv_.notify_all();
  }

  // Consumer: how many events are ready; waits up to `timeout` when there are none.
  size_t wait_available(std::chrono::milliseconds timeout) {
    size_t n = available();
    if (n > 0 || closed()) return n;
    std::unique_lock lk(mu_);
    consumer_sleeping_.store(true, std::memory_order_seq_cst);
    n = available();
    if (n == 0 && !closed()) cv_.wait_for(lk, timeout);
    consumer_sleeping_.store(false, std::memory_order_relaxed);
    return available();
  }

  size_t available() const {
    return head_.load(std::memory_order_acquire) - tail_.load(std::memory_order_relaxed);
  }
  // Consumer: the i-th ready event (0 = oldest).
  SyscallEvent& at(size_t i) { return slots_[(tail_.load(std::memory_order_relaxed) + i) & mask_]; }
  // Consumer: the n oldest events are done with.
  void release(size_t n) {
    // seq_cst, as the producer's flag and its re-check of tail_ in wait_for_space: with a release
    // store here, both sides could miss the other (store buffering) and the producer slept its
    // whole timeout with room in the queue.
    tail_.store(tail_.load(std::memory_order_relaxed) + n, std::memory_order_seq_cst);
    if (producer_waiting_.load(std::memory_order_seq_cst)) {
      std::lock_guard lk(mu_);
      cv_.notify_all();
    }
  }
  bool closed() const { return closed_.load(std::memory_order_acquire); }

 private:
  void wait_for_space(size_t head) {
    // A short spin first: the consumer is usually mid-batch on the other core.
    for (int i = 0; i < 200; ++i) {
      if (head - tail_.load(std::memory_order_acquire) <= mask_) return;
    }
    std::unique_lock lk(mu_);
    producer_waiting_.store(true, std::memory_order_seq_cst);
    while (head - tail_.load(std::memory_order_seq_cst) > mask_) {
      cv_.wait_for(lk, std::chrono::milliseconds(5));
    }
    producer_waiting_.store(false, std::memory_order_relaxed);
  }

  std::vector<SyscallEvent> slots_;
  const size_t mask_;
  alignas(64) std::atomic<size_t> head_{0};
  alignas(64) std::atomic<size_t> tail_{0};
  alignas(64) std::atomic<bool> consumer_sleeping_{false};
  std::atomic<bool> producer_waiting_{false};
  std::atomic<bool> closed_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace capsule
