#include "api/verify.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "credentials/credentials_test_util.h"
#include "credentials/sdjwt_present.h"

namespace signet::api {
namespace {

using namespace signet::credentials::testing;
using nlohmann::json;

class VerifyHandlerTest : public ::testing::Test {
 protected:
  VerifyHandlerTest() : trust_(Trust(issuer_)), clock_(ClockAt(kNow)) {
    credentials::VerifierConfig c;
    c.issuer_keys = trust_.get();
    c.clock = &clock_;
    c.max_request_bytes = 16 * 1024;
    verifier_ = std::make_unique<credentials::PresentationVerifier>(c);
  }

  std::string Presentation() {
    const std::string credential =
        credentials::sdjwt::IssueVc(VcFor(holder_), IdentityFrame(), issuer_.signer)->Serialize();
    credentials::sdjwt::KeyBinding kb{kAudience, kNonce, kNow, &holder_.signer};
    const std::string reveal[] = {"age_over_18", "nationality"};
    return credentials::sdjwt::Present(credential, reveal, &kb).value();
  }

  Response Post(std::string body, std::string content_type = "application/json") {
    Request req;
    req.method = "POST";
    req.path = "/verify";
    req.headers.Add("Content-Type", std::move(content_type));
    req.body = std::move(body);
    return HandleVerify(*verifier_, req);
  }

  Party issuer_, holder_;
  std::unique_ptr<credentials::TrustList> trust_;
  FakeClock clock_;
  std::unique_ptr<credentials::PresentationVerifier> verifier_;
};

TEST_F(VerifyHandlerTest, ValidPresentationGets200WithTheVerdict) {
  const json body = {{"presentation", Presentation()}, {"audience", kAudience}, {"nonce", kNonce},
                     {"claims", {"age_over_18"}}};
  Response r = Post(body.dump(), "application/json; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.headers.Get("Cache-Control"), "no-store");
  const json out = json::parse(r.body);
  EXPECT_EQ(out["valid"], true);
  EXPECT_EQ(out["format"], "dc+sd-jwt");
  EXPECT_EQ(out["issuer"], kIssuer);
  EXPECT_EQ(out["claims"]["age_over_18"], true);
  EXPECT_EQ(out["claims"]["nationality"], "DE");
  EXPECT_FALSE(out["claims"].contains("given_name"));
  EXPECT_EQ(out["expires_at"], kNow + 3600);
  EXPECT_TRUE(out["errors"].empty());
}

TEST_F(VerifyHandlerTest, InvalidPresentationGets200WithReasons) {
  const json body = {{"presentation", Presentation()}, {"audience", "https://other.example"}, {"nonce", kNonce}};
  Response r = Post(body.dump());
  ASSERT_EQ(r.status, 200);
  const json out = json::parse(r.body);
  EXPECT_EQ(out["valid"], false);
  EXPECT_EQ(out["errors"][0]["code"], "audience_mismatch");
  EXPECT_TRUE(out["claims"].empty());
}

TEST_F(VerifyHandlerTest, UnreadableRequestsAreProblems) {
  EXPECT_EQ(Post("{}", "text/plain").status, 415);
  Response dup = Post(R"({"presentation":"a~","audience":"x","nonce":"n","nonce":"m"})");
  EXPECT_EQ(dup.status, 400);
  EXPECT_EQ(dup.headers.Get("Content-Type"), "application/problem+json");
  EXPECT_NE(json::parse(dup.body)["detail"].get<std::string>().find("json_duplicate_key"), std::string::npos);
  EXPECT_EQ(Post(R"({"presentation":"a~","audience":"x"})").status, 400);
  EXPECT_EQ(Post("not json").status, 400);
  EXPECT_EQ(Post(std::string(17 * 1024, ' ')).status, 413);
}

TEST(ContentTypeTest, AcceptsJsonWithParametersOnly) {
  EXPECT_TRUE(IsJsonContentType("application/json"));
  EXPECT_TRUE(IsJsonContentType("Application/JSON ; charset=utf-8"));
  EXPECT_FALSE(IsJsonContentType("application/jsonx"));
  EXPECT_FALSE(IsJsonContentType("text/json"));
}

}  // namespace
}  // namespace signet::api
