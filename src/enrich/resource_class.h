// What kind of object a path or an fd refers to: the coarse class auditors filter on ("did this
// job touch /proc?", "which sockets?"). Derived from the path text or the fd's ref, never from a
// stat per event.
#pragma once

#include <cstdint>
#include <string_view>

namespace capsule {

enum class ResourceClass : uint8_t {
  Unknown,
  File,
  Directory,
  Socket,
  Pipe,
  Procfs,     // under /proc
  Devfs,      // under /dev (but not /dev/shm)
  Sysfs,      // under /sys
  SharedMem,  // /dev/shm, memfd
  Anonymous,  // anon_inode: eventfd, epoll, signalfd, …; also namespace fds ("net:[…]")
};

// "file", "directory", "socket", "pipe", "procfs", "devfs", "sysfs", "shm", "anonymous", "unknown".
std::string_view resource_class_name(ResourceClass c);

// Class of an absolute (or, failing that, relative) path by its location in the tree.
ResourceClass classify_path(std::string_view path);

// Class of an fd's strace -yy ref: "/etc/passwd", "socket:[1]", "TCP:[…]", "pipe:[2]",
// "anon_inode:[eventfd]", "/memfd:x (deleted)", "net:[4026531840]".
ResourceClass classify_ref(std::string_view ref);

}  // namespace capsule
