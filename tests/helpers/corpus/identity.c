// Who the process is: the get*id family, setting ids to what they already are (the same
// result as root or not), supplementary groups, fsuid, and capget/capset. Exits 0.
#define _GNU_SOURCE
#include <grp.h>
#include <linux/capability.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  uid_t r, e, s;
  gid_t gr, ge, gs;
  getresuid(&r, &e, &s);
  getresgid(&gr, &ge, &gs);
  syscall(SYS_getuid);
  syscall(SYS_geteuid);
  syscall(SYS_getgid);
  syscall(SYS_getegid);
  setresuid(-1, -1, -1);
  setresgid(-1, -1, -1);
  setreuid(-1, e);
  setregid(-1, ge);
  setuid(e);
  setgid(ge);
  gid_t groups[64];
  const int n = getgroups(64, groups);
  getgroups(0, NULL);
  setgroups(n > 0 ? (size_t)n : 0, groups);
  setfsuid(-1);
  setfsgid(-1);
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  syscall(SYS_capget, &h, d);
  syscall(SYS_capset, &h, d);
  h.version = 0x12345678;
  syscall(SYS_capget, &h, d);
  return 0;
}
