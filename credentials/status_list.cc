#include "credentials/status_list.h"

#include <zlib.h>

#include "base/encoding.h"
#include "credentials/reason.h"

namespace signet::credentials {
namespace {

Error ListInvalid(std::string_view detail) {
  return CredentialError(ErrorCode::kInvalidArgument, reason::kStatusListInvalid, detail);
}

bool ValidBits(int bits) { return bits == 1 || bits == 2 || bits == 4 || bits == 8; }

// Inflate decompresses a ZLIB stream, refusing output beyond `max_bytes` and trailing data.
Result<Bytes> Inflate(ByteView in, size_t max_bytes) {
  z_stream zs{};
  if (inflateInit(&zs) != Z_OK) return Internal("zlib: inflateInit failed");
  Bytes out(std::min<size_t>(max_bytes, std::max<size_t>(in.size() * 4, 1024)) + 1);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  int rc = Z_OK;
  size_t produced = 0;
  while (rc == Z_OK) {
    if (produced == out.size()) {
      if (out.size() > max_bytes) break;
      out.resize(std::min(out.size() * 2, max_bytes + 1));
    }
    zs.next_out = out.data() + produced;
    zs.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&zs, Z_NO_FLUSH);
    produced = out.size() - zs.avail_out;
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;  // truncated input
  }
  const bool complete = rc == Z_STREAM_END && zs.avail_in == 0;
  inflateEnd(&zs);
  if (produced > max_bytes) return ListInvalid("list too large");
  if (!complete) return ListInvalid("bad zlib data");
  out.resize(produced);
  return out;
}

}  // namespace

Json StatusClaim(const StatusReference& ref) {
  return {{"status_list", {{"idx", ref.index}, {"uri", ref.uri}}}};
}

Result<std::optional<StatusReference>> ParseStatusClaim(const Json& claims) {
  const Json* status = Member(claims, "status");
  if (status == nullptr) return std::optional<StatusReference>();
  const Json* list = Member(*status, "status_list");
  const std::string* uri = list != nullptr ? StringMember(*list, "uri") : nullptr;
  const std::optional<int64_t> idx = list != nullptr ? IntegerMember(*list, "idx") : std::nullopt;
  if (uri == nullptr || !idx || *idx < 0 || uri->empty()) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kMalformed, "status claim");
  }
  return std::optional<StatusReference>(StatusReference{static_cast<uint64_t>(*idx), *uri});
}

Result<StatusList> StatusList::Create(uint64_t size, int bits) {
  if (!ValidBits(bits)) return InvalidArgument("status list: bits must be 1, 2, 4 or 8");
  if (size == 0 || size > kMaxBytes * 8 / static_cast<uint64_t>(bits)) {
    return InvalidArgument("status list: bad size");
  }
  return StatusList(Bytes((size * static_cast<uint64_t>(bits) + 7) / 8, 0), bits);
}

Result<StatusList> StatusList::FromBytes(Bytes packed, int bits) {
  if (!ValidBits(bits)) return ListInvalid("bits must be 1, 2, 4 or 8");
  if (packed.empty() || packed.size() > kMaxBytes) return ListInvalid("bad size");
  return StatusList(std::move(packed), bits);
}

Result<StatusList> StatusList::FromCompressed(std::string_view lst, int bits, size_t max_bytes) {
  Result<Bytes> z = Base64UrlDecode(lst);
  if (!z) return ListInvalid("lst is not base64url");
  Result<Bytes> raw = Inflate(*z, max_bytes);
  if (!raw) return std::move(raw).error();
  return FromBytes(*std::move(raw), bits);
}

Result<uint8_t> StatusList::Get(uint64_t index) const {
  if (index >= size()) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kStatusIndexOutOfRange);
  }
  const uint64_t bit = index * static_cast<uint64_t>(bits_);
  const uint8_t mask = static_cast<uint8_t>((1u << bits_) - 1);
  return static_cast<uint8_t>((bytes_[bit / 8] >> (bit % 8)) & mask);
}

Status StatusList::Set(uint64_t index, uint8_t value) {
  if (index >= size()) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kStatusIndexOutOfRange);
  }
  if (value >= (1u << bits_)) return InvalidArgument("status list: value does not fit");
  const uint64_t bit = index * static_cast<uint64_t>(bits_);
  const uint8_t mask = static_cast<uint8_t>(((1u << bits_) - 1) << (bit % 8));
  uint8_t& b = bytes_[bit / 8];
  b = static_cast<uint8_t>((b & ~mask) | (value << (bit % 8)));
  return OkStatus();
}

Result<std::string> StatusList::Compressed() const {
  uLongf len = compressBound(bytes_.size());
  Bytes out(len);
  if (compress2(out.data(), &len, bytes_.data(), bytes_.size(), Z_BEST_COMPRESSION) != Z_OK) {
    return Internal("zlib: compress failed");
  }
  out.resize(len);
  return Base64UrlEncode(out);
}

Result<std::string> IssueStatusListToken(const StatusList& list, const StatusListTokenClaims& claims,
                                         const JwsSigner& signer) {
  Result<std::string> lst = list.Compressed();
  if (!lst) return std::move(lst).error();
  Json payload = {{"sub", claims.uri},
                  {"iat", claims.issued_at},
                  {"status_list", {{"bits", list.bits()}, {"lst", *lst}}}};
  if (!claims.issuer.empty()) payload["iss"] = claims.issuer;
  if (claims.expires_at) payload["exp"] = *claims.expires_at;
  if (claims.ttl_seconds) payload["ttl"] = *claims.ttl_seconds;
  return EncodeJws({{"typ", std::string(kStatusListJwtType)}}, payload, signer);
}

Result<StatusList> VerifyStatusListToken(std::string_view jwt, const StatusListTokenCheck& check) {
  Result<DecodedJws> jws = DecodeJws(jwt, check.json);
  if (!jws) return std::move(jws).error();
  const std::string* typ = StringMember(jws->header, "typ");
  if (typ == nullptr || *typ != kStatusListJwtType) return ListInvalid("typ is not statuslist+jwt");
  const std::string* iss = StringMember(jws->payload, "iss");
  if (iss != nullptr && *iss != check.issuer) return ListInvalid("issuer differs from the credential's");
  if (check.keys == nullptr) return FailedPrecondition("status list: no key resolver");
  Result<std::vector<PublicJwk>> keys = check.keys->Resolve(check.issuer);
  if (!keys) return std::move(keys).error();
  if (Status s = VerifyJws(*jws, *keys); !s) return std::move(s).error();
  const std::string* sub = StringMember(jws->payload, "sub");
  if (sub == nullptr || *sub != check.uri) return ListInvalid("sub does not match the status uri");
  if (!NumericDateMember(jws->payload, "iat")) return ListInvalid("iat missing");
  if (auto exp = NumericDateMember(jws->payload, "exp"); exp && check.now > *exp + check.clock_skew_seconds) {
    return CredentialError(ErrorCode::kInvalidArgument, reason::kExpired, "status list token");
  }
  const Json* sl = Member(jws->payload, "status_list");
  const std::optional<int64_t> bits = sl != nullptr ? IntegerMember(*sl, "bits") : std::nullopt;
  const std::string* lst = sl != nullptr ? StringMember(*sl, "lst") : nullptr;
  if (!bits || lst == nullptr || !ValidBits(static_cast<int>(*bits))) {
    return ListInvalid("status_list claim");
  }
  return StatusList::FromCompressed(*lst, static_cast<int>(*bits), check.max_list_bytes);
}

TokenStatusListChecker::TokenStatusListChecker(const StatusListFetcher& fetcher,
                                               const IssuerKeyResolver& keys, const Clock& clock,
                                               int64_t clock_skew_seconds)
    : fetcher_(fetcher), keys_(keys), clock_(clock), skew_(clock_skew_seconds) {}

Result<uint8_t> TokenStatusListChecker::Check(std::string_view issuer,
                                              const StatusReference& ref) const {
  Result<std::string> jwt = fetcher_.Fetch(ref.uri);
  if (!jwt) {
    return CredentialError(ErrorCode::kUnavailable, reason::kStatusUnavailable,
                           jwt.error().message());
  }
  StatusListTokenCheck check;
  check.uri = ref.uri;
  check.issuer = issuer;
  check.keys = &keys_;
  check.now = clock_.UnixSeconds();
  check.clock_skew_seconds = skew_;
  Result<StatusList> list = VerifyStatusListToken(*jwt, check);
  if (!list) return std::move(list).error();
  return list->Get(ref.index);
}

Status CheckStatusValue(uint8_t status) {
  switch (status) {
    case kStatusValid: return OkStatus();
    case kStatusInvalid: return CredentialError(ErrorCode::kPermissionDenied, reason::kRevoked);
    case kStatusSuspended: return CredentialError(ErrorCode::kPermissionDenied, reason::kSuspended);
    default: return CredentialError(ErrorCode::kPermissionDenied, reason::kStatusUnknownValue);
  }
}

}  // namespace signet::credentials
