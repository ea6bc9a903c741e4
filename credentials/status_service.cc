#include "credentials/status_service.h"

#include "base/contention.h"
#include "crypto/random.h"

namespace signet::credentials {
namespace {

constexpr int kCasRetries = 8;
constexpr int kAllocateAttempts = 32;

std::string BitsKey(std::string_view id) { return "bits/" + std::string(id); }
std::string SlotKey(std::string_view id, uint64_t i) {
  return "slot/" + std::string(id) + "/" + std::to_string(i);
}
std::string CountKey(std::string_view id) { return "count/" + std::string(id); }

Status CheckId(std::string_view id) {
  return IsValidListId(id) ? OkStatus() : InvalidArgument("invalid status list id");
}

}  // namespace

bool IsValidListId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

StatusListService::StatusListService(storage::StateStore& store, const JwsSigner& signer,
                                     const Clock& clock, StatusListServiceOptions options)
    : store_(store), signer_(signer), clock_(clock), options_(std::move(options)) {}

Status StatusListService::EnsureList(std::string_view list_id) {
  Result<StatusList> empty = StatusList::Create(options_.list_size, 1);
  if (!empty) return std::move(empty).error();
  Status s = store_.PutIfAbsent(kStatusListNamespace, BitsKey(list_id), empty->bytes(),
                                storage::kNoExpiry);
  if (!s && s.error().code() != ErrorCode::kAlreadyExists) return s;
  return OkStatus();
}

Result<StatusReference> StatusListService::Allocate(std::string_view list_id) {
  if (Status s = CheckId(list_id); !s) return std::move(s).error();
  if (Status s = EnsureList(list_id); !s) return std::move(s).error();
  Result<int64_t> count = store_.Increment(kStatusListNamespace, CountKey(list_id), 1, storage::kNoExpiry);
  if (!count) return std::move(count).error();
  // Keep lists at most half full so random allocation stays cheap.
  if (static_cast<uint64_t>(*count) > options_.list_size / 2) {
    (void)store_.Increment(kStatusListNamespace, CountKey(list_id), -1, storage::kNoExpiry);
    return ResourceExhausted("status list is full: use another list id");
  }
  const uint8_t marker[] = {1};
  for (int attempt = 0; attempt < kAllocateAttempts; ++attempt) {
    const uint64_t index = crypto::RandomUint64() % options_.list_size;
    Status s = store_.PutIfAbsent(kStatusListNamespace, SlotKey(list_id, index), marker,
                                  storage::kNoExpiry);
    if (s) return StatusReference{index, options_.base_uri + std::string(list_id)};
    if (s.error().code() != ErrorCode::kAlreadyExists) return std::move(s).error();
  }
  return ResourceExhausted("status list: no free index found");
}

Status StatusListService::SetStatus(std::string_view list_id, uint64_t index, uint8_t status) {
  if (Status s = CheckId(list_id); !s) return s;
  for (int attempt = 0; attempt < kCasRetries; ++attempt) {
    Result<std::optional<Bytes>> cur = store_.Get(kStatusListNamespace, BitsKey(list_id));
    if (!cur) return std::move(cur).error();
    if (!*cur) return NotFound("no such status list");
    Result<StatusList> list = StatusList::FromBytes(**cur, 1);
    if (!list) return DataLoss("stored status list is corrupt");
    if (Status s = list->Set(index, status); !s) return s;
    Status s = store_.CompareAndSwap(kStatusListNamespace, BitsKey(list_id), ByteView(**cur),
                                     list->bytes(), storage::kNoExpiry);
    if (s || s.error().code() != ErrorCode::kConflict) return s;
    PauseAfterConflict(attempt);
  }
  return Unavailable("status list update contention");
}

Status StatusListService::Revoke(const StatusReference& ref) {
  Result<std::string> id = ListIdOf(ref.uri);
  if (!id) return std::move(id).error();
  return SetStatus(*id, ref.index, kStatusInvalid);
}

Result<std::string> StatusListService::Token(std::string_view list_id) const {
  if (Status s = CheckId(list_id); !s) return std::move(s).error();
  Result<std::optional<Bytes>> bits = store_.Get(kStatusListNamespace, BitsKey(list_id));
  if (!bits) return std::move(bits).error();
  if (!*bits) return NotFound("no such status list");
  Result<StatusList> list = StatusList::FromBytes(**bits, 1);
  if (!list) return DataLoss("stored status list is corrupt");
  const int64_t now = clock_.UnixSeconds();
  StatusListTokenClaims claims;
  claims.uri = options_.base_uri + std::string(list_id);
  claims.issuer = options_.issuer;
  claims.issued_at = now;
  claims.expires_at = now + options_.token_validity_seconds;
  claims.ttl_seconds = options_.token_ttl_seconds;
  return IssueStatusListToken(*list, claims, signer_);
}

Result<std::string> StatusListService::ListIdOf(std::string_view uri) const {
  if (uri.substr(0, options_.base_uri.size()) != options_.base_uri) {
    return NotFound("not one of this issuer's status lists");
  }
  const std::string_view id = uri.substr(options_.base_uri.size());
  if (!IsValidListId(id)) return NotFound("not one of this issuer's status lists");
  return std::string(id);
}

Result<std::string> StatusListService::Fetch(std::string_view uri) const {
  Result<std::string> id = ListIdOf(uri);
  if (!id) return Unavailable("status list not served here");
  return Token(*id);
}

}  // namespace signet::credentials
