#include "log/chain/pruned_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "log/chain/chain.h"
#include "log/rundir/file_io.h"

namespace capsule {
namespace {

// What the signature covers: every field, after a domain separator.
std::string signed_message(const PrunedRun& p) {
  return std::string("capsule.pruned.v1", 18) + nlohmann::ordered_json{{"run", p.run}, {"pruned_at_us", p.pruned_at_us},
                                                                        {"bytes", p.bytes}, {"reason", p.reason}}
                                                     .dump();
}

}  // namespace

std::filesystem::path pruned_log_path(const std::filesystem::path& home) { return home / "pruned.log"; }

void append_pruned(const std::filesystem::path& home, const SigningKey& key, const PrunedRun& p) {
  const std::filesystem::path file = pruned_log_path(home);
  const Signature64 sig = key.sign(signed_message(p));
  const std::string line = nlohmann::ordered_json{{"run", p.run},
                                                  {"pruned_at_us", p.pruned_at_us},
                                                  {"bytes", p.bytes},
                                                  {"reason", p.reason},
                                                  {"sig", bytes_to_hex(sig.data(), sig.size())}}
                               .dump() +
                           "\n";
  UniqueFd fd(::open(file.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600));
  if (!fd) throw std::runtime_error("cannot open " + file.string() + ": " + std::strerror(errno));
  size_t written = 0;
  if (const int err = file_io::write_all(fd.get(), line, written); err != 0) {
    throw std::runtime_error("cannot write " + file.string() + ": " + std::strerror(err));
  }
  if (::fsync(fd.get()) != 0) throw std::runtime_error("cannot fsync " + file.string() + ": " + std::strerror(errno));
}

std::vector<PrunedRun> read_pruned(const std::filesystem::path& home, const PublicKey32& public_key) {
  std::vector<PrunedRun> out;
  std::ifstream in(pruned_log_path(home));
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object()) continue;
    try {
      PrunedRun p{j.at("run").get<std::string>(), j.at("pruned_at_us").get<int64_t>(), j.at("bytes").get<uint64_t>(),
                  j.at("reason").get<std::string>()};
      Signature64 sig{};
      if (!hex_to_bytes(j.at("sig").get<std::string>(), sig.data(), sig.size())) continue;
      if (verify_signature(public_key, signed_message(p), sig)) out.push_back(std::move(p));
    } catch (const nlohmann::json::exception&) {
      // a line of the wrong shape proves nothing
    }
  }
  return out;
}

}  // namespace capsule
