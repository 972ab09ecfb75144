// fstatat (newfstatat) of each argument, failures included: for the decoding of struct stat.
// Usage: stat_paths PATH... ; exits 0.
#define _GNU_SOURCE
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char** argv) {
  struct stat st;
  for (int i = 1; i < argc; ++i) fstatat(AT_FDCWD, argv[i], &st, AT_SYMLINK_NOFOLLOW);
  return 0;
}
