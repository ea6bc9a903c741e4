#include "credentials/issuer_keys.h"

#include <algorithm>

#include "base/encoding.h"
#include "credentials/reason.h"

namespace signet::credentials {
namespace {

constexpr size_t kMaxMetadataKeys = 32;
constexpr size_t kBbsPublicKeySize = 96;

Error UnknownIssuer() {
  return CredentialError(ErrorCode::kUnauthenticated, reason::kUnknownIssuer);
}

}  // namespace

void TrustList::Add(std::string issuer, PublicJwk key) {
  keys_[std::move(issuer)].push_back(std::move(key));
}

Status TrustList::AddJwk(std::string issuer, const Json& jwk) {
  Result<PublicJwk> key = PublicJwk::FromJson(jwk, /*trusted=*/true);
  if (!key) return std::move(key).error();
  Add(std::move(issuer), *std::move(key));
  return OkStatus();
}

Result<std::vector<Bytes>> IssuerKeyResolver::ResolveBbs(std::string_view) const {
  return UnknownIssuer();
}

void TrustList::AddBbs(std::string issuer, Bytes public_key) {
  bbs_keys_[std::move(issuer)].push_back(std::move(public_key));
}

Result<std::vector<Bytes>> TrustList::ResolveBbs(std::string_view issuer) const {
  auto it = bbs_keys_.find(issuer);
  if (it == bbs_keys_.end() || it->second.empty()) return UnknownIssuer();
  return it->second;
}

Result<std::vector<PublicJwk>> TrustList::Resolve(std::string_view issuer) const {
  auto it = keys_.find(issuer);
  if (it == keys_.end() || it->second.empty()) return UnknownIssuer();
  return it->second;
}

Result<std::string> BuildIssuerMetadataDocument(const IssuerMetadata& metadata) {
  Json keys = Json::array();
  for (const PublicJwk& k : metadata.keys) keys.push_back(k.ToJson());
  for (const Bytes& k : metadata.bbs_keys) {
    if (k.size() != kBbsPublicKeySize) return InvalidArgument("a BBS public key is 96 bytes");
    keys.push_back(Json{{"kty", "OKP"}, {"crv", "BLS12381G2"}, {"x", Base64UrlEncode(k)}});
  }
  return DumpJson(Json{{"issuer", metadata.issuer}, {"jwks", {{"keys", std::move(keys)}}}});
}

Result<IssuerMetadata> ParseIssuerMetadataDocument(std::string_view document,
                                                   std::string_view expected_issuer,
                                                   const JsonLimits& limits) {
  Result<Json> doc = ParseJson(document, limits);
  if (!doc) return std::move(doc).error();
  const std::string* issuer = StringMember(*doc, "issuer");
  if (issuer == nullptr) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed,
                           "metadata has no issuer");
  }
  if (*issuer != expected_issuer) return UnknownIssuer();
  const Json* jwks = Member(*doc, "jwks");
  if (jwks == nullptr) {
    if (doc->contains("jwks_uri"))
      return Unimplemented("issuer metadata: jwks_uri is not supported");
    return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed, "metadata has no jwks");
  }
  const Json* keys = Member(*jwks, "keys");
  if (keys == nullptr || !keys->is_array() || keys->size() > kMaxMetadataKeys) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed, "jwks.keys");
  }
  IssuerMetadata out{*issuer, {}};
  for (const Json& k : *keys) {
    // Keys of types Signet does not verify (RSA, ...) are skipped, not fatal.
    if (const std::string* crv = StringMember(k, "crv"); crv && *crv == "BLS12381G2") {
      const std::string* kty = StringMember(k, "kty");
      const std::string* x = StringMember(k, "x");
      Result<Bytes> raw = x != nullptr ? Base64UrlDecode(*x) : InvalidArgument("no x");
      if (kty && *kty == "OKP" && !k.contains("d") && raw && raw->size() == kBbsPublicKeySize) {
        out.bbs_keys.push_back(*std::move(raw));
      }
      continue;
    }
    Result<PublicJwk> key = PublicJwk::FromJson(k, /*trusted=*/true);
    if (key) out.keys.push_back(*std::move(key));
  }
  return out;
}

Result<std::string> IssuerMetadataUrl(std::string_view issuer) {
  constexpr std::string_view kScheme = "https://";
  if (issuer.substr(0, kScheme.size()) != kScheme ||
      issuer.find_first_of("?#") != std::string_view::npos) {
    return InvalidArgument("issuer must be an https URL without query or fragment");
  }
  const std::string_view rest = issuer.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  if (host.empty()) return InvalidArgument("issuer URL has no host");
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (path == "/") path = {};
  return std::string(kScheme) + std::string(host) + "/.well-known/jwt-vc-issuer" +
         std::string(path);
}

MetadataKeyResolver::MetadataKeyResolver(const IssuerMetadataFetcher& fetcher,
                                         std::vector<std::string> allowed_issuers)
    : fetcher_(fetcher), allowed_(std::move(allowed_issuers)) {}

Result<IssuerMetadata> MetadataKeyResolver::Fetch(std::string_view issuer) const {
  if (!allowed_.empty() && std::find(allowed_.begin(), allowed_.end(), issuer) == allowed_.end()) {
    return UnknownIssuer();
  }
  Result<std::string> url = IssuerMetadataUrl(issuer);
  if (!url) return UnknownIssuer();
  Result<std::string> doc = fetcher_.Fetch(*url);
  if (!doc) return std::move(doc).error();
  return ParseIssuerMetadataDocument(*doc, issuer);
}

Result<std::vector<PublicJwk>> MetadataKeyResolver::Resolve(std::string_view issuer) const {
  Result<IssuerMetadata> md = Fetch(issuer);
  if (!md) return std::move(md).error();
  if (md->keys.empty()) return UnknownIssuer();
  return std::move(md->keys);
}

Result<std::vector<Bytes>> MetadataKeyResolver::ResolveBbs(std::string_view issuer) const {
  Result<IssuerMetadata> md = Fetch(issuer);
  if (!md) return std::move(md).error();
  if (md->bbs_keys.empty()) return UnknownIssuer();
  return std::move(md->bbs_keys);
}

}  // namespace signet::credentials
