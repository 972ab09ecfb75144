// The one integer parser: the spellings each notation takes and the ones it refuses.
#include "base/number_parse.h"

#include <gtest/gtest.h>

namespace capsule {
namespace {

std::optional<uint64_t> canonical(std::string_view s, size_t max_digits = 19) {
  size_t i = 0;
  const auto v = take_canonical_decimal(s, i, max_digits);
  if (v) {
    EXPECT_EQ(s.substr(i).find_first_of("0123456789"), std::string_view::npos) << s;
  }
  return v;
}

TEST(CanonicalDecimal, TakesOurOwnSpellingOnly) {
  EXPECT_EQ(canonical("0"), 0u);
  EXPECT_EQ(canonical("120,"), 120u);
  EXPECT_EQ(canonical("9999999999999999999"), 9999999999999999999u);  // 19 digits
  EXPECT_FALSE(canonical(""));
  EXPECT_FALSE(canonical(","));
  EXPECT_FALSE(canonical("007"));
  EXPECT_FALSE(canonical("+7"));
  EXPECT_FALSE(canonical("-7"));
  EXPECT_FALSE(canonical("10000000000000000000"));         // 20 digits
  EXPECT_FALSE(canonical("999999999999999999999999999"));  // past uint64_t
  EXPECT_FALSE(canonical("1000000000000000000", 18));      // 19 digits where 18 are allowed
}

TEST(CanonicalDecimal, MovesPastTheNumberOnly) {
  size_t i = 3;
  EXPECT_EQ(take_canonical_decimal("ab:42}", i), 42u);
  EXPECT_EQ(i, 5u);
}

std::optional<int64_t> value(std::string_view s, IntNotation n) {
  const auto m = parse_signed_magnitude(s, n);
  if (!m) return std::nullopt;
  return static_cast<int64_t>(m->negative ? 0 - m->magnitude : m->magnitude);
}

TEST(SignedMagnitude, RuleNotationIsDecimalOrLowerHex) {
  constexpr auto kRule = IntNotation::DecimalOrHex;
  EXPECT_EQ(value("010", kRule), 10);
  EXPECT_EQ(value("0x1f", kRule), 31);
  EXPECT_EQ(value("-12", kRule), -12);
  EXPECT_FALSE(value("0X1f", kRule));
  EXPECT_FALSE(value("", kRule));
  EXPECT_FALSE(value("0x", kRule));
  EXPECT_FALSE(value("--5", kRule));
  EXPECT_FALSE(value("0x-5", kRule));
  EXPECT_FALSE(value("12ms", kRule));
}

TEST(SignedMagnitude, CLiteralNotationHasOctal) {
  constexpr auto kC = IntNotation::CLiteral;
  EXPECT_EQ(value("0644", kC), 0644);
  EXPECT_EQ(value("0", kC), 0);
  EXPECT_EQ(value("0X1F", kC), 31);
  EXPECT_EQ(value("-0x10", kC), -16);
  EXPECT_EQ(value("0xffffffffffffffff", kC), -1);
  EXPECT_FALSE(value("08", kC));
  EXPECT_FALSE(value("0x10000000000000000", kC));
}

TEST(ParseWholeAndLeading, WholeTakesNothingElse) {
  EXPECT_EQ(parse_whole<int64_t>("-3"), -3);
  EXPECT_EQ(parse_whole<uint64_t>("1ff", 16), 0x1ffu);
  EXPECT_FALSE(parse_whole<int64_t>("3 "));
  EXPECT_FALSE(parse_whole<uint32_t>("4294967296"));
  EXPECT_EQ(parse_leading<uint64_t>("17,\"x\""), 17u);
  EXPECT_FALSE(parse_leading<uint64_t>(",17"));
}

}  // namespace
}  // namespace capsule
