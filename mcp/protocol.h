#pragma once

// MCP protocol versions and the per-session state of the lifecycle (MCP 2025-11-25,
// "Lifecycle"): the client proposes a version in `initialize`; the server answers with the same
// version if it supports it, otherwise with its latest. Signet speaks 2025-11-25 and also accepts
// 2025-06-18 and 2025-03-26 (the wire format of the features it offers is the same).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ids.h"
#include "base/result.h"
#include "mcp/json_rpc.h"

namespace signet::mcp {

inline constexpr std::string_view kLatestProtocolVersion = "2025-11-25";
inline constexpr std::array<std::string_view, 3> kSupportedProtocolVersions = {
    "2025-11-25", "2025-06-18", "2025-03-26"};
// kDefaultHttpProtocolVersion is what an HTTP request without MCP-Protocol-Version means
// (Streamable HTTP, "Protocol Version Header").
inline constexpr std::string_view kDefaultHttpProtocolVersion = "2025-03-26";

// IsSupportedProtocolVersion reports whether `version` is one of kSupportedProtocolVersions.
bool IsSupportedProtocolVersion(std::string_view version);

// NegotiateProtocolVersion returns `requested` if supported, else the latest version.
std::string NegotiateProtocolVersion(std::string_view requested);

// LogLevel is an MCP logging level (RFC 5424 severities), set with logging/setLevel.
enum class LogLevel : uint8_t {
  kDebug,
  kInfo,
  kNotice,
  kWarning,
  kError,
  kCritical,
  kAlert,
  kEmergency
};
// ParseLogLevel maps "debug" ... "emergency"; nullopt otherwise.
std::optional<LogLevel> ParseLogLevel(std::string_view name);
// LogLevelName is the inverse of ParseLogLevel.
std::string_view LogLevelName(LogLevel level);

// Principal is who is calling: the tenant (vault) an agent session belongs to and the agent.
// Each agent session belongs to exactly one tenant.
struct Principal {
  TenantId tenant;
  std::string agent_id;   // the policy actor id: "agent:<name>" ("agent:local" without OAuth)
  std::string grant_id;   // the OAuth agent session (empty for local stdio / no-auth use)
  std::string client_id;  // the OAuth client (empty for local use)
  std::string scope;      // granted scopes, space-separated
  bool local = false;     // stdio or the explicit no-auth setting
  // domain is the agent's DNS name when its OAuth client is identified by a client ID metadata
  // document (the normalised host of that https URL); empty otherwise. The policy engine
  // classifies the agent by it (domain -> role table) when the owner has not assigned a role.
  std::string domain;
  // HasScope reports whether `scope` is granted (local principals hold every scope).
  bool HasScope(std::string_view wanted) const;
};

// SessionState is what an MCP session remembers between messages. It is stored in the
// StateStore (session_store.h) for HTTP, so any replica can serve any request.
struct SessionState {
  std::string protocol_version;
  bool initialized = false;  // notifications/initialized received
  std::string client_name;
  std::string client_version;
  LogLevel log_level = LogLevel::kInfo;
  std::string tenant;
  std::string agent_id;
  std::string grant_id;
  int64_t created = 0;     // Unix seconds
  int64_t expires_at = 0;  // Unix seconds

  // ToJson / FromJson are the stored form.
  Json ToJson() const;
  static Result<SessionState> FromJson(const Json& j);
};

}  // namespace signet::mcp
