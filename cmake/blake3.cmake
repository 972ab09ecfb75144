# BLAKE3: the official C implementation as Debian ships it in librust-blake3-dev. We compile it
# from there (never a vendored copy), with the x86-64 assembly kernels when building for x86-64.
file(GLOB CAPSULE_BLAKE3_DIRS LIST_DIRECTORIES true "/usr/share/cargo/registry/blake3-*/c")
list(SORT CAPSULE_BLAKE3_DIRS)
list(LENGTH CAPSULE_BLAKE3_DIRS _n)
if(_n EQUAL 0)
  message(FATAL_ERROR "BLAKE3 C sources not found: apt-get install librust-blake3-dev")
endif()
list(GET CAPSULE_BLAKE3_DIRS -1 BLAKE3_C_DIR)
message(STATUS "BLAKE3 C sources: ${BLAKE3_C_DIR}")

set(_b3 ${BLAKE3_C_DIR})
add_library(blake3 STATIC ${_b3}/blake3.c ${_b3}/blake3_dispatch.c ${_b3}/blake3_portable.c)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  target_sources(blake3 PRIVATE
    ${_b3}/blake3_sse2_x86-64_unix.S ${_b3}/blake3_sse41_x86-64_unix.S
    ${_b3}/blake3_avx2_x86-64_unix.S ${_b3}/blake3_avx512_x86-64_unix.S)
else()
  target_compile_definitions(blake3 PRIVATE BLAKE3_NO_SSE2 BLAKE3_NO_SSE41 BLAKE3_NO_AVX2 BLAKE3_NO_AVX512)
endif()
target_include_directories(blake3 SYSTEM PUBLIC ${_b3})
set_target_properties(blake3 PROPERTIES POSITION_INDEPENDENT_CODE ON)
