#include "report/escape.h"

#include <gtest/gtest.h>

namespace capsule::report {
namespace {

TEST(ReportEscape, VisibleTextKeepsUtf8AndShowsEverythingElse) {
  EXPECT_EQ(visible_text("plain /tmp/é ✓ 😀"), "plain /tmp/é ✓ 😀");
  EXPECT_EQ(visible_text(std::string("a\x01" "b\nc\x7f", 6)), "a\\x01b\\x0ac\\x7f");
  EXPECT_EQ(visible_text("\xff\xfe"), "\\xff\\xfe");
  EXPECT_EQ(visible_text("\xc0\xaf"), "\\xc0\\xaf");          // overlong '/'
  EXPECT_EQ(visible_text("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(visible_text("\xc2\x9b"), "\\xc2\\x9b");          // C1 CSI: moves a terminal's cursor
  EXPECT_EQ(visible_text("x\xe2\x82"), "x\\xe2\\x82");        // cut short at the end
  EXPECT_EQ(visible_text(std::string("\0z", 2)), "\\x00z");
}

TEST(ReportEscape, HtmlEscapesMarkupAndQuotes) {
  EXPECT_EQ(html("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;");
  EXPECT_EQ(html("\x1b[31m"), "\\x1b[31m");
}

TEST(ReportEscape, MarkdownCellsCannotEndOrStartMarkup) {
  EXPECT_EQ(md("a|b`c\nd"), "a\\|b\\`c\\\\x0ad");
  EXPECT_EQ(md("*x* _y_ [l](u) ~z~ <b>"), "\\*x\\* \\_y\\_ \\[l\\](u) \\~z\\~ &lt;b&gt;");
  EXPECT_EQ(md("it's"), "it&#39;s");  // the entity keeps its '#'
}

}  // namespace
}  // namespace capsule::report
