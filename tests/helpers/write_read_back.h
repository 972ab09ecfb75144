// What policy helpers A and B both do first: write "written by WHO\n" to DIR/NAME, read it back
// and print "WHO read: …". Returns 0, or the helper's exit code for the step that failed (10-13).
#pragma once

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int write_read_back(const char* dir, const char* name, const char* who) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  const int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) return 10;
  char text[64];
  snprintf(text, sizeof text, "written by %s\n", who);
  if (write(out, text, strlen(text)) != (ssize_t)strlen(text)) return 11;
  close(out);
  const int in = open(path, O_RDONLY);
  if (in < 0) return 12;
  char buf[64] = {0};
  const ssize_t n = read(in, buf, sizeof buf - 1);
  close(in);
  if (n <= 0) return 13;
  printf("%s read: %s", who, buf);
  return 0;
}
