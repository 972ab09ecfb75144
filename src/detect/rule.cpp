#include "detect/rule.h"

#include <array>
#include <utility>

namespace capsule {
namespace {

constexpr std::array<std::pair<std::string_view, Field>, 33> kFields{{
    {"syscall", Field::Syscall},     {"result", Field::Result},       {"ret", Field::Ret},
    {"path", Field::Path},           {"path.created", Field::PathCreated},
    {"path.shared_dir", Field::PathSharedDir},
    {"fd.path", Field::FdPath},      {"fd.kind", Field::FdKind},      {"fd.remote", Field::FdRemote},
    {"fd.local", Field::FdLocal},    {"fd.proto", Field::FdProto},    {"addr", Field::Addr},
    {"addr.ip", Field::AddrIp},      {"addr.port", Field::AddrPort},  {"addr.family", Field::AddrFamily},
    {"exe", Field::Exe},             {"exe.setuid", Field::ExeSetuid}, {"argv", Field::Argv},
    {"pid", Field::Pid},             {"ppid", Field::Ppid},           {"uid", Field::Uid},
    {"euid", Field::Euid},           {"gid", Field::Gid},             {"egid", Field::Egid},
    {"caps", Field::Caps},           {"gained", Field::Gained},       {"access", Field::Access},
    {"peer", Field::Peer},           {"peer.scope", Field::PeerScope},
    {"peer.host", Field::PeerHost},  {"peer.named", Field::PeerNamed}, {"denied", Field::Denied},
    {"secret", Field::Secret},
}};

constexpr std::array<std::string_view, 5> kSeverities{"info", "low", "medium", "high", "critical"};

}  // namespace

std::string_view severity_name(Severity s) { return kSeverities[static_cast<size_t>(s)]; }

std::optional<Severity> parse_severity(std::string_view name) {
  for (size_t i = 0; i < kSeverities.size(); ++i) {
    if (kSeverities[i] == name) return static_cast<Severity>(i);
  }
  return std::nullopt;
}

std::optional<Field> parse_field(std::string_view name, std::string& arg_name) {
  if (name.starts_with("arg.") && name.size() > 4) {
    arg_name = name.substr(4);
    return Field::Arg;
  }
  for (const auto& [n, f] : kFields) {
    if (n == name) return f;
  }
  return std::nullopt;
}

std::string field_names() {
  std::string out;
  for (const auto& [n, f] : kFields) {
    out += n;
    out += ", ";
  }
  out += "arg.NAME";
  return out;
}

}  // namespace capsule
