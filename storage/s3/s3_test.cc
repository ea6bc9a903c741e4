// Unit tests of the S3 helpers that need no server: SigV4 URI encoding, XML parsing, keys.

#include <gtest/gtest.h>

#include "storage/s3/s3_blob_store.h"

namespace signet::storage::s3 {
namespace {

TEST(S3HelpersTest, UriEncodesPerSigV4) {
  EXPECT_EQ(UriEncode("a-b_c.d~e/f g+h=", false), "a-b_c.d~e%2Ff%20g%2Bh%3D");
  EXPECT_EQ(UriEncode("dir/file", true), "dir/file");
  EXPECT_EQ(UriEncode("\xff", false), "%FF");
}

TEST(S3HelpersTest, ParsesListObjectsV2) {
  std::string xml =
      "<?xml version='1.0' encoding='UTF-8'?><ListBucketResult><Name>b</Name>"
      "<IsTruncated>true</IsTruncated><Contents><Key>p/blobs/ab</Key>"
      "<LastModified>2026-11-22T02:03:56.123Z</LastModified><ETag>x</ETag><Size>42</Size>"
      "</Contents><Contents><Key>p/blobs/cd</Key><LastModified>1970-01-01T00:00:10.000Z"
      "</LastModified><Size>0</Size></Contents></ListBucketResult>";
  ListResult r = ParseListObjects(xml).value();
  EXPECT_TRUE(r.truncated);
  ASSERT_EQ(r.objects.size(), 2u);
  EXPECT_EQ(r.objects[0].key, "p/blobs/ab");
  EXPECT_EQ(r.objects[0].size, 42u);
  EXPECT_EQ(r.objects[1].last_modified, Time(std::chrono::seconds(10)));
}

TEST(S3HelpersTest, RejectsMalformedListEntries) {
  EXPECT_FALSE(ParseListObjects("<Contents><Key>k</Key></Contents>").has_value());
  EXPECT_FALSE(ParseListObjects("<Contents><Key>k</Key>").has_value());
  EXPECT_FALSE(ParseListObjects("<Contents><Key>k</Key><Size>-1</Size><LastModified>"
                                "2026-11-22T02:03:56Z</LastModified></Contents>")
                   .has_value());
  EXPECT_FALSE(ParseIso8601("2026-11-22 02:03:56").has_value());
}

TEST(S3HelpersTest, ExtractsErrorCode) {
  EXPECT_EQ(ErrorCodeOf("<Error><Code>SignatureDoesNotMatch</Code></Error>"),
            "SignatureDoesNotMatch");
  EXPECT_EQ(ErrorCodeOf("garbage"), "");
}

TEST(S3HelpersTest, NamesObjectsByDigestUnderThePrefix) {
  BlobDigest d{};
  d[0] = 0xab;
  EXPECT_EQ(ObjectKey("signet/", d), "signet/blobs/ab" + std::string(62, '0'));
}

TEST(S3HelpersTest, RefusesPlainHttpUnlessAllowedAndIncompleteOptions) {
  S3Options o;
  o.endpoint = "http://127.0.0.1:9000";
  o.bucket = "b";
  o.access_key_id = "k";
  o.secret_access_key = crypto::SecretBytes::CopyFrom(AsBytes("s"));
  EXPECT_EQ(CreateS3BlobStore(std::move(o)).error().code(), ErrorCode::kInvalidArgument);
  S3Options p;
  p.endpoint = "https://s3.example";
  EXPECT_EQ(CreateS3BlobStore(std::move(p)).error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace signet::storage::s3
