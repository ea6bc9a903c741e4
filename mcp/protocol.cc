#include "mcp/protocol.h"

#include <algorithm>

namespace signet::mcp {
namespace {

constexpr std::array<std::string_view, 8> kLevelNames = {
    "debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"};

}  // namespace

bool IsSupportedProtocolVersion(std::string_view version) {
  return std::find(kSupportedProtocolVersions.begin(), kSupportedProtocolVersions.end(), version) !=
         kSupportedProtocolVersions.end();
}

std::string NegotiateProtocolVersion(std::string_view requested) {
  return std::string(IsSupportedProtocolVersion(requested) ? requested : kLatestProtocolVersion);
}

std::optional<LogLevel> ParseLogLevel(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == name) return static_cast<LogLevel>(i);
  }
  return std::nullopt;
}

std::string_view LogLevelName(LogLevel level) { return kLevelNames[static_cast<size_t>(level)]; }

bool Principal::HasScope(std::string_view wanted) const {
  if (local || wanted.empty()) return true;
  size_t pos = 0;
  while (pos <= scope.size()) {
    size_t end = scope.find(' ', pos);
    if (end == std::string::npos) end = scope.size();
    if (std::string_view(scope).substr(pos, end - pos) == wanted) return true;
    pos = end + 1;
  }
  return false;
}

Json SessionState::ToJson() const {
  return {{"v", protocol_version},
          {"init", initialized},
          {"cn", client_name},
          {"cv", client_version},
          {"log", LogLevelName(log_level)},
          {"tenant", tenant},
          {"agent", agent_id},
          {"grant", grant_id},
          {"created", created},
          {"exp", expires_at}};
}

Result<SessionState> SessionState::FromJson(const Json& j) {
  const auto* v = credentials::StringMember(j, "v");
  const auto* init = credentials::Member(j, "init");
  const auto* log = credentials::StringMember(j, "log");
  const auto* tenant = credentials::StringMember(j, "tenant");
  const auto* agent = credentials::StringMember(j, "agent");
  const auto* grant = credentials::StringMember(j, "grant");
  const auto created = credentials::IntegerMember(j, "created");
  const auto exp = credentials::IntegerMember(j, "exp");
  if (!v || !init || !init->is_boolean() || !log || !tenant || !agent || !grant || !created ||
      !exp || !ParseLogLevel(*log)) {
    return DataLoss("stored MCP session is malformed");
  }
  SessionState s;
  s.protocol_version = *v;
  s.initialized = init->get<bool>();
  if (const auto* cn = credentials::StringMember(j, "cn")) s.client_name = *cn;
  if (const auto* cv = credentials::StringMember(j, "cv")) s.client_version = *cv;
  s.log_level = *ParseLogLevel(*log);
  s.tenant = *tenant;
  s.agent_id = *agent;
  s.grant_id = *grant;
  s.created = *created;
  s.expires_at = *exp;
  return s;
}

}  // namespace signet::mcp
