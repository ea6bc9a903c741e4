#include "credentials/derived_claims.h"

#include <gtest/gtest.h>

#include "credentials/decimal.h"
#include "credentials/time_format.h"

namespace signet::credentials {
namespace {

CivilDate D(std::string_view s) { return ParseFullDate(s).value(); }

TEST(DerivedClaimsTest, AgeCountsWholeYearsOnTheReferenceDate) {
  EXPECT_EQ(AgeInYears(D("2000-06-15"), D("2018-06-14"), LeapDayRule::kMarch1).value(), 17);
  EXPECT_EQ(AgeInYears(D("2000-06-15"), D("2018-06-15"), LeapDayRule::kMarch1).value(), 18);
  EXPECT_EQ(AgeInYears(D("2000-06-15"), D("2000-06-15"), LeapDayRule::kMarch1).value(), 0);
  EXPECT_FALSE(AgeInYears(D("2000-06-15"), D("1999-01-01"), LeapDayRule::kMarch1));
}

TEST(DerivedClaimsTest, LeapDayBirthdaysFollowTheConfiguredRule) {
  const CivilDate leapling = D("2004-02-29");
  EXPECT_EQ(AgeInYears(leapling, D("2022-02-28"), LeapDayRule::kMarch1).value(), 17);
  EXPECT_EQ(AgeInYears(leapling, D("2022-03-01"), LeapDayRule::kMarch1).value(), 18);
  EXPECT_EQ(AgeInYears(leapling, D("2022-02-28"), LeapDayRule::kFebruary28).value(), 18);
  EXPECT_EQ(AgeInYears(leapling, D("2024-02-28"), LeapDayRule::kMarch1).value(), 19);
  EXPECT_EQ(AgeInYears(leapling, D("2024-02-29"), LeapDayRule::kMarch1).value(), 20);
}

TEST(DerivedClaimsTest, DerivesTheConfiguredAgeClaims) {
  DerivationRules rules;
  Result<Json> c = DeriveAgeClaims(D("2003-05-01"), D("2024-05-01"), rules);
  ASSERT_TRUE(c);
  EXPECT_EQ(*c, Json({{"age_over_18", true}, {"age_over_21", true}, {"age_over_65", false}}));
  rules.age_thresholds = {16};
  EXPECT_EQ(*DeriveAgeClaims(D("2010-01-01"), D("2026-01-01"), rules), Json({{"age_over_16", true}}));
  rules.age_thresholds = {0};
  EXPECT_FALSE(DeriveAgeClaims(D("2010-01-01"), D("2026-01-01"), rules));
}

TEST(DerivedClaimsTest, BalanceClaimsCompareExactly) {
  DerivationRules rules;
  rules.balance_thresholds = {"100", "1000", "0.5"};
  Result<Json> c = DeriveBalanceClaims("1000.00", rules);
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(*c, Json({{"balance_above_100", true}, {"balance_above_1000", true}, {"balance_above_0_5", true}}));
  c = DeriveBalanceClaims("999.9999999999999999999", rules);
  EXPECT_FALSE(c);  // 19 fraction digits: at most 18
  c = DeriveBalanceClaims("999.99", rules);
  EXPECT_EQ((*c)["balance_above_1000"], false);
  EXPECT_EQ((*DeriveBalanceClaims("-5", rules))["balance_above_0_5"], false);
  EXPECT_FALSE(DeriveBalanceClaims("1e3", rules));
}

TEST(DerivedClaimsTest, CommitmentClaimsHaveTheirShape) {
  Result<Json> c = CommitmentClaim(Bytes(32, 7));
  ASSERT_TRUE(c);
  EXPECT_TRUE(IsCommitmentClaim(*c));
  EXPECT_EQ((*c)["pedersen"]["scheme"], "ristretto255");
  EXPECT_FALSE(CommitmentClaim(Bytes(31, 7)));
  EXPECT_FALSE(IsCommitmentClaim(Json(true)));
}

TEST(DecimalTest, ParsesCanonicallyAndOrdersExactly) {
  EXPECT_EQ(Decimal::Parse("007.50")->ToString(), "7.5");
  EXPECT_EQ(Decimal::Parse("-0.0")->ToString(), "0");
  EXPECT_TRUE(*Decimal::Parse("0.30") == *Decimal::Parse("0.3"));
  EXPECT_TRUE(*Decimal::Parse("10") > *Decimal::Parse("9.999"));
  EXPECT_TRUE(*Decimal::Parse("-10") < *Decimal::Parse("-9.5"));
  EXPECT_TRUE(*Decimal::Parse("-0.1") < *Decimal::Parse("0"));
  for (const char* bad : {"", "-", ".5", "5.", "+1", "1e2", "1,5", " 1", "0x10", "1.2.3",
                          "1234567890123456789"}) {
    EXPECT_FALSE(Decimal::Parse(bad)) << bad;
  }
}

TEST(TimeFormatTest, Rfc3339RoundTripsAndHandlesOffsets) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(*ParseRfc3339("2022-01-01T00:00:00+00:00"), 1640995200);
  EXPECT_EQ(*ParseRfc3339("2022-01-01T01:00:00+01:00"), 1640995200);
  EXPECT_EQ(*ParseRfc3339("2021-12-31T19:00:00.999-05:00"), 1640995200);
  EXPECT_EQ(*ParseRfc3339("2022-01-01t00:00:00z"), 1640995200);
  EXPECT_EQ(*ParseRfc3339(FormatRfc3339(1800000000)), 1800000000);
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59Z");
  for (const char* bad : {"2022-01-01", "2022-01-01T00:00:00", "2022-02-30T00:00:00Z",
                          "2022-01-01T24:00:00Z", "2022-01-01T00:00:60Z", "2022-01-01T00:00:00+0100",
                          "2022-01-01T00:00:00.Z", "2022-01-01T00:00:00Zjunk", "22-01-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseRfc3339(bad)) << bad;
  }
}

TEST(TimeFormatTest, CivilDaysRoundTrip) {
  for (int64_t d : {-719468, -1, 0, 1, 11016, 2932896}) EXPECT_EQ(DaysFromCivil(CivilFromDays(d)), d);
  EXPECT_EQ(FormatFullDate(CivilFromDays(0)), "1970-01-01");
  EXPECT_FALSE(ParseFullDate("2023-02-29"));
  EXPECT_TRUE(ParseFullDate("2024-02-29"));
  EXPECT_FALSE(ParseFullDate("2024-2-29"));
}

}  // namespace
}  // namespace signet::credentials
