#include "api/oauth_client_metadata.h"

#include "api/oauth_util.h"
#include "base/encoding.h"
#include "policy/domain.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr size_t kMaxClientIdUrl = 512;
constexpr size_t kMaxDocumentBytes = size_t{64} << 10;
constexpr std::chrono::seconds kFetchTimeout{5};

bool HasDotSegment(std::string_view path) {
  size_t pos = 0;
  while (pos < path.size()) {
    size_t end = path.find('/', pos + 1);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(pos + 1, end - pos - 1);
    if (segment == "." || segment == "..") return true;
    pos = end;
  }
  return false;
}

}  // namespace

bool IsClientIdUrl(std::string_view client_id) { return client_id.starts_with("https://"); }

Status ValidateClientIdUrl(std::string_view url) {
  if (url.size() > kMaxClientIdUrl) return InvalidArgument("client_id URL is too long");
  for (char c : url) {
    if (c <= 0x20 || c >= 0x7f) return InvalidArgument("client_id URL has a forbidden character");
  }
  if (!IsClientIdUrl(url) || url.find('#') != std::string_view::npos) {
    return InvalidArgument("client_id must be an https URL without a fragment");
  }
  const std::string_view rest = url.substr(8);
  const size_t slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  if (authority.empty() || authority.find('@') != std::string_view::npos) {
    return InvalidArgument("client_id URL needs a host and no userinfo");
  }
  if (slash == std::string_view::npos || rest.size() == slash + 1) {
    return InvalidArgument("client_id URL needs a path");
  }
  const std::string_view path = rest.substr(slash, rest.find('?') - slash);
  if (HasDotSegment(path)) return InvalidArgument("client_id URL must not have dot segments");
  return OkStatus();
}

std::string ClientIdDomain(std::string_view client_id) {
  if (!ValidateClientIdUrl(client_id).ok()) return "";
  const std::string authority = UrlHost(client_id);
  std::string_view host = authority;
  if (host.empty() || host.starts_with('[')) return "";  // IPv6 literal
  if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  // A last label of digits only makes the host an IPv4 address (RFC 3986, WHATWG URL).
  const std::string_view last = host.substr(host.rfind('.') + 1);
  if (last.empty() || last.find_first_not_of("0123456789") == std::string_view::npos) return "";
  auto domain = policy::NormalizeDomain(host);
  return domain ? *std::move(domain) : std::string();
}

Result<OAuthClient> FetchClientMetadata(notify::HttpSender& sender, std::string_view client_id,
                                        int64_t now) {
  if (Status s = ValidateClientIdUrl(client_id); !s.ok()) return std::move(s).error();
  notify::HttpCall call;
  call.method = "GET";
  call.url = std::string(client_id);
  call.headers = {{"Accept", "application/json"}};
  call.timeout = kFetchTimeout;
  auto reply = notify::SendAndWait(sender, std::move(call));
  if (!reply) {
    if (reply.error().code() == ErrorCode::kPermissionDenied) {
      return InvalidArgument("the client's metadata document is on a refused address");
    }
    return Unavailable("the client's metadata document could not be fetched");
  }
  if (reply->status != 200) {
    return InvalidArgument("the client's metadata document answered HTTP " +
                           std::to_string(reply->status) + " (redirects are not followed)");
  }
  auto doc = credentials::ParseJson(reply->body, {.max_bytes = kMaxDocumentBytes});
  if (!doc || !doc->is_object()) return InvalidArgument("the client's metadata is not JSON");
  const std::string* id = credentials::StringMember(*doc, "client_id");
  if (id == nullptr || *id != client_id) {
    return InvalidArgument("the metadata document names another client_id");
  }
  auto uris = ParseRedirectUris(*doc);
  if (!uris) return std::move(uris).error();
  if (Status s = CheckClientMetadata(*doc); !s.ok()) return std::move(s).error();
  return OAuthClient{std::string(client_id), doc->value("client_name", std::string()),
                     std::move(*uris), now};
}

}  // namespace signet::api
