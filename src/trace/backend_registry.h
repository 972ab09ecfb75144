// The backends `capsule run --backend NAME` can use (backend.h). Adding one is a folder under
// src/trace/ and one line in backend_registry.cpp.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trace/backend.h"

namespace capsule {

// One fresh instance of every registered backend, in registry order (the first is the default).
std::vector<std::unique_ptr<Backend>> all_backends();

// A fresh instance of the backend of that name; nullptr when none is.
std::unique_ptr<Backend> make_backend(std::string_view name);

std::vector<std::string> backend_names();

}  // namespace capsule
