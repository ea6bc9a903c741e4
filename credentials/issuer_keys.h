#pragma once

// Where verifiers get issuer keys: a configured trust list, or SD-JWT VC issuer metadata
// (draft-ietf-oauth-sd-jwt-vc §5, "JWT VC Issuer Metadata": the JSON document served at
// /.well-known/jwt-vc-issuer, {"issuer": ..., "jwks": {"keys": [...]}}). Keys never come from
// the token itself.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "credentials/jose.h"
#include "credentials/json.h"

namespace signet::credentials {

// IssuerKeyResolver returns the public keys trusted for an issuer identifier.
//
// Thread safety: implementations are safe for concurrent Resolve calls. Failure modes:
// Unauthenticated("unknown_issuer") when the issuer is not trusted / has no keys; Unavailable when
// a remote lookup failed (callers fail closed).
class IssuerKeyResolver {
 public:
  virtual ~IssuerKeyResolver() = default;
  // Resolve returns every key trusted for `issuer` (the caller narrows by kid and alg).
  virtual Result<std::vector<PublicJwk>> Resolve(std::string_view issuer) const = 0;
  // ResolveBbs returns the BBS (BLS12-381-SHA-256, 96-byte compressed G2) public keys trusted
  // for `issuer`. The default trusts none: Unauthenticated("unknown_issuer").
  virtual Result<std::vector<Bytes>> ResolveBbs(std::string_view issuer) const;
};

// TrustList is a fixed map issuer -> keys. Configure with Add before sharing it between threads;
// Resolve is then safe to call concurrently.
class TrustList final : public IssuerKeyResolver {
 public:
  // Add trusts `key` for `issuer`.
  void Add(std::string issuer, PublicJwk key);
  // AddJwk parses `jwk` as a trusted key (PublicJwk::FromJson with trusted = true) and adds it.
  Status AddJwk(std::string issuer, const Json& jwk);

  // AddBbs trusts a BBS public key (96 bytes) for `issuer`.
  void AddBbs(std::string issuer, Bytes public_key);

  Result<std::vector<PublicJwk>> Resolve(std::string_view issuer) const override;
  Result<std::vector<Bytes>> ResolveBbs(std::string_view issuer) const override;

 private:
  std::map<std::string, std::vector<PublicJwk>, std::less<>> keys_;
  std::map<std::string, std::vector<Bytes>, std::less<>> bbs_keys_;
};

// IssuerMetadata is the content of a JWT VC Issuer Metadata document.
struct IssuerMetadata {
  std::string issuer;
  std::vector<PublicJwk> keys;
  // BBS public keys (96-byte compressed G2), published as {"kty": "OKP", "crv": "BLS12381G2",
  // "x": base64url} (draft-ietf-cose-bls-key-representations).
  std::vector<Bytes> bbs_keys;
};

// BuildIssuerMetadataDocument renders {"issuer": ..., "jwks": {"keys": [...]}} (JWS keys first,
// then BBS keys).
Result<std::string> BuildIssuerMetadataDocument(const IssuerMetadata& metadata);

// ParseIssuerMetadataDocument parses a metadata document strictly (duplicate keys, size and depth
// limits) and requires its "issuer" to equal `expected_issuer` exactly (§5.3). Documents that
// only give "jwks_uri" are refused with Unimplemented (Signet does not fetch a second URL).
Result<IssuerMetadata> ParseIssuerMetadataDocument(std::string_view document,
                                                   std::string_view expected_issuer,
                                                   const JsonLimits& limits = {});

// IssuerMetadataUrl returns where an issuer's metadata lives: "/.well-known/jwt-vc-issuer" is
// inserted between the host and the path of the https issuer URL ("https://ex.com/tenant/1" ->
// "https://ex.com/.well-known/jwt-vc-issuer/tenant/1"). InvalidArgument for anything that is not
// an https URL without query or fragment.
Result<std::string> IssuerMetadataUrl(std::string_view issuer);

// IssuerMetadataFetcher retrieves a metadata document by URL (an HTTP client, or the server's own
// in-process handler). Implementations are thread-safe, bound their time and size, and return
// Unavailable when the document cannot be fetched.
class IssuerMetadataFetcher {
 public:
  virtual ~IssuerMetadataFetcher() = default;
  virtual Result<std::string> Fetch(std::string_view url) const = 0;
};

// MetadataKeyResolver resolves issuer keys through issuer metadata. Discovery is not trust: only
// issuers in `allowed_issuers` are looked up (every issuer when the list is empty - then the
// relying party must judge the returned `issuer` itself). The fetcher must outlive the resolver.
class MetadataKeyResolver final : public IssuerKeyResolver {
 public:
  MetadataKeyResolver(const IssuerMetadataFetcher& fetcher,
                      std::vector<std::string> allowed_issuers);
  Result<std::vector<PublicJwk>> Resolve(std::string_view issuer) const override;
  Result<std::vector<Bytes>> ResolveBbs(std::string_view issuer) const override;

 private:
  Result<IssuerMetadata> Fetch(std::string_view issuer) const;
  const IssuerMetadataFetcher& fetcher_;
  std::vector<std::string> allowed_;
};

}  // namespace signet::credentials
