// The instructions of a seccomp filter that answers one x86_64 system call with an errno and
// allows every other call (own_seccomp.c, deny_bpf.c):
//   struct sock_filter insns[] = REFUSE_ONE_CALL(__NR_mkdir, EACCES);
#pragma once

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>

#define REFUSE_ONE_CALL(call, code)                                           \
  {                                                                          \
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)), \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),            \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),                            \
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),   \
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (call), 0, 1),                       \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (code)),                   \
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),                            \
  }
