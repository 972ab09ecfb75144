#pragma once

namespace capsule {
// The capsule command line; returns the process exit code (documented in README.md).
int cli_main(int argc, char** argv);
}  // namespace capsule
