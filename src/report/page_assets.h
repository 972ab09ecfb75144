// The HTML report's inline CSS and JavaScript (page_assets.cpp).
#pragma once

namespace capsule::report {

const char* page_style();
const char* page_script();

}  // namespace capsule::report
