// Feeds strace lines (the parser of capsule import) through the enricher and the detector with
// the default rules, as the pipeline does, and keeps the findings.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/detector.h"
#include "detect/rule_book.h"
#include "enrich/enricher.h"
#include "enrich/proc_snapshot.h"
#include "strace/strace_parser.h"

namespace capsule::test {

// An unprivileged user (uid/gid 1000, no capabilities) in /home/u, as pid 100 before its execve.
inline ProcessSnapshot user_snapshot(int32_t pid = 100, uint32_t uid = 1000) {
  ProcessSnapshot s;
  s.pid = pid;
  s.ppid = 1;
  s.exe = "/usr/bin/bash";
  s.cwd = "/home/u";
  s.argv = std::vector<std::string>{"bash"};
  s.cred.uid = s.cred.euid = s.cred.suid = s.cred.fsuid = uid;
  s.cred.gid = s.cred.egid = s.cred.sgid = s.cred.fsgid = uid;
  s.cred.groups = std::vector<uint32_t>{uid};
  s.cred.cap_eff = s.cred.cap_prm = 0;
  s.cred.cap_bnd = 0x1ffffffffffull;
  s.fds = {{0, "/dev/null", false, false}, {1, "/dev/null", false, false}, {2, "/dev/null", false, false}};
  return s;
}

class DetectHarness {
 public:
  explicit DetectHarness(std::string_view extra_rules = {}, const ProcessSnapshot& seed = user_snapshot())
      : detector_(rules(extra_rules), [this](const Finding& f) { findings.push_back(f); }) {
    enricher_.seed(seed);
  }

  // strace -f -tt -yy lines, one per line. `adjust` changes each parsed event before it is
  // enriched (what strace text cannot say: who refused a call).
  void feed(std::string_view text, const std::function<void(SyscallEvent&)>& adjust = {}) {
    StraceParseOptions opts;
    opts.day_start_us = 1'800'000'000'000'000;
    opts.on_error = [](const StraceParseError& e) { ADD_FAILURE() << "unparsed: " << e.line << ": " << e.reason; };
    StraceLineParser parser(opts);
    SyscallEvent ev;
    auto drain = [&] {
      while (parser.pop(ev)) {
        ev.seq = next_seq_++;
        if (adjust) adjust(ev);
        enricher_.process(ev);
        detector_.feed(ev, enricher_);
      }
    };
    size_t pos = 0;
    while (pos < text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string_view::npos) nl = text.size();
      if (nl > pos) parser.feed(text.substr(pos, nl - pos));
      pos = nl + 1;
      drain();
    }
    parser.finish();
    drain();
  }

  // "rule-id[seq,seq]" for each finding, in the order found.
  std::vector<std::string> summary() const {
    std::vector<std::string> out;
    for (const auto& f : findings) {
      std::string s = f.rule + "[";
      for (size_t i = 0; i < f.evidence.size(); ++i) s += (i ? "," : "") + std::to_string(f.evidence[i]);
      out.push_back(s + "]");
    }
    return out;
  }

  std::vector<Finding> findings;

 private:
  static std::vector<Rule> rules(std::string_view extra) {
    RuleBook book = load_rules({});
    if (!extra.empty()) book.parse(extra, "test.rules");
    return book.rules();
  }
  Enricher enricher_;
  Detector detector_;
  uint64_t next_seq_ = 0;
};

// The traced program's own execve (seq 0): gives the process its HOME (/home/u).
inline std::string exec_line(std::string_view program = "/usr/bin/bash") {
  return "100 10:00:00.000000 execve(\"" + std::string(program) + "\", [\"prog\"], [\"HOME=/home/u\", \"PATH=/usr/bin\"]) = 0\n";
}

}  // namespace capsule::test
