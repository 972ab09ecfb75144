// Drops capabilities the way libcap does (capget, then capset of the v3 pair of structs), then
// opens a file with openat2: for the decoding of both calls' structs and for the enricher's
// capability tracking. Usage: drop_caps FILE — keeps only CAP_CHOWN and CAP_KILL in the
// effective and permitted sets, then openat2(AT_FDCWD, FILE, {O_RDONLY|O_CLOEXEC,
// RESOLVE_NO_SYMLINKS}). Exits 0 when both succeed, 1 otherwise.
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: drop_caps FILE\n");
    return 2;
  }
  struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capget, &hdr, data) != 0) return 1;
  const unsigned keep = (1u << CAP_CHOWN) | (1u << CAP_KILL);
  data[0].effective &= keep;
  data[0].permitted &= keep;
  data[0].inheritable = 0;
  data[1].effective = data[1].permitted = data[1].inheritable = 0;
  if (syscall(SYS_capset, &hdr, data) != 0) return 1;
  struct open_how how;
  memset(&how, 0, sizeof how);
  how.flags = O_RDONLY | O_CLOEXEC;
  how.resolve = RESOLVE_NO_SYMLINKS;
  const long fd = syscall(SYS_openat2, AT_FDCWD, argv[1], &how, sizeof how);
  if (fd < 0) return 1;
  close((int)fd);
  return 0;
}
