#pragma once

// SessionStore keeps MCP sessions (Streamable HTTP "Session Management") in the shared
// StateStore, namespace "sessions", so any replica can serve any request of a session.
//
// A session id is "mcps_" + 43 base64url characters (256 random bits from the OS CSPRNG). The
// store key is SHA-256 of the id, so a dump of the state store does not reveal live session ids.
// Sessions have an absolute lifetime (no sliding renewal: renewing would cost a write per
// request); an expired or deleted session is unknown (HTTP 404), and the client re-initializes.
//
// Thread-safe (the StateStore is). Failure modes: kUnavailable from the store, kDataLoss for a
// stored value that does not parse.

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "mcp/protocol.h"
#include "storage/state_store.h"

namespace signet::mcp {

class SessionStore {
 public:
  // `state` and `clock` must outlive the store.
  SessionStore(storage::StateStore& state, const Clock& clock, Duration ttl);

  // Create stores `session` (created / expires_at are set here) and returns its new id.
  Result<std::string> Create(SessionState session);
  // Get returns the live session, or nullopt if the id is unknown, malformed or expired.
  Result<std::optional<SessionState>> Get(std::string_view id);
  // Update replaces the stored state, keeping the original expiry.
  Status Update(std::string_view id, const SessionState& session);
  // Delete ends the session; returns whether it existed.
  Result<bool> Delete(std::string_view id);

  // IsWellFormedSessionId checks the shape of an id (prefix, length, alphabet).
  static bool IsWellFormedSessionId(std::string_view id);

 private:
  static std::string Key(std::string_view id);

  storage::StateStore& state_;
  const Clock& clock_;
  Duration ttl_;
};

}  // namespace signet::mcp
