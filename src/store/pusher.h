// Pushes one run into the store (docs/STORE.md, "Pushing"): in batches, each one transaction that
// adds the rows and moves the run's pushed-up-to counts (push_state) together, so that a push
// that is cut leaves the store at a batch boundary and the next push continues from there, and a
// run pushed again adds nothing. Only the records the run's seal covers are pushed; the caller
// has verified the run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "store/schema.h"

namespace capsule::store {

class PgConnection;

struct PushOptions {
  std::string origin;          // who pushed: "<host>:<home>"
  uint64_t batch = 50000;      // records of each stream per transaction
};

struct PushResult {
  std::string run_id;
  bool already = false;        // the store held the whole run: nothing added
  uint64_t batches = 0;
  uint64_t events = 0, processes = 0, denials = 0, actions = 0, findings = 0;
};

class PushError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws StoreError (the connection), PushError (the store holds another version of the run),
// StreamError (a record that is not one).
PushResult push_run(PgConnection& c, Partitions& partitions, const std::filesystem::path& log_dir,
                    const PushOptions& o);

}  // namespace capsule::store
