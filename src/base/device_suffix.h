// strace -yy's mark of a device after its path: "/dev/null<char 1:3>", "/dev/sda<block 8:0>".
// Shared by the native tracer (fds a call creates) and the /proc snapshot (fds a process starts
// with), so that a device fd reads the same whichever way capsule learnt it.
#pragma once

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <string>

namespace capsule {

// Appends the mark to ref when st is a character or block device; nothing otherwise.
inline void append_device_suffix(const struct stat& st, std::string& ref) {
  if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode)) return;
  ref += S_ISCHR(st.st_mode) ? "<char " : "<block ";
  ref += std::to_string(major(st.st_rdev));
  ref += ':';
  ref += std::to_string(minor(st.st_rdev));
  ref += '>';
}

}  // namespace capsule
