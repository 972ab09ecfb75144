// strace -r writes each line's time as seconds since the line before: a trace in that form has no
// time of day at all. To place it, `capsule import` needs its span (the sum of the deltas) and
// makes the run end when the file was last written; the intervals between lines stay exact.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <optional>

namespace capsule {

// Reads the whole text through read_chunk (bytes into buf, at most n; 0 at the end, -1 on error)
// and sums the -r deltas of its lines. nullopt when the first timestamped line is not in -r form
// (or the text has no timestamps, or reading failed).
std::optional<int64_t> relative_span_us(const std::function<ssize_t(char* buf, size_t n)>& read_chunk);

}  // namespace capsule
