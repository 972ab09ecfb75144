#include <gtest/gtest.h>

#include <string>

#include "redact/credential_shapes.h"

namespace capsule {
namespace {

// The kinds found in text, with the matched text, one per line.
std::string found(std::string_view text, bool cut = false) {
  std::string out;
  for (const auto& m : find_credentials(text, cut)) {
    out += std::string(m.kind) + " " + std::string(text.substr(m.pos, m.len)) + "\n";
  }
  return out;
}

const std::string kGh = "ghp_" + std::string(36, 'a');

TEST(CredentialShapes, GithubTokens) {
  EXPECT_EQ(found("Authorization: token " + kGh + "\r\n"), "github-token " + kGh + "\n");
  EXPECT_EQ(found("github_pat_11ABCDEFG0123456789_abcdefghij x"), "github-token github_pat_11ABCDEFG0123456789_abcdefghij\n");
  EXPECT_EQ(found("ghp_short"), "");            // too short to be a token
  EXPECT_EQ(found("x" + kGh), "");              // inside a longer word
  EXPECT_EQ(found("tok=ghp_abc", true), "github-token ghp_abc\n");  // cut at the string limit
  EXPECT_EQ(found("tok=ghp_abc", false), "");
}

TEST(CredentialShapes, AwsKeyIds) {
  EXPECT_EQ(found("id=AKIAIOSFODNN7EXAMPLE;"), "aws-access-key AKIAIOSFODNN7EXAMPLE\n");
  EXPECT_EQ(found("AKIAIOSFODNN7EXAMPLEX"), "");  // 17 characters: not a key id
  EXPECT_EQ(found("AKIAIOSFODNN7EX"), "");
  EXPECT_EQ(found("AKIAIOSFODNN7EX", true), "aws-access-key AKIAIOSFODNN7EX\n");
}

TEST(CredentialShapes, SlackAndJwt) {
  EXPECT_EQ(found("xoxb-1234567890-abcdef and"), "slack-token xoxb-1234567890-abcdef\n");
  EXPECT_EQ(found("xoxz-1234567890"), "");
  const std::string jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
  EXPECT_EQ(found("Bearer " + jwt + "\n"), "jwt " + jwt + "\n");
  EXPECT_EQ(found("eyJhbGciOiJIUzI1NiJ9 alone"), "");
}

TEST(CredentialShapes, PrivateKeyBlocks) {
  const std::string block = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXk=\n-----END OPENSSH PRIVATE KEY-----";
  EXPECT_EQ(found("x\n" + block + "\ny"), "private-key " + block + "\n");
  EXPECT_EQ(found("-----BEGIN PRIVATE KEY-----\nMIIE"), "private-key -----BEGIN PRIVATE KEY-----\nMIIE\n");
  EXPECT_EQ(found("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"), "");
  EXPECT_EQ(found("-----BEGIN PUBLIC KEY-----\nMIIB"), "");
}

}  // namespace
}  // namespace capsule
