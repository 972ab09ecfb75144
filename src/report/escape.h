// Text from the record made safe to put in a page. Every path, argv word, host name and
// description is chosen by the traced program: it may hold markup, quotes, control bytes or bytes
// that are not UTF-8. Each is first made visible (visible_text), then escaped for its format.
#pragma once

#include <string>
#include <string_view>

namespace capsule::report {

// Valid UTF-8 is kept; a control character (C0, DEL, C1) or a byte outside valid UTF-8 becomes
// the four characters \xNN, so that nothing the page shows can move the cursor or hide text.
std::string visible_text(std::string_view text);

// For HTML text and attribute values (double-quoted): & < > " ' escaped.
std::string html(std::string_view text);

// For a Markdown table cell or list item (GitHub's renderer, which also reads HTML): the HTML
// specials as in html(), and | ` \ * _ [ ] ~ escaped with a backslash, so that a value can
// neither end its cell nor start markup.
std::string md(std::string_view text);

}  // namespace capsule::report
