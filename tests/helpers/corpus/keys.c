// Kernel keys: add_key to the process keyring, keyctl's read/describe/setperm/revoke/search on
// it, request_key of a missing key (ENOKEY). Key serials are random per run; the comparison
// replaces the serials these calls return. Exits 0.
#define _GNU_SOURCE
#include <linux/keyctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const long ring = syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_PROCESS_KEYRING, 1);
  const long key = syscall(SYS_add_key, "user", "capsule:corpus", "payload", 7, KEY_SPEC_PROCESS_KEYRING);
  char buf[128];
  syscall(SYS_keyctl, KEYCTL_READ, key, buf, sizeof buf);
  syscall(SYS_keyctl, KEYCTL_DESCRIBE, key, buf, sizeof buf);
  syscall(SYS_keyctl, KEYCTL_SETPERM, key, 0x3f010000);
  syscall(SYS_keyctl, KEYCTL_SEARCH, ring, "user", "capsule:corpus", 0);
  syscall(SYS_request_key, "user", "capsule:missing", NULL, KEY_SPEC_PROCESS_KEYRING);
  syscall(SYS_keyctl, KEYCTL_REVOKE, key);
  syscall(SYS_keyctl, KEYCTL_READ, key, buf, sizeof buf);
  syscall(SYS_add_key, "nosuchtype", "d", "p", 1, KEY_SPEC_PROCESS_KEYRING);
  return 0;
}
