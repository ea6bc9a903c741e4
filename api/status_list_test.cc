#include "api/status_list.h"

#include <gtest/gtest.h>

#include "api/issuer_metadata.h"
#include "credentials/credentials_test_util.h"
#include "storage/memory/memory_storage.h"

namespace signet::api {
namespace {

using namespace signet::credentials::testing;

TEST(StatusListHandlerTest, ServesASignedListAnd404ForUnknownOnes) {
  Party issuer;
  FakeClock clock = ClockAt(kNow);
  auto state = storage::memory::CreateMemoryStateStore({.clock = &clock});
  credentials::StatusListService service(*state, issuer.signer, clock,
                                         {.issuer = kIssuer, .base_uri = "https://vault.example/status-lists/"});
  const credentials::StatusReference ref = service.Allocate("l1").value();
  ASSERT_TRUE(service.Revoke(ref));
  Request req;
  req.method = "GET";
  req.path_params["id"] = "l1";
  Response r = HandleStatusList(service, req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.Get("Content-Type"), "application/statuslist+jwt");
  std::unique_ptr<credentials::TrustList> trust = Trust(issuer);
  credentials::StatusListTokenCheck check;
  check.uri = ref.uri;
  check.issuer = kIssuer;
  check.keys = trust.get();
  check.now = kNow;
  Result<credentials::StatusList> list = credentials::VerifyStatusListToken(r.body, check);
  ASSERT_TRUE(list);
  EXPECT_EQ(*list->Get(ref.index), credentials::kStatusInvalid);
  req.path_params["id"] = "l2";
  EXPECT_EQ(HandleStatusList(service, req).status, 404);
  req.path_params["id"] = "../etc";
  EXPECT_EQ(HandleStatusList(service, req).status, 404);
}

TEST(IssuerMetadataHandlerTest, ServesTheIssuerAndItsPublicKeys) {
  Party issuer;
  credentials::IssuerMetadata md{kIssuer, {credentials::PublicJwk::Ed25519(issuer.key.public_key(), "k")}};
  Response r = HandleIssuerMetadata(md, Request{});
  ASSERT_EQ(r.status, 200);
  Result<credentials::IssuerMetadata> back = credentials::ParseIssuerMetadataDocument(r.body, kIssuer);
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->keys[0].SameKey(md.keys[0]));
  EXPECT_EQ(r.body.find("\"d\""), std::string::npos);
}

}  // namespace
}  // namespace signet::api
