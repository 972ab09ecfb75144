// An array of fixed-size structs in the tracee (poll's pollfds, semop's sembufs) as strace shows
// one: at most the array limit of elements, "..." past it, the bare address when not even the
// first element can be read, and the elements read so far when a later one cannot.
#pragma once

#include <algorithm>
#include <cstdint>

#include "decode/decode_context.h"
#include "decode/tracee_read.h"

namespace capsule {

// element(const T&) gives the Arg of one element.
template <typename T, typename Element>
Arg struct_array_arg(const DecodeContext& ctx, uint64_t addr, uint64_t count, const Element& element) {
  if (addr == 0) return Arg::null();
  const auto shown = static_cast<size_t>(std::min<uint64_t>(count, ctx.opts.array_limit));
  Arg list;
  list.kind = ArgKind::Array;
  list.truncated = shown < count;
  for (size_t i = 0; i < shown; ++i) {
    T item{};
    if (!read_object(ctx.mem, addr + i * sizeof item, item)) return i == 0 ? Arg::hex(addr) : list;
    list.items.push_back(element(item));
  }
  return list;
}

}  // namespace capsule
