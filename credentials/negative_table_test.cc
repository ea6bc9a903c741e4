// The negative table: every way a presentation must fail at POST /verify, each with the exact
// reason (errors[0].code) it must produce. Every case starts from a valid presentation (the
// Control cases prove those verify) and changes one thing. Runs through PresentationVerifier, the
// same object api/verify.cc serves.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/encoding.h"
#include "credentials/capability.h"
#include "credentials/credentials_test_util.h"
#include "credentials/paseto.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "credentials/status_service.h"
#include "credentials/verifier.h"
#include "storage/memory/memory_storage.h"

namespace signet::credentials {
namespace {

using namespace signet::credentials::testing;
using sdjwt::Disclosure;

constexpr char kStatusBase[] = "https://vault.example/status-lists/";

std::string B64(std::string_view s) { return Base64UrlEncode(AsBytes(s)); }

// FailingFetcher simulates an unreachable status list endpoint.
class FailingFetcher final : public StatusListFetcher {
 public:
  Result<std::string> Fetch(std::string_view) const override { return Unavailable("connection refused"); }
};

class World {
 public:
  World()
      : clock_(ClockAt(kNow)),
        trust_(Trust(issuer_)),
        state_(storage::memory::CreateMemoryStateStore({.clock = &clock_})),
        status_(*state_, issuer_.signer, clock_, {.issuer = kIssuer, .base_uri = kStatusBase}),
        checker_(status_, *trust_, clock_) {
    config_.issuer_keys = trust_.get();
    config_.status = &checker_;
    config_.ledger = state_.get();
    config_.clock = &clock_;
    status_ref_ = status_.Allocate("l1").value();
  }

  // --- SD-JWT ---

  sdjwt::VcClaims Vc() {
    sdjwt::VcClaims vc = VcFor(holder_);
    vc.status = status_ref_;
    return vc;
  }
  std::string Credential() { return Credential(Vc()); }
  std::string Credential(const sdjwt::VcClaims& vc) {
    return sdjwt::IssueVc(vc, IdentityFrame(), issuer_.signer).value().Serialize();
  }
  std::string Present(const std::string& credential, std::vector<std::string> reveal = {"age_over_18"},
                      int64_t kb_iat = kNow, const JwsSigner* holder = nullptr) {
    sdjwt::KeyBinding kb{kAudience, kNonce, kb_iat, holder != nullptr ? holder : &holder_.signer};
    return sdjwt::Present(credential, reveal, &kb).value();
  }
  std::string Valid() { return Present(Credential()); }

  // Jwt signs raw header and payload texts (which may be malformed on purpose).
  static std::string Jwt(std::string_view header, std::string_view payload, const JwsSigner& s) {
    std::string out = B64(header) + "." + B64(payload);
    return out + "." + Base64UrlEncode(s.Sign(AsBytes(out)).value());
  }
  // IssuerPayload returns a well-formed VC payload without digests, for crafted credentials.
  Json IssuerPayload() {
    return {{"iss", kIssuer},
            {"vct", "urn:signet:identity:1"},
            {"iat", kNow - 60},
            {"exp", kNow + 3600},
            {"_sd_alg", "sha-256"},
            {"cnf", {{"jwk", PublicJwk::Ed25519(holder_.key.public_key()).ToJson()}}}};
  }
  // Crafted builds an issuer-signed SD-JWT from a payload and disclosures, then adds a valid KB.
  std::string Crafted(const Json& payload, const std::vector<std::string>& disclosures,
                      std::string_view header = R"({"alg":"EdDSA","typ":"dc+sd-jwt"})") {
    return CraftedRaw(payload.dump(), disclosures, header);
  }
  std::string CraftedRaw(std::string_view payload, const std::vector<std::string>& disclosures,
                         std::string_view header = R"({"alg":"EdDSA","typ":"dc+sd-jwt"})") {
    std::string sd = Jwt(header, payload, issuer_.signer) + "~";
    for (const std::string& d : disclosures) sd += d + "~";
    return WithKb(sd);
  }
  std::string WithKb(const std::string& prefix) {
    sdjwt::KeyBinding kb{kAudience, kNonce, kNow, &holder_.signer};
    return prefix + sdjwt::MakeKeyBindingJwt(prefix, kb).value();
  }
  // RawKb appends a KB-JWT with the given header and payload texts, signed by the holder.
  std::string RawKb(const std::string& prefix, std::string_view header, std::string_view payload) {
    return prefix + Jwt(header, payload, holder_.signer);
  }
  std::string KbPayload(const std::string& prefix) {
    return Json{{"iat", kNow}, {"aud", kAudience}, {"nonce", kNonce}, {"sd_hash", sdjwt::SdHash(prefix)}}.dump();
  }
  static Disclosure D(std::optional<std::string> name, Json value, std::string salt = "c2FsdHNhbHQ") {
    return sdjwt::MakeDisclosure(std::move(salt), std::move(name), std::move(value)).value();
  }
  // StripKb returns the presentation up to and including its last '~'.
  static std::string StripKb(const std::string& p) { return p.substr(0, p.rfind('~') + 1); }

  // --- capabilities ---

  CapabilityRequest CapRequest() {
    CapabilityRequest r;
    r.issuer = kIssuer;
    r.subject = "agent:7";
    r.audience = kAudience;
    r.issued_at = kNow - 10;
    r.expires_at = kNow + 600;
    r.policy.permissions = {"purchase"};
    r.policy.max_amount = Money{"50.00", "EUR"};
    r.policy.purpose = "groceries";
    r.selectively_disclosed = {"purpose"};
    r.agent_key = agent_.key.public_key();
    return r;
  }
  std::string Cap(const CapabilityRequest& r, const CapabilitySpend* spend = nullptr,
                  std::string nonce = kNonce, std::vector<std::string> reveal = {}) {
    IssuedCapability c = IssueCapability(r, issuer_.key).value();
    last_cap_ = std::make_unique<IssuedCapability>(std::move(c));
    return PresentCap(spend, std::move(nonce), std::move(reveal));
  }
  std::string PresentCap(const CapabilitySpend* spend = nullptr, std::string nonce = kNonce,
                         std::vector<std::string> reveal = {}) {
    CapabilityBinding b{kAudience, std::move(nonce), kNow, &agent_.key};
    return PresentCapability(last_cap_->token, last_cap_->clause_disclosures, reveal, spend,
                             last_cap_->budget_chain || true ? &b : nullptr).value();
  }
  CapabilitySpend Spend(uint32_t total) {
    return {total, last_cap_->budget_chain->Link(total).value()};
  }

  VerifyResult Run(const std::string& presentation, CapabilityAction action = {},
                   std::vector<std::string> required = {}) {
    PresentationVerifier v(config_);
    return v.Verify({presentation, kAudience, kNonce, std::move(required), std::move(action)});
  }

  Party issuer_, holder_, agent_;
  FakeClock clock_;
  std::unique_ptr<TrustList> trust_;
  std::shared_ptr<storage::StateStore> state_;
  StatusListService status_;
  TokenStatusListChecker checker_;
  VerifierConfig config_;
  StatusReference status_ref_;
  std::unique_ptr<IssuedCapability> last_cap_;
};

// Case is one row of the table: how to break a presentation and the reason it must produce.
struct Case {
  const char* name;
  const char* reason;  // "" = must be valid (controls)
  std::function<VerifyResult(World&)> run;
};

std::string FlipLastSignatureChar(std::string jwt_part) {
  char& c = jwt_part[jwt_part.size() - 5];
  c = c == 'A' ? 'B' : 'A';
  return jwt_part;
}

std::vector<Case> Cases() {
  std::vector<Case> t;
  // Controls.
  t.push_back({"ControlSdJwtVerifies", "", [](World& w) { return w.Run(w.Valid()); }});
  t.push_back({"ControlCapabilityVerifies", "", [](World& w) {
                 return w.Run(w.Cap(w.CapRequest()), {.permission = "purchase",
                                                      .amount = Money{"49.99", "EUR"}});
               }});
  // Issuer JWT: signature and algorithm.
  t.push_back({"BadIssuerSignature", "invalid_signature", [](World& w) {
                 std::string p = w.Valid();
                 const size_t tilde = p.find('~');
                 return w.Run(FlipLastSignatureChar(p.substr(0, tilde)) + p.substr(tilde));
               }});
  t.push_back({"AlgNone", "unsupported_algorithm", [](World& w) {
                 std::string p = w.Valid();
                 const size_t dot = p.find('.');
                 return w.Run(B64(R"({"alg":"none","typ":"dc+sd-jwt"})") + p.substr(dot));
               }});
  t.push_back({"UnsignedJwtWithAnAllowedAlg", "malformed", [](World& w) {
                 const std::string jwt = B64(R"({"alg":"EdDSA","typ":"dc+sd-jwt"})") + "." +
                                         B64(w.IssuerPayload().dump()) + ".";
                 return w.Run(w.WithKb(jwt + "~"));
               }});
  t.push_back({"AlgNoneWithoutSignature", "unsupported_algorithm", [](World& w) {
                 const std::string jwt = B64(R"({"alg":"none","typ":"dc+sd-jwt"})") + "." +
                                         B64(w.IssuerPayload().dump()) + ".";
                 return w.Run(w.WithKb(jwt + "~"));
               }});
  t.push_back({"AlgHs256", "unsupported_algorithm", [](World& w) {
                 std::string p = w.Valid();
                 return w.Run(B64(R"({"alg":"HS256","typ":"dc+sd-jwt"})") + p.substr(p.find('.')));
               }});
  t.push_back({"AlgConfusionEs256HeaderOnEd25519Key", "algorithm_key_mismatch", [](World& w) {
                 std::string p = w.Valid();
                 return w.Run(B64(R"({"alg":"ES256","typ":"dc+sd-jwt"})") + p.substr(p.find('.')));
               }});
  t.push_back({"AlgConfusionEdDsaTokenWithOnlyAnEs256KeyTrusted", "algorithm_key_mismatch", [](World& w) {
                 static const crypto::EcdsaP256PrivateKey p256 = crypto::EcdsaP256PrivateKey::Generate();
                 auto only_ec = std::make_unique<TrustList>();
                 only_ec->Add(kIssuer, PublicJwk::P256(p256.public_key()));
                 w.trust_ = std::move(only_ec);
                 w.config_.issuer_keys = w.trust_.get();
                 sdjwt::VcClaims vc = w.Vc();
                 vc.status.reset();
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  t.push_back({"UnknownIssuer", "unknown_issuer", [](World& w) {
                 sdjwt::VcClaims vc = w.Vc();
                 vc.issuer = "https://other.example";
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  t.push_back({"SignedByAnUntrustedKey", "invalid_signature", [](World& w) {
                 Party mallory;
                 return w.Run(w.Present(
                     sdjwt::IssueVc(w.Vc(), IdentityFrame(), mallory.signer).value().Serialize()));
               }});
  t.push_back({"WrongTyp", "wrong_typ", [](World& w) {
                 return w.Run(w.Crafted(w.IssuerPayload(), {}, R"({"alg":"EdDSA","typ":"JWT"})"));
               }});
  t.push_back({"MissingTyp", "wrong_typ", [](World& w) {
                 return w.Run(w.Crafted(w.IssuerPayload(), {}, R"({"alg":"EdDSA"})"));
               }});
  t.push_back({"CritHeader", "crit_unsupported", [](World& w) {
                 return w.Run(w.Crafted(w.IssuerPayload(), {},
                                        R"({"alg":"EdDSA","typ":"dc+sd-jwt","crit":["x"],"x":1})"));
               }});
  t.push_back({"MissingIss", "missing_claim", [](World& w) {
                 Json p = w.IssuerPayload();
                 p.erase("iss");
                 return w.Run(w.Crafted(p, {}));
               }});
  t.push_back({"MissingVct", "missing_claim", [](World& w) {
                 Json p = w.IssuerPayload();
                 p.erase("vct");
                 return w.Run(w.Crafted(p, {}));
               }});
  // Time.
  t.push_back({"Expired", "expired", [](World& w) {
                 sdjwt::VcClaims vc = w.Vc();
                 vc.expires_at = kNow - 61;
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  t.push_back({"NotYetValid", "not_yet_valid", [](World& w) {
                 sdjwt::VcClaims vc = w.Vc();
                 vc.not_before = kNow + 3600;
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  t.push_back({"IssuedInTheFuture", "issued_in_future", [](World& w) {
                 sdjwt::VcClaims vc = w.Vc();
                 vc.issued_at = kNow + 3600;
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  t.push_back({"ExpIsNotANumericDate", "malformed", [](World& w) {
                 Json p = w.IssuerPayload();
                 p["exp"] = "tomorrow";
                 return w.Run(w.Crafted(p, {}));
               }});
  // Disclosures.
  t.push_back({"DuplicateDisclosure", "disclosure_duplicate", [](World& w) {
                 const std::string p = w.Valid();
                 const std::string prefix = World::StripKb(p);
                 const size_t a = prefix.find('~') + 1;
                 const std::string d = prefix.substr(a, prefix.find('~', a) - a);
                 return w.Run(w.WithKb(prefix + d + "~"));
               }});
  t.push_back({"TamperedDisclosureValue", "disclosure_unreferenced", [](World& w) {
                 const std::string prefix = World::StripKb(w.Valid());
                 const size_t a = prefix.find('~') + 1;
                 Disclosure forged = World::D("age_over_18", false);
                 return w.Run(w.WithKb(prefix.substr(0, a) + forged.encoded + "~"));
               }});
  t.push_back({"ForgedExtraDisclosure", "disclosure_unreferenced", [](World& w) {
                 return w.Run(w.WithKb(World::StripKb(w.Valid()) + World::D("admin", true).encoded + "~"));
               }});
  t.push_back({"DigestMismatchAfterReencoding", "disclosure_unreferenced", [](World& w) {
                 // Same array content, different JSON text: the digest is over the text.
                 const std::string prefix = World::StripKb(w.Valid());
                 const size_t a = prefix.find('~') + 1;
                 const std::string d = prefix.substr(a, prefix.find('~', a) - a);
                 const std::string text = std::string(AsStringView(Base64UrlDecode(d).value()));
                 return w.Run(w.WithKb(prefix.substr(0, a) + B64(" " + text) + "~"));
               }});
  t.push_back({"DigestListedTwice", "digest_duplicate", [](World& w) {
                 Disclosure d = World::D("given_name", "A");
                 Json p = w.IssuerPayload();
                 p["_sd"] = {d.digest, d.digest};
                 return w.Run(w.Crafted(p, {d.encoded}));
               }});
  t.push_back({"DisclosureNamedSd", "reserved_claim_name", [](World& w) {
                 Disclosure d = World::D(std::nullopt, "x");
                 // Build ["salt","_sd","x"] by hand: MakeDisclosure refuses reserved names.
                 const std::string enc = B64(R"(["c2FsdA","_sd","x"])");
                 Json p = w.IssuerPayload();
                 p["_sd"] = {sdjwt::DisclosureDigest(enc)};
                 return w.Run(w.Crafted(p, {enc}));
               }});
  t.push_back({"DisclosureNamedEllipsis", "reserved_claim_name", [](World& w) {
                 const std::string enc = B64(R"(["c2FsdA","...","x"])");
                 Json p = w.IssuerPayload();
                 p["_sd"] = {sdjwt::DisclosureDigest(enc)};
                 return w.Run(w.Crafted(p, {enc}));
               }});
  t.push_back({"DisclosedNameAlreadyPlain", "claim_name_conflict", [](World& w) {
                 Disclosure d = World::D("vct", "urn:evil");
                 Json p = w.IssuerPayload();
                 p["_sd"] = {d.digest};
                 return w.Run(w.Crafted(p, {d.encoded}));
               }});
  t.push_back({"ArrayElementDisclosureBehindSd", "disclosure_kind_mismatch", [](World& w) {
                 Disclosure d = World::D(std::nullopt, "de");
                 Json p = w.IssuerPayload();
                 p["_sd"] = {d.digest};
                 return w.Run(w.Crafted(p, {d.encoded}));
               }});
  t.push_back({"UnsupportedSdAlg", "unsupported_sd_alg", [](World& w) {
                 Json p = w.IssuerPayload();
                 p["_sd_alg"] = "sha-512";
                 return w.Run(w.Crafted(p, {}));
               }});
  t.push_back({"DisclosureNotAnArray", "disclosure_malformed", [](World& w) {
                 return w.Run(w.WithKb(World::StripKb(w.Valid()) + B64(R"({"salt":"s"})") + "~"));
               }});
  t.push_back({"DisclosureWithFourElements", "disclosure_malformed", [](World& w) {
                 return w.Run(w.WithKb(World::StripKb(w.Valid()) + B64(R"(["s","n","v","x"])") + "~"));
               }});
  t.push_back({"DisclosureMalformedBase64url", "base64url_malformed", [](World& w) {
                 return w.Run(w.WithKb(World::StripKb(w.Valid()) + "WyJz+IiwibiIsMV0~"));
               }});
  t.push_back({"IssuerJwtMalformedBase64url", "base64url_malformed", [](World& w) {
                 const std::string p = w.Valid();
                 return w.Run("ey*" + p.substr(3));
               }});
  t.push_back({"EmptyDisclosure", "malformed", [](World& w) {
                 const std::string p = w.Valid();
                 return w.Run(p.substr(0, p.find('~')) + "~~" + p.substr(p.find('~') + 1));
               }});
  t.push_back({"DuplicateJsonKeysInIssuerPayload", "json_duplicate_key", [](World& w) {
                 std::string payload = w.IssuerPayload().dump();
                 payload.insert(1, R"("iss":"https://attacker.example",)");
                 return w.Run(w.CraftedRaw(payload, {}));
               }});
  t.push_back({"DuplicateJsonKeysInDisclosure", "json_duplicate_key", [](World& w) {
                 return w.Run(w.WithKb(World::StripKb(w.Valid()) + B64(R"(["s","n",{"a":1,"a":2}])") + "~"));
               }});
  t.push_back({"DuplicateJsonKeysInHeader", "json_duplicate_key", [](World& w) {
                 return w.Run(w.Crafted(w.IssuerPayload(), {}, R"({"alg":"EdDSA","alg":"none","typ":"dc+sd-jwt"})"));
               }});
  t.push_back({"JsonNestedTooDeep", "json_too_deep", [](World& w) {
                 Json p = w.IssuerPayload();
                 Json deep = 1;
                 for (int i = 0; i < 40; ++i) deep = Json::array({deep});
                 p["deep"] = deep;
                 return w.Run(w.Crafted(p, {}));
               }});
  t.push_back({"OversizedPresentation", "input_too_large", [](World& w) {
                 return w.Run(w.Valid() + std::string(70 * 1024, 'A'));
               }});
  t.push_back({"TooManyDisclosures", "input_too_large", [](World& w) {
                 std::string prefix = World::StripKb(w.Valid());
                 for (int i = 0; i < 130; ++i) prefix += World::D("x" + std::to_string(i), i).encoded + "~";
                 return w.Run(w.WithKb(prefix));
               }});
  t.push_back({"NoTildeAtAll", "unknown_format", [](World& w) {
                 const std::string p = w.Valid();
                 return w.Run(p.substr(0, p.find('~')));
               }});
  t.push_back({"GarbageInput", "unknown_format", [](World& w) { return w.Run("hello~world"); }});
  // Key binding.
  t.push_back({"MissingKeyBinding", "key_binding_missing", [](World& w) {
                 return w.Run(World::StripKb(w.Valid()));
               }});
  t.push_back({"KeyBindingByTheWrongKey", "key_binding_invalid_signature", [](World& w) {
                 Party other;
                 return w.Run(w.Present(w.Credential(), {"age_over_18"}, kNow, &other.signer));
               }});
  t.push_back({"KeyBindingSignatureFlipped", "key_binding_invalid_signature", [](World& w) {
                 return w.Run(FlipLastSignatureChar(w.Valid()));
               }});
  t.push_back({"KeyBindingAlgNone", "unsupported_algorithm", [](World& w) {
                 const std::string prefix = World::StripKb(w.Valid());
                 return w.Run(prefix + B64(R"({"alg":"none","typ":"kb+jwt"})") + "." + B64(w.KbPayload(prefix)) + ".");
               }});
  t.push_back({"KeyBindingEs256HeaderOnEd25519Holder", "algorithm_key_mismatch", [](World& w) {
                 const std::string p = w.Valid();
                 const std::string prefix = World::StripKb(p);
                 const std::string kb = p.substr(prefix.size());
                 return w.Run(prefix + B64(R"({"alg":"ES256","typ":"kb+jwt"})") + kb.substr(kb.find('.')));
               }});
  t.push_back({"KeyBindingWrongTyp", "wrong_typ", [](World& w) {
                 const std::string prefix = World::StripKb(w.Valid());
                 return w.Run(w.RawKb(prefix, R"({"alg":"EdDSA","typ":"JWT"})", w.KbPayload(prefix)));
               }});
  t.push_back({"KeyBindingWithoutSdHash", "key_binding_malformed", [](World& w) {
                 const std::string prefix = World::StripKb(w.Valid());
                 return w.Run(w.RawKb(prefix, R"({"alg":"EdDSA","typ":"kb+jwt"})",
                                      Json{{"iat", kNow}, {"aud", kAudience}, {"nonce", kNonce}}.dump()));
               }});
  t.push_back({"KeyBindingNotAJwt", "key_binding_malformed", [](World& w) {
                 return w.Run(World::StripKb(w.Valid()) + "not-a-jwt");
               }});
  t.push_back({"WrongAudience", "audience_mismatch", [](World& w) {
                 const std::string prefix = World::StripKb(w.Valid());
                 Json kb = Json::parse(w.KbPayload(prefix));
                 kb["aud"] = "https://evil.example";
                 return w.Run(w.RawKb(prefix, R"({"alg":"EdDSA","typ":"kb+jwt"})", kb.dump()));
               }});
  t.push_back({"WrongNonce", "nonce_mismatch", [](World& w) {
                 const std::string prefix = World::StripKb(w.Valid());
                 Json kb = Json::parse(w.KbPayload(prefix));
                 kb["nonce"] = "replayed-nonce";
                 return w.Run(w.RawKb(prefix, R"({"alg":"EdDSA","typ":"kb+jwt"})", kb.dump()));
               }});
  t.push_back({"StaleKeyBindingIat", "key_binding_stale", [](World& w) {
                 return w.Run(w.Present(w.Credential(), {"age_over_18"}, kNow - 400));
               }});
  t.push_back({"KeyBindingIatInTheFuture", "issued_in_future", [](World& w) {
                 return w.Run(w.Present(w.Credential(), {"age_over_18"}, kNow + 400));
               }});
  t.push_back({"SdHashMismatchAfterDroppingADisclosure", "sd_hash_mismatch", [](World& w) {
                 const std::string p = w.Present(w.Credential(), {"age_over_18", "email"});
                 const std::string prefix = World::StripKb(p);
                 const std::string kb = p.substr(prefix.size());
                 const size_t first = prefix.find('~');
                 const size_t second = prefix.find('~', first + 1);
                 return w.Run(prefix.substr(0, first + 1) + prefix.substr(second + 1) + kb);
               }});
  t.push_back({"KeyBindingWithoutCnf", "holder_key_missing", [](World& w) {
                 Json p = w.IssuerPayload();
                 p.erase("cnf");
                 return w.Run(w.Crafted(p, {}));
               }});
  t.push_back({"RequiredClaimNotDisclosed", "required_claim_missing", [](World& w) {
                 return w.Run(w.Valid(), {}, {"age_over_21"});
               }});
  // Status.
  t.push_back({"Revoked", "revoked", [](World& w) {
                 const std::string p = w.Valid();
                 EXPECT_TRUE(w.status_.Revoke(w.status_ref_));
                 return w.Run(p);
               }});
  t.push_back({"Suspended", "suspended", [](World& w) {
                 const std::string p = w.Valid();
                 // A 1-bit list cannot say SUSPENDED; use a 2-bit list through a stub fetcher.
                 StatusList list = StatusList::Create(64, 2).value();
                 EXPECT_TRUE(list.Set(w.status_ref_.index % 64, kStatusSuspended));
                 struct Fixed final : StatusListFetcher {
                   std::string jwt;
                   Result<std::string> Fetch(std::string_view) const override { return jwt; }
                 };
                 static Fixed fixed;
                 fixed.jwt = IssueStatusListToken(list, {w.status_ref_.uri, kIssuer, kNow, kNow + 60, {}},
                                                  w.issuer_.signer).value();
                 static std::unique_ptr<TokenStatusListChecker> checker;
                 checker = std::make_unique<TokenStatusListChecker>(fixed, *w.trust_, w.clock_);
                 sdjwt::VcClaims vc = w.Vc();
                 vc.status->index %= 64;
                 w.config_.status = checker.get();
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  t.push_back({"StatusListUnreachable", "status_unavailable", [](World& w) {
                 static FailingFetcher failing;
                 static std::unique_ptr<TokenStatusListChecker> checker;
                 checker = std::make_unique<TokenStatusListChecker>(failing, *w.trust_, w.clock_);
                 w.config_.status = checker.get();
                 return w.Run(w.Valid());
               }});
  t.push_back({"StatusListForgedByAnotherKey", "invalid_signature", [](World& w) {
                 Party mallory;
                 struct Fixed final : StatusListFetcher {
                   std::string jwt;
                   Result<std::string> Fetch(std::string_view) const override { return jwt; }
                 };
                 static Fixed fixed;
                 fixed.jwt = IssueStatusListToken(StatusList::Create(1 << 17).value(),
                                                  {w.status_ref_.uri, kIssuer, kNow, kNow + 60, {}},
                                                  mallory.signer).value();
                 static std::unique_ptr<TokenStatusListChecker> checker;
                 checker = std::make_unique<TokenStatusListChecker>(fixed, *w.trust_, w.clock_);
                 w.config_.status = checker.get();
                 return w.Run(w.Valid());
               }});
  t.push_back({"StatusIndexBeyondTheList", "status_index_out_of_range", [](World& w) {
                 sdjwt::VcClaims vc = w.Vc();
                 vc.status->index = (1 << 17) + 5;
                 return w.Run(w.Present(w.Credential(vc)));
               }});
  // Capability tokens.
  t.push_back({"CapabilityBadSignature", "invalid_signature", [](World& w) {
                 std::string p = w.Cap(w.CapRequest());
                 const size_t tilde = p.find('~');
                 return w.Run(FlipLastSignatureChar(p.substr(0, tilde)) + p.substr(tilde));
               }});
  t.push_back({"CapabilityWithoutTheCapabilityAssertion", "invalid_signature", [](World& w) {
                 // A v4.public token by the vault key over the same claims, but not minted as a
                 // capability (no implicit assertion): it must not pass for one.
                 std::string p = w.Cap(w.CapRequest());
                 const std::string token = p.substr(0, p.find('~'));
                 Result<paseto::Token> tok = paseto::VerifyPublic(w.issuer_.key.public_key(), token,
                                                                  AsBytes(kCapabilityAssertion));
                 EXPECT_TRUE(tok);
                 return w.Run(paseto::SignPublic(w.issuer_.key, tok->message) + "~");
               }});
  t.push_back({"CapabilityForAnotherAudience", "audience_mismatch", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.audience = "https://evil.example";
                 return w.Run(w.Cap(r));
               }});
  t.push_back({"CapabilityExpired", "expired", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.issued_at = kNow - 7200;
                 r.expires_at = kNow - 3600;
                 return w.Run(w.Cap(r));
               }});
  t.push_back({"CapabilityMalformedBase64url", "base64url_malformed", [](World& w) {
                 return w.Run("v4.public.eyJ!" + std::string(100, 'A') + "~");
               }});
  t.push_back({"ReusedOneTimeCapability", "replayed", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.one_time = true;
                 const std::string p = w.Cap(r);
                 EXPECT_TRUE(w.Run(p).valid);
                 return w.Run(w.PresentCap(nullptr, kNonce));
               }});
  t.push_back({"OneTimeCapabilityWithoutALedger", "ledger_unavailable", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.one_time = true;
                 w.config_.ledger = nullptr;
                 return w.Run(w.Cap(r));
               }});
  t.push_back({"CapabilityBindingMissing", "key_binding_missing", [](World& w) {
                 w.Cap(w.CapRequest());
                 return w.Run(PresentCapability(w.last_cap_->token, {}, {}, nullptr, nullptr).value());
               }});
  t.push_back({"CapabilityBindingWrongNonce", "nonce_mismatch", [](World& w) {
                 return w.Run(w.Cap(w.CapRequest(), nullptr, "other-nonce"));
               }});
  t.push_back({"CapabilityBindingByAnotherKey", "key_binding_invalid_signature", [](World& w) {
                 w.Cap(w.CapRequest());
                 Party other;
                 CapabilityBinding b{kAudience, kNonce, kNow, &other.key};
                 return w.Run(PresentCapability(w.last_cap_->token, {}, {}, nullptr, &b).value());
               }});
  t.push_back({"PaywordLinkReplayed", "payword_replayed", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.budget = CapabilityBudget{100, Money{"0.10", "EUR"}};
                 w.Cap(r);
                 const CapabilitySpend s5 = w.Spend(5);
                 EXPECT_TRUE(w.Run(w.PresentCap(&s5)).valid);
                 return w.Run(w.PresentCap(&s5));
               }});
  t.push_back({"PaywordEarlierLinkDerivedByAnObserver", "payword_replayed", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.budget = CapabilityBudget{100, {}};
                 w.Cap(r);
                 const CapabilitySpend s5 = w.Spend(5);
                 EXPECT_TRUE(w.Run(w.PresentCap(&s5)).valid);
                 // Anyone who saw w_5 can compute w_4 = H(w_5); it must not buy anything.
                 const CapabilitySpend s4{4, PaywordHash(s5.link)};
                 return w.Run(w.PresentCap(&s4));
               }});
  t.push_back({"PaywordWrongLink", "payword_invalid", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.budget = CapabilityBudget{100, {}};
                 w.Cap(r);
                 CapabilitySpend s = w.Spend(3);
                 s.total = 4;  // the link of 3 claimed as 4
                 return w.Run(w.PresentCap(&s));
               }});
  t.push_back({"PaywordBudgetExceeded", "budget_exceeded", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.budget = CapabilityBudget{10, {}};
                 w.Cap(r);
                 CapabilitySpend s = w.Spend(10);
                 s.total = 11;
                 return w.Run(w.PresentCap(&s));
               }});
  t.push_back({"BudgetedCapabilityWithoutSpend", "payword_invalid", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.policy.budget = CapabilityBudget{10, {}};
                 return w.Run(w.Cap(r));
               }});
  t.push_back({"CapabilityPermissionDenied", "permission_denied", [](World& w) {
                 return w.Run(w.Cap(w.CapRequest()), {.permission = "refund"});
               }});
  t.push_back({"CapabilityAmountOverLimit", "amount_exceeds_limit", [](World& w) {
                 return w.Run(w.Cap(w.CapRequest()), {.amount = Money{"50.01", "EUR"}});
               }});
  t.push_back({"CapabilityCurrencyMismatch", "currency_mismatch", [](World& w) {
                 return w.Run(w.Cap(w.CapRequest()), {.amount = Money{"1.00", "USD"}});
               }});
  t.push_back({"CapabilityClauseUndisclosed", "clause_undisclosed", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.selectively_disclosed = {"max_amount"};
                 return w.Run(w.Cap(r), {.amount = Money{"1.00", "EUR"}});
               }});
  t.push_back({"CapabilityRevoked", "revoked", [](World& w) {
                 CapabilityRequest r = w.CapRequest();
                 r.status = w.status_ref_;
                 const std::string p = w.Cap(r);
                 EXPECT_TRUE(w.status_.Revoke(w.status_ref_));
                 return w.Run(p);
               }});
  t.push_back({"CapabilityForgedClauseDisclosure", "disclosure_unreferenced", [](World& w) {
                 w.Cap(w.CapRequest());
                 const Disclosure forged = World::D("permissions", Json::array({"refund"}));
                 CapabilityBinding b{kAudience, kNonce, kNow, &w.agent_.key};
                 const Disclosure ds[] = {forged};
                 const std::string reveal[] = {"permissions"};
                 return w.Run(PresentCapability(w.last_cap_->token, ds, reveal, nullptr, &b).value());
               }});
  return t;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class NegativeTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(NegativeTableTest, ProducesExactlyItsReason) {
  World w;
  const Case& c = GetParam();
  VerifyResult r = c.run(w);
  if (std::string_view(c.reason).empty()) {
    EXPECT_TRUE(r.valid) << (r.errors.empty() ? "" : r.errors[0].code + ": " + r.errors[0].message);
    EXPECT_TRUE(r.errors.empty());
    return;
  }
  EXPECT_FALSE(r.valid);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].code, c.reason) << r.errors[0].message;
  EXPECT_TRUE(r.claims.empty()) << "claims must not leak from a rejected presentation";
}

INSTANTIATE_TEST_SUITE_P(Cases, NegativeTableTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& p) { return p.param.name; });

TEST(NegativeTableSizeTest, HasAtLeastFortyFailureCases) {
  size_t failures = 0;
  for (const Case& c : Cases()) failures += std::string_view(c.reason).empty() ? 0 : 1;
  EXPECT_GE(failures, 40u);
}

}  // namespace
}  // namespace signet::credentials
