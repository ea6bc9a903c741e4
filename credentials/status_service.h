#pragma once

// StatusListService: the issuer side of Token Status Lists (draft-ietf-oauth-status-list) for the
// credentials Signet issues. Lists live in a StateStore namespace ("status_lists"), so every
// replica sees the same bits and revocation is one atomic compare-and-swap:
//
//   status_lists / "bits/<id>"         the packed list (1 bit per credential)
//   status_lists / "slot/<id>/<index>" an allocated index (allocation is random, so an index says
//                                      nothing about issuance order; PutIfAbsent makes it unique)
//   status_lists / "count/<id>"        how many indexes are allocated
//
// The service renders a freshly signed Status List Token on request (GET /status-lists/{id}) and
// doubles as the in-process StatusListFetcher for its own URIs, so the server verifies its own
// credentials without an HTTP round trip.
//
// Thread safety: all methods may be called concurrently, also from several processes sharing the
// store. Failure modes: Unavailable (store down: callers fail closed), NotFound (no such list),
// ResourceExhausted (list full), InvalidArgument (bad id or index).

#include <cstdint>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "credentials/jose.h"
#include "credentials/status_list.h"
#include "storage/state_store.h"

namespace signet::credentials {

inline constexpr std::string_view kStatusListNamespace = "status_lists";

// StatusListServiceOptions configure a StatusListService.
struct StatusListServiceOptions {
  std::string issuer;    // "iss" of the tokens; the issuer of the referencing credentials
  std::string base_uri;  // list URI = base_uri + id, e.g. "https://vault.example/status-lists/"
  uint64_t list_size = uint64_t{1} << 17;  // entries per list (16 KiB at one bit each)
  int64_t token_validity_seconds = 24 * 3600;  // exp = iat + this
  int64_t token_ttl_seconds = 300;             // "ttl": how long relying parties may cache
};

class StatusListService final : public StatusListFetcher {
 public:
  // The store, signer and clock are borrowed and must outlive the service.
  StatusListService(storage::StateStore& store, const JwsSigner& signer, const Clock& clock,
                    StatusListServiceOptions options);

  // Allocate reserves a fresh random index in list `list_id` (creating the list on first use)
  // and returns the reference to put into a credential's status claim.
  Result<StatusReference> Allocate(std::string_view list_id);
  // SetStatus sets the status at `index` (kStatusValid / kStatusInvalid / kStatusSuspended).
  Status SetStatus(std::string_view list_id, uint64_t index, uint8_t status);
  // Revoke sets kStatusInvalid for a reference this service issued.
  Status Revoke(const StatusReference& ref);
  // Token returns the list as a freshly signed Status List Token.
  Result<std::string> Token(std::string_view list_id) const;
  // ListIdOf returns the list id of one of this service's URIs (NotFound otherwise).
  Result<std::string> ListIdOf(std::string_view uri) const;

  // Fetch serves this service's own lists (StatusListFetcher).
  Result<std::string> Fetch(std::string_view uri) const override;

 private:
  Status EnsureList(std::string_view list_id);

  storage::StateStore& store_;
  const JwsSigner& signer_;
  const Clock& clock_;
  StatusListServiceOptions options_;
};

// IsValidListId reports whether `id` is 1..64 characters of [a-z0-9_-].
bool IsValidListId(std::string_view id);

}  // namespace signet::credentials
