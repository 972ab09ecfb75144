#include "store/libpq_api.h"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "store/pg_connection.h"

namespace capsule::store {
namespace {

// The soname libpq has had since PostgreSQL 8.4; Debian's libpq5 package ships it.
constexpr const char* kLibpqSoname = "libpq.so.5";

LibpqApi load_libpq() {
  void* lib = dlopen(kLibpqSoname, RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    throw StoreError(std::string("the store needs libpq (Debian package libpq5): ") + (why != nullptr ? why : kLibpqSoname),
                     false);
  }
  LibpqApi api{};
#define CAPSULE_LIBPQ_RESOLVE(name)                                                                  \
  api.name = reinterpret_cast<decltype(&::name)>(dlsym(lib, #name));                                 \
  if (api.name == nullptr) throw StoreError(std::string(kLibpqSoname) + " has no " #name, false);
  CAPSULE_LIBPQ_FUNCTIONS(CAPSULE_LIBPQ_RESOLVE)
#undef CAPSULE_LIBPQ_RESOLVE
  return api;  // the library stays open for the process's life
}

}  // namespace

const LibpqApi& libpq() {
  static std::once_flag once;
  static LibpqApi api;
  std::call_once(once, [] { api = load_libpq(); });
  return api;
}

}  // namespace capsule::store
