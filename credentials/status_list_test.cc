#include "credentials/status_list.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <set>

#include "base/encoding.h"
#include "credentials/credentials_test_util.h"
#include "credentials/reason.h"
#include "credentials/status_service.h"
#include "storage/memory/memory_storage.h"

namespace signet::credentials {
namespace {

using namespace signet::credentials::testing;

// draft-ietf-oauth-status-list §4.1 examples: 16 one-bit statuses -> 0xb9 0xa3, and 12 two-bit
// statuses -> 0xc9 0x44 0xf9, with their compressed "lst" values.
TEST(StatusListTest, MatchesTheDraftOneBitExample) {
  const uint8_t s[] = {1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1};
  StatusList list = StatusList::Create(16, 1).value();
  for (size_t i = 0; i < 16; ++i) ASSERT_TRUE(list.Set(i, s[i]));
  EXPECT_EQ(HexEncode(list.bytes()), "b9a3");
  EXPECT_EQ(*list.Compressed(), "eNrbuRgAAhcBXQ");
  StatusList back = StatusList::FromCompressed("eNrbuRgAAhcBXQ", 1, 1024).value();
  for (size_t i = 0; i < 16; ++i) EXPECT_EQ(*back.Get(i), s[i]) << i;
}

TEST(StatusListTest, MatchesTheDraftTwoBitExample) {
  const uint8_t s[] = {1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3};
  StatusList list = StatusList::Create(12, 2).value();
  for (size_t i = 0; i < 12; ++i) ASSERT_TRUE(list.Set(i, s[i]));
  EXPECT_EQ(HexEncode(list.bytes()), "c944f9");
  EXPECT_EQ(*list.Compressed(), "eNo76fITAAPfAgc");
  EXPECT_FALSE(list.Set(0, 4));
  EXPECT_EQ(ReasonOf(list.Get(12).error()), "status_index_out_of_range");
}

TEST(StatusListTest, RefusesZipBombsTruncatedAndTrailingData) {
  StatusList big = StatusList::Create(StatusList::kMaxBytes * 8, 1).value();
  const std::string lst = big.Compressed().value();
  EXPECT_LT(lst.size(), 2000u);  // 1 MiB of zeros compresses to about a kilobyte
  EXPECT_EQ(ReasonOf(StatusList::FromCompressed(lst, 1, 4096).error()), "status_list_invalid");
  EXPECT_TRUE(StatusList::FromCompressed(lst, 1, StatusList::kMaxBytes));
  Bytes z = Base64UrlDecode("eNrbuRgAAhcBXQ").value();
  EXPECT_FALSE(StatusList::FromCompressed(Base64UrlEncode(ByteView(z).first(z.size() - 2)), 1, 1024));
  z.push_back(0);
  EXPECT_FALSE(StatusList::FromCompressed(Base64UrlEncode(z), 1, 1024));
  EXPECT_FALSE(StatusList::FromCompressed("eNrbuRgAAhcBXQ", 3, 1024));
  EXPECT_FALSE(StatusList::FromCompressed("!!", 1, 1024));
}

class StatusTokenTest : public ::testing::Test {
 protected:
  StatusTokenTest()
      : clock_(ClockAt(kNow)),
        trust_(Trust(issuer_)),
        state_(storage::memory::CreateMemoryStateStore({.clock = &clock_})),
        service_(*state_, issuer_.signer, clock_,
                 {.issuer = kIssuer, .base_uri = "https://vault.example/status-lists/", .list_size = 1024}),
        checker_(service_, *trust_, clock_) {}

  Party issuer_;
  FakeClock clock_;
  std::unique_ptr<TrustList> trust_;
  std::shared_ptr<storage::StateStore> state_;
  StatusListService service_;
  TokenStatusListChecker checker_;
};

TEST_F(StatusTokenTest, TokenHasTheDraftShape) {
  ASSERT_TRUE(service_.Allocate("main"));
  Result<std::string> jwt = service_.Token("main");
  ASSERT_TRUE(jwt);
  Result<DecodedJws> d = DecodeJws(*jwt, {.max_bytes = 1 << 20});
  ASSERT_TRUE(d);
  EXPECT_EQ(d->header["typ"], "statuslist+jwt");
  EXPECT_EQ(d->payload["sub"], "https://vault.example/status-lists/main");
  EXPECT_EQ(d->payload["iss"], kIssuer);
  EXPECT_EQ(d->payload["iat"], kNow);
  EXPECT_EQ(d->payload["ttl"], 300);
  EXPECT_EQ(d->payload["status_list"]["bits"], 1);
  EXPECT_EQ(service_.Token("nope").error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(service_.Token("Bad/Id"));
}

TEST_F(StatusTokenTest, RevocationFlipsExactlyOneBit) {
  std::vector<StatusReference> refs;
  for (int i = 0; i < 20; ++i) refs.push_back(service_.Allocate("main").value());
  std::set<uint64_t> distinct;
  for (const StatusReference& r : refs) distinct.insert(r.index);
  EXPECT_EQ(distinct.size(), refs.size());
  for (const StatusReference& r : refs) EXPECT_EQ(*checker_.Check(kIssuer, r), kStatusValid);
  ASSERT_TRUE(service_.Revoke(refs[3]));
  for (size_t i = 0; i < refs.size(); ++i) {
    EXPECT_EQ(*checker_.Check(kIssuer, refs[i]), i == 3 ? kStatusInvalid : kStatusValid) << i;
  }
  ASSERT_TRUE(service_.SetStatus("main", refs[3].index, kStatusValid));
  EXPECT_EQ(*checker_.Check(kIssuer, refs[3]), kStatusValid);
}

TEST_F(StatusTokenTest, VerifierChecksSubIssuerSignatureAndExpiry) {
  const StatusReference ref = service_.Allocate("main").value();
  const std::string jwt = service_.Token("main").value();
  StatusListTokenCheck check;
  check.uri = ref.uri;
  check.issuer = kIssuer;
  check.keys = trust_.get();
  check.now = kNow;
  EXPECT_TRUE(VerifyStatusListToken(jwt, check));
  check.uri = "https://vault.example/status-lists/other";
  EXPECT_EQ(ReasonOf(VerifyStatusListToken(jwt, check).error()), "status_list_invalid");
  check.uri = ref.uri;
  check.issuer = "https://other.example";
  EXPECT_EQ(ReasonOf(VerifyStatusListToken(jwt, check).error()), "status_list_invalid");
  check.issuer = kIssuer;
  check.now = kNow + 2 * 86400;
  EXPECT_EQ(ReasonOf(VerifyStatusListToken(jwt, check).error()), "expired");
  // A plain JWT (no statuslist+jwt typ) by the issuer is not a status list.
  check.now = kNow;
  const std::string plain = EncodeJws({}, Json{{"sub", ref.uri}, {"iat", kNow},
                                              {"status_list", {{"bits", 1}, {"lst", "eNrbuRgAAhcBXQ"}}}},
                                      issuer_.signer).value();
  EXPECT_EQ(ReasonOf(VerifyStatusListToken(plain, check).error()), "status_list_invalid");
}

TEST_F(StatusTokenTest, AllocationStopsWhenTheListIsHalfFull) {
  for (int i = 0; i < 512; ++i) ASSERT_TRUE(service_.Allocate("small")) << i;
  Result<StatusReference> full = service_.Allocate("small");
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code(), ErrorCode::kResourceExhausted);
}

TEST_F(StatusTokenTest, StatusClaimRoundTrips) {
  const Json claims = {{"status", StatusClaim({7, "https://x/y"})}};
  Result<std::optional<StatusReference>> r = ParseStatusClaim(claims);
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->index, 7u);
  EXPECT_EQ((*r)->uri, "https://x/y");
  EXPECT_FALSE(*ParseStatusClaim(Json::object()));
  EXPECT_FALSE(ParseStatusClaim(Json{{"status", {{"status_list", {{"idx", -1}, {"uri", "u"}}}}}}));
  EXPECT_FALSE(ParseStatusClaim(Json{{"status", {{"status_list", {{"idx", 1}}}}}}));
}

}  // namespace
}  // namespace signet::credentials
