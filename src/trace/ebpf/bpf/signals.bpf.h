/* Signal deliveries as the ptrace backend records them (strace's "--- SIGCHLD {...} ---"): what a
 * signal-delivery-stop would have reported, from the signal tracepoints. Included once, by
 * capsule.bpf.c, after its maps and output helpers.
 *
 * A traced process differs from an untraced one in what reaches delivery, so three paths:
 * - a signal dequeued for delivery (handled, or a default action): signal_deliver, as ptrace;
 * - a signal the process ignores (SIGCHLD's default): an untraced process drops it when it is
 *   sent, a ptraced one queues it and stops for it when its current call returns, so it is sent
 *   after that call's record (deferred_signals), or now when the thread is not in a call;
 * - a fatal signal: an untraced process skips dequeuing it (the kernel turns it into a group
 *   SIGKILL at once), so its siginfo is kept when it is queued (queued_signals) and sent when the
 *   group dies of it. ptrace reports no SIGKILL, neither does this. */

#define SIGKILL 9
#define SI_USER 0
#define SI_KERNEL 0x80
#define SEND_SIG_PRIV 1 /* include/linux/sched/signal.h: the pointer values that carry no siginfo */
#define SIGNAL_GROUP_EXIT 0x4
#define SA_IMMUTABLE 0x00800000
#define TRACE_DELIVERED 0 /* enum trace_signal_result */
#define TRACE_IGNORED 1

/* The siginfo as the records show it; info may be SEND_SIG_NOINFO (0: from the current task,
 * SI_USER) or SEND_SIG_PRIV (1: from the kernel). */
static __always_inline void fill_siginfo(struct capsule_signal *s, int sig, struct kernel_siginfo *info) {
  __u64 v = (__u64)info;
  s->type = CAPSULE_REC_SIGNAL;
  s->signo = sig;
  if (v == 0) {
    s->code = SI_USER;
    /* _kill: si_pid, then si_uid */
    s->fields[0] = (bpf_get_current_pid_tgid() >> 32) | ((__u64)(__u32)bpf_get_current_uid_gid() << 32);
  } else if (v == SEND_SIG_PRIV) {
    s->code = SI_KERNEL;
  } else {
    s->code = BPF_CORE_READ(info, si_code);
    bpf_probe_read_kernel(s->fields, sizeof(s->fields), &info->_sifields);
  }
  s->t = bpf_ktime_get_ns();
}

SEC("tp_btf/signal_generate")
int BPF_PROG(on_signal_generate, int sig, struct kernel_siginfo *info, struct task_struct *task, int group,
             int result) {
  __u32 tgid = task->tgid, tid = task->pid;
  if (sig == SIGKILL || !is_traced(tgid)) return 0;
  if (result != TRACE_DELIVERED && result != TRACE_IGNORED) return 0;
  struct capsule_signal s = {};
  fill_siginfo(&s, sig, info);
  s.tid = tid;
  s.tgid = tgid;
  if (result == TRACE_DELIVERED) {
    __u64 key = ((__u64)tgid << 8) | (__u8)sig;
    bpf_map_update_elem(&queued_signals, &key, &s, BPF_ANY);
    return 0;
  }
  /* Ignored because the group is dying: ptrace would drop it as well. */
  if (BPF_CORE_READ(task, signal, flags) & SIGNAL_GROUP_EXIT) return 0;
  if (!pending_of(task)) {
    output(&s, sizeof(s));
    return 0;
  }
  emit_deferred_signal(tid); /* one waits already: it goes first */
  __sync_fetch_and_add(&deferred_count, 1);
  if (bpf_map_update_elem(&deferred_signals, &tid, &s, BPF_ANY) != 0) __sync_fetch_and_sub(&deferred_count, 1);
  return 0;
}

SEC("tp_btf/signal_deliver")
int BPF_PROG(on_signal_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  __u32 tgid = pid_tgid >> 32, tid = (__u32)pid_tgid;
  if (!is_traced(tgid)) return 0;
  if (sig == SIGKILL) {
    /* The group dies: of a real SIGKILL (not reported), or of the fatal signal it became. */
    if ((__u64)info != 0) return 0;
    struct task_struct *t = bpf_get_current_task_btf();
    int fatal = BPF_CORE_READ(t, signal, group_exit_code) & 0x7f;
    if (fatal == 0 || fatal == SIGKILL) return 0;
    __u64 key = ((__u64)tgid << 8) | (__u8)fatal;
    struct capsule_signal *q = bpf_map_lookup_elem(&queued_signals, &key);
    if (!q) return 0; /* another thread reported it already */
    struct capsule_signal copy = *q;
    copy.tid = tid;
    copy.t = bpf_ktime_get_ns();
    output(&copy, sizeof(copy));
    bpf_map_delete_elem(&queued_signals, &key);
    return 0;
  }
  /* A signal the kernel forces past any handler and past ptrace (a seccomp kill's SIGSYS): no
   * signal-delivery-stop reports it. */
  if (BPF_CORE_READ(ka, sa.sa_flags) & SA_IMMUTABLE) return 0;
  struct capsule_signal s = {};
  fill_siginfo(&s, sig, info);
  s.tid = tid;
  s.tgid = tgid;
  output(&s, sizeof(s));
  __u64 key = ((__u64)tgid << 8) | (__u8)sig;
  bpf_map_delete_elem(&queued_signals, &key);
  return 0;
}

/* A thread of a traced process entering a group-stop (SIGSTOP, or SIGTSTP, SIGTTIN, SIGTTOU at
 * their default action) sleeps in TASK_STOPPED: ptrace reports each such thread, as this does. The
 * signal is the group's stop signal (jobctl's low bits). Every switch of every task passes here,
 * so the state is tested before anything else. */
#define CAPSULE_TASK_STOPPED 0x4 /* __TASK_STOPPED */
#define CAPSULE_JOBCTL_STOP_SIGMASK 0xffff

SEC("tp_btf/sched_switch")
int BPF_PROG(on_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
             unsigned int prev_state) {
  if (!(prev_state & CAPSULE_TASK_STOPPED)) return 0;
  __u32 tgid = prev->tgid;
  if (!is_traced(tgid)) return 0;
  struct capsule_signal s = {};
  s.type = CAPSULE_REC_SIGNAL;
  s.tid = prev->pid;
  s.tgid = tgid;
  s.signo = prev->jobctl & CAPSULE_JOBCTL_STOP_SIGMASK;
  s.stopped = 1;
  s.t = bpf_ktime_get_ns();
  output(&s, sizeof(s));
  return 0;
}
