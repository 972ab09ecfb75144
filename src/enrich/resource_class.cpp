#include "enrich/resource_class.h"

#include <algorithm>
#include <array>

namespace capsule {
namespace {

// True when path is `dir` itself or lies below it ("/proc", "/proc/1/status"; not "/procx").
bool under(std::string_view path, std::string_view dir) {
  if (!path.starts_with(dir)) return false;
  return path.size() == dir.size() || path[dir.size()] == '/';
}

}  // namespace

std::string_view resource_class_name(ResourceClass c) {
  switch (c) {
    case ResourceClass::Unknown: return "unknown";
    case ResourceClass::File: return "file";
    case ResourceClass::Directory: return "directory";
    case ResourceClass::Socket: return "socket";
    case ResourceClass::Pipe: return "pipe";
    case ResourceClass::Procfs: return "procfs";
    case ResourceClass::Devfs: return "devfs";
    case ResourceClass::Sysfs: return "sysfs";
    case ResourceClass::SharedMem: return "shm";
    case ResourceClass::Anonymous: return "anonymous";
  }
  return "unknown";
}

ResourceClass classify_path(std::string_view path) {
  if (path.empty()) return ResourceClass::Unknown;
  if (under(path, "/dev/shm") || path.starts_with("/memfd:")) return ResourceClass::SharedMem;
  if (under(path, "/proc")) return ResourceClass::Procfs;
  if (under(path, "/dev")) return ResourceClass::Devfs;
  if (under(path, "/sys")) return ResourceClass::Sysfs;
  if (path == "/") return ResourceClass::Directory;
  return ResourceClass::File;
}

ResourceClass classify_ref(std::string_view ref) {
  if (ref.empty()) return ResourceClass::Unknown;
  if (ref.front() == '/') return classify_path(ref);
  if (ref.starts_with("pipe:")) return ResourceClass::Pipe;
  if (ref.starts_with("anon_inode:")) return ResourceClass::Anonymous;
  // Socket refs: /proc's "socket:[ino]" and strace -yy's protocol forms ("TCP:[…]",
  // "UNIX-STREAM:[…]", "L2TP/IP:[…]"): the kernel's protocol names are upper case, /proc's
  // other "kind:[…]" names (pipe, net, anon_inode) lower case.
  if (ref.starts_with("socket:")) return ResourceClass::Socket;
  if (const size_t colon = ref.find(":["); colon != std::string_view::npos && ref.front() >= 'A' && ref.front() <= 'Z') {
    const std::string_view name = ref.substr(0, colon);
    const bool protocol = std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '/';
    });
    if (protocol) return ResourceClass::Socket;
  }
  // Namespace fds read as "net:[4026531840]" in /proc/PID/fd.
  if (ref.find(":[") != std::string_view::npos) return ResourceClass::Anonymous;
  // Relative path (cwd unknown when it was opened).
  return classify_path(ref);
}

}  // namespace capsule
