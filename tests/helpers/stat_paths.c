// fstatat (newfstatat) and statx of each argument, failures included: for the decoding of struct
// stat and struct statx. Usage: stat_paths PATH... ; exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char** argv) {
  struct stat st;
  struct statx stx;
  for (int i = 1; i < argc; ++i) {
    fstatat(AT_FDCWD, argv[i], &st, AT_SYMLINK_NOFOLLOW);
    statx(AT_FDCWD, argv[i], AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, &stx);
  }
  return 0;
}
