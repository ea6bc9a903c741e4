#include "base/bytes.h"

#include <gtest/gtest.h>

namespace signet {
namespace {

TEST(ByteReaderTest, ReadsIntegersAndLengthPrefixedFields) {
  Bytes b;
  AppendU16BE(&b, 0x0102);
  AppendU32BE(&b, 3);
  Append(&b, AsBytes("abc"));
  AppendU64LE(&b, 0x1122334455667788ULL);
  ByteReader r(b);
  uint16_t u16 = 0;
  ByteView field;
  uint64_t u64 = 0;
  ASSERT_TRUE(r.ReadU16BE(&u16));
  EXPECT_EQ(u16, 0x0102);
  ASSERT_TRUE(r.ReadLengthPrefixed32(&field));
  EXPECT_EQ(AsStringView(field), "abc");
  ASSERT_TRUE(r.ReadU64LE(&u64));
  EXPECT_EQ(u64, 0x1122334455667788ULL);
  EXPECT_TRUE(r.ExpectEnd("test").ok());
}

TEST(ByteReaderTest, NeverReadsPastTheEnd) {
  Bytes b = {0, 0, 0, 9, 'x'};  // claims 9 bytes, has 1
  ByteReader r(b);
  ByteView field;
  EXPECT_FALSE(r.ReadLengthPrefixed32(&field));
  EXPECT_EQ(r.remaining(), 5u);  // a failed read consumes nothing
  uint64_t v = 0;
  EXPECT_FALSE(r.ReadU64BE(&v));
}

TEST(ByteReaderTest, RejectsTrailingBytes) {
  Bytes b = {1, 2};
  ByteReader r(b);
  uint8_t v = 0;
  ASSERT_TRUE(r.ReadU8(&v));
  Status s = r.ExpectEnd("header");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message(), "header: 1 unexpected trailing bytes");
}

}  // namespace
}  // namespace signet
