// Client ID metadata documents: a client whose client_id is an https URL is described by the
// document fetched from it (through a fake sender here; server/webhook_client.h in production).

#include "api/oauth_client_metadata.h"

#include <gtest/gtest.h>

#include "api/oauth_server.h"
#include "storage/memory/memory_storage.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr char kClientId[] = "https://app.example/oauth/client.json";
constexpr char kRedirect[] = "https://app.example/cb";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

// FakeSender answers every call with `reply` (or `error`) and records the calls.
class FakeSender final : public notify::HttpSender {
 public:
  void Send(notify::HttpCall call, notify::HttpDone done) override {
    calls.push_back(call);
    if (error) {
      done(*error);
    } else {
      done(reply);
    }
  }
  notify::HttpReply reply;
  std::optional<Error> error;
  std::vector<notify::HttpCall> calls;
};

class ClientMetadataTest : public ::testing::Test {
 protected:
  ClientMetadataTest()
      : sender_(std::make_shared<FakeSender>()),
        state_(storage::memory::CreateMemoryStateStore({.clock = &clock_})),
        server_(*state_, clock_,
                {.issuer = "https://vault.example", .client_metadata_sender = sender_}) {
    Document({{"client_id", kClientId},
              {"client_name", "App"},
              {"redirect_uris", {kRedirect}},
              {"token_endpoint_auth_method", "none"}});
  }

  void Document(const Json& doc, int status = 200) {
    sender_->reply = {status, doc.dump(), std::nullopt};
  }

  Response Authorize(std::string client_id = kClientId) {
    Request r;
    r.method = "GET";
    r.query = "response_type=code&client_id=" + FormEncode(client_id) +
              "&redirect_uri=" + FormEncode(kRedirect) + "&code_challenge=" + kChallenge +
              "&code_challenge_method=S256&state=s";
    return server_.AuthorizeGet(r);
  }

  FakeClock clock_;
  std::shared_ptr<FakeSender> sender_;
  std::shared_ptr<storage::StateStore> state_;
  OAuthServer server_;
};

TEST_F(ClientMetadataTest, ValidatesClientIdUrls) {
  EXPECT_TRUE(ValidateClientIdUrl(kClientId).ok());
  for (const char* bad :
       {"http://app.example/c.json", "https://app.example", "https://app.example/",
        "https://u@app.example/c.json", "https://app.example/c.json#x",
        "https://app.example/a/../c.json", "https://app.example/./c.json"}) {
    EXPECT_FALSE(ValidateClientIdUrl(bad).ok()) << bad;
  }
  EXPECT_FALSE(ValidateClientIdUrl("https://app.example/" + std::string(600, 'a')).ok());
}

TEST_F(ClientMetadataTest, AFetchedDocumentDescribesTheClientAndTheFlowCompletes) {
  Response page = Authorize();
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("<b>App</b>"), std::string::npos);
  ASSERT_EQ(sender_->calls.size(), 1u);
  EXPECT_EQ(sender_->calls[0].method, "GET");
  EXPECT_EQ(sender_->calls[0].url, kClientId);
  EXPECT_EQ(sender_->calls[0].timeout, std::chrono::seconds(5));
  const std::string marker = "name=\"request_id\" value=\"";
  const std::string id = page.body.substr(page.body.find(marker) + marker.size(), 32);
  auto pairing = server_.store().CreatePairingCode(TenantId("t_1"), "app", std::chrono::minutes(1));
  Request post;
  post.body = "request_id=" + id + "&pairing_code=" + *pairing;
  Response redirect = server_.AuthorizePost(post);
  ASSERT_EQ(redirect.status, 302);
  const std::string location(*redirect.headers.Get("Location"));
  const std::string code = location.substr(location.find("code=") + 5, 43);
  Request token;
  token.headers.Add("Content-Type", "application/x-www-form-urlencoded");
  token.body = "grant_type=authorization_code&code=" + code +
               "&client_id=" + FormEncode(kClientId) + "&redirect_uri=" + FormEncode(kRedirect) +
               "&code_verifier=" + kVerifier;
  Response t = server_.Token(token);
  ASSERT_EQ(t.status, 200) << t.body;
  // The agent's calls carry the document's host as its domain (for policy classification).
  Request call;
  call.method = "POST";
  call.path = "/mcp";
  call.headers.Add("Authorization", "Bearer " + Json::parse(t.body)["access_token"].get<std::string>());
  auto principal = server_.Authenticate(call);
  ASSERT_TRUE(principal.has_value()) << principal.error().ToString();
  EXPECT_EQ(principal->client_id, kClientId);
  EXPECT_EQ(principal->domain, "app.example");
  EXPECT_EQ(
      Json::parse(
          server_.AuthorizationServerMetadata({}).body)["client_id_metadata_document_supported"],
      true);
}

TEST(ClientIdDomainTest, IsTheNormalisedDnsHostOfAMetadataDocumentUrlOnly) {
  EXPECT_EQ(ClientIdDomain("https://app.example/oauth/client.json"), "app.example");
  EXPECT_EQ(ClientIdDomain("https://Agents.MyBank.Example:8443/c.json?v=2"), "agents.mybank.example");
  EXPECT_EQ(ClientIdDomain("https://app.example./c.json"), "app.example");
  for (const char* none :
       {"c_4f9d2a", "", "http://app.example/c.json", "https://app.example/",
        "https://127.0.0.1:8443/c.json", "https://10.0.0.1/c.json", "https://[::1]:8443/c.json",
        "https://0x7f.0.0.1/c.json", "https://u@app.example/c.json", "https://app_x.example/c.json",
        "https://-app.example/c.json"}) {
    EXPECT_EQ(ClientIdDomain(none), "") << none;
  }
}

TEST_F(ClientMetadataTest, RefusalsAreShownNeverRedirected) {
  auto refused = [&] {
    Response r = Authorize();
    EXPECT_FALSE(r.headers.Has("Location"));
    return r.status;
  };
  Document({{"client_id", "https://other.example/c.json"}, {"redirect_uris", {kRedirect}}});
  EXPECT_EQ(refused(), 400);
  Document({{"client_id", kClientId}, {"redirect_uris", {"https://evil.example/cb"}}});
  EXPECT_EQ(refused(), 400);  // the requested redirect_uri is not in the document
  Document({{"client_id", kClientId}, {"redirect_uris", {"http://evil.example/cb"}}});
  EXPECT_EQ(refused(), 400);
  Document({{"client_id", kClientId},
            {"redirect_uris", {kRedirect}},
            {"token_endpoint_auth_method", "private_key_jwt"}});
  EXPECT_EQ(refused(), 400);
  Document({{"client_id", kClientId}, {"redirect_uris", {kRedirect}}}, 302);
  EXPECT_EQ(refused(), 400);
  sender_->reply.status = 200;
  sender_->reply.body = "not json";
  EXPECT_EQ(refused(), 400);
  sender_->error = PermissionDenied("private address");
  EXPECT_EQ(refused(), 400);
  sender_->error = Unavailable("connect failed");
  EXPECT_EQ(refused(), 502);
  const size_t calls = sender_->calls.size();
  Response http = Authorize("https://app.example/");
  EXPECT_FALSE(http.headers.Has("Location"));
  EXPECT_EQ(sender_->calls.size(), calls);  // an invalid URL is never fetched
}

TEST_F(ClientMetadataTest, WithoutASenderHttpsClientIdsAreRefused) {
  OAuthServer plain(*state_, clock_, {.issuer = "https://vault.example"});
  Request r;
  r.query = "client_id=" + FormEncode(kClientId);
  Response page = plain.AuthorizeGet(r);
  EXPECT_EQ(page.status, 400);
  EXPECT_NE(page.body.find("not supported"), std::string::npos);
  EXPECT_EQ(
      Json::parse(
          plain.AuthorizationServerMetadata({}).body)["client_id_metadata_document_supported"],
      false);
}

}  // namespace
}  // namespace signet::api
