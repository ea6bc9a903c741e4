// Owner authentication (device-signed requests) and the payload / callback body formats.

#include "notify/owner_auth.h"

#include <gtest/gtest.h>

#include "notify/callback.h"
#include "notify/notify_test_util.h"
#include "notify/payload.h"

namespace signet::notify {
namespace {

using testing::Report;
using testing::VaultFixture;

class OwnerAuthTest : public ::testing::Test, public VaultFixture {
 protected:
  Result<OwnerIdentity> Check(const std::string& method, const std::string& target,
                              const std::string& auth, const std::string& body = "") {
    return auth_.Authenticate({method, target, auth, body});
  }
  std::string Sign(const std::string& method, const std::string& target,
                   const std::string& body = "") {
    return OwnerAuthorization(device_, tenant_, method, target, body, clock_.UnixSeconds());
  }
  OwnerAuthenticator auth_{*storage_, tenants_, clock_};
};

TEST_F(OwnerAuthTest, AcceptsARegisteredDeviceOnce) {
  const std::string h = Sign("GET", "/approvals?limit=5");
  auto id = Check("GET", "/approvals?limit=5", h);
  ASSERT_TRUE(id) << id.error().message();
  EXPECT_EQ(id->tenant, tenant_);
  EXPECT_EQ(id->device_id, device_.id);
  // The same header again is a replay.
  EXPECT_EQ(Check("GET", "/approvals?limit=5", h).error().code(), ErrorCode::kUnauthenticated);
}

TEST_F(OwnerAuthTest, RejectsRetargetingBodySwapsStalenessAndStrangers) {
  EXPECT_FALSE(Check("GET", "/approvals/x", Sign("GET", "/approvals")));
  EXPECT_FALSE(Check("POST", "/approvals", Sign("GET", "/approvals")));
  EXPECT_FALSE(Check("POST", "/a", Sign("POST", "/a", "{\"x\":1}"), "{\"x\":2}"));
  const std::string old =
      OwnerAuthorization(device_, tenant_, "GET", "/approvals", "", clock_.UnixSeconds() - 61);
  EXPECT_FALSE(Check("GET", "/approvals", old));
  const vault::DeviceKeys stranger = vault::DeviceKeys::Generate("stranger");
  EXPECT_FALSE(
      Check("GET", "/approvals",
            OwnerAuthorization(stranger, tenant_, "GET", "/approvals", "", clock_.UnixSeconds())));
  // A device of this vault cannot claim another tenant.
  EXPECT_FALSE(Check("GET", "/approvals",
                     OwnerAuthorization(device_, TenantId("t_00000000000000000000"), "GET",
                                        "/approvals", "", clock_.UnixSeconds())));
  for (const char* bad : {"", "Bearer x", "Signet-Device", "Signet-Device tenant=\"a\"",
                          "Signet-Device tenant=\"a\", tenant=\"a\", device=\"b\", ts=\"1\", "
                          "nonce=\"c\", sig=\"d\""}) {
    EXPECT_EQ(Check("GET", "/approvals", bad).error().code(), ErrorCode::kUnauthenticated) << bad;
  }
}

TEST_F(OwnerAuthTest, AFlippedSignatureBitFails) {
  std::string h = Sign("GET", "/approvals");
  const size_t at = h.find("sig=\"") + 8;
  h[at] = h[at] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(Check("GET", "/approvals", h));
}

TEST(PayloadFormatTest, RoundTripsAndCarriesNoValues) {
  VaultFixture f;
  ApprovalOptions o;
  o.public_url = "https://signet.example";
  auto service = CreateApprovalService({*f.storage_, f.kek_, f.tenants_, f.clock_}, o).value();
  ApprovalRequest req{f.tenant_,
                      Report("identity.passport", policy::Tier::k3),
                      {{"passport", 0, 3, "identity"}, {"birthdate", 0, 2, ""}},
                      std::nullopt};
  req.report.amount = policy::Amount{1250, "EUR"};
  const Submitted s = service->Submit(req).value();
  const std::string text = service->Payload(f.tenant_, s.id).value();
  for (const char* value : {"P123456", "1990-01-01", "Main St"}) {
    EXPECT_EQ(text.find(value), std::string::npos) << value;
  }
  for (const char* field : {"\"who\"", "\"classification_method\"", "\"confidence\"", "\"why\"",
                            "\"severity\"", "\"rules\"", "\"options\"", "\"modify\"",
                            "\"deadline\"", "\"callback\"", "\"ephemeral_key\"", "\"X25519\""}) {
    EXPECT_NE(text.find(field), std::string::npos) << field;
  }
  auto p = ParsePayload(text);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->report, req.report);
  EXPECT_EQ(p->scope, req.scope);
  EXPECT_EQ(p->deadline, s.deadline);
  EXPECT_EQ(p->tenant, f.tenant_);
  // Strictness: unknown fields, wrong event types, truncation.
  std::string unknown = text;
  unknown.insert(unknown.find("\"data\":{") + 8, "\"extra\":1,");
  EXPECT_FALSE(ParsePayload(unknown));
  std::string other = text;
  other.replace(other.find("approval.requested"), 18, "approval.something");
  EXPECT_FALSE(ParsePayload(other));
  EXPECT_FALSE(ParsePayload(text.substr(0, text.size() / 2)));
  EXPECT_FALSE(ParsePayload(std::string(kMaxPayloadBytes + 1, ' ')));
}

TEST(CallbackBodyTest, ParsesStrictly) {
  auto b = ParseCallbackBody(
      R"({"request_id":"apr_00000000000000000000000000000000","decision":"modify",)"
      R"("scope":["a#0"],"note":"ok","remember":false})");
  ASSERT_TRUE(b) << b.error().message();
  EXPECT_EQ(b->decision, CallbackDecision::kModify);
  EXPECT_EQ(b->scope, std::vector<std::string>{"a#0"});
  EXPECT_EQ(ParseCallbackBody(CallbackBodyToJson(*b))->scope, b->scope);
  for (const char* bad :
       {R"({"request_id":"x","decision":"approve","decision":"deny"})",
        R"({"request_id":"x","decision":"maybe"})",
        R"({"request_id":"x","decision":"approve","scope":["a#0"]})",
        R"({"request_id":"x","decision":"modify"})",
        R"({"request_id":"x","decision":"deny","extra":true})",
        R"({"request_id":"x","decision":"deny","device":{"id":"d","keys":[],"signature":"AA"}})",
        R"({"request_id":"x","decision":"deny","note":5})", R"([1,2,3])", R"({"request_id":"x")"}) {
    EXPECT_FALSE(ParseCallbackBody(bad)) << bad;
  }
  EXPECT_EQ(ParseCallbackBody(std::string(kMaxCallbackBytes + 1, ' ')).error().code(),
            ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace signet::notify
