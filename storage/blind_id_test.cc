#include "storage/blind_id.h"

#include <gtest/gtest.h>

#include "storage/record_index.h"
#include "storage/state_store.h"

namespace signet::storage {
namespace {

TEST(BlindIdTest, RoundTripsThroughHex) {
  BlindId::Array a{};
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<uint8_t>(i * 7);
  BlindId id(a);
  EXPECT_EQ(id.Hex().size(), 64u);
  EXPECT_EQ(BlindId::FromHex(id.Hex()).value(), id);
  EXPECT_EQ(BlindId::FromBytes(id.view()).value(), id);
}

TEST(BlindIdTest, RejectsWrongLengthsAndNonHex) {
  EXPECT_FALSE(BlindId::FromBytes(Bytes(31)).has_value());
  EXPECT_FALSE(BlindId::FromBytes(Bytes(33)).has_value());
  EXPECT_FALSE(BlindId::FromHex(std::string(63, 'a')).has_value());
  EXPECT_FALSE(BlindId::FromHex(std::string(64, 'g')).has_value());
  EXPECT_FALSE(DigestFromHex("zz").has_value());
}

TEST(RecordRowTest, MatchesInlineAndBlobRowsByContent) {
  Bytes v = ToBytes("value");
  RecordRow inline_row;
  inline_row.inline_value = v;
  inline_row.size = v.size();
  EXPECT_TRUE(RowMatches(inline_row, v));
  EXPECT_FALSE(RowMatches(inline_row, ToBytes("valuf")));
  RecordRow blob_row;
  blob_row.size = v.size();
  blob_row.digest = BlobDigest{};
  EXPECT_FALSE(RowMatches(blob_row, v));
}

TEST(StateStoreHelpersTest, CountersRoundTripAndRejectOtherValues) {
  EXPECT_EQ(DecodeCounter(EncodeCounter(-5)).value(), -5);
  EXPECT_EQ(DecodeCounter(ToBytes("abc")).error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(ExpiryMillis(Time(std::chrono::seconds(10)), kNoExpiry), 0);
  EXPECT_EQ(ExpiryMillis(Time(std::chrono::seconds(10)), std::chrono::seconds(1)), 11000);
}

}  // namespace
}  // namespace signet::storage
