#include "policy/exec_interpreter.h"

#include <elf.h>

#include <cstring>
#include <fstream>

namespace capsule {
namespace {

// PT_INTERP of a 64-bit little-endian ELF (the only kind this build runs), else "".
std::string elf_interpreter(std::ifstream& in) {
  Elf64_Ehdr eh{};
  in.seekg(0);
  if (!in.read(reinterpret_cast<char*>(&eh), sizeof eh)) return {};
  if (std::memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_ident[EI_CLASS] != ELFCLASS64) return {};
  constexpr uint16_t kMaxHeaders = 256;  // a corrupt count must not make us read for long
  for (uint16_t i = 0; i < eh.e_phnum && i < kMaxHeaders; ++i) {
    Elf64_Phdr ph{};
    in.seekg(static_cast<std::streamoff>(eh.e_phoff + uint64_t{i} * eh.e_phentsize));
    if (!in.read(reinterpret_cast<char*>(&ph), sizeof ph)) return {};
    if (ph.p_type != PT_INTERP || ph.p_filesz == 0 || ph.p_filesz > 4096) continue;
    std::string path(ph.p_filesz, '\0');
    in.seekg(static_cast<std::streamoff>(ph.p_offset));
    if (!in.read(path.data(), static_cast<std::streamsize>(path.size()))) return {};
    return path.substr(0, path.find('\0'));
  }
  return {};
}

std::string script_interpreter(std::ifstream& in) {
  in.seekg(0);
  std::string line;
  if (!std::getline(in, line) || !line.starts_with("#!")) return {};
  const size_t start = line.find_first_not_of(" \t", 2);
  if (start == std::string::npos) return {};
  const size_t end = line.find_first_of(" \t", start);
  return line.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace

std::vector<std::string> exec_interpreters(const std::string& path) {
  std::vector<std::string> out;
  std::string current = path;
  // The kernel allows a few levels of scripts; two are enough for "script → interpreter → loader".
  for (int depth = 0; depth < 4; ++depth) {
    std::ifstream in(current, std::ios::binary);
    if (!in) break;
    std::string next = script_interpreter(in);
    if (next.empty()) {
      in.clear();
      next = elf_interpreter(in);
    }
    if (next.empty() || next[0] != '/') break;
    out.push_back(next);
    current = next;
  }
  return out;
}

}  // namespace capsule
