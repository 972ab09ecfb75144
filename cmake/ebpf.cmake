# The eBPF backend's kernel side (src/trace/ebpf/bpf/): compiled with clang to a BPF object against a
# vmlinux.h generated at build time from this machine's BTF, then embedded in capsule as a libbpf
# skeleton. A machine without the tools (clang, bpftool, libbpf-dev, kernel BTF) still builds
# capsule: the backend is then compiled out and `--backend ebpf` says it was not built.
#   -DCAPSULE_EBPF=AUTO (default): build it when everything is found; ON: fail without; OFF: never.
# Defines capsule_configure_ebpf(target): links the skeleton and CAPSULE_HAVE_EBPF into target.
set(CAPSULE_EBPF AUTO CACHE STRING "Build the eBPF backend: AUTO, ON or OFF")
set(CAPSULE_BTF_FILE /sys/kernel/btf/vmlinux CACHE FILEPATH "Kernel BTF the BPF programs are built against")

set(CAPSULE_HAVE_EBPF OFF)
if(NOT CAPSULE_EBPF STREQUAL "OFF")
  find_program(CAPSULE_BPF_CLANG NAMES clang clang-14)
  find_program(CAPSULE_BPFTOOL NAMES bpftool PATHS /usr/sbin /sbin)
  pkg_check_modules(LIBBPF IMPORTED_TARGET libbpf)
  set(_missing "")
  if(NOT CAPSULE_BPF_CLANG)
    list(APPEND _missing clang)
  endif()
  if(NOT CAPSULE_BPFTOOL)
    list(APPEND _missing bpftool)
  endif()
  if(NOT LIBBPF_FOUND)
    list(APPEND _missing libbpf-dev)
  endif()
  if(NOT EXISTS ${CAPSULE_BTF_FILE})
    list(APPEND _missing "kernel BTF (${CAPSULE_BTF_FILE})")
  endif()
  if(_missing)
    if(CAPSULE_EBPF STREQUAL "ON")
      message(FATAL_ERROR "CAPSULE_EBPF=ON but missing: ${_missing}")
    endif()
    message(STATUS "eBPF backend: not built (missing: ${_missing})")
  else()
    set(CAPSULE_HAVE_EBPF ON)
    message(STATUS "eBPF backend: built (${CAPSULE_BPF_CLANG}, ${CAPSULE_BPFTOOL}, libbpf ${LIBBPF_VERSION})")
  endif()
endif()

function(capsule_configure_ebpf target)
  if(NOT CAPSULE_HAVE_EBPF)
    return()
  endif()
  set(_src ${CMAKE_SOURCE_DIR}/src/trace/ebpf/bpf)
  set(_out ${CMAKE_BINARY_DIR}/generated/ebpf)
  file(MAKE_DIRECTORY ${_out})
  # The BPF program is one translation unit: capsule.bpf.c and the headers it includes.
  file(GLOB _bpf_sources ${_src}/*.c ${_src}/*.h)
  add_custom_command(OUTPUT ${_out}/vmlinux.h
                     COMMAND ${CAPSULE_BPFTOOL} btf dump file ${CAPSULE_BTF_FILE} format c > ${_out}/vmlinux.h
                     COMMENT "Generating vmlinux.h from ${CAPSULE_BTF_FILE}")
  add_custom_command(OUTPUT ${_out}/capsule.bpf.o
                     COMMAND ${CAPSULE_BPF_CLANG} -g -O2 -target bpf -D__TARGET_ARCH_x86 -Wall -Werror
                             -I${_out} -I${_src} -c ${_src}/capsule.bpf.c -o ${_out}/capsule.bpf.o
                     DEPENDS ${_bpf_sources} ${_out}/vmlinux.h
                     COMMENT "Compiling the eBPF programs")
  add_custom_command(OUTPUT ${_out}/capsule.skel.h
                     COMMAND ${CAPSULE_BPFTOOL} gen skeleton ${_out}/capsule.bpf.o name capsule_bpf > ${_out}/capsule.skel.h
                     DEPENDS ${_out}/capsule.bpf.o
                     COMMENT "Generating the eBPF skeleton")
  add_custom_target(capsule_ebpf_skeleton DEPENDS ${_out}/capsule.skel.h)
  add_dependencies(${target} capsule_ebpf_skeleton)
  # SYSTEM: the generated skeleton is C-style code that our warnings (-Wold-style-cast) are not for.
  target_include_directories(${target} SYSTEM PRIVATE ${_out})
  target_compile_definitions(${target} PUBLIC CAPSULE_HAVE_EBPF=1)
  target_link_libraries(${target} PUBLIC PkgConfig::LIBBPF)
endfunction()
