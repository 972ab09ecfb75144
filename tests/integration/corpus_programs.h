// The cross-check corpus: every helper in tests/helpers/corpus/ (one syscall family each) and
// real programs (coreutils, python3, tar, gcc, sh, git, a loopback client/server), each with what
// it needs to run the same way twice.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace capsule::test {

struct CorpusProgram {
  std::string name;
  std::vector<std::string> argv;                            // run in a fresh work directory
  std::vector<std::string> env;                             // "K=V" added to the program's
  std::map<std::string, std::string> files;                 // written into the work directory first
  std::vector<std::pair<std::string, std::string>> rewrite;  // its own run-to-run differences
};

std::vector<CorpusProgram> corpus_programs();

}  // namespace capsule::test
