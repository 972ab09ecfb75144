// Policy helper A: opens, writes, reads back and prints a file in the directory given (default
// "."). The syscalls it makes are the baseline profile of the policy tests.
#include "write_read_back.h"

int main(int argc, char** argv) { return write_read_back(argc > 1 ? argv[1] : ".", "a.txt", "A"); }
