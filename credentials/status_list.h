#pragma once

// IETF Token Status List (draft-ietf-oauth-status-list): the "status" claim a credential carries
// ({"status_list": {"idx": N, "uri": "https://..."}}, §6.1), the list itself (§4: 1, 2, 4 or 8
// bits per token, index i at bit position (i * bits) mod 8 of byte (i * bits) / 8, least
// significant first, ZLIB-compressed, base64url in "lst") and the Status List Token that carries
// it (§5.1: a JWT with "typ": "statuslist+jwt", "sub" = the list URI, "iat", optional "exp" and
// "ttl", and the "status_list" claim). Status values: 0 VALID, 1 INVALID (revoked),
// 2 SUSPENDED (§7.1).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "credentials/issuer_keys.h"
#include "credentials/jose.h"
#include "credentials/json.h"

namespace signet::credentials {

inline constexpr uint8_t kStatusValid = 0;
inline constexpr uint8_t kStatusInvalid = 1;
inline constexpr uint8_t kStatusSuspended = 2;
// The JWS "typ" and media type of a Status List Token.
inline constexpr std::string_view kStatusListJwtType = "statuslist+jwt";
inline constexpr std::string_view kStatusListMediaType = "application/statuslist+jwt";

// StatusReference is where a credential's status lives.
struct StatusReference {
  uint64_t index = 0;
  std::string uri;
};

// StatusClaim renders {"status_list": {"idx": index, "uri": uri}} (the value of "status").
Json StatusClaim(const StatusReference& ref);
// ParseStatusClaim reads the "status" claim of a credential's (processed) claims: nullopt when
// absent; InvalidArgument("malformed") when present but not a status_list reference.
Result<std::optional<StatusReference>> ParseStatusClaim(const Json& claims);

// StatusList is a packed array of statuses. A value type; not thread-safe for writes.
class StatusList {
 public:
  static constexpr uint64_t kMaxBytes = uint64_t{1} << 20;  // 8 Mi entries at one bit each

  // Create makes a list of `size` entries, all VALID, with `bits` per entry (1, 2, 4 or 8); the
  // packed list must fit in kMaxBytes.
  static Result<StatusList> Create(uint64_t size, int bits = 1);
  // FromBytes adopts a packed byte array (its size fixes the number of entries).
  static Result<StatusList> FromBytes(Bytes packed, int bits);
  // FromCompressed decodes "lst" (base64url of ZLIB data, RFC 1950) without inflating more than
  // `max_bytes` bytes (zip bombs are refused with "status_list_invalid").
  static Result<StatusList> FromCompressed(std::string_view lst, int bits, size_t max_bytes);

  // Get returns the status at `index` ("status_index_out_of_range" past the end).
  Result<uint8_t> Get(uint64_t index) const;
  // Set stores `value` (< 2^bits) at `index`.
  Status Set(uint64_t index, uint8_t value);
  // Compressed returns base64url(ZLIB(packed bytes)) at the best compression level.
  Result<std::string> Compressed() const;

  uint64_t size() const { return bytes_.size() * 8 / static_cast<uint64_t>(bits_); }
  int bits() const { return bits_; }
  const Bytes& bytes() const { return bytes_; }

 private:
  StatusList(Bytes bytes, int bits) : bytes_(std::move(bytes)), bits_(bits) {}

  Bytes bytes_;
  int bits_;
};

// StatusListTokenClaims are the claims of a Status List Token besides the list.
struct StatusListTokenClaims {
  std::string uri;     // "sub": the URI credentials reference
  std::string issuer;  // "iss"
  int64_t issued_at = 0;
  std::optional<int64_t> expires_at;
  std::optional<int64_t> ttl_seconds;
};

// IssueStatusListToken signs `list` as a Status List Token (header typ "statuslist+jwt").
Result<std::string> IssueStatusListToken(const StatusList& list, const StatusListTokenClaims& claims,
                                         const JwsSigner& signer);

// StatusListTokenCheck is what a verifier expects of a Status List Token.
struct StatusListTokenCheck {
  std::string_view uri;     // must equal the token's "sub"
  std::string_view issuer;  // the referenced credential's issuer: signs the list; "iss" must match
  const IssuerKeyResolver* keys = nullptr;
  int64_t now = 0;
  int64_t clock_skew_seconds = 60;
  size_t max_list_bytes = 1 << 20;
  JsonLimits json{.max_bytes = 2 << 20, .max_depth = 8, .max_values = 64};
};

// VerifyStatusListToken verifies a Status List Token (signature by a key of `check.issuer`, typ,
// sub, exp) and returns its list. Reasons: status_list_invalid, invalid_signature, expired, ...
Result<StatusList> VerifyStatusListToken(std::string_view jwt, const StatusListTokenCheck& check);

// StatusListFetcher returns the Status List Token published at a URI (an HTTP client, or the
// server's own lists). Thread-safe; bounds its time; Unavailable when the list cannot be had.
class StatusListFetcher {
 public:
  virtual ~StatusListFetcher() = default;
  virtual Result<std::string> Fetch(std::string_view uri) const = 0;
};

// StatusChecker returns the current status value of a referenced credential. Thread-safe.
// Failure modes: "status_unavailable" (fetch failed: callers fail closed), "status_list_invalid",
// "status_index_out_of_range".
class StatusChecker {
 public:
  virtual ~StatusChecker() = default;
  virtual Result<uint8_t> Check(std::string_view issuer, const StatusReference& ref) const = 0;
};

// TokenStatusListChecker fetches and verifies Status List Tokens on every call (no caching; a
// caching fetcher can be layered underneath). The fetcher, resolver and clock must outlive it.
class TokenStatusListChecker final : public StatusChecker {
 public:
  TokenStatusListChecker(const StatusListFetcher& fetcher, const IssuerKeyResolver& keys,
                         const Clock& clock, int64_t clock_skew_seconds = 60);
  Result<uint8_t> Check(std::string_view issuer, const StatusReference& ref) const override;

 private:
  const StatusListFetcher& fetcher_;
  const IssuerKeyResolver& keys_;
  const Clock& clock_;
  int64_t skew_;
};

// CheckStatusValue maps a status to OK (VALID) or an error: revoked (INVALID), suspended
// (SUSPENDED), status_unknown_value (anything else: fail closed).
Status CheckStatusValue(uint8_t status);

}  // namespace signet::credentials
