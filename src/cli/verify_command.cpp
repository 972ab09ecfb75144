// capsule verify: check a run's chains against its signed checkpoints and seal, its manifest and,
// when given, an anchor; or (--attestation) a `capsule attest` envelope, verify_attestation.cpp.
// Exit 0 intact and sealed, 1 tampered, 3 intact but not sealed, 2 usage.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/verify_attestation.h"
#include "log/chain/anchor.h"
#include "log/chain/pruned_log.h"
#include "log/render/event_render.h"
#include "log/rundir/input_file.h"
#include "log/rundir/run_dir.h"
#include "log/chain/signing_key.h"
#include "log/verify/verify.h"
#include "view/record_render.h"

#ifdef CAPSULE_HAVE_STORE
#include "store/pg_connection.h"
#include "store/store_anchor.h"
#endif

namespace capsule {
namespace {

struct VerifyOptions {
  HomeOption home;
  std::string run = "latest";
  bool all = false;
  bool json = false;
  std::optional<std::string> pubkey;
  std::optional<std::string> anchor;
  std::optional<std::string> attestation;
};

const char* verdict_word(int code) {
  return code == 0 ? "intact" : code == 1 ? "tampered" : "unsealed";
}

nlohmann::json to_json(const std::string& run_dir, const VerifyReport& r, const VerifyKeys& keys) {
  nlohmann::json j;
  j["run_dir"] = run_dir;
  j["verdict"] = verdict_word(r.exit_code());
  j["exit_code"] = r.exit_code();
  j["ok"] = r.ok;
  j["complete"] = r.complete;
  j["sealed"] = r.sealed;
  j["signatures_checked"] = r.signatures_checked;
  j["tags_checked"] = r.tags_checked;
  j["signer"] = r.signer;
  j["key_source"] = keys.trusted_source;
  j["checkpoints"] = r.checkpoints;
  j["problems"] = r.problems;
  j["cannot_prove"] = r.unproven;
  j["incomplete"] = r.incomplete;
  j["streams"] = nlohmann::json::array();
  for (const auto& s : r.streams) {
    nlohmann::json js{{"stream", s.stream}, {"file", s.file},           {"records", s.records},
                      {"ok", s.ok},         {"sealed", s.sealed},       {"torn_tail", s.torn_tail},
                      {"unauthenticated", s.unauthenticated}};
    js["last_authenticated_seq"] =
        s.authenticated > 0 ? nlohmann::json(s.authenticated - 1) : nlohmann::json(nullptr);
    if (!s.ok) {
      js["bad_seq"] = s.bad_line > 0 ? s.bad_line - 1 : 0;
      js["bad_line"] = s.bad_line;
      js["bad_offset"] = s.bad_offset;
      js["reason"] = s.reason;
    }
    j["streams"].push_back(js);
  }
  return j;
}

std::string stream_line(const StreamVerdict& s) {
  std::string out = fmt::format("  {} ({}): ", s.stream, s.file);
  if (!s.ok) {
    return out + fmt::format("TAMPERED at seq {} (line {}, byte {}): {}", s.bad_line - 1,
                             s.bad_line, s.bad_offset, s.reason);
  }
  out += fmt::format("{} records", s.records);
  if (s.sealed) return out + ", sealed";
  out += s.authenticated > 0 ? fmt::format(", authenticated through seq {}", s.authenticated - 1)
                             : std::string(", nothing authenticated");
  if (s.unauthenticated > 0) out += fmt::format(", {} after it unauthenticated", s.unauthenticated);
  if (s.torn_tail) out += ", then lines with no block hash (writer killed)";
  return out;
}

void print_text(const std::string& run_dir, const VerifyReport& r, const VerifyKeys& keys) {
  const int code = r.exit_code();
  fmt::print("{}\n", code == 0 ? "ok" : code == 1 ? "FAILED" : "unsealed");
  fmt::print("  run {}: {}{}\n", view::printable(run_dir),
             code == 0   ? "intact and sealed"
             : code == 1 ? "tampered"
                         : "intact as far as it goes, but not sealed",
             r.incomplete.empty() ? "" : "; the record is incomplete (below)");
  if (!r.signer.empty()) {
    fmt::print("  signed by {}; trusted key: {}\n", r.signer,
               keys.trusted ? key_fingerprint(*keys.trusted) + " (" + keys.trusted_source + ")"
                            : std::string("none"));
  }
  fmt::print("  {} checkpoints; epoch tags {}\n", r.checkpoints,
             r.tags_checked ? "checked" : "not checked");
  for (const auto& p : r.problems) fmt::print("  problem: {}\n", view::printable(p));
  for (const auto& s : r.streams) fmt::print("{}\n", view::printable(stream_line(s)));
  for (const auto& u : r.unproven) fmt::print("  cannot prove: {}\n", view::printable(u));
  for (const auto& i : r.incomplete) fmt::print("  incomplete: {}\n", view::printable(i));
  if (code != 1) return;
  for (const auto& s : r.streams) {
    if (!s.ok) {
      print_error(fmt::format("verify: {} line {}: {}", s.file, s.bad_line, s.reason));
      return;
    }
  }
  print_error(fmt::format("verify: {}", r.problems.empty() ? "run does not verify" : r.problems.front()));
}

// The signed pruned.log line of a run (id or unique prefix), when the trusted key signed one.
std::optional<PrunedRun> pruned_run(const std::filesystem::path& home, const std::string& id,
                                    const std::optional<PublicKey32>& key) {
  if (!key || id.empty() || id == "latest") return std::nullopt;
  for (PrunedRun& p : read_pruned(home, *key)) {
    if (p.run.rfind(id, 0) == 0) return std::move(p);
  }
  return std::nullopt;
}

std::string pruned_text(const PrunedRun& p) {
  std::string when;
  append_iso_time(p.pruned_at_us, when);
  return fmt::format("run {}: pruned at {} ({}); its anchor stays in heads.log", p.run, when, p.reason);
}

// `--anchor postgres://…`: the anchors of the runs pushed to that store (docs/STORE.md).
bool is_store_anchor(const std::optional<std::string>& anchor) {
  return anchor && (anchor->starts_with("postgres://") || anchor->starts_with("postgresql://"));
}

// Every pushed run's anchor; in `mine`, those pushed from this home (a run the store holds from
// another machine is not missing here).
std::vector<AnchorEntry> store_anchors([[maybe_unused]] const std::string& url,
                                       [[maybe_unused]] const std::filesystem::path& home,
                                       [[maybe_unused]] std::vector<AnchorEntry>& mine) {
#ifdef CAPSULE_HAVE_STORE
  store::PgConnection c(url);
  mine = store::read_store_anchors(c, store::default_origin(home));
  return store::read_store_anchors(c);
#else
  throw std::runtime_error("this capsule was built without the PostgreSQL store (libpq-dev; CAPSULE_STORE)");
#endif
}

// 1 beats 3 beats 0.
int worse(int a, int b) {
  auto rank = [](int c) { return c == 1 ? 2 : c == 3 ? 1 : 0; };
  return rank(a) >= rank(b) ? a : b;
}

int verify(const VerifyOptions& o) {
  if (o.attestation) {
    try {
      return verify_attestation(*o.attestation, resolve_home(o.home.home), o.pubkey);
    } catch (const RunDirError& e) {
      print_error(e.what());
      return exit_code::kUsage;
    }
  }
  std::filesystem::path home;
  std::vector<std::filesystem::path> dirs;
  VerifyKeys keys;
  std::vector<std::filesystem::path> strays;  // --all: what in logs/ is not a run
  std::optional<EpochSecretKey> epoch_secret;
  std::vector<AnchorEntry> anchored;
  try {
    home = resolve_home(o.home.home);
    if (o.all) {
      dirs = list_runs(home);
      strays = list_strays(home);
      // With an anchor, an empty home is a verdict (every anchored run is gone), not a usage error.
      if (dirs.empty() && strays.empty() && !o.anchor) throw RunDirError("no runs in " + (home / "logs").string());
    } else {
      try {
        dirs.push_back(resolve_run(home, o.run));
      } catch (const RunDirError&) {
        // A run removed by `capsule prune` is not missing: pruned.log says so, signed.
        if (const auto p = pruned_run(home, o.run, o.pubkey ? read_public_key_file(*o.pubkey) : home_signing_public_key(home))) {
          fmt::print("{}\n", pruned_text(*p));
          return exit_code::kOk;
        }
        throw;
      }
    }
    if (o.pubkey) {
      keys.trusted = read_public_key_file(*o.pubkey);
      keys.trusted_source = "pinned with --pubkey " + *o.pubkey;
    } else if ((keys.trusted = home_signing_public_key(home))) {
      keys.trusted_source = "this home's key, not pinned: pass --pubkey to verify against a key "
                            "kept elsewhere";
    }
    epoch_secret = EpochSecretKey::load(home, false);
    if (epoch_secret) keys.epoch_secret = &*epoch_secret;
    // An anchor that cannot be read is a mistake in the command line, not a verdict on the runs.
    if (o.anchor && !is_store_anchor(o.anchor)) anchored = read_anchors(*o.anchor);
  } catch (const RunDirError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  } catch (const KeyError& e) {
    print_error(e.what());
    return exit_code::kUsage;
  } catch (const InputFileError& e) {
    print_error(fmt::format("--anchor {}", e.what()));
    return exit_code::kUsage;
  }
  if (is_store_anchor(o.anchor)) {
    // A store that cannot be asked is no verdict on the runs either.
    try {
      keys.anchor_entries = store_anchors(*o.anchor, home, anchored);
    } catch (const std::exception& e) {
      print_error(fmt::format("verify: --anchor: {}", e.what()));
      return exit_code::kStore;
    }
    keys.anchor_name = "the store";
  } else if (o.anchor) {
    keys.anchor = *o.anchor;
  }

  int code = exit_code::kOk;
  nlohmann::json all = nlohmann::json::array();
  for (const auto& dir : dirs) {
    const VerifyReport r = verify_run(dir, keys);
    code = worse(code, r.exit_code());
    if (o.json) {
      all.push_back(to_json(dir.string(), r, keys));
    } else {
      print_text(dir.string(), r, keys);
    }
  }
  // Something in logs/ that is not a run may be a run renamed out of sight: it does not verify.
  for (const auto& stray : strays) {
    code = exit_code::kTampered;
    const std::string msg = stray.string() + " is not a run directory (a run's is named <timestamp>-<uuid>)";
    if (o.json) all.push_back({{"run_dir", stray.string()}, {"verdict", "tampered"}, {"problems", {msg}}});
    else print_error("verify: " + msg);
  }
  if (o.all && o.anchor) {
    // A run the anchor knows but the home no longer holds was deleted.
    for (const AnchorEntry& e : anchored) {
      bool found = false;
      for (const auto& dir : dirs) found |= run_id_of(dir) == e.run;
      if (found) continue;
      if (const auto p = pruned_run(home, e.run, keys.trusted)) {
        if (o.json) all.push_back({{"run", e.run}, {"verdict", "pruned"}, {"problems", nlohmann::json::array()},
                                   {"pruned_at_us", p->pruned_at_us}, {"reason", p->reason}});
        else fmt::print("{}\n", pruned_text(*p));
        continue;
      }
      code = exit_code::kTampered;
      const std::string msg = "run " + e.run + " is in the anchor but missing (deleted)";
      if (o.json) all.push_back({{"run", e.run}, {"verdict", "tampered"}, {"problems", {msg}}});
      else print_error("verify: " + msg);
    }
  }
  if (o.json) fmt::print("{}\n", (o.all ? all : all.at(0)).dump(2));
  return code;
}

}  // namespace

Command add_verify_command(CLI::App& app) {
  auto opts = std::make_shared<VerifyOptions>();
  auto* sub = app.add_subcommand(
      "verify", "Check a run's chains, signed checkpoints and seal (exit 0 intact and sealed, "
                "1 tampered, 3 intact but not sealed)");
  add_home_option(*sub, opts->home);
  auto* run = sub->add_option("--run", opts->run,
                              "A run id, a unique prefix of one, a log directory, or 'latest'")
                  ->default_val("latest");
  sub->add_flag("--all", opts->all, "Verify every run in the home")->excludes(run);
  sub->add_flag("--json", opts->json, "Print the report as JSON");
  sub->add_option("--pubkey,--key", opts->pubkey,
                  "Accept only runs signed by this key (a `capsule keys --export` file); "
                  "default: the home's own key");
  sub->add_option("--anchor", opts->anchor,
                  "An anchor file (heads.log), or a store (postgres://…) the runs were pushed to, to detect "
                  "rollback, truncation and replacement");
  sub->add_option("--attestation", opts->attestation,
                  "Check a `capsule attest` envelope instead: its signature (by --pubkey, else the home's key) "
                  "and, when this home holds its run, that the run verifies and is the one attested")
      ->excludes(run)
      ->excludes("--all")
      ->excludes("--anchor");
  return {sub, [opts] { return verify(*opts); }, nullptr};
}

}  // namespace capsule
