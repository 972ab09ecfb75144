// Path arithmetic on text only (no filesystem access): what the enricher can know from the event
// stream. `..` is resolved lexically, so a path through a symlinked directory may differ from the
// kernel's physical answer; the enriched record shows the path the program asked for.
#pragma once

#include <string>
#include <string_view>

namespace capsule {

// "/a/./b//../c" -> "/a/c"; ".." at the root stays at the root; relative input stays relative
// (leading ".." kept). The empty path stays empty.
std::string normalize_path(std::string_view path);

// path resolved against base (an absolute directory), then normalised. An absolute path ignores
// base. When base is empty (unknown) a relative path is returned normalised but still relative.
std::string resolve_path(std::string_view base, std::string_view path);

// resolve_path into out (its storage reused: no allocation for a path that is normal already,
// the common case). base and path must not point into out.
void resolve_path(std::string_view base, std::string_view path, std::string& out);

// Whether normalize_path(path) == path: no empty, "." or ".." component, no trailing '/'.
bool is_normal_path(std::string_view path);

}  // namespace capsule
