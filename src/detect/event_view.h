// The fields of one event as the rules see them (rule.h's Field), computed lazily: a rule that
// only looks at the syscall name and an argument never resolves a path or reads the context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/process_tracker.h"
#include "detect/rule.h"
#include "enrich/enricher.h"
#include "event/syscall_event.h"

namespace capsule {

// One value of a field: text, or a number (then text is empty).
struct FieldItem {
  std::string_view text;
  int64_t num = 0;
  bool has_num = false;
};

class EventView {
 public:
  EventView(const SyscallEvent& ev, const Enricher& enr, ProcessTracker& tracker)
      : ev_(ev), enr_(enr), tracker_(tracker) {}

  const SyscallEvent& event() const { return ev_; }
  // The values of a field (replaces out's content). Views stay valid while this EventView lives.
  void values(Field f, const std::string& arg_name, std::vector<FieldItem>& out);
  std::string_view home();
  // The process's argv now (empty when unknown).
  std::vector<std::string> argv_list();
  // Resolved path arguments (see Field::Path).
  const std::vector<std::string>& paths();

 private:
  struct SocketText {
    std::string proto, local, remote;
  };
  const ProcessContext* ctx();
  void compute_addr();
  void compute_fds();
  void compute_access();
  // read / write / exec, computed once per event (several rules ask).
  bool access_done_ = false;
  bool read_ = false, write_ = false, exec_ = false;

  const SyscallEvent& ev_;
  const Enricher& enr_;
  ProcessTracker& tracker_;
  bool home_done_ = false;
  std::string_view home_;
  bool ctx_done_ = false;
  const ProcessContext* ctx_ = nullptr;
  bool paths_done_ = false;
  std::vector<std::string> paths_;
  bool addr_done_ = false;
  std::string addr_, addr_ip_, addr_family_;
  std::optional<int64_t> addr_port_;
  bool fds_done_ = false;
  std::vector<SocketText> fd_sockets_;
  std::string argv_;
  std::string peer_named_;
  bool argv_done_ = false;
  std::vector<std::string> caps_;
};

}  // namespace capsule
