#include "redact/redactor.h"

#include <blake3.h>

#include <algorithm>

#include "decode/signatures.h"
#include "redact/credential_shapes.h"
#include "redact/secret_names.h"

namespace capsule {
namespace {

constexpr size_t kHashHexDigits = 12;
// A cut buffer that ends in this much of a known secret's start is taken to hold that secret.
constexpr size_t kMinCutPrefix = 4;

// execve's or execveat's envp argument, when this event has one.
Arg* envp_arg(SyscallEvent& ev) {
  if (ev.type != EventType::Syscall) return nullptr;
  // By number (an array read: this runs on every event); by name only for a record that has none.
  const SyscallSignature* sig = ev.nr >= 0 ? find_signature(ev.arch, ev.nr) : find_signature(ev.name);
  if (sig == nullptr || sig->facts.access != PathAccess::Exec) return nullptr;
  for (size_t i = 0; i < sig->nargs && i < ev.args.size(); ++i) {
    if (sig->params[i].name == "envp" && ev.args[i].kind == ArgKind::Array) return &ev.args[i];
  }
  return nullptr;
}

}  // namespace

std::optional<RedactMode> parse_redact_mode(std::string_view s) {
  if (s == "none") return RedactMode::None;
  if (s == "secrets") return RedactMode::Secrets;
  if (s == "all-env") return RedactMode::AllEnv;
  return std::nullopt;
}

std::string_view redact_mode_name(RedactMode m) {
  switch (m) {
    case RedactMode::None: return "none";
    case RedactMode::Secrets: return "secrets";
    case RedactMode::AllEnv: return "all-env";
  }
  return "secrets";
}

Redactor::Redactor(RedactMode mode, const std::array<uint8_t, 32>& key) : mode_(mode), key_(key) {}

std::string Redactor::marker(std::string_view label, std::string_view secret) const {
  blake3_hasher h;
  blake3_hasher_init_keyed(&h, key_.data());
  blake3_hasher_update(&h, secret.data(), secret.size());
  uint8_t digest[kHashHexDigits / 2];
  blake3_hasher_finalize(&h, digest, sizeof digest);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(kMarkerStart.size() + label.size() + 2 + kHashHexDigits);
  out += kMarkerStart;
  out += label;
  out += ':';
  for (uint8_t b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  out += '>';
  return out;
}

void Redactor::learn(std::string_view name, std::string_view value) {
  if (value.size() < kMinLearnedLength) return;
  for (const Known& k : known_) {
    if (k.value == value) return;
  }
  known_.push_back({std::string(value), std::string(name)});
  std::stable_sort(known_.begin(), known_.end(),
                   [](const Known& a, const Known& b) { return a.value.size() > b.value.size(); });
}

void Redactor::learn_environment(const char* const* envp) {
  if (mode_ == RedactMode::None || envp == nullptr) return;
  for (; *envp != nullptr; ++envp) {
    const std::string_view entry(*envp);
    const size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    if (is_secret_name(entry.substr(0, eq))) learn(entry.substr(0, eq), entry.substr(eq + 1));
  }
}

void Redactor::redact_text(std::string& s, bool cut_short) const {
  if (mode_ == RedactMode::None || s.empty()) return;
  for (const Known& k : known_) {
    size_t at = s.find(k.value);
    while (at != std::string::npos) {
      const std::string m = marker(k.label, k.value);
      s.replace(at, k.value.size(), m);
      at = s.find(k.value, at + m.size());
    }
    if (cut_short) {
      // The cut fell inside the secret: its first bytes are still the secret's.
      const size_t longest = std::min(k.value.size() - 1, s.size());
      for (size_t n = longest; n >= kMinCutPrefix; --n) {
        if (s.compare(s.size() - n, n, k.value, 0, n) == 0) {
          s.replace(s.size() - n, n, marker(k.label, k.value));
          break;
        }
      }
    }
  }
  const std::vector<CredentialMatch> found = find_credentials(s, cut_short);
  if (found.empty()) return;
  std::string out;
  out.reserve(s.size());
  size_t from = 0;
  for (const CredentialMatch& m : found) {
    out.append(s, from, m.pos - from);
    out += marker(m.kind, std::string_view(s).substr(m.pos, m.len));
    from = m.pos + m.len;
  }
  out.append(s, from, std::string::npos);
  s = std::move(out);
}

void Redactor::redact_env_entry(std::string& entry) {
  if (mode_ == RedactMode::None) return;
  const size_t eq = entry.find('=');
  if (eq == std::string::npos) {
    redact_text(entry);
    return;
  }
  const std::string_view name = std::string_view(entry).substr(0, eq);
  const std::string_view value = std::string_view(entry).substr(eq + 1);
  const bool secret = is_secret_name(name);
  if (secret) learn(name, value);
  if ((secret || mode_ == RedactMode::AllEnv) && !value.empty()) {
    entry = std::string(name) + "=" + marker(name, value);
    return;
  }
  std::string v(value);
  redact_text(v);
  entry.replace(eq + 1, std::string::npos, v);
}

void Redactor::redact_arg(Arg& a) {
  switch (a.kind) {
    case ArgKind::Str: redact_text(a.text, a.truncated); break;
    case ArgKind::Raw: redact_text(a.text); break;
    case ArgKind::Struct:
    case ArgKind::Array:
      for (Arg& item : a.items) redact_arg(item);
      break;
    default: break;
  }
}

void Redactor::redact(SyscallEvent& ev) {
  if (mode_ == RedactMode::None) return;
  // The environment first: what it teaches is then found in argv and everywhere after.
  Arg* envp = envp_arg(ev);
  if (envp != nullptr) {
    for (Arg& item : envp->items) {
      if (item.kind == ArgKind::Str) redact_env_entry(item.text);
    }
  }
  for (Arg& a : ev.args) {
    if (&a != envp) redact_arg(a);
  }
}

void append_marker_labels(std::string_view text, std::vector<std::string_view>& out) {
  size_t at = text.find(Redactor::kMarkerStart);
  while (at != std::string_view::npos) {
    const size_t label = at + Redactor::kMarkerStart.size();
    const size_t colon = text.find(':', label);
    if (colon == std::string_view::npos) return;
    out.push_back(text.substr(label, colon - label));
    at = text.find(Redactor::kMarkerStart, colon);
  }
}

}  // namespace capsule
