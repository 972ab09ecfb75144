// capsule keys: show (making on first use) the keys that sign this user's runs, and export the
// public half for pinning with `capsule verify --pubkey FILE`.
#include <fmt/core.h>

#include <fstream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "log/chain/chain.h"
#include "log/rundir/run_dir.h"
#include "log/chain/signing_key.h"

namespace capsule {
namespace {

struct KeysOptions {
  HomeOption home;
  std::optional<std::string> export_file;
};

int keys(const KeysOptions& o) {
  const std::filesystem::path home = resolve_home(o.home.home);
  try {
    prepare_home(home);
    const PublicKey32 signing = SigningKey::load_or_create(home).public_key();
    const PublicKey32 epoch = epoch_public_key(home);
    if (o.export_file) {
      std::ofstream out(*o.export_file, std::ios::binary | std::ios::trunc);
      out << public_key_file_text(signing, epoch);
      if (!out.flush()) {
        print_error(fmt::format("cannot write {}", *o.export_file));
        return exit_code::kCannotRecord;
      }
    }
    fmt::print("signing key (ed25519): {}\n", bytes_to_hex(signing.data(), signing.size()));
    fmt::print("fingerprint:           {}\n", key_fingerprint(signing));
    fmt::print("epoch key (x25519):    {}\n", bytes_to_hex(epoch.data(), epoch.size()));
    fmt::print("kept in:               {}\n", keys_dir(home).string());
    if (o.export_file) fmt::print("public keys written to {}\n", *o.export_file);
  } catch (const std::exception& e) {
    print_error(e.what());
    return exit_code::kCannotRecord;
  }
  return exit_code::kOk;
}

}  // namespace

Command add_keys_command(CLI::App& app) {
  auto opts = std::make_shared<KeysOptions>();
  auto* sub = app.add_subcommand("keys", "Show the key that signs your runs (made on first use)");
  add_home_option(*sub, opts->home);
  sub->add_option("--export", opts->export_file,
                  "Write the public keys to FILE (for `capsule verify --pubkey FILE`)");
  sub->footer("Keys live in $CAPSULE_HOME/keys/ (0700): signing.key signs checkpoints and seals;\n"
              "epoch.key opens each run's first epoch key. capsule run needs only epoch.pub, so\n"
              "epoch.key may be moved to another machine, where verify uses it.");
  return {sub, [opts] { return keys(*opts); }, nullptr};
}

}  // namespace capsule
