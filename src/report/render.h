// The report's renderings of one ReportModel.
#pragma once

#include <string>

#include "report/report_model.h"

namespace capsule::report {

std::string render_html(const ReportModel& m);  // one self-contained page
std::string render_md(const ReportModel& m);    // a short page for CI job summaries

}  // namespace capsule::report
