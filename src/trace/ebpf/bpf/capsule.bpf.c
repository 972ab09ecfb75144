// SPDX-License-Identifier: GPL-2.0
/* Capsule's kernel side: records every system call of the traced process tree into a ring buffer,
 * with the memory the decoders need (records.h). tp_btf programs only: they need no tracefs, which
 * these machines do not mount. */
#include "vmlinux.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#include "records.h"

char LICENSE[] SEC("license") = "GPL";

/* Set by user space before load. */
const volatile __u32 string_limit = 1000;  /* bytes of a buffer; strings get one more */
const volatile __u64 wakeup_bytes = 1 << 20; /* wake the consumer once this much is waiting */

#define NR_EXIT 60
#define NR_EXIT_GROUP 231

#define pending_call capsule_pending

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __uint(map_flags, BPF_F_NO_PREALLOC); /* allocated as used: preallocating costs ~0.2 s a run */
  __type(key, __u32);   /* tgid */
  __type(value, __u8);
} traced SEC(".maps");

/* The call each traced thread is in, saved at its entry: storage of the task itself, found from
 * the task without hashing, kept from call to call (`live` says whether it holds one) and freed
 * with the task. A hash map keyed by tid, updated at every entry and deleted at every exit, was
 * the largest part of the kernel side's cost per call (~200 ns of a storm's ~830). */
struct {
  __uint(type, BPF_MAP_TYPE_TASK_STORAGE);
  __uint(map_flags, BPF_F_NO_PREALLOC);
  __type(key, int);
  __type(value, struct pending_call);
} pending SEC(".maps");

/* Set by user space to a number of its own for each run (EbpfSession): the storage of a task
 * another run traced (the pool's programs serve run after run, and a task's storage cannot be
 * listed to be reset) does not make it traced in this one. */
__u32 run_generation = 0;

static __always_inline struct pending_call *pending_of(struct task_struct *t) {
  struct pending_call *p = bpf_task_storage_get(&pending, t, 0, 0);
  return p && p->live && p->gen == run_generation ? p : 0;
}

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, CAPSULE_MAX_NR);
  __type(key, __u32);
  __type(value, struct capsule_plan);
} plans SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 64 << 20); /* resized by user space before load */
} events SEC(".maps");

/* Records the ring buffer had no room for, per CPU: the run then says it is incomplete. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} lost SEC(".maps");

/* Threads whose creating call went out at sched_process_fork, and the threads it created, until
 * their next sys_exit (the creating call's return, in each): no record is sent for it. */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __uint(map_flags, BPF_F_NO_PREALLOC); /* allocated as used: preallocating costs ~0.2 s a run */
  __type(key, __u32);   /* tid */
  __type(value, __u8);
} forked SEC(".maps");

/* Signals the traced thread ignores, generated while it was in a call: sent after that call's
 * record (signals.bpf.h). */
struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __uint(map_flags, BPF_F_NO_PREALLOC); /* allocated as used: preallocating costs ~0.2 s a run */
  __type(key, __u32);   /* tid */
  __type(value, struct capsule_signal);
} deferred_signals SEC(".maps");

/* The siginfo of each signal queued to a traced process, by (tgid << 8 | signo), until it is
 * delivered: a fatal one is never dequeued (the kernel turns it into SIGKILL), and its info is
 * found here when the group dies of it. */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 16384);
  __type(key, __u64);
  __type(value, struct capsule_signal);
} queued_signals SEC(".maps");

/* A segment is built here before it is copied into the ring (too big for the BPF stack). */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct capsule_segment);
} scratch SEC(".maps");

/* The same for an opened-file record (a unix socket's path makes it too big for the stack). */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct capsule_opened);
} opened_scratch SEC(".maps");

static __always_inline void count_lost(void) {
  __u32 zero = 0;
  __u64 *n = bpf_map_lookup_elem(&lost, &zero);
  if (n) *n += 1;
}

/* Back-pressure (back_pressure.h): once this much waits in the ring, the kernel side asks user
 * space's pause thread, through a ring of its own, to freeze the traced tree; 0: never. */
const volatile __u64 pause_bytes = 0;

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4096); /* a page: a request is 8 bytes and the thread takes it at once */
} pause_requests SEC(".maps");

/* 1 from the request until user space has thawed the tree and set it back to 0: one request per
 * pause, whatever the number of CPUs writing. */
__u64 pause_requested = 0;

/* The request goes out from the producer's own CPU as the record that passes the mark is written,
 * so it does not wait for the consumer, however slow it is (under ASan, or waiting for a CPU). */
static __always_inline void request_pause(__u64 avail) {
  if (pause_bytes == 0 || avail < pause_bytes) return;
  if (__sync_lock_test_and_set(&pause_requested, 1) != 0) return;
  __u64 backlog = avail;
  bpf_ringbuf_output(&pause_requests, &backlog, sizeof(backlog), BPF_RB_FORCE_WAKEUP);
}

/* Batched wake-ups: the consumer polls on a short tick and is woken early only when much is
 * waiting (a wake-up per record costs several times the record). Only the record that takes the
 * backlog past the mark wakes the consumer: waking it at every record past the mark (an IPI each)
 * cost 3 % of the storm's CPU while the consumer was already draining. The consumer's 5 ms tick
 * is the backstop. */
static __always_inline __u64 wake_flag(__u64 size) {
  __u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
  request_pause(avail + size);
  return avail < wakeup_bytes && avail + size >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline void output(void *data, __u64 size) {
  if (bpf_ringbuf_output(&events, data, size, wake_flag(size)) != 0) count_lost();
}

enum read_mode { READ_USER = 0, READ_USER_STR = 1, READ_KERNEL_STR = 2 };

#define TYPE_MODE(type, mode) (((type) << 8) | (mode))

/* Sends the first n bytes read into the scratch segment s as a record about addr. */
static __always_inline void send_segment(struct capsule_segment *s, __u32 type, __u32 tid, __u64 addr, long n) {
  if (n > CAPSULE_MAX_SEGMENT) n = CAPSULE_MAX_SEGMENT;
  asm volatile("" : "+r"(n)); /* as for len below: the verifier must see the mask on n itself */
  n &= 2 * CAPSULE_MAX_SEGMENT - 1;
  s->type = type;
  s->tid = tid;
  s->addr = addr;
  s->len = (__u32)n;
  output(s, offsetof(struct capsule_segment, data) + (__u64)n);
}

#define CAPSULE_VM_READ 0x1
#define CAPSULE_VM_SHARED 0x8

/* The record is built off the stack (the call chain that reaches it has little left); only the
 * buffer's address goes to bpf_find_vma, which takes its context on the stack. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct capsule_file_bytes);
} file_bytes_scratch SEC(".maps");

static long vma_of_buffer(struct task_struct *task, struct vm_area_struct *vma, void *ctx) {
  __u32 zero = 0;
  struct capsule_file_bytes *r = bpf_map_lookup_elem(&file_bytes_scratch, &zero);
  struct file *f = vma->vm_file;
  if (!r || !f || !(vma->vm_flags & CAPSULE_VM_READ)) return 0;
  /* A private mapping with an anon_vma may hold copies that differ from the file. */
  if (!(vma->vm_flags & CAPSULE_VM_SHARED) && vma->anon_vma) return 0;
  if (r->addr + r->len > vma->vm_end) r->len = vma->vm_end - r->addr;
  r->offset = ((__u64)vma->vm_pgoff << 12) + (r->addr - vma->vm_start);
  r->ino = f->f_inode->i_ino;
  r->dev = f->f_inode->i_sb->s_dev;
  r->type = CAPSULE_REC_FILE_BYTES;
  return 0;
}

/* A buffer bpf_probe_read_user could not read (it cannot fault a page in): when its memory is a
 * file's bytes (records.h, struct capsule_file_bytes), where they are, for user space. */
static __always_inline void emit_file_bytes(__u32 tid, __u64 addr, __u32 len) {
  __u32 zero = 0;
  struct capsule_file_bytes *r = bpf_map_lookup_elem(&file_bytes_scratch, &zero);
  if (!r) return;
  __builtin_memset(r, 0, sizeof(*r));
  r->tid = tid;
  r->addr = addr;
  r->len = len;
  __u64 unused = 0;
  bpf_find_vma(bpf_get_current_task_btf(), addr, vma_of_buffer, &unused, 0);
  if (r->type == CAPSULE_REC_FILE_BYTES) output(r, sizeof(*r));
}

/* Copies `len` bytes at src (a string: up to its NUL) into one record whose addr field is `addr`;
 * type_mode: TYPE_MODE(record type, read_mode), packed as BPF functions take five arguments. A
 * global function: the verifier checks it once, not at every call site (its arguments are plain
 * numbers). */
__noinline int emit_bytes(__u32 tid, __u32 type_mode, __u64 addr, __u64 src, __u32 len) {
  __u32 type = type_mode >> 8, mode = type_mode & 0xff;
  __u32 zero = 0;
  struct capsule_segment *s = bpf_map_lookup_elem(&scratch, &zero);
  if (!s || src == 0 || len == 0) return 0;
  if (len > CAPSULE_MAX_SEGMENT) len = CAPSULE_MAX_SEGMENT;
  asm volatile("" : "+r"(len)); /* keep clang from testing a copy the verifier does not link */
  len &= 2 * CAPSULE_MAX_SEGMENT - 1;
  long n;
  if (mode == READ_USER_STR) {
    n = bpf_probe_read_user_str(s->data, len, (const void *)src);
  } else if (mode == READ_KERNEL_STR) {
    n = bpf_probe_read_kernel_str(s->data, len, (const void *)src);
  } else {
    n = bpf_probe_read_user(s->data, len, (const void *)src) == 0 ? (long)len : -1;
  }
  if (n <= 0) {
    /* unreadable: the decoder shows the pointer, unless the bytes are a file's (a path in the
     * .rodata of a child that failed to exec: the page was never touched since the fork) */
    if (mode != READ_KERNEL_STR && type == CAPSULE_REC_SEGMENT) emit_file_bytes(tid, src, len);
    return 0;
  }
  send_segment(s, type, tid, addr, n);
  return 0;
}

static __always_inline void emit_segment(__u32 tid, __u64 addr, __u32 len, int is_string) {
  emit_bytes(tid, TYPE_MODE(CAPSULE_REC_SEGMENT, is_string ? READ_USER_STR : READ_USER), addr, addr, len);
}

static __always_inline __u32 buffer_limit(__u64 len) {
  return len > string_limit ? string_limit : (__u32)len;
}

#include "capture_structs.bpf.h"

/* One piece of a string at src, up to `len` bytes before its NUL: 1 when the string goes on past
 * them (the piece is sent without the NUL the helper puts at its end), 0 when it ended or could
 * not be read. A global function: the verifier checks it once. */
__noinline int emit_string_piece(__u32 tid, __u64 src, __u32 len) {
  __u32 zero = 0;
  struct capsule_segment *s = bpf_map_lookup_elem(&scratch, &zero);
  if (!s || src == 0 || len == 0) return 0;
  if (len > CAPSULE_MAX_SEGMENT) len = CAPSULE_MAX_SEGMENT;
  __u32 size = len + 1; /* one more: a NUL there is the helper's own, the string goes on */
  asm volatile("" : "+r"(size));
  size &= 2 * CAPSULE_MAX_SEGMENT - 1;
  long n = bpf_probe_read_user_str(s->data, size, (const void *)src);
  if (n <= 0) {
    emit_file_bytes(tid, src, len); /* as emit_bytes: a string that is a file's bytes */
    return 0;
  }
  int more = n == (long)size;
  if (more) n = len;
  send_segment(s, CAPSULE_REC_SEGMENT, tid, src, n);
  return more;
}

/* A string as the decoders read it with --string-limit L: L + 1 bytes before the NUL tell a cut
 * string from one of exactly L (decode/tracee_read.cpp), in adjacent segments of at most
 * CAPSULE_MAX_SEGMENT bytes (read back as one, captured_memory.h), up to CAPSULE_MAX_STRING. */
static __always_inline void emit_string(__u32 tid, __u64 addr) {
  __u64 want = (__u64)string_limit + 1;
  if (want > CAPSULE_MAX_STRING) want = CAPSULE_MAX_STRING;
  for (__u64 off = 0; off < CAPSULE_MAX_STRING; off += CAPSULE_MAX_SEGMENT) {
    if (off >= want) break;
    __u64 left = want - off;
    if (!emit_string_piece(tid, addr + off, left > CAPSULE_MAX_SEGMENT ? CAPSULE_MAX_SEGMENT : (__u32)left)) break;
  }
}

struct array_walk {
  __u32 tid;
  __u32 count; /* pointer words read, the NULL included */
  __u64 addr;
};

/* Element i: its pointer, and its string below the decoders' array limit (the pointer past it
 * only tells whether the array was cut). */
static long array_element(__u32 i, void *ctx) {
  struct array_walk *w = ctx;
  __u64 p = 0;
  if (bpf_probe_read_user(&p, sizeof(p), (const void *)(w->addr + i * 8ULL)) != 0) return 1;
  w->count = i + 1;
  if (p == 0 || i >= CAPSULE_MAX_ARGV) return 1;
  emit_string(w->tid, p);
  return 0;
}

/* argv/envp: each string, then the pointer words up to and including the NULL (or the one past
 * the limit), in adjacent segments. */
static __always_inline void emit_string_array(__u32 tid, __u64 addr) {
  if (addr == 0) return;
  struct array_walk w = {.tid = tid, .count = 0, .addr = addr};
  bpf_loop(CAPSULE_MAX_ARGV + 1, array_element, &w, 0);
  if (w.count > 0) emit_array(tid, addr, w.count * 8ULL);
}


/* How capture_arg is told what to capture: five arguments at most for a BPF call. */
#define CAPTURE_KIND(how) ((how) & 0xff)
#define CAPTURE_SIZE(how) (((how) >> 8) & 0xffff)
#define CAPTURE_FILLED (1u << 24)  /* the call filled the memory: only its first `ret` bytes */
#define CAPTURE_RELATED (1u << 25) /* `related` holds the argument the plan names */

/* One argument's memory, as its plan says (records.h, enum capsule_capture). A global function:
 * the verifier checks it once per program, not once per argument and call site. */
__noinline int capture_arg(__u32 tid, __u32 how, __u64 addr, __u64 related, __s64 ret) {
  const int has_related = (how & CAPTURE_RELATED) != 0;
  const int filled = (how & CAPTURE_FILLED) != 0;
  const __u32 size = CAPTURE_SIZE(how);
  switch (CAPTURE_KIND(how)) {
    case CAPSULE_CAP_PATH:
      emit_segment(tid, addr, CAPSULE_MAX_SEGMENT, 1);
      break;
    case CAPSULE_CAP_BUF_ARG:
      if (has_related) emit_segment(tid, addr, buffer_limit(related), 0);
      break;
    case CAPSULE_CAP_BUF_RET:
      if (ret > 0) emit_segment(tid, addr, buffer_limit((__u64)ret), 0);
      break;
    case CAPSULE_CAP_BUF_LENPTR: {
      __u32 len = 0;
      if (has_related && bpf_probe_read_user(&len, sizeof(len), (const void *)related) == 0) {
        emit_segment(tid, addr, buffer_limit(len), 0);
      }
      break;
    }
    case CAPSULE_CAP_FIXED:
      emit_segment(tid, addr, size, 0);
      break;
    case CAPSULE_CAP_STRARRAY:
      emit_string_array(tid, addr);
      break;
    case CAPSULE_CAP_IOVEC:
      if (has_related) emit_iovecs(tid, addr, related, filled ? (__u64)ret : ~0ULL);
      break;
    case CAPSULE_CAP_MSGHDR:
      emit_msghdr(tid, addr, filled ? (__u64)ret : ~0ULL);
      break;
    case CAPSULE_CAP_ARRAY_ARG:
      if (has_related && related <= CAPSULE_MAX_ARRAY) emit_array(tid, addr, related * size);
      break;
    case CAPSULE_CAP_ARRAY_RET:
      if (ret > 0 && ret <= CAPSULE_MAX_ARRAY) emit_array(tid, addr, (__u64)ret * size);
      break;
    case CAPSULE_CAP_FDSET:
      if (has_related) emit_segment(tid, addr, fd_set_bytes(related), 0);
      break;
    case CAPSULE_CAP_SIZED_PTR:
      emit_sized_ptr(tid, addr, size);
      break;
    case CAPSULE_CAP_HEADED_BUF:
      if (has_related) emit_segment(tid, addr, size + buffer_limit(related), 0);
      break;
    case CAPSULE_CAP_MMSGHDR: {
      __u64 count = has_related ? related : 0;
      if (ret >= 0 && (__u64)ret < count) count = (__u64)ret; /* the messages handled */
      emit_mmsghdrs(tid, addr, count, filled);
      break;
    }
  }
  return 0;
}

static __always_inline void capture(__u32 tid, const struct capsule_plan *plan, const __u64 *args,
                                    __s64 ret, int at_exit) {
#pragma unroll
  for (int i = 0; i < 6; i++) {
    __u8 kind = plan->kind[i];
    if (kind == CAPSULE_CAP_NONE) continue;
    if (at_exit && (plan->success_only & (1 << i)) && ret < 0) continue;
    __u8 r = plan->related[i];
    __u32 how = kind | ((__u32)plan->size[i] << 8);
    if ((plan->success_only >> i) & 1) how |= CAPTURE_FILLED;
    __u64 related = 0;
    if (r < 6) {
      how |= CAPTURE_RELATED;
      related = args[r];
    }
    capture_arg(tid, how, args[i], related, ret);
  }
}

/* The plan's `after` arguments of a call captured at entry, read again as the call left them. */
static __always_inline void capture_after(__u32 tid, const struct capsule_plan *plan, const __u64 *args) {
#pragma unroll
  for (int i = 0; i < 6; i++) {
    if (((plan->after >> i) & 1) == 0) continue;
    __u32 len = plan->size[i];
    if (plan->kind[i] == CAPSULE_CAP_FDSET) {
      __u8 r = plan->related[i];
      len = r < 6 ? fd_set_bytes(args[r]) : 0;
    }
    emit_bytes(tid, TYPE_MODE(CAPSULE_REC_SEGMENT_AFTER, READ_USER), args[i], args[i], len);
  }
}

static __always_inline void read_args(struct pt_regs *regs, __u64 *args) {
  args[0] = regs->di;
  args[1] = regs->si;
  args[2] = regs->dx;
  args[3] = regs->r10;
  args[4] = regs->r8;
  args[5] = regs->r9;
}

static __always_inline int is_traced(__u32 tgid) { return bpf_map_lookup_elem(&traced, &tgid) != 0; }

/* 1 for `capsule attach`: the process's threads were running before capsule came, and only the
 * one whose pid user space had gives its task storage (a pidfd names a process, not a thread);
 * the others are found by their process in `traced`, and given theirs at their first call. */
const volatile __u8 attach_mode = 0;


/* The storage of the current task when it is traced in this run, else 0. Every traced task has
 * one: the program's first process gets it from user space (EbpfSession::trace), every child or
 * thread at its fork. A traced call's entry no longer looks its process up in `traced` (a hash
 * map), and the machine's other processes, which pass here too, cost a look at their task's
 * storage pointer (what they pay is mostly the tracepoints' slow path itself: docs/BENCHMARKS.md). */
static __always_inline struct pending_call *traced_storage(struct task_struct *t, __u32 tgid) {
  struct pending_call *s = bpf_task_storage_get(&pending, t, 0, 0);
  if (s && s->gen == run_generation) return s;
  if (!attach_mode || !is_traced(tgid)) return 0;
  s = bpf_task_storage_get(&pending, t, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (s) {
    s->gen = run_generation;
    s->live = 0;
  }
  return s;
}

/* A signal ptrace would have reported once the call it arrived in returned (signals.bpf.h). */
/* How many signals may wait in deferred_signals: while 0, a call's exit does not look (a hash
 * lookup at every traced call). Raised before an entry goes in, lowered only by a delete that
 * took one out, so it is never below the truth. */
__u64 deferred_count = 0;

static __always_inline void forget_deferred_signal(__u32 tid) {
  if (bpf_map_delete_elem(&deferred_signals, &tid) == 0) __sync_fetch_and_sub(&deferred_count, 1);
}

static __always_inline void emit_deferred_signal(__u32 tid) {
  if (deferred_count == 0) return;
  struct capsule_signal *d = bpf_map_lookup_elem(&deferred_signals, &tid);
  if (!d) return;
  struct capsule_signal copy = *d;
  copy.t = bpf_ktime_get_ns();
  output(&copy, sizeof(copy));
  forget_deferred_signal(tid);
}

#define CAPSULE_S_IFMT 0170000
#define CAPSULE_S_IFSOCK 0140000

/* The walk of walk_kernel_path, one step per bpf_loop iteration (a plain loop is verified once
 * per iteration and per path through it: too many states). */
struct path_walk {
  struct dentry *d;
  struct vfsmount *mnt;
  struct dentry *root_d;
  struct vfsmount *root_mnt;
  __u64 mnt_off; /* offsetof(struct mount, mnt) */
  __u32 off;     /* bytes of kpath written */
  __u32 flags;
};

static long path_walk_step(__u64 i, struct path_walk *w) {
  struct dentry *d = w->d;
  struct vfsmount *vfsmnt = w->mnt;
  if (d == w->root_d && vfsmnt == w->root_mnt) {
    w->flags |= CAPSULE_KPATH_WHOLE;
    return 1;
  }
  struct dentry *parent = BPF_CORE_READ(d, d_parent);
  struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);
  if (d == mnt_root || d == parent) {
    struct mount *m = (struct mount *)((char *)vfsmnt - w->mnt_off);
    struct mount *up = BPF_CORE_READ(m, mnt_parent);
    if (d == mnt_root && up != m) {
      w->d = BPF_CORE_READ(m, mnt_mountpoint);
      w->mnt = (struct vfsmount *)((char *)up + w->mnt_off);
      return 0;
    }
    if (d == mnt_root) w->flags |= CAPSULE_KPATH_WHOLE;
    return 1;
  }
  __u32 zero = 0;
  struct capsule_opened *rec = bpf_map_lookup_elem(&opened_scratch, &zero);
  if (!rec || w->off >= CAPSULE_KPATH_BYTES) return 1;
  const unsigned char *name = BPF_CORE_READ(d, d_name.name);
  long n = bpf_probe_read_kernel_str(rec->kpath + (w->off & (CAPSULE_KPATH_BYTES - 1)), CAPSULE_KPATH_NAME, name);
  if (n <= 1) return 1;
  w->off += (__u32)n;
  w->d = parent;
  return 0;
}

/* The file's path as d_path writes it (records.h, kpath): from its dentry up through the parents
 * to the task's root; at the root of a mount, on to the dentry it is mounted on in the parent
 * mount; a mount that is not attached (a memfd's, the root's) ends the walk. A name the kernel
 * makes up on demand (pipe:[…], anon_inode:[…], d_dname) is left to user space. */
static __always_inline void walk_kernel_path(struct capsule_opened *rec, struct file *f) {
  struct dentry *d = BPF_CORE_READ(f, f_path.dentry);
  struct vfsmount *mnt = BPF_CORE_READ(f, f_path.mnt);
  if (!d || !mnt || BPF_CORE_READ(d, d_op, d_dname)) return;
  struct task_struct *t = bpf_get_current_task_btf();
  struct path_walk w = {.d = d, .mnt = mnt};
  w.root_d = BPF_CORE_READ(t, fs, root.dentry);
  w.root_mnt = BPF_CORE_READ(t, fs, root.mnt);
  w.mnt_off = bpf_core_field_offset(struct mount, mnt);
  if (!BPF_CORE_READ(d, d_hash.pprev) && BPF_CORE_READ(d, d_parent) != d) w.flags |= CAPSULE_KPATH_DELETED;
  bpf_loop(CAPSULE_KPATH_DEPTH, path_walk_step, &w, 0);
  rec->kpath_flags = w.flags;
  rec->kpath_len = w.off;
}

/* The file behind fd in the current task's fd table; NULL for none. */
static __always_inline struct file *file_of_fd(__s64 fd) {
  struct task_struct *t = bpf_get_current_task_btf();
  struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
  if (!fdt || fd < 0 || fd >= BPF_CORE_READ(fdt, max_fds)) return 0;
  struct file **fds = BPF_CORE_READ(fdt, fd);
  struct file *f = 0;
  if (bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]) != 0) return 0;
  return f;
}

/* Sockets whose last record named them only in part, by their struct sock: a unix stream client
 * whose server has not accepted yet (the peer has no inode), a UDP socket not bound yet (a sendto
 * binds it). strace asks sock_diag again at each call on a socket it could not name; capsule reads
 * the socket again at the entry of the next call on it (records.h, CAPSULE_OPENED_AT_ENTRY). */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u64);
  __type(value, __u8);
} unnamed_socks SEC(".maps");

/* Entries of unnamed_socks, as added and removed (an LRU eviction is not counted): while 0, a
 * call's entry looks at nothing. */
__u64 unnamed_count = 0;

#define CAPSULE_TCP_ESTABLISHED 1

static __always_inline void note_unnamed(struct sock *sk, const struct capsule_opened *rec) {
  int partly = 0;
  if (rec->family == 1 /* AF_UNIX */) {
    partly = BPF_CORE_READ(sk, __sk_common.skc_state) == CAPSULE_TCP_ESTABLISHED && rec->peer_ino == 0;
  } else if (rec->family == 2 || rec->family == 10) {
    partly = rec->lport == 0 && rec->proto[0] == 'U' && rec->proto[1] == 'D' && rec->proto[2] == 'P';
  }
  __u64 key = (__u64)sk;
  __u8 one = 1;
  if (partly) {
    if (bpf_map_update_elem(&unnamed_socks, &key, &one, BPF_NOEXIST) == 0) __sync_fetch_and_add(&unnamed_count, 1);
  } else if (unnamed_count > 0 && bpf_map_delete_elem(&unnamed_socks, &key) == 0) {
    __sync_fetch_and_sub(&unnamed_count, 1);
  }
}

/* An opened-file record in its scratch slot, all but the kpath zeroed, about fd (-1: the file an
 * execve runs) and its inode; NULL when the slot cannot be had. */
static __always_inline struct capsule_opened *opened_record(__u32 tid, __s32 fd, struct inode *inode) {
  __u32 zero = 0;
  struct capsule_opened *rec = bpf_map_lookup_elem(&opened_scratch, &zero);
  if (!rec) return 0;
  __builtin_memset(rec, 0, offsetof(struct capsule_opened, kpath));
  rec->type = CAPSULE_REC_OPENED;
  rec->tid = tid;
  rec->fd = fd;
  rec->mode = BPF_CORE_READ(inode, i_mode);
  rec->ino = BPF_CORE_READ(inode, i_ino);
  rec->dev = BPF_CORE_READ(inode, i_sb, s_dev);
  return rec;
}

/* The file behind fd in the current task's fd table (records.h, struct capsule_opened). A global
 * function, so the verifier checks it once, not again at each of its call sites (it is called
 * from a dozen places, and its path walk is long: on_sys_exit took 0.7 s to load inlined). */
__noinline int emit_opened(__u32 tid, __s64 fd, __u32 flags) {
  struct file *f = file_of_fd(fd);
  if (!f) return 0;
  struct inode *inode = BPF_CORE_READ(f, f_inode);
  struct capsule_opened *rec = opened_record(tid, (__s32)fd, inode);
  if (!rec) return 0;
  rec->flags = flags;
  if ((rec->mode & CAPSULE_S_IFMT) == CAPSULE_S_IFSOCK) {
    struct socket *sock = (struct socket *)BPF_CORE_READ(f, private_data);
    struct sock *sk = BPF_CORE_READ(sock, sk);
    struct proto *prot = BPF_CORE_READ(sk, __sk_common.skc_prot);
    if (prot) bpf_probe_read_kernel_str(rec->proto, sizeof(rec->proto), &prot->name);
    rec->family = BPF_CORE_READ(sk, __sk_common.skc_family);
    if (rec->family == 2 /* AF_INET */) {
      rec->laddr[0] = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
      rec->raddr[0] = BPF_CORE_READ(sk, __sk_common.skc_daddr);
    } else if (rec->family == 10 /* AF_INET6 */) {
      BPF_CORE_READ_INTO(&rec->laddr, sk, __sk_common.skc_v6_rcv_saddr);
      BPF_CORE_READ_INTO(&rec->raddr, sk, __sk_common.skc_v6_daddr);
    } else if (rec->family == 1 /* AF_UNIX */) {
      struct unix_sock *u = (struct unix_sock *)sk;
      struct sock *peer = BPF_CORE_READ(u, peer);
      struct socket *peer_sock = peer ? BPF_CORE_READ(peer, sk_socket) : 0;
      if (peer_sock) rec->peer_ino = BPF_CORE_READ((struct socket_alloc *)peer_sock, vfs_inode.i_ino);
      struct unix_address *a = BPF_CORE_READ(u, addr);
      int len = a ? BPF_CORE_READ(a, len) - 2 : 0; /* less sun_family */
      if (len > (int)sizeof(rec->path)) len = sizeof(rec->path);
      if (len > 0) {
        rec->path_len = len;
        bpf_probe_read_kernel(rec->path, len & 127, (char *)a + bpf_core_field_offset(struct unix_address, name) + 2);
      }
    }
    rec->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
    rec->rport_be = BPF_CORE_READ(sk, __sk_common.skc_dport);
    note_unnamed(sk, rec);
  } else {
    rec->rdev = BPF_CORE_READ(inode, i_rdev);
    walk_kernel_path(rec, f);
  }
  __u64 len = rec->kpath_len;
  if (len > sizeof(rec->kpath)) len = sizeof(rec->kpath);
  asm volatile("" : "+r"(len)); /* the verifier must see the bound on len itself */
  len &= 2047;
  if (len > sizeof(rec->kpath)) len = sizeof(rec->kpath);
  output(rec, offsetof(struct capsule_opened, kpath) + len);
  return 0;
}

/* The fds SCM_RIGHTS brought in the first control message of the struct msghdr at addr, as a
 * successful recvmsg left it (records.h, receives_fds): each named as an open's fd. */
#define CAPSULE_SCM_FDS 8
__noinline int emit_received_fds(__u32 tid, __u64 addr) { /* global: verified once (emit_opened) */
  __u64 control[2]; /* msg_control, msg_controllen */
  if (bpf_probe_read_user(control, sizeof(control), (const void *)(addr + 32)) != 0) return 0;
  struct {
    __u64 len;
    __s32 level, type;
    __s32 fds[CAPSULE_SCM_FDS];
  } cmsg = {};
  /* The whole struct, or (the control buffer ends on an unmapped page) the header and one fd. */
  __u64 got = sizeof(cmsg);
  if (control[1] < 20) return 0;
  if (bpf_probe_read_user(&cmsg, sizeof(cmsg), (const void *)control[0]) != 0) {
    got = 20;
    if (bpf_probe_read_user(&cmsg, 20, (const void *)control[0]) != 0) return 0;
  }
  if (cmsg.level != 1 /* SOL_SOCKET */ || cmsg.type != 1 /* SCM_RIGHTS */ || cmsg.len < 20) return 0;
  __u64 n = (cmsg.len - 16) / 4;
  if (n > (control[1] - 16) / 4) n = (control[1] - 16) / 4;
  if (n > (got - 16) / 4) n = (got - 16) / 4;
#pragma unroll
  for (int i = 0; i < CAPSULE_SCM_FDS; i++) {
    if (i < n) emit_opened(tid, cmsg.fds[i], 0);
  }
  return 0;
}

/* At a call's entry: the socket behind fd named again when its last record named it only in part
 * (unnamed_socks). A global function: verified once. */
__noinline int rename_if_unnamed(__u32 tid, __u64 fd_arg) {
  __s32 fd = (__s32)fd_arg;
  struct file *f = file_of_fd(fd);
  if (!f) return 0;
  if ((BPF_CORE_READ(f, f_inode, i_mode) & CAPSULE_S_IFMT) != CAPSULE_S_IFSOCK) return 0;
  struct socket *sock = (struct socket *)BPF_CORE_READ(f, private_data);
  __u64 key = (__u64)BPF_CORE_READ(sock, sk);
  if (bpf_map_lookup_elem(&unnamed_socks, &key)) emit_opened(tid, fd, CAPSULE_OPENED_AT_ENTRY);
  return 0;
}

/* Sends the finished call of `tid` (its entry saved in p) and forgets the entry. Inlined: a
 * call frame more would take emit_mmsghdrs' chain past the verifier's eight frames. */
static __always_inline void finish(__u32 tid, __u32 tgid, struct pending_call *p, __s64 ret) {
  struct capsule_syscall rec = {};
  __u32 nr = (__u32)p->nr;
  const struct capsule_plan *plan = bpf_map_lookup_elem(&plans, &nr);
  if (plan && !plan->at_entry) capture(tid, plan, p->args, ret, 1);
  if (plan && plan->at_entry && plan->after && ret > 0) capture_after(tid, plan, p->args);
  if (plan && plan->names_ret_fd && ret >= 0) emit_opened(tid, ret, 0);
  __u32 socket_arg = plan ? (__u32)plan->socket_arg - 1 : 6;
  /* A non-blocking connect under way has its peer already. */
  if (socket_arg < 6 && (ret == 0 || ret == -115 /* EINPROGRESS */)) emit_opened(tid, (__s32)p->args[socket_arg], 0);
  __u32 msg_arg = plan ? (__u32)plan->receives_fds - 1 : 6;
  if (msg_arg < 6 && ret >= 0) emit_received_fds(tid, p->args[msg_arg]);
  __u32 pair_arg = plan ? (__u32)plan->fd_pair - 1 : 6;
  if (pair_arg < 6 && ret == 0) {
    __s32 pair[2] = {-1, -1};
    if (bpf_probe_read_user(pair, sizeof(pair), (const void *)p->args[pair_arg]) == 0) {
      emit_opened(tid, pair[0], 0);
      emit_opened(tid, pair[1], 0);
    }
  }
  rec.type = CAPSULE_REC_SYSCALL;
  rec.tid = tid;
  rec.tgid = tgid;
  rec.nr = p->nr;
  __builtin_memcpy(rec.args, p->args, sizeof(rec.args));
  rec.ret = ret;
  rec.t_enter = p->t_enter;
  rec.t_exit = bpf_ktime_get_ns();
  output(&rec, sizeof(rec));
  p->live = 0;
  emit_deferred_signal(tid);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  __u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
  struct pending_call *slot = traced_storage(bpf_get_current_task_btf(), tgid);
  if (!slot) return 0;
  struct pending_call p = {};
  read_args(regs, p.args);
  p.nr = (__s32)id;
  p.t_enter = bpf_ktime_get_ns();
  __u32 nr = (__u32)id;
  const struct capsule_plan *plan = bpf_map_lookup_elem(&plans, &nr);
  if (plan && plan->at_entry) capture(tid, plan, p.args, 0, 0);
  if (unnamed_count > 0 && plan && plan->fd_arg0) rename_if_unnamed(tid, p.args[0]);
  if (id == CAPSULE_NR_RT_SIGRETURN) { /* records.h: the frame's mask, read before it is popped */
    p.args[0] = regs->sp;
    emit_segment(tid, regs->sp - 8 + CAPSULE_SIGFRAME_MASK_OFFSET, 8, 0);
  }
  if (id == NR_EXIT || id == NR_EXIT_GROUP) {
    struct capsule_syscall rec = {};
    rec.type = CAPSULE_REC_NORETURN;
    rec.tid = tid;
    rec.tgid = tgid;
    rec.nr = p.nr;
    __builtin_memcpy(rec.args, p.args, sizeof(rec.args));
    rec.t_enter = rec.t_exit = p.t_enter;
    output(&rec, sizeof(rec));
    return 0;
  }
  p.live = 1;
  p.gen = run_generation;
  *slot = p;
  return 0;
}

/* A thread killed by SIGKILL (sent as one, or another thread's exit_group) never stops at its
 * call's exit under ptrace: the call is recorded as never returned ("= ?"), as ptrace does. A
 * fatal signal the kernel turned into a SIGKILL here (group_exit_code holds it) is another case:
 * ptrace would have seen the call return, and the signal after it. */
static __always_inline int dies_in_call(void) {
  struct task_struct *t = bpf_get_current_task_btf();
  if (!(t->pending.signal.sig[0] & (1UL << (9 - 1)))) return 0;
  int fatal = BPF_CORE_READ(t, signal, group_exit_code) & 0x7f;
  return fatal == 0 || fatal == 9;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  __u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
  struct pending_call *p = traced_storage(bpf_get_current_task_btf(), tgid);
  if (!p) return 0; /* not traced: every call of every other process on the machine comes here */
  if (!p->live) {
    /* Its creating call went out at the fork already; or a call that had no entry event: a
     * seccomp filter (--policy) refused it before the sys_enter tracepoint. */
    if (!is_traced(tgid) || bpf_map_delete_elem(&forked, &tid) == 0) return 0;
    struct pending_call refused = {};
    read_args(regs, refused.args);
    refused.nr = (__s32)regs->orig_ax;
    refused.t_enter = bpf_ktime_get_ns();
    finish(tid, tgid, &refused, ret);
    return 0;
  }
  if (dies_in_call()) return 0; /* its "= ?" goes out at sched_process_exit */
  finish(tid, tgid, p, ret);
  return 0;
}

/* A child of a traced process is traced before it runs; the parent's creating call is sent now,
 * with the child's id as its result, so that it precedes everything the child does. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child) {
  __u32 ptgid = parent->tgid;
  if (!is_traced(ptgid)) return 0;
  __u32 ctgid = child->tgid;
  __u8 one = 1;
  bpf_map_update_elem(&traced, &ctgid, &one, BPF_ANY);
  /* What makes its calls traced (traced_storage). Without memory for it, they cannot be: said. */
  struct pending_call *cs = bpf_task_storage_get(&pending, child, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
  if (cs) {
    cs->gen = run_generation;
    cs->live = 0;
  } else {
    count_lost();
  }
  /* The child's first event is the sys_exit of its return from the creating call: not a call. */
  __u32 ctid = child->pid;
  bpf_map_update_elem(&forked, &ctid, &one, BPF_ANY);
  __u32 ptid = parent->pid;
  struct pending_call *p = pending_of(parent);
  if (p) {
    finish(ptid, ptgid, p, child->pid);
    bpf_map_update_elem(&forked, &ptid, &one, BPF_ANY); /* its sys_exit: nothing more to send */
  }
  return 0;
}

/* One exec block (records.h): from the kernel (the file name) or the new image's stack. */
static __always_inline void emit_exec_block(__u32 tid, __u32 kind, __u64 src, __u32 len, int from_kernel) {
  emit_bytes(tid, TYPE_MODE(CAPSULE_REC_EXEC_BLOCK, from_kernel ? READ_KERNEL_STR : READ_USER), kind, src, len);
}

#define NR_EXECVE 59
#define NR_EXECVEAT 322

/* What the exec really used is sent, for the strings its entry could not read. A thread other
 * than the leader that execs takes the leader's id; its pending execve is its task's own, so it
 * follows. */
SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm) {
  __u32 tid = p->pid;
  if (!is_traced(p->tgid)) return 0;
  struct pending_call *e = pending_of(p);
  if (!e || (e->nr != NR_EXECVE && e->nr != NR_EXECVEAT)) return 0;
  emit_exec_block(tid, CAPSULE_EXEC_FILENAME, (__u64)BPF_CORE_READ(bprm, filename), CAPSULE_MAX_SEGMENT, 1);
  struct capsule_opened *ran = opened_record(tid, -1, BPF_CORE_READ(bprm, file, f_inode));
  if (ran) output(ran, offsetof(struct capsule_opened, kpath));
  struct mm_struct *mm = BPF_CORE_READ(p, mm);
  __u64 a0 = BPF_CORE_READ(mm, arg_start), a1 = BPF_CORE_READ(mm, arg_end);
  __u64 e0 = BPF_CORE_READ(mm, env_start), e1 = BPF_CORE_READ(mm, env_end);
  if (a1 > a0) emit_exec_block(tid, CAPSULE_EXEC_ARGV, a0, (__u32)(a1 - a0), 0);
  if (e1 > e0) emit_exec_block(tid, CAPSULE_EXEC_ENVP, e0, (__u32)(e1 - e0), 0);
  return 0;
}

#include "signals.bpf.h"

/* capsule attach: the attached process, and the wait status its parent gets, set as its last
 * thread ends. Not a record: capsule cannot wait() for a process it did not start, and this must
 * reach it even when the ring had no room. -1: not ended. */
__u32 watched_tgid = 0;
__s64 watched_status = -1;

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *p, bool group_dead) {
  __u32 tgid = p->tgid, tid = p->pid;
  if (!is_traced(tgid)) return 0;
  struct capsule_syscall rec = {};
  /* A call the thread never returns from (another thread's exit_group, a fatal signal). */
  struct pending_call *p_in = pending_of(p);
  if (p_in) {
    rec.type = CAPSULE_REC_NORETURN;
    rec.tid = tid;
    rec.tgid = tgid;
    rec.nr = p_in->nr;
    __builtin_memcpy(rec.args, p_in->args, sizeof(rec.args));
    rec.t_enter = p_in->t_enter;
    rec.t_exit = bpf_ktime_get_ns();
    output(&rec, sizeof(rec));
  }
  rec.type = CAPSULE_REC_EXIT;
  rec.tid = tid;
  rec.tgid = tgid;
  rec.ret = p->exit_code;
  if (group_dead && tgid == watched_tgid) {
    /* What wait() tells the parent: a group exit's code, else the leader's own (it may have
     * ended first, with pthread_exit). */
    watched_status = (BPF_CORE_READ(p, signal, flags) & SIGNAL_GROUP_EXIT) ? BPF_CORE_READ(p, signal, group_exit_code)
                                                                          : BPF_CORE_READ(p, group_leader, exit_code);
  }
  rec.t_enter = rec.t_exit = bpf_ktime_get_ns();
  output(&rec, sizeof(rec));
  bpf_task_storage_delete(&pending, p);
  bpf_map_delete_elem(&forked, &tid);
  forget_deferred_signal(tid); /* ptrace reports no signal to a dying thread */
  if (group_dead) bpf_map_delete_elem(&traced, &tgid);
  return 0;
}
