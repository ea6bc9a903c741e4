// End-to-end tests of credentials through the real binary: `signet credential issue` from vault
// values, `signet present` with a KB-JWT, POST /verify (over HTTP and in-process through
// `signet verify`), issuer metadata and status lists served by the server, revocation.

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "base/encoding.h"
#include "tests/e2e/harness.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

const std::vector<std::string> kFastKdf = {"SIGNET_HOLDER__KDF_OPS=2",
                                           "SIGNET_HOLDER__KDF_MEMORY=19MiB"};
constexpr char kBase[] = "http://signet.test";
constexpr char kAudience[] = "https://rp.example";
constexpr char kNonce[] = "nonce-0123456789abcdef";

class CredentialsE2eTest : public ::testing::Test {
 protected:
  CredentialsE2eTest()
      : server_({.extra_yaml = std::string("server:\n  public_url: ") + kBase + "\n"}) {}

  void SetUp() override {
    std::ofstream(dir_.path() + "/pass") << "correct horse battery staple\n";
    ASSERT_EQ(Run({"init", "--passphrase-file", dir_.path() + "/pass"}).exit_code, 0);
    ASSERT_EQ(Run({"store", "--label", "email", "--value", "ada@example.org"}).exit_code, 0);
    ASSERT_EQ(Run({"store", "--label", "birthdate", "--value", "1990-04-01"}).exit_code, 0);
    ASSERT_TRUE(server_.Start()) << server_.Log();
  }

  CommandResult Run(std::vector<std::string> args) {
    args.push_back("--data-dir");
    args.push_back(server_.data_dir());
    std::vector<std::string> env = kFastKdf;
    env.push_back(std::string("SIGNET_SERVER__PUBLIC_URL=") + kBase);
    return RunSignet(args, env);
  }
  std::string Path(const std::string& name) const { return dir_.path() + "/" + name; }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(Path(name)) << text;
    return Path(name);
  }

  // Issue issues a credential with email and age_over_21 to a fresh holder key; returns its id.
  std::string Issue() {
    CommandResult r =
        Run({"credential", "issue", "--label", "email", "--derive", "age_over_21",
             "--new-holder-key", Path("holder.jwk"), "--out", Path("cred.txt"), "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out, nullptr, false);
    EXPECT_TRUE(j.is_object()) << r.out;
    issuer_ = j.value("issuer", "");
    return j.value("id", "");
  }
  // Present makes a presentation disclosing age_over_21 for `audience`.
  std::string Present(const std::string& audience = kAudience) {
    CommandResult r =
        Run({"present", "--credential", Path("cred.txt"), "--holder-key", Path("holder.jwk"),
             "--audience", audience, "--nonce", kNonce, "--claims", "age_over_21"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
  }
  json PostVerify(const std::string& presentation, const std::string& audience = kAudience) {
    const std::string body =
        json{{"presentation", presentation}, {"audience", audience}, {"nonce", kNonce}}.dump();
    auto resp = Request(server_.port(),
                        "POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: "
                        "application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
    EXPECT_TRUE(resp.has_value());
    if (!resp) return json();
    EXPECT_EQ(resp->status, 200) << resp->body;
    return json::parse(resp->body, nullptr, false);
  }
  std::optional<HttpResponse> Get(const std::string& path) {
    return Request(server_.port(),
                   "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  }
  std::string Tenant() const { return issuer_.substr(issuer_.rfind('/') + 1); }

  TempDir dir_;
  ServerProcess server_;
  std::string issuer_;
};

TEST_F(CredentialsE2eTest, IssuedCredentialVerifiesOverHttpAndInProcessUntilRevoked) {
  const std::string id = Issue();
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(issuer_.rfind(std::string(kBase) + "/t/t_", 0), 0U) << issuer_;
  const std::string presentation = Present();

  json verdict = PostVerify(presentation);
  ASSERT_TRUE(verdict.is_object());
  EXPECT_EQ(verdict["valid"], true) << verdict.dump();
  EXPECT_EQ(verdict["issuer"], issuer_);
  EXPECT_EQ(verdict["claims"]["age_over_21"], true) << verdict.dump();
  EXPECT_FALSE(verdict["claims"].contains("email")) << verdict.dump();

  const std::string pfile = Write("presentation.txt", presentation);
  CommandResult remote = Run(
      {"verify", "--server", "http://127.0.0.1:" + std::to_string(server_.port()), "--presentation",
       pfile, "--audience", kAudience, "--nonce", kNonce, "--claims", "age_over_21", "--json"});
  EXPECT_EQ(remote.exit_code, 0) << remote.err << remote.out;
  CommandResult local =
      Run({"verify", "--presentation", pfile, "--audience", kAudience, "--nonce", kNonce});
  EXPECT_EQ(local.exit_code, 0) << local.err << local.out;
  EXPECT_EQ(local.out.rfind("valid dc+sd-jwt from " + issuer_, 0), 0U) << local.out;

  CommandResult listed = Run({"credential", "list", "--json"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  json list = json::parse(listed.out, nullptr, false);
  ASSERT_EQ(list["credentials"].size(), 1U) << listed.out;
  EXPECT_EQ(list["credentials"][0]["id"], id);
  EXPECT_EQ(list["credentials"][0]["revoked"], false);
  EXPECT_EQ(list["credentials"][0]["claims"], json({"age_over_21", "email"}));

  CommandResult revoked = Run({"credential", "revoke", id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  json after = PostVerify(Present());
  EXPECT_EQ(after["valid"], false) << after.dump();
  EXPECT_EQ(after["errors"][0]["code"], "revoked") << after.dump();
  CommandResult local_after = Run(
      {"verify", "--presentation", pfile, "--audience", kAudience, "--nonce", kNonce, "--json"});
  EXPECT_EQ(local_after.exit_code, 1) << local_after.out;
  EXPECT_EQ(json::parse(local_after.out, nullptr, false)["errors"][0]["code"], "revoked");
  EXPECT_EQ(json::parse(Run({"credential", "list", "--json"}).out, nullptr,
                        false)["credentials"][0]["revoked"],
            true);
  EXPECT_EQ(Run({"credential", "revoke", "no-such-id"}).exit_code, 1);
}

TEST_F(CredentialsE2eTest, RefusesAnotherAudienceAndUnknownTenants) {
  Issue();
  json wrong = PostVerify(Present(), "https://evil.example");
  EXPECT_EQ(wrong["valid"], false);
  EXPECT_EQ(wrong["errors"][0]["code"], "audience_mismatch") << wrong.dump();

  // Re-point the issuer JWT at a tenant this server does not have: never valid, and the reason
  // says which issuer is unknown (keys are resolved before the signature is checked).
  std::string p = Present();
  const size_t dot1 = p.find('.');
  const size_t dot2 = p.find('.', dot1 + 1);
  auto payload = Base64UrlDecode(p.substr(dot1 + 1, dot2 - dot1 - 1));
  ASSERT_TRUE(payload.has_value());
  json claims = json::parse(std::string(payload->begin(), payload->end()));
  claims["iss"] = std::string(kBase) + "/t/t_00000000000000000000";
  const std::string forged =
      p.substr(0, dot1 + 1) + Base64UrlEncode(AsBytes(claims.dump())) + p.substr(dot2);
  json unknown = PostVerify(forged);
  EXPECT_EQ(unknown["valid"], false);
  EXPECT_EQ(unknown["errors"][0]["code"], "unknown_issuer") << unknown.dump();
  EXPECT_NE(unknown["errors"][0]["message"].get<std::string>().find("no such tenant"),
            std::string::npos);

  claims["iss"] = "https://stranger.example/issuer";
  json stranger =
      PostVerify(p.substr(0, dot1 + 1) + Base64UrlEncode(AsBytes(claims.dump())) + p.substr(dot2));
  EXPECT_EQ(stranger["valid"], false);
  EXPECT_EQ(stranger["errors"][0]["code"], "unknown_issuer") << stranger.dump();
}

TEST_F(CredentialsE2eTest, ServesIssuerMetadataAndStatusListsAndBoundsTheBody) {
  Issue();
  auto md = Get("/.well-known/jwt-vc-issuer/t/" + Tenant());
  ASSERT_TRUE(md.has_value());
  ASSERT_EQ(md->status, 200) << md->body;
  json doc = json::parse(md->body, nullptr, false);
  EXPECT_EQ(doc["issuer"], issuer_);
  ASSERT_EQ(doc["jwks"]["keys"].size(), 2U);
  EXPECT_EQ(doc["jwks"]["keys"][0]["crv"], "Ed25519");
  EXPECT_FALSE(doc["jwks"]["keys"][0].contains("d"));
  // The BBS issuer key (draft-ietf-cose-bls-key-representations), public part only.
  EXPECT_EQ(doc["jwks"]["keys"][1]["kty"], "OKP");
  EXPECT_EQ(doc["jwks"]["keys"][1]["crv"], "BLS12381G2");
  EXPECT_EQ(doc["jwks"]["keys"][1]["x"].get<std::string>().size(), 128U);  // 96 bytes
  EXPECT_FALSE(doc["jwks"]["keys"][1].contains("d"));
  EXPECT_EQ(Get("/.well-known/jwt-vc-issuer/t/t_00000000000000000000")->status, 404);

  auto list = Get("/status-lists/" + Tenant());
  ASSERT_TRUE(list.has_value());
  EXPECT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(list->Header("content-type"), "application/statuslist+jwt");
  EXPECT_EQ(std::count(list->body.begin(), list->body.end(), '.'), 2);
  EXPECT_EQ(Get("/status-lists/t_00000000000000000000")->status, 404);
  EXPECT_EQ(Get("/status-lists/..")->status, 404);

  const std::string big(200 * 1024, 'a');
  auto resp = Request(server_.port(),
                      "POST /verify HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      "application/json\r\nContent-Length: " +
                          std::to_string(big.size()) + "\r\nConnection: close\r\n\r\n" + big);
  ASSERT_TRUE(resp.has_value());
  EXPECT_EQ(resp->status, 413);
}

TEST(CredentialsConfigE2eTest, RefusesToStartWithAMalformedTrustList) {
  TempDir dir;
  std::ofstream(dir.path() + "/trust.json") << R"([{"issuer": "https://x.example", "jwk": 1}])";
  ServerProcess server(
      {.extra_yaml = "credentials:\n  trusted_issuers: " + dir.path() + "/trust.json\n"});
  EXPECT_FALSE(server.Start(std::chrono::seconds(5)));
  EXPECT_NE(server.Log().find("credentials.trusted_issuers"), std::string::npos) << server.Log();
}

}  // namespace
}  // namespace signet::e2e
