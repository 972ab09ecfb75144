#pragma once
// libpq, opened on first use. Linking it made every capsule command load 23 more shared
// libraries (libpq pulls in LDAP, Kerberos, GnuTLS...) and run their constructors: about 3 ms of
// CPU on each `capsule run`, for a store that most runs never touch. Only the store's commands
// open it now (dlopen), through this table of the functions capsule calls.
#include <libpq-fe.h>

namespace capsule::store {

#define CAPSULE_LIBPQ_FUNCTIONS(X)                                                                                  \
  X(PQconnectdb) X(PQstatus) X(PQerrorMessage) X(PQfinish) X(PQbackendPID) X(PQresultErrorMessage)                \
  X(PQresultErrorField) X(PQexecParams) X(PQexec) X(PQresultStatus) X(PQclear) X(PQntuples) X(PQnfields)          \
  X(PQfname) X(PQgetisnull) X(PQgetvalue) X(PQgetlength) X(PQputCopyData) X(PQputCopyEnd) X(PQgetResult)

struct LibpqApi {
#define CAPSULE_LIBPQ_MEMBER(name) decltype(&::name) name;
  CAPSULE_LIBPQ_FUNCTIONS(CAPSULE_LIBPQ_MEMBER)
#undef CAPSULE_LIBPQ_MEMBER
};

// The library's functions; the first call opens it. Throws StoreError (not a lost connection)
// where libpq (Debian's libpq5) is not installed.
const LibpqApi& libpq();

}  // namespace capsule::store
