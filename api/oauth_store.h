#pragma once

// OAuthStore: every piece of OAuth state of the authorization server (api/oauth_server.h) in
// the StateStore, so any replica serves any request. Codes, tokens and pairing codes are stored
// only as hex(SHA-256(secret)) keys; the secrets themselves are never written.
//
//   namespace        key                      value                               ttl
//   oauth_clients    client_id                OAuthClient                         kClientTtl
//   oauth_requests   request id               validated authorization request     10 min
//   oauth_pairing    hash(pairing code)       {tenant, name}                      signet agent pair
//   oauth_approvals  "c:" + hash(approval code) {request, expires}                10 min
//   oauth_approvals  "a:" + request id        {tenant, name} (the owner approved) until expires
//   --ttl oauth_codes      hash(code)               the code's bindings                 60 s
//   oauth_grants     grant id                 AgentGrant (the agent session)      refresh lifetime
//   oauth_tokens     "a:" + hash(access)      {grant, scope, exp}                 access lifetime
//   oauth_tokens     "r:" + hash(refresh)     grant id (current AND rotated-out)  refresh lifetime
//
// A grant is one agent session and one refresh-token family: its current refresh hash decides
// which refresh token is live; presenting a rotated-out one revokes the grant. Access tokens are
// only valid while their grant exists, so revoking a grant ends all of them at once.
//
// Thread-safe (the StateStore is); `state` and `clock` must outlive the store.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/ids.h"
#include "base/result.h"
#include "credentials/json.h"
#include "storage/state_store.h"

namespace signet::api {

// OAuthClient is a dynamically registered public client (RFC 7591).
struct OAuthClient {
  std::string client_id;
  std::string client_name;  // may be empty
  std::vector<std::string> redirect_uris;
  int64_t created = 0;  // Unix seconds
};

// AgentGrant is an agent session: the owner's consent for one client, in one tenant.
struct AgentGrant {
  std::string id;  // "g_" + 32 hex digits
  std::string tenant;
  std::string agent;  // the pairing name; the policy actor is "agent:" + agent
  std::string client_id;
  std::string client_name;
  std::string scope;         // space-separated
  std::string jkt;           // DPoP key thumbprint ("" = bearer)
  credentials::Json jwk;     // the bound public key (null = bearer)
  std::string refresh_hash;  // the live refresh token's hash
  int64_t created = 0;
  int64_t refreshed = 0;  // last refresh (0 = never)
  int64_t expires_at = 0;

  credentials::Json ToJson() const;
  static Result<AgentGrant> FromJson(const credentials::Json& j);
};

// PairingCode is what a pairing code unlocks.
struct PairingCode {
  std::string tenant;
  std::string name;
};

// Approval is what `signet agent approve` answers: the authorization request it approved.
struct Approval {
  std::string request_id;
  credentials::Json request;  // the validated authorization request (client, redirect_uri, scope)
  std::string tenant;
  std::string name;
};

// ApprovalJson is the answer to an approval: {"agent", "client_id", "client_name",
// "redirect_host", "scope"} — what the owner approved, for the CLI to show.
credentials::Json ApprovalJson(const Approval& approval);

// IsAgentName reports whether `name` is a valid agent name: 1-32 of [a-z0-9_-] (the agent is
// then "agent:<name>").
bool IsAgentName(std::string_view name);

class OAuthStore {
 public:
  static constexpr Duration kClientTtl = std::chrono::hours(24 * 90);

  OAuthStore(storage::StateStore& state, const Clock& clock) : state_(state), clock_(clock) {}

  storage::StateStore& state() const { return state_; }
  const Clock& clock() const { return clock_; }

  // PutClient stores a new client (kAlreadyExists on an id collision).
  Status PutClient(const OAuthClient& client) const;
  // GetClient returns the client, or NotFound.
  Result<OAuthClient> GetClient(std::string_view client_id) const;

  // PutJson / GetJson / TakeJson store, read and consume JSON values in `ns`.
  Status PutJson(std::string_view ns, std::string_view key, const credentials::Json& value,
                 Duration ttl) const;
  Result<std::optional<credentials::Json>> GetJson(std::string_view ns, std::string_view key) const;
  Result<std::optional<credentials::Json>> TakeJson(std::string_view ns,
                                                    std::string_view key) const;

  // CreatePairingCode stores a new single-use pairing code for `tenant` and returns it
  // ("XXXX-XXXX-XXXX", 60 bits, Crockford base32 without I L O U).
  Result<std::string> CreatePairingCode(const TenantId& tenant, std::string_view name,
                                        Duration ttl) const;
  // TakePairingCode consumes a pairing code (case and dashes ignored); nullopt if unknown.
  Result<std::optional<PairingCode>> TakePairingCode(std::string_view code) const;

  // CreateApprovalCode stores a new single-use approval code ("XXXX-XXXX-XXXX", like a pairing
  // code) for the pending authorization request `request_id`; the consent page shows it so the
  // owner can approve that request from a device instead of typing a pairing code.
  Result<std::string> CreateApprovalCode(std::string_view request_id, Duration ttl) const;
  // ApproveRequest consumes an approval code and records that the owner of `tenant` approved its
  // request as agent `name`: NotFound for an unknown, used or expired code or request,
  // AlreadyExists if the request was approved already. The approval lives as long as the request.
  Result<Approval> ApproveRequest(std::string_view approval_code, const TenantId& tenant,
                                  std::string_view name) const;
  // ApprovalOf returns the approval recorded for `request_id`, or nullopt.
  Result<std::optional<PairingCode>> ApprovalOf(std::string_view request_id) const;

  // CreateGrant stores a new grant.
  Status CreateGrant(const AgentGrant& grant) const;
  // GetGrant returns the live grant, or nullopt (revoked, expired or unknown). `raw` receives the
  // stored bytes for SwapGrant.
  Result<std::optional<AgentGrant>> GetGrant(std::string_view id, Bytes* raw = nullptr) const;
  // SwapGrant replaces the grant whose stored bytes are `old_raw` (kConflict otherwise).
  Status SwapGrant(const Bytes& old_raw, const AgentGrant& grant) const;
  // RevokeGrant deletes the grant; returns whether it existed.
  Result<bool> RevokeGrant(std::string_view id) const;
  // ListGrants returns the live grants of `tenant` (at most 1000), oldest id first.
  Result<std::vector<AgentGrant>> ListGrants(const TenantId& tenant) const;

 private:
  storage::StateStore& state_;
  const Clock& clock_;
};

// Namespaces of the OAuth state (see the table above).
namespace oauth_ns {
inline constexpr std::string_view kClients = "oauth_clients";
inline constexpr std::string_view kRequests = "oauth_requests";
inline constexpr std::string_view kPairing = "oauth_pairing";
inline constexpr std::string_view kApprovals = "oauth_approvals";
inline constexpr std::string_view kGrants = "oauth_grants";
}  // namespace oauth_ns

// GrantAgentId is the policy actor of a grant: "agent:" + its pairing name.
std::string GrantAgentId(const AgentGrant& grant);

// NormalizePairingCode upper-cases `code` and drops dashes and spaces; "" if it is not 12
// Crockford base32 characters.
std::string NormalizePairingCode(std::string_view code);

}  // namespace signet::api
