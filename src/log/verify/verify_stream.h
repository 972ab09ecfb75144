// Block-chain verification of one stream file against its sidecar (docs/FORMAT.md, "Block
// chain"); verify.cpp adds the manifest and the checkpoints.
// Internal to src/log.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "log/chain/chain.h"
#include "log/chain/epoch_key.h"
#include "log/verify/verify.h"

namespace capsule {

// What a signed checkpoint says about one stream at the end of one epoch.
struct StreamProbe {
  uint64_t epoch = 0;
  uint64_t records = 0;
  Hash32 head{};
  Hash32 tag{};
};

struct StreamCheck {
  StreamVerdict verdict;       // records = intact records before the first bad one
  std::string head_hex;        // chain head after the intact records
  uint64_t last_line_offset = 0;  // offset of the last intact record's line
  uint64_t noted_offset = 0;   // offset of line note_line (or the file size if never reached)
  bool torn = false;           // the failure is a last line without '\n'
  uint64_t probes_passed = 0;  // checkpoints whose head (and tag) matched
  uint64_t authenticated = 0;  // records covered by the last passed checkpoint
  uint64_t end_offset = 0;     // byte just after the last intact record
  uint64_t tail_bytes = 0;     // bytes after the last block (torn: no sidecar entry names them)
};

struct StreamCheckInput {
  std::filesystem::path dir;
  std::string stream;          // stream name, part of every hash
  std::string file;            // file name in dir
  std::string run_id;
  bool check_seq = false;      // JSONL: lines must start {"seq":<index>,
  uint64_t note_line = 0;      // 1-based line whose offset to report in noted_offset
  // The stream's checkpoints in order, and the tag key of each epoch (index = epoch) when the
  // verifier holds k_0; empty tag_keys: tags are not checked.
  std::vector<StreamProbe> probes;
  const std::vector<EpochKey32>* tag_keys = nullptr;
};

// file holds the lines; its blocks are read from sidecar_file_name(file).
StreamCheck check_block_stream(const StreamCheckInput& in);

// A per-record chained line (checkpoints.jsonl): the payload without its final '}' and the stored
// chain hash; false when the line does not end with the chain member.
bool split_chained_line(std::string_view line, std::string_view& payload_head, Hash32& stored);

}  // namespace capsule
