// Fuzz target: the untrusted inputs of the OAuth authorization server. The first byte picks the
// parser; the rest is its input:
//   0  form bodies / authorization queries (ParseForm)
//   1  redirect URIs (ValidateRedirectUri, UrlHost, NormalizeHttpUri)
//   2  DPoP proofs (VerifyDpopProof)
//   3  RFC 9421 Signature-Input and Signature headers, split at the first '\n'
//      (VerifyHttpSignature)
//   4  pairing codes (NormalizePairingCode)
// Nothing may crash; every refusal must be a clean error.

#include <cstddef>
#include <cstdint>
#include <string>

#include "api/oauth_dpop.h"
#include "api/oauth_httpsig.h"
#include "api/oauth_store.h"
#include "api/oauth_util.h"
#include "base/check.h"
#include "storage/memory/memory_storage.h"

namespace {

signet::storage::StateStore& Replay() {
  static const auto store = signet::storage::memory::CreateMemoryStateStore({});
  return *store;
}

void FuzzSignature(std::string_view input) {
  const size_t nl = input.find('\n');
  signet::api::Request req;
  req.method = "POST";
  req.target = "/mcp";
  req.path = "/mcp";
  req.headers.Add("Authorization", "DPoP tok");
  req.headers.Add("Signature-Input", std::string(input.substr(0, nl)));
  if (nl != std::string_view::npos) req.headers.Add("Signature", std::string(input.substr(nl + 1)));
  const signet::credentials::Json jwk = {
      {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
  signet::Status s = signet::api::VerifyHttpSignature(
      req, {.target_uri = "https://v.example/mcp", .jkt = "k", .jwk = &jwk, .now = 1'800'000'000},
      Replay());
  CHECK(!s.ok());  // no valid signature can be produced without the key
  (void)signet::api::SignatureBaseForTesting(req, "https://v.example/mcp");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 5) {
    case 0:
      (void)signet::api::ParseForm(input);
      break;
    case 1:
      (void)signet::api::ValidateRedirectUri(input);
      (void)signet::api::UrlHost(input);
      (void)signet::api::NormalizeHttpUri(input);
      break;
    case 2:
      (void)signet::api::VerifyDpopProof(
          input, {.method = "POST", .uri = "https://v.example/token", .now = 1'800'000'000},
          Replay());
      break;
    case 3:
      FuzzSignature(input);
      break;
    default:
      (void)signet::api::NormalizePairingCode(input);
  }
  return 0;
}
