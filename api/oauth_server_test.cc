// The authorization server end to end over plain Request -> Response calls: metadata,
// registration, consent with a pairing code, code exchange with PKCE, refresh rotation and reuse
// detection, expiry, revocation, scopes, DPoP binding and the /mcp authenticator.

#include "api/oauth_server.h"

#include <gtest/gtest.h>

#include "api/oauth_test_util.h"
#include "storage/memory/memory_storage.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr char kIssuer[] = "https://vault.example";
constexpr char kRedirect[] = "http://127.0.0.1:4567/cb";
constexpr char kVerifier[] = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char kChallenge[] = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

Request Post(std::string path, std::string body,
             std::string type = "application/x-www-form-urlencoded") {
  Request r;
  r.method = "POST";
  r.path = std::move(path);
  r.body = std::move(body);
  r.headers.Add("Content-Type", std::move(type));
  return r;
}

// QueryOf returns the decoded query of a Location.
FormParams QueryOf(const Response& r) {
  const std::string loc(r.headers.Get("Location").value_or(""));
  const size_t q = loc.find('?');
  auto f = ParseForm(q == std::string::npos ? "" : loc.substr(q + 1));
  return f.has_value() ? *f : FormParams{};
}

Json JsonOf(const Response& r) { return Json::parse(r.body, nullptr, false); }

class OAuthServerTest : public ::testing::Test {
 protected:
  OAuthServerTest()
      : state_(storage::memory::CreateMemoryStateStore({.clock = &clock_})),
        server_(*state_, clock_, {.issuer = kIssuer}),
        key_(crypto::Ed25519PrivateKey::Generate()),
        signer_(key_) {}

  std::string Register(std::string redirect = kRedirect) {
    Response r = server_.Register(
        Post("/register", Json{{"redirect_uris", {redirect}}, {"client_name", "Claude <b>"}}.dump(),
             "application/json"));
    EXPECT_EQ(r.status, 201) << r.body;
    return JsonOf(r).value("client_id", "");
  }

  std::string AuthorizeQuery(const std::string& client, std::string extra = "") {
    return "response_type=code&client_id=" + client + "&redirect_uri=" + FormEncode(kRedirect) +
           "&code_challenge=" + kChallenge +
           "&code_challenge_method=S256&state=xyz&resource=" + FormEncode(server_.ResourceUri()) +
           extra;
  }

  Response AuthorizeGet(const std::string& query) {
    Request r;
    r.method = "GET";
    r.path = "/authorize";
    r.query = query;
    return server_.AuthorizeGet(r);
  }

  // RequestIdOf extracts the hidden request_id of a consent page.
  static std::string RequestIdOf(const Response& page) {
    const std::string marker = "name=\"request_id\" value=\"";
    const size_t at = page.body.find(marker);
    return at == std::string::npos ? "" : page.body.substr(at + marker.size(), 32);
  }

  std::string Pairing(std::string name = "claude") {
    return *server_.store().CreatePairingCode(TenantId("t_1"), name, std::chrono::minutes(10));
  }

  // Approve runs GET + POST /authorize and returns the code.
  std::string Approve(const std::string& client, std::string extra = "") {
    Response page = AuthorizeGet(AuthorizeQuery(client, std::move(extra)));
    EXPECT_EQ(page.status, 200) << page.body;
    Response r = server_.AuthorizePost(Post(
        "/authorize",
        "request_id=" + RequestIdOf(page) + "&pairing_code=" + Pairing() + "&decision=approve"));
    EXPECT_EQ(r.status, 302) << r.body;
    FormParams q = QueryOf(r);
    EXPECT_EQ(FormValue(q, "state"), "xyz");
    EXPECT_EQ(FormValue(q, "iss"), kIssuer);
    return std::string(FormValue(q, "code"));
  }

  Response Exchange(const std::string& client, const std::string& code,
                    std::string verifier = kVerifier, std::string dpop = "") {
    Request r =
        Post("/token", "grant_type=authorization_code&code=" + code + "&client_id=" + client +
                           "&redirect_uri=" + FormEncode(kRedirect) + "&code_verifier=" + verifier);
    if (!dpop.empty()) r.headers.Add("DPoP", dpop);
    return server_.Token(r);
  }

  Response Refresh(const std::string& client, const std::string& refresh, std::string dpop = "") {
    Request r = Post("/token", "grant_type=refresh_token&refresh_token=" + FormEncode(refresh) +
                                   "&client_id=" + client);
    if (!dpop.empty()) r.headers.Add("DPoP", dpop);
    return server_.Token(r);
  }

  std::string Proof(std::string htu, std::optional<std::string> token = std::nullopt) {
    Json p = testing::DpopPayload("POST", std::move(htu), clock_.UnixSeconds(),
                                  "jti-" + std::to_string(++jti_));
    if (token) p["ath"] = testing::Ath(*token);
    return testing::SignJws(testing::DpopHeaderFor(signer_), p, signer_);
  }

  Result<mcp::Principal> Call(const std::string& authorization, std::string dpop = "") {
    Request r = Post("/mcp", "{}", "application/json");
    r.headers.Add("Authorization", authorization);
    if (!dpop.empty()) r.headers.Add("DPoP", dpop);
    return server_.Authenticate(r);
  }

  FakeClock clock_;
  std::shared_ptr<storage::StateStore> state_;
  OAuthServer server_;
  crypto::Ed25519PrivateKey key_;
  credentials::Ed25519JwsSigner signer_;
  int jti_ = 0;
};

TEST_F(OAuthServerTest, PublishesBothMetadataDocuments) {
  Json pr = JsonOf(server_.ProtectedResourceMetadata({}));
  EXPECT_EQ(pr["resource"], "https://vault.example/mcp");
  EXPECT_EQ(pr["authorization_servers"], Json::array({kIssuer}));
  EXPECT_EQ(pr["bearer_methods_supported"], Json::array({"header"}));
  Json as = JsonOf(server_.AuthorizationServerMetadata({}));
  EXPECT_EQ(as["issuer"], kIssuer);
  EXPECT_EQ(as["token_endpoint"], "https://vault.example/token");
  EXPECT_EQ(as["code_challenge_methods_supported"], Json::array({"S256"}));
  EXPECT_EQ(as["token_endpoint_auth_methods_supported"], Json::array({"none"}));
  EXPECT_EQ(as["dpop_signing_alg_values_supported"], Json::array({"EdDSA", "Ed25519", "ES256"}));
}

TEST_F(OAuthServerTest, RegistrationRefusesBadMetadata) {
  auto reg = [&](const Json& j) { return server_.Register(Post("/register", j.dump(), "a/json")); };
  EXPECT_EQ(JsonOf(reg({{"client_name", "x"}}))["error"], "invalid_redirect_uri");
  EXPECT_EQ(JsonOf(reg({{"redirect_uris", {"http://evil.example/cb"}}}))["error"],
            "invalid_redirect_uri");
  EXPECT_EQ(JsonOf(reg({{"redirect_uris", {"https://a.example/cb#x"}}}))["error"],
            "invalid_redirect_uri");
  EXPECT_EQ(JsonOf(reg({{"redirect_uris", {kRedirect}},
                        {"token_endpoint_auth_method", "client_secret_basic"}}))["error"],
            "invalid_client_metadata");
  EXPECT_EQ(JsonOf(reg({{"redirect_uris", {kRedirect}}, {"grant_types", {"password"}}}))["error"],
            "invalid_client_metadata");
  Json many = {{"redirect_uris", Json::array()}};
  for (int i = 0; i < 11; ++i) many["redirect_uris"].push_back(kRedirect);
  EXPECT_EQ(reg(many).status, 400);
  EXPECT_EQ(server_.Register(Post("/register", "[", "a/json")).status, 400);
}

TEST_F(OAuthServerTest, ConsentPageEscapesAndNeverRedirectsForUntrustedClients) {
  const std::string client = Register();
  Response page = AuthorizeGet(AuthorizeQuery(client));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Claude &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("Claude <b>"), std::string::npos);
  EXPECT_NE(page.headers.Get("Content-Security-Policy")->find("default-src 'none'"),
            std::string::npos);
  EXPECT_NE(page.headers.Get("Content-Security-Policy")->find("frame-ancestors 'none'"),
            std::string::npos);
  Response unknown = AuthorizeGet(AuthorizeQuery("c_unknown"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_FALSE(unknown.headers.Has("Location"));
  std::string q = AuthorizeQuery(client);
  q.replace(q.find("4567"), 4, "4568");
  Response other_redirect = AuthorizeGet(q);
  EXPECT_EQ(other_redirect.status, 400);
  EXPECT_FALSE(other_redirect.headers.Has("Location"));
  EXPECT_FALSE(AuthorizeGet("client_id=https://client.example/meta.json").headers.Has("Location"));
}

TEST_F(OAuthServerTest, RedirectsProtocolErrorsToTheClient) {
  const std::string client = Register();
  auto error_of = [&](std::string q) {
    return std::string(FormValue(QueryOf(AuthorizeGet(q)), "error"));
  };
  std::string plain = AuthorizeQuery(client);
  plain.replace(plain.find("S256"), 4, "plain");
  EXPECT_EQ(error_of(plain), "invalid_request");
  std::string token = AuthorizeQuery(client);
  token.replace(token.find("response_type=code"), 18, "response_type=token");
  EXPECT_EQ(error_of(token), "unsupported_response_type");
  EXPECT_EQ(error_of(AuthorizeQuery(client, "&scope=admin")), "invalid_scope");
  std::string other = "response_type=code&client_id=" + client +
                      "&redirect_uri=" + FormEncode(kRedirect) + "&code_challenge=" + kChallenge +
                      "&code_challenge_method=S256&resource=https%3A%2F%2Fother.example%2Fmcp";
  EXPECT_EQ(error_of(other), "invalid_target");
  EXPECT_EQ(error_of(AuthorizeQuery(client) + "&state=again"), "");  // repeated: shown, not sent
}

TEST_F(OAuthServerTest, WrongPairingCodesAreCountedThenTheRequestIsDenied) {
  const std::string client = Register();
  const std::string id = RequestIdOf(AuthorizeGet(AuthorizeQuery(client)));
  for (int i = 1; i < 5; ++i) {
    Response r = server_.AuthorizePost(
        Post("/authorize", "request_id=" + id + "&pairing_code=AAAA-AAAA-AAAA&decision=approve"));
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(r.body.find("attempt " + std::to_string(i) + " of 5"), std::string::npos);
  }
  Response last = server_.AuthorizePost(
      Post("/authorize", "request_id=" + id + "&pairing_code=AAAA-AAAA-AAAA&decision=approve"));
  EXPECT_EQ(FormValue(QueryOf(last), "error"), "access_denied");
  // The request is gone: even the right code does not revive it.
  Response after =
      server_.AuthorizePost(Post("/authorize", "request_id=" + id + "&pairing_code=" + Pairing()));
  EXPECT_EQ(after.status, 400);
  EXPECT_FALSE(after.headers.Has("Location"));
}

TEST_F(OAuthServerTest, WrongPairingCodesAreLimitedPerClientAddress) {
  const std::string client = Register();
  auto post = [&](const std::string& ip, const std::string& code) {
    const std::string id = RequestIdOf(AuthorizeGet(AuthorizeQuery(client)));
    Request r = Post("/authorize", "request_id=" + id + "&pairing_code=" + code + "&decision=approve");
    r.client_ip = ip;
    return server_.AuthorizePost(r);
  };
  for (int i = 0; i < 20; ++i) EXPECT_EQ(post("192.0.2.1", "AAAA-AAAA-AAAA").status, 400) << i;
  // The 21st try from that address is refused before the code is even looked at.
  Response limited = post("192.0.2.1", Pairing());
  EXPECT_EQ(limited.status, 429);
  // Another address is not locked out.
  EXPECT_EQ(post("192.0.2.2", Pairing()).status, 302);
  clock_.Advance(std::chrono::minutes(16));
  EXPECT_EQ(post("192.0.2.1", Pairing()).status, 302);
}

TEST_F(OAuthServerTest, PairingCodesAreSingleUse) {
  const std::string client = Register();
  const std::string code = Pairing();
  for (int i = 0; i < 2; ++i) {
    const std::string id = RequestIdOf(AuthorizeGet(AuthorizeQuery(client)));
    Response r =
        server_.AuthorizePost(Post("/authorize", "request_id=" + id + "&pairing_code=" + code));
    EXPECT_EQ(r.status, i == 0 ? 302 : 400);
  }
}

TEST_F(OAuthServerTest, OwnerCanDeny) {
  const std::string client = Register();
  const std::string id = RequestIdOf(AuthorizeGet(AuthorizeQuery(client)));
  Response r = server_.AuthorizePost(Post("/authorize", "request_id=" + id + "&decision=deny"));
  EXPECT_EQ(FormValue(QueryOf(r), "error"), "access_denied");
  EXPECT_EQ(FormValue(QueryOf(r), "state"), "xyz");
}

// ApprovalCodeOf extracts the approval code a consent page shows for `signet agent approve`.
std::string ApprovalCodeOf(const Response& page) {
  const std::string marker = "signet agent approve ";
  const size_t at = page.body.find(marker);
  return at == std::string::npos ? "" : page.body.substr(at + marker.size(), 14);
}

TEST_F(OAuthServerTest, AnOwnerCanApproveFromADeviceInsteadOfTypingAPairingCode) {
  const std::string client = Register();
  Response page = AuthorizeGet(AuthorizeQuery(client));
  const std::string id = RequestIdOf(page);
  const std::string approval = ApprovalCodeOf(page);
  ASSERT_EQ(NormalizePairingCode(approval).size(), 12u) << page.body;
  const std::string approve = "request_id=" + id + "&pairing_code=&decision=approve";
  // Not approved yet: the page is shown again, the approval code with it, nothing is counted.
  Response early = server_.AuthorizePost(Post("/authorize", approve));
  EXPECT_EQ(early.status, 400);
  EXPECT_NE(early.body.find("Not approved yet"), std::string::npos);
  EXPECT_EQ(ApprovalCodeOf(early), approval);
  // The device approves (lower case and without dashes are the same code); it is single use.
  std::string typed = NormalizePairingCode(approval);
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto approved = server_.store().ApproveRequest(typed, TenantId("t_1"), "laptop");
  ASSERT_TRUE(approved.has_value()) << approved.error().ToString();
  EXPECT_EQ(approved->request_id, id);
  const Json shown = ApprovalJson(*approved);
  EXPECT_EQ(shown["client_id"], client);
  EXPECT_EQ(shown["client_name"], "Claude <b>");
  EXPECT_EQ(shown["redirect_host"], "127.0.0.1:4567");
  EXPECT_EQ(shown["agent"], "agent:laptop");
  auto again = server_.store().ApproveRequest(approval, TenantId("t_2"), "other");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), ErrorCode::kNotFound);
  // Approve with the pairing code left empty now redirects with a code for that tenant and agent.
  Response r = server_.AuthorizePost(Post("/authorize", approve));
  ASSERT_EQ(r.status, 302) << r.body;
  EXPECT_EQ(FormValue(QueryOf(r), "state"), "xyz");
  Response ok = Exchange(client, std::string(FormValue(QueryOf(r), "code")));
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto p = Call("Bearer " + JsonOf(ok)["access_token"].get<std::string>());
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->tenant.value(), "t_1");
  EXPECT_EQ(p->agent_id, "agent:laptop");
  // The request is used up.
  EXPECT_EQ(server_.AuthorizePost(Post("/authorize", approve)).status, 400);
}

TEST_F(OAuthServerTest, DeviceApprovalsAreBoundToOneRequestAndExpireWithIt) {
  const std::string client = Register();
  Response a = AuthorizeGet(AuthorizeQuery(client));
  Response b = AuthorizeGet(AuthorizeQuery(client));
  ASSERT_NE(ApprovalCodeOf(a), ApprovalCodeOf(b));
  ASSERT_TRUE(server_.store().ApproveRequest(ApprovalCodeOf(a), TenantId("t_1"), "mcp"));
  // Approving A does not approve B.
  Response other = server_.AuthorizePost(
      Post("/authorize", "request_id=" + RequestIdOf(b) + "&decision=approve"));
  EXPECT_EQ(other.status, 400);
  // The owner can still deny an approved request on the page.
  Response denied = server_.AuthorizePost(
      Post("/authorize", "request_id=" + RequestIdOf(a) + "&decision=deny"));
  EXPECT_EQ(FormValue(QueryOf(denied), "error"), "access_denied");
  // Malformed and unknown codes.
  EXPECT_EQ(server_.store().ApproveRequest("nope", TenantId("t_1"), "mcp").error().code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(server_.store().ApproveRequest("AAAA-AAAA-AAAA", TenantId("t_1"), "mcp").error().code(),
            ErrorCode::kNotFound);
  // After the request's lifetime (10 minutes) its approval code is refused.
  clock_.Advance(std::chrono::minutes(11));
  auto late = server_.store().ApproveRequest(ApprovalCodeOf(b), TenantId("t_1"), "mcp");
  ASSERT_FALSE(late.has_value());
  EXPECT_EQ(late.error().code(), ErrorCode::kNotFound);
}

TEST_F(OAuthServerTest, CodeExchangeChecksPkceAndTheCodeIsSingleUse) {
  const std::string client = Register();
  std::string code = Approve(client);
  Response bad = Exchange(client, code, std::string(43, 'a'));
  EXPECT_EQ(JsonOf(bad)["error"], "invalid_grant");
  // The failed attempt consumed the code.
  EXPECT_EQ(JsonOf(Exchange(client, code))["error"], "invalid_grant");
  code = Approve(client);
  Response ok = Exchange(client, code);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(*ok.headers.Get("Cache-Control"), "no-store");
  EXPECT_EQ(*ok.headers.Get("Pragma"), "no-cache");
  Json t = JsonOf(ok);
  EXPECT_EQ(t["token_type"], "Bearer");
  EXPECT_EQ(t["expires_in"], 600);
  EXPECT_EQ(t["scope"], "signet:proofs signet:query signet:capabilities signet:notes");
  auto p = Call("Bearer " + t["access_token"].get<std::string>());
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->tenant.value(), "t_1");
  EXPECT_EQ(p->agent_id, "agent:claude");
  EXPECT_EQ(p->client_id, client);
  EXPECT_EQ(p->domain, "");  // a registered client has no domain of its own
  EXPECT_FALSE(p->local);
  EXPECT_TRUE(p->HasScope("signet:proofs"));
}

TEST_F(OAuthServerTest, ASecondUseOfACodeRevokesTheSessionItMade) {
  const std::string client = Register();
  const std::string code = Approve(client);
  Json t = JsonOf(Exchange(client, code));
  const std::string bearer = "Bearer " + t["access_token"].get<std::string>();
  EXPECT_TRUE(Call(bearer).has_value());
  EXPECT_EQ(JsonOf(Exchange(client, code))["error"], "invalid_grant");
  EXPECT_FALSE(Call(bearer).has_value());
  EXPECT_EQ(JsonOf(Refresh(client, t["refresh_token"]))["error"], "invalid_grant");
}

TEST_F(OAuthServerTest, CodeIsBoundToClientRedirectAndLifetime) {
  const std::string client = Register();
  const std::string other = Register();
  EXPECT_EQ(JsonOf(Exchange(other, Approve(client)))["error"], "invalid_grant");
  std::string code = Approve(client);
  Request r = Post("/token", "grant_type=authorization_code&code=" + code + "&client_id=" + client +
                                 "&redirect_uri=" + FormEncode("http://127.0.0.1:4567/other") +
                                 "&code_verifier=" + kVerifier);
  EXPECT_EQ(JsonOf(server_.Token(r))["error"], "invalid_grant");
  code = Approve(client);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(JsonOf(Exchange(client, code))["error"], "invalid_grant");
}

TEST_F(OAuthServerTest, TokenEndpointErrors) {
  EXPECT_EQ(JsonOf(server_.Token(Post("/token", "grant_type=password")))["error"],
            "unsupported_grant_type");
  EXPECT_EQ(server_.Token(Post("/token", "grant_type=refresh_token", "application/json")).status,
            400);
  EXPECT_EQ(JsonOf(server_.Token(Post("/token", "grant_type=authorization_code")))["error"],
            "invalid_request");
}

TEST_F(OAuthServerTest, RefreshRotatesAndReuseRevokesTheFamily) {
  const std::string client = Register();
  Json first = JsonOf(Exchange(client, Approve(client)));
  const std::string r1 = first["refresh_token"];
  Json second = JsonOf(Refresh(client, r1));
  ASSERT_TRUE(second.contains("refresh_token")) << second.dump();
  const std::string r2 = second["refresh_token"];
  EXPECT_NE(r1, r2);
  const std::string a2 = second["access_token"];
  EXPECT_TRUE(Call("Bearer " + a2).has_value());
  // r1 again: reuse. The whole grant goes, with r2 and every access token.
  EXPECT_EQ(JsonOf(Refresh(client, r1))["error"], "invalid_grant");
  EXPECT_EQ(JsonOf(Refresh(client, r2))["error"], "invalid_grant");
  EXPECT_FALSE(Call("Bearer " + a2).has_value());
  EXPECT_FALSE(Call("Bearer " + first["access_token"].get<std::string>()).has_value());
}

TEST_F(OAuthServerTest, RefreshCanNarrowButNotWidenScope) {
  const std::string client = Register();
  Json t = JsonOf(Exchange(client, Approve(client, "&scope=signet%3Aproofs+signet%3Aquery")));
  EXPECT_EQ(t["scope"], "signet:proofs signet:query");
  Request widen = Post(
      "/token", "grant_type=refresh_token&client_id=" + client +
                    "&scope=signet%3Anotes&refresh_token=" + t["refresh_token"].get<std::string>());
  EXPECT_EQ(JsonOf(server_.Token(widen))["error"], "invalid_scope");
  Request narrow = Post("/token", "grant_type=refresh_token&client_id=" + client +
                                      "&scope=signet%3Aproofs&refresh_token=" +
                                      t["refresh_token"].get<std::string>());
  Json n = JsonOf(server_.Token(narrow));
  EXPECT_EQ(n["scope"], "signet:proofs");
  auto p = Call("Bearer " + n["access_token"].get<std::string>());
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(p->HasScope("signet:proofs"));
  EXPECT_FALSE(p->HasScope("signet:query"));
}

TEST_F(OAuthServerTest, AccessTokensExpire) {
  const std::string client = Register();
  Json t = JsonOf(Exchange(client, Approve(client)));
  const std::string bearer = "Bearer " + t["access_token"].get<std::string>();
  EXPECT_TRUE(Call(bearer).has_value());
  clock_.Advance(std::chrono::minutes(10) + std::chrono::seconds(1));
  auto r = Call(bearer);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
  // The refresh token still works within the grant's lifetime.
  EXPECT_EQ(Refresh(client, t["refresh_token"]).status, 200);
}

TEST_F(OAuthServerTest, RevocationEndsAccessAndRefreshTokens) {
  const std::string client = Register();
  Json t = JsonOf(Exchange(client, Approve(client)));
  const std::string access = t["access_token"];
  EXPECT_EQ(server_.Revoke(Post("/revoke", "token=" + access + "&client_id=" + client)).status,
            200);
  EXPECT_FALSE(Call("Bearer " + access).has_value());
  EXPECT_EQ(Refresh(client, t["refresh_token"]).status, 200);  // an access token ends alone
  Json t2 = JsonOf(Exchange(client, Approve(client)));
  EXPECT_EQ(server_
                .Revoke(Post("/revoke", "token=" + t2["refresh_token"].get<std::string>() +
                                            "&client_id=" + client))
                .status,
            200);
  EXPECT_FALSE(Call("Bearer " + t2["access_token"].get<std::string>()).has_value());
  EXPECT_EQ(server_.Revoke(Post("/revoke", "token=unknown")).status, 200);
}

TEST_F(OAuthServerTest, RevokingTheGrantEndsItsSession) {
  const std::string client = Register();
  Json t = JsonOf(Exchange(client, Approve(client)));
  auto grants = server_.store().ListGrants(TenantId("t_1"));
  ASSERT_TRUE(grants.has_value());
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_TRUE(server_.store().ListGrants(TenantId("t_2"))->empty());
  EXPECT_TRUE(*server_.store().RevokeGrant((*grants)[0].id));
  EXPECT_FALSE(Call("Bearer " + t["access_token"].get<std::string>()).has_value());
  EXPECT_EQ(JsonOf(Refresh(client, t["refresh_token"]))["error"], "invalid_grant");
}

TEST_F(OAuthServerTest, DpopBindsTokensToTheKey) {
  const std::string client = Register();
  Response ok = Exchange(client, Approve(client), kVerifier, Proof("https://vault.example/token"));
  ASSERT_EQ(ok.status, 200) << ok.body;
  Json t = JsonOf(ok);
  EXPECT_EQ(t["token_type"], "DPoP");
  const std::string access = t["access_token"];
  auto p = Call("DPoP " + access, Proof("https://vault.example/mcp", access));
  ASSERT_TRUE(p.has_value()) << p.error().ToString() << " " << p.error().detail();
  // A bound token as Bearer, without a proof, or with a proof by another key: refused.
  EXPECT_FALSE(Call("Bearer " + access).has_value());
  EXPECT_FALSE(Call("DPoP " + access).has_value());
  auto other = crypto::Ed25519PrivateKey::Generate();
  credentials::Ed25519JwsSigner other_signer(other);
  Json payload =
      testing::DpopPayload("POST", "https://vault.example/mcp", clock_.UnixSeconds(), "o");
  payload["ath"] = testing::Ath(access);
  EXPECT_FALSE(Call("DPoP " + access,
                    testing::SignJws(testing::DpopHeaderFor(other_signer), payload, other_signer))
                   .has_value());
  // The refresh token is bound too.
  EXPECT_EQ(JsonOf(Refresh(client, t["refresh_token"]))["error"], "invalid_dpop_proof");
}

TEST_F(OAuthServerTest, DpopBoundRefreshNeedsTheSameKey) {
  const std::string client = Register();
  Json t =
      JsonOf(Exchange(client, Approve(client), kVerifier, Proof("https://vault.example/token")));
  Response r = Refresh(client, t["refresh_token"], Proof("https://vault.example/token"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(JsonOf(r)["token_type"], "DPoP");
}

TEST_F(OAuthServerTest, DpopJktAtAuthorizeBindsTheCode) {
  const std::string client = Register();
  const std::string jkt = signer_.public_jwk().Thumbprint();
  auto other = crypto::Ed25519PrivateKey::Generate();
  credentials::Ed25519JwsSigner other_signer(other);
  Json payload =
      testing::DpopPayload("POST", "https://vault.example/token", clock_.UnixSeconds(), "x");
  const std::string other_proof =
      testing::SignJws(testing::DpopHeaderFor(other_signer), payload, other_signer);
  EXPECT_EQ(JsonOf(Exchange(client, Approve(client, "&dpop_jkt=" + jkt), kVerifier,
                            other_proof))["error"],
            "invalid_dpop_proof");
  EXPECT_EQ(Exchange(client, Approve(client, "&dpop_jkt=" + jkt), kVerifier,
                     Proof("https://vault.example/token"))
                .status,
            200);
}

TEST_F(OAuthServerTest, InvalidDpopProofAtTheTokenEndpoint) {
  const std::string client = Register();
  Response r = Exchange(client, Approve(client), kVerifier, Proof("https://vault.example/mcp"));
  EXPECT_EQ(JsonOf(r)["error"], "invalid_dpop_proof");
}

TEST_F(OAuthServerTest, ChallengesNameTheResourceMetadata) {
  auto missing = Call("Basic abc");
  ASSERT_FALSE(missing.has_value());
  auto c = server_.Challenge(missing.error(), "");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0],
            "Bearer resource_metadata=\"https://vault.example/.well-known/"
            "oauth-protected-resource/mcp\"");
  auto bad = Call("Bearer nope");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(server_.Challenge(bad.error(), "")[0].find("error=\"invalid_token\""),
            std::string::npos);
  auto scope = server_.Challenge(PermissionDenied("x"), "signet:notes");
  ASSERT_EQ(scope.size(), 1u);
  EXPECT_NE(scope[0].find("error=\"insufficient_scope\", scope=\"signet:notes\""),
            std::string::npos);
}

}  // namespace
}  // namespace signet::api
