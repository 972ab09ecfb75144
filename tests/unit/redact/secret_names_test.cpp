#include <gtest/gtest.h>

#include "redact/secret_names.h"

namespace capsule {
namespace {

TEST(SecretNames, NamesThatHoldSecrets) {
  for (const char* n : {"GITHUB_TOKEN", "GH_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "PGPASSWORD",
                        "MYSQL_PWD", "NPM_AUTH_TOKEN", "API_KEY", "apikey", "stripe-api-key", "SESSION_COOKIE",
                        "DB_PASSWD", "SSH_PRIVATE", "CI_JOB_TOKEN", "DOCKER_AUTH", "GOOGLE_CREDENTIALS",
                        "APITOKEN", "client.secret"}) {
    EXPECT_TRUE(is_secret_name(n)) << n;
  }
}

TEST(SecretNames, NamesThatDoNot) {
  for (const char* n : {"PATH", "HOME", "PWD", "OLDPWD", "LANG", "TERM", "SSH_AUTH_SOCK", "KEYBOARD", "MONKEY",
                        "GOOGLE_APPLICATION_CREDENTIALS_FILE", "XDG_SESSION_TYPE", "TOKENIZER", "GPG_KEY_DIR",
                        ""}) {
    EXPECT_FALSE(is_secret_name(n)) << n;
  }
}

}  // namespace
}  // namespace capsule
