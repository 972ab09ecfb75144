#include <gtest/gtest.h>

#include "cli/did_you_mean.h"

namespace capsule {
namespace {

const std::vector<std::string> kCommands{"run", "trace", "verify", "tail", "runs", "keys", "import", "findings",
                                         "profile", "prune", "help"};

TEST(DidYouMean, SlipsFindTheirWord) {
  EXPECT_EQ(nearest_word("rn", kCommands), "run");
  EXPECT_EQ(nearest_word("rnu", kCommands), "run");
  EXPECT_EQ(nearest_word("verfiy", kCommands), "verify");
  EXPECT_EQ(nearest_word("improt", kCommands), "import");
  EXPECT_EQ(nearest_word("--bakend", {"--backend", "--home", "--policy"}), "--backend");
}

TEST(DidYouMean, OtherWordsFindNothing) {
  EXPECT_EQ(nearest_word("compile", kCommands), std::nullopt);
  EXPECT_EQ(nearest_word("x", kCommands), std::nullopt);
  EXPECT_EQ(nearest_word("--zzzzzz", {"--backend", "--home"}), std::nullopt);
}

}  // namespace
}  // namespace capsule
