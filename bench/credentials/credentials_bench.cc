// Credentials benchmarks; see CMakeLists.txt and run.sh. Names are stable: report.mjs matches them
// with the JS anchors of anchors.mjs.

#include <benchmark/benchmark.h>

#include "base/clock.h"
#include "bench/credentials/bench_fixture.h"
#include "credentials/issuer_keys.h"
#include "credentials/paseto.h"
#include "credentials/sdjwt_issue.h"
#include "credentials/sdjwt_present.h"
#include "credentials/sdjwt_verify.h"
#include "credentials/verifier.h"
#include "crypto/ed25519.h"

namespace signet::credentials::bench {
namespace {

struct World {
  crypto::Ed25519PrivateKey issuer_key = crypto::Ed25519PrivateKey::Generate();
  crypto::Ed25519PrivateKey holder_key = crypto::Ed25519PrivateKey::Generate();
  Ed25519JwsSigner issuer{issuer_key};
  Ed25519JwsSigner holder{holder_key};
  TrustList trust;
  FakeClock clock{Time(std::chrono::seconds(kNow))};
  sdjwt::VcClaims vc;
  std::string credential;
  std::string presentation;

  World() {
    trust.Add(kIssuer, PublicJwk::Ed25519(issuer_key.public_key()));
    vc.issuer = kIssuer;
    vc.vct = "urn:signet:identity:1";
    vc.issued_at = kNow - 60;
    vc.expires_at = kNow + 3600;
    vc.holder_key = PublicJwk::Ed25519(holder_key.public_key());
    vc.claims = TenClaims();
    credential = sdjwt::IssueVc(vc, TenFrame(), issuer).value().Serialize();
    presentation = Present();
  }
  std::string Present() const {
    sdjwt::KeyBinding kb{kAudience, kNonce, kNow, &holder};
    return sdjwt::Present(credential, RevealThree(), &kb).value();
  }
  sdjwt::VerifyOptions Options() const {
    sdjwt::VerifyOptions o;
    o.issuer_keys = &trust;
    o.clock = &clock;
    o.audience = kAudience;
    o.nonce = kNonce;
    return o;
  }
};

const World& W() {
  static const World* w = new World();
  return *w;
}

void BM_SdJwtIssue10(benchmark::State& state) {
  const World& w = W();
  const sdjwt::DisclosureFrame frame = TenFrame();
  for (auto _ : state) {
    benchmark::DoNotOptimize(sdjwt::IssueVc(w.vc, frame, w.issuer).value().Serialize());
  }
}
BENCHMARK(BM_SdJwtIssue10);

void BM_SdJwtPresent3of10Kb(benchmark::State& state) {
  const World& w = W();
  for (auto _ : state) benchmark::DoNotOptimize(w.Present());
}
BENCHMARK(BM_SdJwtPresent3of10Kb);

void BM_SdJwtVerifyKb(benchmark::State& state) {
  const World& w = W();
  const sdjwt::VerifyOptions o = w.Options();
  for (auto _ : state) {
    Result<sdjwt::Verified> v = sdjwt::Verify(w.presentation, o);
    if (!v) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(v);
  }
}
BENCHMARK(BM_SdJwtVerifyKb);

// The full POST /verify path without HTTP: parse the request body, verify, render the verdict.
void BM_VerifyEndpointSdJwt(benchmark::State& state) {
  const World& w = W();
  VerifierConfig c;
  c.issuer_keys = &w.trust;
  c.clock = &w.clock;
  const PresentationVerifier verifier(c);
  const std::string body =
      Json{{"presentation", w.presentation}, {"audience", kAudience}, {"nonce", kNonce}}.dump();
  for (auto _ : state) {
    Result<VerifyRequest> req = ParseVerifyRequest(body, c.max_request_bytes);
    VerifyResult r = verifier.Verify(*req);
    if (!r.valid) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(VerifyResultToJson(std::move(r)).dump());
  }
}
BENCHMARK(BM_VerifyEndpointSdJwt);

// Anchors: our own Ed25519 (libsodium) over a message the size of a KB-JWT signing input.
void BM_Ed25519Verify(benchmark::State& state) {
  const World& w = W();
  const std::string msg(300, 'm');
  const crypto::Ed25519Signature sig = w.issuer_key.Sign(AsBytes(msg));
  for (auto _ : state) benchmark::DoNotOptimize(w.issuer_key.public_key().Verify(AsBytes(msg), sig));
}
BENCHMARK(BM_Ed25519Verify);

void BM_Ed25519Sign(benchmark::State& state) {
  const World& w = W();
  const std::string msg(300, 'm');
  for (auto _ : state) benchmark::DoNotOptimize(w.issuer_key.Sign(AsBytes(msg)));
}
BENCHMARK(BM_Ed25519Sign);

// PASETO v4.public: serialise claims + sign; verify + parse and check the registered claims
// (what the JS peer's Sign / Verify do).
void BM_PasetoSign(benchmark::State& state) {
  const World& w = W();
  const Json claims = PasetoClaims();
  for (auto _ : state) {
    const std::string msg = DumpJson(claims).value();
    benchmark::DoNotOptimize(paseto::SignPublic(w.issuer_key, AsBytes(msg)));
  }
}
BENCHMARK(BM_PasetoSign);

void BM_PasetoVerify(benchmark::State& state) {
  const World& w = W();
  const std::string token = paseto::SignPublic(w.issuer_key, AsBytes(PasetoClaims().dump()));
  paseto::ClaimsCheck check;
  check.clock = &w.clock;
  for (auto _ : state) {
    Result<paseto::Token> t = paseto::VerifyPublic(w.issuer_key.public_key(), token);
    Result<Json> claims = paseto::ParseClaims(t->message, check);
    if (!claims) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(claims);
  }
}
BENCHMARK(BM_PasetoVerify);

}  // namespace
}  // namespace signet::credentials::bench

BENCHMARK_MAIN();
