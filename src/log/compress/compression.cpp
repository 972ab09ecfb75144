#include "log/compress/compression.h"

#include "base/number_parse.h"

namespace capsule {

std::optional<Compression> parse_compression(std::string_view text) {
  if (text == "none") return Compression{Compression::Codec::None, 0};
  constexpr std::string_view kZstd = "zstd";
  constexpr std::string_view kAll = "-all";
  if (text.substr(0, kZstd.size()) != kZstd) return std::nullopt;
  text.remove_prefix(kZstd.size());
  Compression c;
  c.codec = Compression::Codec::Zstd;
  if (text.substr(0, kAll.size()) == kAll) {
    c.text_log_too = true;
    text.remove_prefix(kAll.size());
  }
  if (text.empty()) return c;
  if (text.front() != ':') return std::nullopt;
  text.remove_prefix(1);
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);
  size_t i = 0;
  const auto v = take_canonical_decimal(text, i, 2);
  if (!v || i != text.size()) return std::nullopt;
  const int level = negative ? -static_cast<int>(*v) : static_cast<int>(*v);
  if (level < kMinZstdLevel || level > kMaxZstdLevel || (negative && level == 0)) return std::nullopt;
  c.level = level;
  return c;
}

std::string compression_text(const Compression& c) {
  if (!c.on()) return "none";
  return (c.text_log_too ? "zstd-all:" : "zstd:") + std::to_string(c.level);
}

Compression stream_compression(const Compression& run, bool text_stream) {
  if (text_stream && !run.text_log_too) return Compression{Compression::Codec::None, 0};
  return run;
}

std::string stored_file_name(std::string_view plain_file, const Compression& c) {
  std::string out(plain_file);
  if (c.on()) out += kZstdSuffix;
  return out;
}

bool is_compressed_file(std::string_view file) {
  return file.size() > kZstdSuffix.size() && file.substr(file.size() - kZstdSuffix.size()) == kZstdSuffix;
}

std::string_view plain_file_name(std::string_view file) {
  return is_compressed_file(file) ? file.substr(0, file.size() - kZstdSuffix.size()) : file;
}

}  // namespace capsule
