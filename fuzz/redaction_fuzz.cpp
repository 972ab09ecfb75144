// libFuzzer target for redaction (redact/): every buffer a traced program writes or reads goes
// through it, so the input is the program's. Checked: no crash, and the promise itself: after
// redact_text, no credential shape and no learnt secret is left in the text.
//
// Build as in strace_parser_fuzz.cpp, then:
//   /work/main/build-fuzz/fuzz/fuzz_redaction -max_total_time=600 /tmp/redaction-corpus
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "redact/credential_shapes.h"
#include "redact/redactor.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool cut = (data[0] & 1) != 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  static const capsule::Redactor redactor = [] {
    capsule::Redactor r(capsule::RedactMode::Secrets, std::array<uint8_t, 32>{});
    const char* env[] = {"DEPLOY_TOKEN=hunter2hunter2", nullptr};
    r.learn_environment(env);
    return r;
  }();
  redactor.redact_text(text, cut);
  if (text.find("hunter2hunter2") != std::string::npos) std::abort();
  // Shapes that reach the end of a cut text are redacted too, so nothing may be found either way.
  if (!capsule::find_credentials(text, false).empty()) std::abort();
  return 0;
}
