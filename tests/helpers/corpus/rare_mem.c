// Rarely decoded memory calls: memory protection keys (pkey_alloc, pkey_mprotect, pkey_free,
// which fail the same way where the CPU has none), migrate_pages and the NUMA policy calls
// (get_mempolicy, set_mempolicy, mbind) on node 0, membarrier (the commands this kernel has, one
// registered and issued, one flag it refuses). Exits 0.
#define _GNU_SOURCE
#include <linux/membarrier.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void) {
  const long key = syscall(SYS_pkey_alloc, 0, 0x1 /* PKEY_DISABLE_ACCESS */);
  char* m = mmap((void*)0x500000000UL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
  syscall(SYS_pkey_mprotect, m, 4096, PROT_READ, key);
  syscall(SYS_pkey_free, key);
  syscall(SYS_pkey_alloc, 1, 0);
  unsigned long nodes = 1, newnodes = 1;
  syscall(SYS_migrate_pages, 0, 64, &nodes, &newnodes);
  int mode = 0;
  unsigned long mask = 0;
  syscall(SYS_get_mempolicy, &mode, &mask, 64, NULL, 0);
  syscall(SYS_set_mempolicy, 0 /* MPOL_DEFAULT */, NULL, 0);
  syscall(SYS_mbind, m, 4096, 0 /* MPOL_DEFAULT */, NULL, 0, 0);
  syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
  syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
  syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
  syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, MEMBARRIER_CMD_FLAG_CPU, 0);
  return 0;
}
