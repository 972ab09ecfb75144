// Chain verification of one stream file; verify.cpp adds the manifest. Internal to src/log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "log/verify.h"

namespace capsule {

struct StreamCheck {
  StreamVerdict verdict;       // records = intact records before the first bad one
  std::string head_hex;        // chain head after the intact records
  uint64_t last_line_offset = 0;  // offset of the last intact record's line
  uint64_t noted_offset = 0;   // offset of line note_line (or the file size if never reached)
};

struct StreamCheckInput {
  std::filesystem::path dir;
  std::string stream;          // stream name, part of every hash
  std::string file;            // file name in dir
  std::string run_id;
  bool check_seq = false;      // JSONL: lines must start {"seq":<index>,
  uint64_t note_line = 0;      // 1-based line whose offset to report in noted_offset
};

StreamCheck check_jsonl_stream(const StreamCheckInput& in);
// file is the log; its hashes are read from sidecar_file_name(file).
StreamCheck check_text_stream(const StreamCheckInput& in);

}  // namespace capsule
