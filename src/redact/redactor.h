// Redaction: secrets never reach the disk (docs/SECURITY.md, "Redaction"). Every event passes
// through here before any stage sees it, so every stream, every finding and the manifest hold the
// same markers, and the rules see that a secret was there (the `secret` field) without its value.
//
// A secret becomes "<redacted:LABEL:HASH>": LABEL is the environment variable it came from
// (GITHUB_TOKEN) or the credential's kind (github-token, private-key…), HASH the first 12 hex
// digits of BLAKE3 keyed with the home's keys/redact.key over the secret's bytes, so that equal
// secrets compare equal across runs of one home while nobody without the key can test guesses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "event/syscall_event.h"

namespace capsule {

enum class RedactMode : uint8_t {
  None,     // record everything as it is
  Secrets,  // the default: secret-named environment values, and credentials by shape anywhere
  AllEnv,   // Secrets, and every environment value (names kept)
};

std::optional<RedactMode> parse_redact_mode(std::string_view s);  // "none", "secrets", "all-env"
std::string_view redact_mode_name(RedactMode m);

class Redactor {
 public:
  static constexpr std::string_view kMarkerStart = "<redacted:";
  // Values of secret-named variables shorter than this are redacted where they stand (NAME=…)
  // but not searched for elsewhere: "1" or "yes" would blank out half the log.
  static constexpr size_t kMinLearnedLength = 8;

  Redactor(RedactMode mode, const std::array<uint8_t, 32>& key);

  RedactMode mode() const { return mode_; }

  // The environment the traced program starts with (capsule's own, for `run`): its secret values
  // are searched for in every string from the first event on, before any execve shows them.
  void learn_environment(const char* const* envp);

  // Rewrites every string of the event in place: execve's envp entries, then every Str and Raw
  // text (arguments, buffers, struct fields, unparsed lines). Secret-named values it meets in an
  // envp are learnt, so a later write of the same value is redacted too.
  void redact(SyscallEvent& ev);

  // One string (an argv word, a manifest's command line): credentials by shape and learnt values.
  void redact_text(std::string& s, bool cut_short = false) const;
  // One "NAME=value" environment entry.
  void redact_env_entry(std::string& entry);

  std::string marker(std::string_view label, std::string_view secret) const;

 private:
  struct Known {
    std::string value;
    std::string label;
  };
  void learn(std::string_view name, std::string_view value);
  void redact_arg(Arg& a);

  RedactMode mode_;
  std::array<uint8_t, 32> key_;
  std::vector<Known> known_;  // longest first, so a value inside a longer one is not cut apart
};

// The kinds of secret whose markers a string holds ("GITHUB_TOKEN", "jwt"), for the rules' field.
void append_marker_labels(std::string_view text, std::vector<std::string_view>& out);

}  // namespace capsule
