// Credentials that announce themselves by their shape, found anywhere in a recorded string
// (arguments, environment values, buffers read or written): GitHub tokens, AWS access key ids,
// Slack tokens, JWTs and PEM private-key blocks. Hand-written scanners, not regular expressions:
// this runs on every buffer of every event, and a scan that finds nothing costs one pass with
// memchr-like speed.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace capsule {

struct CredentialMatch {
  size_t pos = 0;
  size_t len = 0;
  std::string_view kind;  // "github-token", "aws-access-key", "slack-token", "jwt", "private-key"
};

// Every credential in text, in order, not overlapping. cut_short: text is the start of a longer
// string (truncated at --string-limit), so a credential running to its end is matched although
// its tail is missing (a cut token is still most of a token).
std::vector<CredentialMatch> find_credentials(std::string_view text, bool cut_short);

}  // namespace capsule
