// "did you mean 'run'?": the nearest of the known words to a mistyped one, by edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace capsule {

// The candidate closest to word, when it is close enough to be a slip (at most a third of the
// word's letters changed, and at least one letter kept); nullopt otherwise.
std::optional<std::string> nearest_word(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace capsule
