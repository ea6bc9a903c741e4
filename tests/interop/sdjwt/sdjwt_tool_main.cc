// sdjwt_interop_tool: Signet's SD-JWT VC side for the interop driver (interop.mjs). One command per
// call; the request is a JSON object on stdin, the answer a JSON object on stdout. Keys are
// Ed25519 seeds (hex) or public JWKs; times are Unix seconds.
//
//   issue   {issuer_seed, iss, vct, iat, exp, holder_jwk, claims, frame, status?: {idx, uri}}
//           -> {sd_jwt}
//   present {sd_jwt, reveal: [...], holder_seed, aud, nonce, iat} -> {presentation}
//   verify  {presentation, issuer_jwk, iss, aud, nonce, now, types?: [...],
//            status_list_jwt?} -> {valid, reason?, claims?}
//   status  {issuer_seed, iss, uri, size, revoked: [idx...], iat, exp} -> {jwt}
// Exit status 0 when the command ran (verify reports validity in its output), 2 on usage errors.

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "base/clock.h"
#include "base/encoding.h"
#include "credentials/issuer_keys.h"
#include "credentials/jose.h"
#include "credentials/reason.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "credentials/sdjwt_verify.h"
#include "credentials/status_list.h"

namespace {

namespace cr = signet::credentials;
using cr::Json;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "sdjwt_interop_tool: %s\n", why.c_str());
  std::exit(2);
}

template <typename T>
T Must(signet::Result<T> r, const char* what) {
  if (!r) Die(std::string(what) + ": " + r.error().ToString());
  return std::move(r).value();
}

signet::crypto::Ed25519PrivateKey KeyFromSeed(const Json& hex) {
  signet::Bytes seed = Must(signet::HexDecode(hex.get<std::string>()), "seed");
  return Must(signet::crypto::Ed25519PrivateKey::FromSeed(signet::crypto::SecretBytes::CopyFrom(seed)), "key");
}

Json Issue(const Json& in) {
  const auto key = KeyFromSeed(in.at("issuer_seed"));
  cr::Ed25519JwsSigner signer(key);
  cr::sdjwt::VcClaims vc;
  vc.issuer = in.at("iss");
  vc.vct = in.at("vct");
  vc.issued_at = in.at("iat");
  vc.expires_at = in.at("exp").get<int64_t>();
  vc.holder_key = Must(cr::PublicJwk::FromJson(in.at("holder_jwk"), false), "holder_jwk");
  vc.claims = in.at("claims");
  if (in.contains("status")) vc.status = cr::StatusReference{in["status"]["idx"], in["status"]["uri"]};
  const cr::sdjwt::DisclosureFrame frame = Must(cr::sdjwt::ParseDisclosureFrame(in.at("frame")), "frame");
  return {{"sd_jwt", Must(cr::sdjwt::IssueVc(vc, frame, signer), "issue").Serialize()}};
}

Json Present(const Json& in) {
  const auto key = KeyFromSeed(in.at("holder_seed"));
  cr::Ed25519JwsSigner signer(key);
  cr::sdjwt::KeyBinding kb{in.at("aud"), in.at("nonce"), in.at("iat"), &signer};
  const std::vector<std::string> reveal = in.at("reveal");
  return {{"presentation", Must(cr::sdjwt::Present(in.at("sd_jwt").get<std::string>(), reveal, &kb), "present")}};
}

// FixedFetcher serves one status list token for any URI.
class FixedFetcher final : public cr::StatusListFetcher {
 public:
  explicit FixedFetcher(std::string jwt) : jwt_(std::move(jwt)) {}
  signet::Result<std::string> Fetch(std::string_view) const override { return jwt_; }

 private:
  std::string jwt_;
};

Json Verify(const Json& in) {
  cr::TrustList trust;
  if (signet::Status s = trust.AddJwk(in.at("iss"), in.at("issuer_jwk")); !s) Die(s.error().ToString());
  signet::FakeClock clock(signet::Time(std::chrono::seconds(in.at("now").get<int64_t>())));
  std::unique_ptr<FixedFetcher> fetcher;
  std::unique_ptr<cr::TokenStatusListChecker> checker;
  cr::sdjwt::VerifyOptions o;
  if (in.contains("status_list_jwt")) {
    fetcher = std::make_unique<FixedFetcher>(in["status_list_jwt"]);
    checker = std::make_unique<cr::TokenStatusListChecker>(*fetcher, trust, clock);
    o.status = checker.get();
  }
  o.issuer_keys = &trust;
  o.clock = &clock;
  o.audience = in.at("aud");
  o.nonce = in.at("nonce");
  if (in.contains("types")) o.accepted_types = in["types"].get<std::vector<std::string>>();
  signet::Result<cr::sdjwt::Verified> v = cr::sdjwt::Verify(in.at("presentation").get<std::string>(), o);
  if (!v) return {{"valid", false}, {"reason", std::string(cr::ReasonOf(v.error()))}, {"message", v.error().message()}};
  return {{"valid", true}, {"claims", v->claims}, {"key_bound", v->key_bound}};
}

Json StatusToken(const Json& in) {
  const auto key = KeyFromSeed(in.at("issuer_seed"));
  cr::Ed25519JwsSigner signer(key);
  cr::StatusList list = Must(cr::StatusList::Create(in.at("size"), 1), "list");
  for (const Json& i : in.at("revoked")) {
    if (signet::Status s = list.Set(i.get<uint64_t>(), cr::kStatusInvalid); !s) Die(s.error().ToString());
  }
  cr::StatusListTokenClaims claims{in.at("uri"), in.at("iss"), in.at("iat"), in.at("exp").get<int64_t>(), 300};
  return {{"jwt", Must(cr::IssueStatusListToken(list, claims, signer), "status token")}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) Die("usage: sdjwt_interop_tool issue|present|verify|status < request.json");
  const std::string input(std::istreambuf_iterator<char>(std::cin), {});
  const Json in = Json::parse(input, nullptr, false);
  if (in.is_discarded()) Die("stdin is not JSON");
  const std::string cmd = argv[1];
  Json out;
  if (cmd == "issue") {
    out = Issue(in);
  } else if (cmd == "present") {
    out = Present(in);
  } else if (cmd == "verify") {
    out = Verify(in);
  } else if (cmd == "status") {
    out = StatusToken(in);
  } else {
    Die("unknown command " + cmd);
  }
  std::cout << out.dump() << "\n";
  return 0;
}
