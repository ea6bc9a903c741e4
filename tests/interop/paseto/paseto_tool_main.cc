// paseto_interop_tool: Signet's PASETO v4 side for the interop driver (interop.mjs). One command
// per call; a JSON request on stdin, a JSON answer on stdout. Keys are PASERK strings.
//
//   keygen                                              -> {public, secret}
//   sign    {secret, message, footer, implicit}         -> {token}
//   verify  {public, token, footer?, implicit}          -> {valid, message?, footer?, reason?}
//   claims  {public, token, implicit, now, aud?, iss?}  -> {valid, claims?, reason?}
//   capability {secret, iss, sub, aud, iat, exp, permissions, max_amount?, one_time?, hide?}
//                                                       -> {token, disclosures}
//   verify_capability {public, iss, presentation, aud, nonce, now, permission?}
//                                                       -> {valid, reason?, claims?}
// Exit 0 when the command ran, 2 on usage errors.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <string>

#include "base/clock.h"
#include "credentials/capability.h"
#include "credentials/paseto.h"
#include "credentials/reason.h"
#include "storage/memory/memory_storage.h"

namespace {

namespace cr = signet::credentials;
namespace paseto = signet::credentials::paseto;
using cr::Json;
using signet::AsBytes;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "paseto_interop_tool: %s\n", why.c_str());
  std::exit(2);
}

template <typename T>
T Must(signet::Result<T> r, const char* what) {
  if (!r) Die(std::string(what) + ": " + r.error().ToString());
  return std::move(r).value();
}

std::string Str(const Json& in, const char* key) { return in.value(key, std::string()); }

Json Keygen() {
  const auto key = signet::crypto::Ed25519PrivateKey::Generate();
  const signet::crypto::SecretBytes secret = paseto::PaserkSecret(key);
  return {{"public", paseto::PaserkPublic(key.public_key())},
          {"secret", std::string(signet::AsStringView(secret.Reveal(signet::crypto::SecretAccess::Get())))}};
}

Json Sign(const Json& in) {
  const auto key = Must(paseto::ParsePaserkSecret(Str(in, "secret")), "secret");
  return {{"token", paseto::SignPublic(key, AsBytes(Str(in, "message")), AsBytes(Str(in, "footer")),
                                       AsBytes(Str(in, "implicit")))}};
}

Json Verify(const Json& in) {
  const auto key = Must(paseto::ParsePaserkPublic(Str(in, "public")), "public");
  const std::string footer = Str(in, "footer");
  std::optional<signet::ByteView> expected;
  if (in.contains("footer")) expected = AsBytes(footer);
  signet::Result<paseto::Token> t =
      paseto::VerifyPublic(key, Str(in, "token"), AsBytes(Str(in, "implicit")), expected);
  if (!t) return {{"valid", false}, {"reason", std::string(cr::ReasonOf(t.error()))}};
  return {{"valid", true},
          {"message", std::string(signet::AsStringView(t->message))},
          {"footer", std::string(signet::AsStringView(t->footer))}};
}

Json Claims(const Json& in) {
  const auto key = Must(paseto::ParsePaserkPublic(Str(in, "public")), "public");
  signet::Result<paseto::Token> t = paseto::VerifyPublic(key, Str(in, "token"), AsBytes(Str(in, "implicit")));
  if (!t) return {{"valid", false}, {"reason", std::string(cr::ReasonOf(t.error()))}};
  signet::FakeClock clock(signet::Time(std::chrono::seconds(in.at("now").get<int64_t>())));
  paseto::ClaimsCheck check;
  check.clock = &clock;
  if (in.contains("aud")) check.audience = Str(in, "aud");
  if (in.contains("iss")) check.issuer = Str(in, "iss");
  signet::Result<Json> claims = paseto::ParseClaims(t->message, check);
  if (!claims) return {{"valid", false}, {"reason", std::string(cr::ReasonOf(claims.error()))}};
  return {{"valid", true}, {"claims", *claims}};
}

Json Capability(const Json& in) {
  const auto key = Must(paseto::ParsePaserkSecret(Str(in, "secret")), "secret");
  cr::CapabilityRequest r;
  r.issuer = Str(in, "iss");
  r.subject = Str(in, "sub");
  r.audience = Str(in, "aud");
  r.issued_at = in.at("iat");
  r.expires_at = in.at("exp");
  r.policy.permissions = in.value("permissions", std::vector<std::string>());
  if (in.contains("max_amount")) r.policy.max_amount = Must(cr::MoneyFromJson(in["max_amount"]), "money");
  r.policy.one_time = in.value("one_time", false);
  r.selectively_disclosed = in.value("hide", std::vector<std::string>());
  cr::IssuedCapability c = Must(cr::IssueCapability(r, key), "capability");
  Json disclosures = Json::array();
  for (const auto& d : c.clause_disclosures) disclosures.push_back(d.encoded);
  return {{"token", c.token}, {"disclosures", disclosures}};
}

Json VerifyCapability(const Json& in) {
  const auto key = Must(paseto::ParsePaserkPublic(Str(in, "public")), "public");
  cr::TrustList trust;
  trust.Add(Str(in, "iss"), cr::PublicJwk::Ed25519(key));
  signet::FakeClock clock(signet::Time(std::chrono::seconds(in.at("now").get<int64_t>())));
  auto ledger = signet::storage::memory::CreateMemoryStateStore({.clock = &clock});
  cr::CapabilityVerifyOptions o;
  o.issuer_keys = &trust;
  o.ledger = ledger.get();
  o.clock = &clock;
  o.audience = Str(in, "aud");
  o.nonce = Str(in, "nonce");
  if (in.contains("permission")) o.action.permission = Str(in, "permission");
  signet::Result<cr::VerifiedCapability> v = cr::VerifyCapability(Str(in, "presentation"), o);
  if (!v) return {{"valid", false}, {"reason", std::string(cr::ReasonOf(v.error()))}};
  return {{"valid", true}, {"claims", v->claims}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) Die("usage: paseto_interop_tool <command> < request.json");
  const std::string cmd = argv[1];
  const std::string input(std::istreambuf_iterator<char>(std::cin), {});
  const Json in = input.empty() ? Json::object() : Json::parse(input, nullptr, false);
  if (in.is_discarded()) Die("stdin is not JSON");
  Json out;
  if (cmd == "keygen") {
    out = Keygen();
  } else if (cmd == "sign") {
    out = Sign(in);
  } else if (cmd == "verify") {
    out = Verify(in);
  } else if (cmd == "claims") {
    out = Claims(in);
  } else if (cmd == "capability") {
    out = Capability(in);
  } else if (cmd == "verify_capability") {
    out = VerifyCapability(in);
  } else {
    Die("unknown command " + cmd);
  }
  std::cout << out.dump() << "\n";
  return 0;
}
