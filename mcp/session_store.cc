#include "mcp/session_store.h"

#include <chrono>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::mcp {
namespace {

constexpr std::string_view kPrefix = "mcps_";
constexpr size_t kIdRandomBytes = 32;

}  // namespace

SessionStore::SessionStore(storage::StateStore& state, const Clock& clock, Duration ttl)
    : state_(state), clock_(clock), ttl_(ttl) {}

bool SessionStore::IsWellFormedSessionId(std::string_view id) {
  if (!id.starts_with(kPrefix) || id.size() != kPrefix.size() + 43) return false;
  return Base64UrlDecode(id.substr(kPrefix.size())).has_value();
}

std::string SessionStore::Key(std::string_view id) {
  return HexEncode(crypto::Sha256(AsBytes(id)));
}

Result<std::string> SessionStore::Create(SessionState session) {
  const std::string id =
      std::string(kPrefix) + Base64UrlEncode(crypto::RandomBytes(kIdRandomBytes));
  session.created = clock_.UnixSeconds();
  session.expires_at =
      session.created + std::chrono::duration_cast<std::chrono::seconds>(ttl_).count();
  const std::string value = Dump(session.ToJson());
  if (Status s = state_.PutIfAbsent(storage::ns::kSessions, Key(id), AsBytes(value), ttl_);
      !s.ok()) {
    return std::move(s).error();
  }
  return id;
}

Result<std::optional<SessionState>> SessionStore::Get(std::string_view id) {
  if (!IsWellFormedSessionId(id)) return std::optional<SessionState>();
  auto stored = state_.Get(storage::ns::kSessions, Key(id));
  if (!stored) return std::move(stored).error();
  if (!*stored) return std::optional<SessionState>();
  auto doc = credentials::ParseJson(AsStringView(**stored));
  if (!doc) return DataLoss("stored MCP session is malformed");
  auto session = SessionState::FromJson(*doc);
  if (!session) return std::move(session).error();
  if (session->expires_at <= clock_.UnixSeconds()) return std::optional<SessionState>();
  return std::optional<SessionState>(std::move(*session));
}

Status SessionStore::Update(std::string_view id, const SessionState& session) {
  const int64_t left = session.expires_at - clock_.UnixSeconds();
  if (left <= 0) return NotFound("the MCP session has expired");
  const std::string value = Dump(session.ToJson());
  return state_.Put(storage::ns::kSessions, Key(id), AsBytes(value), std::chrono::seconds(left));
}

Result<bool> SessionStore::Delete(std::string_view id) {
  if (!IsWellFormedSessionId(id)) return false;
  return state_.Delete(storage::ns::kSessions, Key(id));
}

}  // namespace signet::mcp
