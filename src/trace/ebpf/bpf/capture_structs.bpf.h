/* Captures of memory reached through the argument, not only at it: iovec arrays and their
 * buffers, a msghdr with its name and iovecs, and arrays larger than one segment (a directory
 * listing, epoll events, clone_args). Included once, by capsule.bpf.c, after emit_segment.
 * The functions are global (__noinline): the verifier checks each once, however many of the six
 * argument slots of capture() call it. */

struct iov_walk {
  __u32 tid;
  __u32 pad;
  __u64 addr;
  __u64 remaining; /* bytes the call filled still to place (~0: all of each buffer) */
};

static long iov_element(__u32 i, void *ctx) {
  struct iov_walk *w = ctx;
  __u64 iov[2] = {};
  if (bpf_probe_read_user(iov, sizeof(iov), (const void *)(w->addr + i * 16ULL)) != 0) return 1;
  __u64 n = iov[1] < w->remaining ? iov[1] : w->remaining;
  w->remaining -= n;
  if (n > 0) emit_segment(w->tid, iov[0], buffer_limit(n), 0);
  return 0;
}

/* The array (at most CAPSULE_MAX_IOV entries) in one segment, then each buffer. */
__noinline int emit_iovecs(__u32 tid, __u64 addr, __u64 count, __u64 filled) {
  if (addr == 0 || count == 0) return 0;
  if (count > CAPSULE_MAX_IOV) count = CAPSULE_MAX_IOV;
  emit_segment(tid, addr, (__u32)count * 16, 0);
  struct iov_walk w = {.tid = tid, .addr = addr, .remaining = filled};
  bpf_loop((__u32)count, iov_element, &w, 0);
  return 0;
}

/* x86_64's struct msghdr: name, namelen (+pad), iov, iovlen, control, controllen, flags (+pad). */
#define MSGHDR_SIZE 56

__noinline int emit_msghdr(__u32 tid, __u64 addr, __u64 filled) {
  __u64 m[7] = {};
  if (addr == 0 || bpf_probe_read_user(m, sizeof(m), (const void *)addr) != 0) return 0;
  emit_segment(tid, addr, MSGHDR_SIZE, 0);
  __u32 namelen = (__u32)m[1];
  if (m[0] != 0 && namelen > 0) {
    emit_segment(tid, m[0], namelen < CAPSULE_MAX_SOCKADDR ? namelen : CAPSULE_MAX_SOCKADDR, 0);
  }
  emit_iovecs(tid, m[2], m[3], filled);
  /* The control messages (SCM_RIGHTS' fds, credentials), as long as msg_controllen says. */
  if (m[4] != 0 && m[5] > 0) emit_segment(tid, m[4], m[5] < CAPSULE_MAX_SEGMENT ? (__u32)m[5] : CAPSULE_MAX_SEGMENT, 0);
  return 0;
}

/* x86_64's struct mmsghdr: a msghdr, msg_len (+pad). */
#define MMSGHDR_SIZE 64

/* sendmmsg's and recvmmsg's messages: the array (as many as `count`, at most CAPSULE_MAX_MMSG),
 * then each msghdr with its own parts; `filled`: each message's iovecs hold msg_len bytes. */
__noinline int emit_mmsghdrs(__u32 tid, __u64 addr, __u64 count, int filled) {
  if (addr == 0 || count == 0) return 0;
  if (count > CAPSULE_MAX_MMSG) count = CAPSULE_MAX_MMSG;
  emit_segment(tid, addr, (__u32)count * MMSGHDR_SIZE, 0);
  for (__u32 i = 0; i < CAPSULE_MAX_MMSG && i < count; i++) {
    __u64 entry = addr + i * MMSGHDR_SIZE;
    __u32 len = 0;
    if (bpf_probe_read_user(&len, sizeof(len), (const void *)(entry + MSGHDR_SIZE)) != 0) return 0;
    emit_msghdr(tid, entry, filled ? (__u64)len : ~0ULL);
  }
  return 0;
}

struct chunk_walk {
  __u32 tid;
  __u32 pad;
  __u64 addr;
  __u64 len;
};

static long chunk_element(__u32 i, void *ctx) {
  struct chunk_walk *w = ctx;
  __u64 off = (__u64)i * CAPSULE_MAX_SEGMENT;
  if (off >= w->len) return 1;
  __u64 n = w->len - off;
  if (n > CAPSULE_MAX_SEGMENT) n = CAPSULE_MAX_SEGMENT;
  emit_segment(w->tid, w->addr + off, (__u32)n, 0);
  return 0;
}

/* `len` bytes (up to CAPSULE_MAX_ARRAY) as adjacent segments, read back as one (captured_memory.h). */
__noinline int emit_array(__u32 tid, __u64 addr, __u64 len) {
  if (addr == 0 || len == 0) return 0;
  if (len > CAPSULE_MAX_ARRAY) len = CAPSULE_MAX_ARRAY;
  struct chunk_walk w = {.tid = tid, .addr = addr, .len = len};
  bpf_loop(CAPSULE_MAX_ARRAY / CAPSULE_MAX_SEGMENT, chunk_element, &w, 0);
  return 0;
}

/* The bytes of an fd_set of `nfds` bits as the kernel reads it: whole 8-byte words. */
static __always_inline __u32 fd_set_bytes(__u64 nfds) {
  __u64 n = (nfds + 63) / 64 * 8;
  return (__s64)nfds < 0 || n > CAPSULE_MAX_SEGMENT ? CAPSULE_MAX_SEGMENT : (__u32)n;
}

/* A {pointer, size} pair and up to `max` bytes at its pointer (pselect6's sigmask). */
__noinline int emit_sized_ptr(__u32 tid, __u64 addr, __u32 max) {
  __u64 pair[2] = {};
  if (addr == 0 || bpf_probe_read_user(pair, sizeof(pair), (const void *)addr) != 0) return 0;
  emit_segment(tid, addr, sizeof(pair), 0);
  if (pair[0] != 0 && pair[1] > 0) emit_segment(tid, pair[0], pair[1] < max ? (__u32)pair[1] : max, 0);
  return 0;
}
