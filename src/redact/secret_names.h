// Which environment variable names hold secrets (docs/SECURITY.md, "Redaction"): the names CI
// systems and tools give tokens, passwords and keys. Decided by the name alone, because a
// secret's value has no shape that tells it from any other string.
#pragma once

#include <string_view>

namespace capsule {

// True for GITHUB_TOKEN, AWS_SECRET_ACCESS_KEY, PGPASSWORD, NPM_AUTH_TOKEN, API_KEY,
// SESSION_COOKIE…: a part of the name (split at '_', '-', '.'; any case) is one of TOKEN, SECRET,
// PASSWORD, PASSWD, PASS, PWD (but not the variable PWD), KEY, APIKEY, AUTH, AUTHORIZATION,
// CREDENTIAL(S), CREDS, COOKIE, SESSION, PRIVATE, or ends in TOKEN, SECRET, PASSWORD or PASSWD
// (PGPASSWORD, APITOKEN). Names whose last part says the value is a place, not the secret
// (…_SOCK, _SOCKET, _PATH, _FILE, _DIR, _HOME, _TYPE: SSH_AUTH_SOCK, GOOGLE_APPLICATION_CREDENTIALS
// is not one of them) are not secret.
bool is_secret_name(std::string_view name);

}  // namespace capsule
