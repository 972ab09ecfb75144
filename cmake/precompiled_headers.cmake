# Precompiled headers for the targets whose files all include the same heavy header-only
# libraries: the command line (CLI11, nlohmann/json, fmt) and the tests (GoogleTest, json).
# Parsing and instantiating those headers was most of each such file's compile time (a command
# file under ASan: 27 s of CPU, 16 s with a precompiled header and -g1), and CI builds the tree
# three times on two CPUs. On by default in Debug builds (CI's sanitizer build) only: with a
# precompiled header, GCC 12 at -O2 no longer treats libstdc++'s inlined code as a system
# header's and reports its known false -Warray-bounds positives in std::string (GCC bug 105329)
# as errors of ours. CAPSULE_PCH=OFF builds without them, e.g. to check that every file includes
# what it uses (the normal and fuzz builds do).
if(CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(_pch_default ON)
else()
  set(_pch_default OFF)
endif()
option(CAPSULE_PCH "Precompile the heavy third-party headers" ${_pch_default})

set(CAPSULE_PCH_COMMON <filesystem> <functional> <map> <optional> <string> <string_view> <vector>
                       <nlohmann/json.hpp> <fmt/format.h>)

# capsule_precompile(TARGET HEADER...): TARGET's files are compiled with these headers (and the
# common ones above) precompiled.
function(capsule_precompile target)
  if(CAPSULE_PCH)
    target_precompile_headers(${target} PRIVATE ${CAPSULE_PCH_COMMON} ${ARGN})
  endif()
endfunction()
