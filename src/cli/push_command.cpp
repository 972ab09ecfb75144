// capsule push [--run ID | --all] --db URL: copies sealed runs into the PostgreSQL store
// (docs/STORE.md). Each run is verified first: only an intact, sealed run is pushed, and only the
// records its seal covers. A cut connection is resumed (reconnect, continue from what the store
// committed); pushing again adds nothing.
#include <fmt/core.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/chain/signing_key.h"
#include "log/rundir/run_dir.h"
#include "log/verify/verify.h"

#ifdef CAPSULE_HAVE_STORE
#include "store/pg_connection.h"
#include "store/pusher.h"
#include "store/store_anchor.h"
#include "store/stream_rows.h"
#endif

namespace capsule {
namespace {

struct PushOptions {
  HomeOption home;
  std::string run = "latest";
  bool all = false;
  std::string db;
  std::optional<std::string> origin;
  uint64_t batch = 50000;
  unsigned retries = 3;
};

#ifdef CAPSULE_HAVE_STORE

// One run, reconnecting after a cut connection up to `retries` times; the store keeps what each
// committed batch added, so every attempt continues where the last one stopped.
int push_one(std::unique_ptr<store::PgConnection>& conn, store::Partitions& parts, const std::filesystem::path& dir,
             const PushOptions& o, const store::PushOptions& po) {
  for (unsigned attempt = 0;; ++attempt) {
    try {
      if (!conn) {
        conn = std::make_unique<store::PgConnection>(o.db);
        parts = store::Partitions();
      }
      const store::PushResult r = store::push_run(*conn, parts, dir, po);
      if (r.already) {
        fmt::print("run {}: already in the store\n", r.run_id);
      } else {
        fmt::print("run {}: pushed {} events, {} processes, {} actions, {} findings, {} denials ({} batches)\n",
                   r.run_id, r.events, r.processes, r.actions, r.findings, r.denials, r.batches);
      }
      return exit_code::kOk;
    } catch (const store::StoreError& e) {
      conn.reset();
      if (!e.lost() || attempt >= o.retries) {
        print_error(fmt::format("push: {}", e.what()));
        return exit_code::kStore;
      }
      print_error(fmt::format("push: {}; reconnecting to resume", e.what()));
      ::sleep(1);
    } catch (const store::PushError& e) {
      print_error(fmt::format("push: {}", e.what()));
      return exit_code::kTampered;
    } catch (const store::StreamError& e) {
      print_error(fmt::format("push: run {}: {}", run_id_of(dir), e.what()));
      return exit_code::kTampered;
    }
  }
}

int push(const PushOptions& o) {
  std::filesystem::path home;
  std::vector<std::filesystem::path> dirs;
  VerifyKeys keys;
  std::optional<EpochSecretKey> epoch_secret;
  try {
    home = resolve_home(o.home.home);
    if (o.all) dirs = list_runs(home);
    else dirs.push_back(resolve_run(home, o.run));
    keys.trusted = home_signing_public_key(home);
    epoch_secret = EpochSecretKey::load(home, false);
    if (epoch_secret) keys.epoch_secret = &*epoch_secret;
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kUsage;
  }
  store::PushOptions po;
  po.origin = o.origin.value_or(store::default_origin(home));
  po.batch = o.batch;
  std::unique_ptr<store::PgConnection> conn;
  store::Partitions parts;
  try {
    conn = std::make_unique<store::PgConnection>(o.db);
    store::ensure_schema(*conn);
  } catch (const store::StoreError& e) {
    print_error(fmt::format("push: {}", e.what()));
    return exit_code::kStore;
  }
  int code = exit_code::kOk;
  for (const auto& dir : dirs) {
    // Only what the seal vouches for goes into the store: the store then anchors the run.
    const VerifyReport v = verify_run(dir, keys);
    if (v.exit_code() != exit_code::kOk) {
      const bool tampered = v.exit_code() == exit_code::kTampered;
      print_error(fmt::format("push: run {} not pushed: {} (capsule verify --run {})", run_id_of(dir),
                              tampered ? "it does not verify" : "it is not sealed", run_id_of(dir)));
      if (tampered || code == exit_code::kOk) code = tampered ? exit_code::kTampered : exit_code::kUnsealed;
      continue;
    }
    const int c = push_one(conn, parts, dir, o, po);
    if (c == exit_code::kStore) return c;
    if (c != exit_code::kOk) code = c;
  }
  return code;
}

#else

int push(const PushOptions&) {
  print_error("push: this capsule was built without the PostgreSQL store (libpq-dev; CAPSULE_STORE)");
  return exit_code::kStore;
}

#endif

}  // namespace

Command add_push_command(CLI::App& app) {
  auto opts = std::make_shared<PushOptions>();
  auto* sub = app.add_subcommand("push", "Copy sealed runs into a PostgreSQL store (docs/STORE.md)");
  add_home_option(*sub, opts->home);
  auto* run = sub->add_option("--run", opts->run, "A run id, a unique prefix of one, a log directory, or 'latest'")
                  ->default_val("latest");
  sub->add_flag("--all", opts->all, "Push every run in the home (runs already pushed add nothing)")->excludes(run);
  sub->add_option("--db", opts->db, "The store: a libpq URL (postgres://user@host/db) or key=value string")
      ->required()
      ->check(non_empty());
  sub->add_option("--origin", opts->origin, "Who pushed, kept with each run (default: HOST:HOME)")->check(non_empty());
  sub->add_option("--batch", opts->batch, "Records of each stream per transaction")
      ->check(CLI::Range(uint64_t{1}, uint64_t{10000000}))
      ->default_val(50000);
  sub->add_option("--retries", opts->retries, "Reconnections after a cut connection, each resuming the push")
      ->check(CLI::Range(0u, 100u))
      ->default_val(3);
  sub->footer("Only intact, sealed runs are pushed (a run that does not verify is refused: exit 1; one not sealed "
              "is skipped: exit 3).\nExit 6 when the store cannot be reached or refuses the push.");
  return {sub, [opts] { return push(*opts); }, nullptr};
}

}  // namespace capsule
