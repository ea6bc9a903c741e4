// OAuthServer: the authorization endpoint. GET validates the request and stores it (the form
// posts back only its random id, never client_id or redirect_uri); POST checks the owner's
// pairing code, or an approval the owner made from a device (`signet agent approve`), and
// redirects with a single-use code (RFC 6749 §4.1.2, RFC 9207 iss).

#include <set>

#include "api/oauth_client_metadata.h"
#include "api/oauth_server.h"
#include "base/encoding.h"
#include "base/log.h"
#include "crypto/random.h"
#include "mcp/signet_tools.h"

namespace signet::api {
namespace {

using credentials::Json;

constexpr size_t kMaxState = 512;
// Wrong pairing codes per 15 minutes: per client address, and for the whole server. A pairing
// code has 60 bits and lives minutes, so these bound guessing far below any chance of success;
// the per-address limit keeps one client from locking everybody else out of pairing.
constexpr int64_t kMaxAddressFailures = 20;
constexpr int64_t kMaxGlobalFailures = 10'000;
constexpr std::string_view kGlobalFailures = "oauth_pair_fail";

Response Html(int status, std::string body) {
  Response r = Response::Text(status, std::move(body), "text/html; charset=utf-8");
  r.headers.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  r.headers.Set("X-Frame-Options", "DENY");
  r.headers.Set("Referrer-Policy", "no-referrer");
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

std::string Page(std::string_view title, std::string_view body) {
  return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
         "</title></head><body><h1>" + HtmlEscape(title) + "</h1>" + std::string(body) +
         "</body></html>";
}

// ErrorPage is shown (never redirected) when the client or its redirect_uri is not trusted.
Response ErrorPage(int status, std::string_view message) {
  return Html(status, Page("Authorization failed", "<p>" + HtmlEscape(message) + "</p>"));
}

// CheckScope returns the granted scope: the requested one if every item is known, all if empty.
std::optional<std::string> CheckScope(std::string_view requested) {
  if (requested.empty()) return std::string(mcp::kAllScopes);
  static const std::set<std::string_view> kKnown = {mcp::kScopeProofs, mcp::kScopeQuery,
                                                    mcp::kScopeCapabilities, mcp::kScopeNotes};
  std::set<std::string> items;
  size_t pos = 0;
  while (pos <= requested.size()) {
    size_t end = requested.find(' ', pos);
    if (end == std::string_view::npos) end = requested.size();
    std::string_view item = requested.substr(pos, end - pos);
    pos = end + 1;
    if (item.empty()) continue;
    if (!kKnown.contains(item)) return std::nullopt;
    items.emplace(item);
  }
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : " ") + s;
  if (out.empty()) return std::nullopt;
  return out;
}

bool IsJkt(std::string_view s) { return s.size() == 43 && Base64UrlDecode(s).has_value(); }

}  // namespace

Response OAuthServer::Deny(const Json& request, std::string_view error,
                           std::string_view description) const {
  std::string uri = request.value("redirect_uri", std::string());
  uri = WithQuery(std::move(uri), {{"error", error}, {"error_description", description}});
  if (const std::string state = request.value("state", std::string()); !state.empty()) {
    uri = WithQuery(std::move(uri), {{"state", state}});
  }
  uri = WithQuery(std::move(uri), {{"iss", options_.issuer}});
  Response r;
  r.status = 302;
  r.headers.Set("Location", uri);
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

// FindClient returns a registered client, or the one a client ID metadata document describes.
Result<OAuthClient> OAuthServer::FindClient(std::string_view client_id, Response* shown) const {
  if (IsClientIdUrl(client_id)) {
    if (options_.client_metadata_sender == nullptr) {
      *shown =
          ErrorPage(400, "Client ID metadata documents are not supported; register the client.");
      return InvalidArgument("unsupported client_id");
    }
    auto client = FetchClientMetadata(*options_.client_metadata_sender, client_id,
                                      store_.clock().UnixSeconds());
    if (!client) {
      *shown = client.error().code() == ErrorCode::kInvalidArgument
                   ? ErrorPage(400, "Client metadata refused: " + client.error().message())
                   : ErrorPage(502, "The client's metadata document could not be fetched.");
    }
    return client;
  }
  auto client = store_.GetClient(client_id);
  if (!client) {
    *shown = client.error().code() == ErrorCode::kNotFound
                 ? ErrorPage(400, "Unknown client.")
                 : ErrorPage(503, "Storage is unavailable; try again.");
  }
  return client;
}

Result<Json> OAuthServer::CheckAuthorizeRequest(const FormParams& q, Response* shown) const {
  auto client = FindClient(FormValue(q, "client_id"), shown);
  if (!client) return std::move(client).error();
  std::string redirect(FormValue(q, "redirect_uri"));
  if (redirect.empty() && client->redirect_uris.size() == 1) redirect = client->redirect_uris[0];
  if (std::find(client->redirect_uris.begin(), client->redirect_uris.end(), redirect) ==
      client->redirect_uris.end()) {
    *shown = ErrorPage(400, "The redirect_uri is not registered for this client.");
    return InvalidArgument("redirect_uri mismatch");
  }
  Json request = {{"client_id", client->client_id},
                  {"client_name", client->client_name},
                  {"redirect_uri", redirect}};
  const std::string_view state = FormValue(q, "state");
  if (state.size() <= kMaxState) request["state"] = state;
  auto refuse = [&](std::string_view error, std::string_view description) -> Error {
    *shown = Deny(request, error, description);
    return InvalidArgument(std::string(description));
  };
  if (state.size() > kMaxState) return refuse("invalid_request", "state is too long");
  if (FormValue(q, "response_type") != "code") {
    return refuse("unsupported_response_type", "response_type must be code");
  }
  if (FormValue(q, "code_challenge_method") != "S256") {
    return refuse("invalid_request", "code_challenge_method must be S256");
  }
  if (!IsPkceChallenge(FormValue(q, "code_challenge"))) {
    return refuse("invalid_request", "code_challenge is required (43 base64url characters)");
  }
  const std::string_view resource = FormValue(q, "resource");
  if (!resource.empty() && resource != ResourceUri()) {
    return refuse("invalid_target", "resource must be " + ResourceUri());
  }
  auto scope = CheckScope(FormValue(q, "scope"));
  if (!scope) return refuse("invalid_scope", "unknown scope");
  const std::string_view jkt = FormValue(q, "dpop_jkt");
  if (!jkt.empty() && !IsJkt(jkt)) return refuse("invalid_request", "malformed dpop_jkt");
  request["code_challenge"] = FormValue(q, "code_challenge");
  request["scope"] = *scope;
  request["dpop_jkt"] = jkt;
  return request;
}

Response OAuthServer::AuthorizeGet(const Request& req) const {
  auto q = ParseForm(req.query);
  if (!q) return ErrorPage(400, "Malformed authorization request: " + q.error().message());
  Response shown;
  auto request = CheckAuthorizeRequest(*q, &shown);
  if (!request) return shown;
  const std::string id = HexEncode(crypto::RandomBytes(16));
  // The approval code lets the owner approve this request from a device (`signet agent
  // approve`); it grants nothing by itself, so the request keeps it to show it again.
  auto approval = store_.CreateApprovalCode(id, options_.request_ttl);
  if (!approval) return ErrorPage(503, "Storage is unavailable; try again.");
  (*request)["approval_code"] = *approval;
  if (Status s = store_.PutJson(oauth_ns::kRequests, id, *request, options_.request_ttl); !s.ok()) {
    return ErrorPage(503, "Storage is unavailable; try again.");
  }
  return ConsentPage(*request, id, "");
}

Response OAuthServer::ConsentPage(const Json& request, std::string_view request_id,
                                  std::string_view error) const {
  std::string name = request.value("client_name", std::string());
  if (name.empty()) name = "An unnamed client";
  std::string body = "<p><b>" + HtmlEscape(name) + "</b> (" +
                     HtmlEscape(request.value("client_id", std::string())) +
                     ") asks to act as an agent of your Signet vault.</p><p>It will return to <b>" +
                     HtmlEscape(UrlHost(request.value("redirect_uri", std::string()))) +
                     "</b> with access to: <code>" +
                     HtmlEscape(request.value("scope", std::string())) + "</code></p>";
  if (!error.empty()) body += "<p role=\"alert\"><b>" + HtmlEscape(error) + "</b></p>";
  body +=
      "<form method=\"post\" action=\"/authorize\"><input type=\"hidden\" name=\"request_id\" "
      "value=\"" +
      HtmlEscape(request_id) +
      "\"><p><label>Pairing code from <code>signet agent pair</code>: <input name=\"pairing_code\" "
      "autocomplete=\"off\" autofocus></label></p><p>Or approve with one of your devices: run "
      "<code>signet agent approve " +
      HtmlEscape(request.value("approval_code", std::string())) +
      "</code> (add <code>--server</code> for a hosted vault), then press Approve with the pairing "
      "code left empty.</p><p><button name=\"decision\" value=\"approve\">"
      "Approve</button> <button name=\"decision\" value=\"deny\">Deny</button></p></form>";
  return Html(error.empty() ? 200 : 400, Page("Connect an agent to Signet", body));
}

Response OAuthServer::AuthorizePost(const Request& req) const {
  auto form = ParseForm(req.body);
  if (!form) return ErrorPage(400, "Malformed form.");
  const std::string id(FormValue(*form, "request_id"));
  if (id.size() != 32) return ErrorPage(400, "Unknown or expired authorization request.");
  auto request = store_.GetJson(oauth_ns::kRequests, id);
  if (!request) return ErrorPage(503, "Storage is unavailable; try again.");
  if (!*request) return ErrorPage(400, "Unknown or expired authorization request; start again.");
  if (FormValue(*form, "decision") == "deny") {
    (void)store_.TakeJson(oauth_ns::kRequests, id);
    return Deny(**request, "access_denied", "the owner denied the request");
  }
  if (FormValue(*form, "pairing_code").empty()) {
    // No pairing code: the owner approved (or has yet to approve) from a device.
    auto approval = store_.ApprovalOf(id);
    if (!approval) return ErrorPage(503, "Storage is unavailable; try again.");
    if (!*approval) {
      return ConsentPage(**request, id,
                         "Not approved yet: enter a pairing code, or run signet agent approve " +
                             (*request)->value("approval_code", std::string()) +
                             " on one of your devices first.");
    }
    return IssueCode(id, **approval);
  }
  storage::StateStore& state = store_.state();
  const std::string address_key = std::string(kGlobalFailures) + ":" + req.client_ip;
  for (const auto& [key, max] : {std::pair<std::string, int64_t>{std::string(kGlobalFailures),
                                                                   kMaxGlobalFailures},
                                 {address_key, kMaxAddressFailures}}) {
    auto failures = state.Increment(storage::ns::kRate, key, 0, std::chrono::minutes(15));
    if (!failures) return ErrorPage(503, "Storage is unavailable; try again.");
    if (*failures >= max) {
      return ErrorPage(429, "Too many wrong pairing codes; try again in 15 minutes.");
    }
  }
  auto pairing = store_.TakePairingCode(FormValue(*form, "pairing_code"));
  if (!pairing) return ErrorPage(503, "Storage is unavailable; try again.");
  if (!*pairing) {
    (void)state.Increment(storage::ns::kRate, kGlobalFailures, 1, std::chrono::minutes(15));
    (void)state.Increment(storage::ns::kRate, address_key, 1, std::chrono::minutes(15));
    auto n = state.Increment(storage::ns::kRate, "oauth_pair:" + id, 1, options_.request_ttl);
    if (!n || *n >= options_.max_pairing_attempts) {
      (void)store_.TakeJson(oauth_ns::kRequests, id);
      return Deny(**request, "access_denied", "too many wrong pairing codes");
    }
    return ConsentPage(**request, id,
                       "Wrong or expired pairing code (attempt " + std::to_string(*n) + " of " +
                           std::to_string(options_.max_pairing_attempts) + ").");
  }
  return IssueCode(id, **pairing);
}

// IssueCode consumes the approved request and redirects with a single-use code bound to it.
Response OAuthServer::IssueCode(const std::string& id, const PairingCode& approved) const {
  auto taken = store_.TakeJson(oauth_ns::kRequests, id);
  if (!taken || !*taken) return ErrorPage(400, "This authorization request was already used.");
  Json code_record = **taken;
  code_record.erase("approval_code");
  code_record["tenant"] = approved.tenant;
  code_record["agent"] = approved.name;
  const std::string code = NewToken();
  if (Status s =
          store_.PutJson(storage::ns::kOauthCodes, HashToken(code), code_record, options_.code_ttl);
      !s.ok()) {
    return ErrorPage(503, "Storage is unavailable; try again.");
  }
  log::Info("oauth: owner approved an agent",
            {{"client_id", code_record.value("client_id", "")}, {"agent", approved.name}});
  std::string uri = WithQuery(code_record.value("redirect_uri", std::string()), {{"code", code}});
  if (const std::string s = code_record.value("state", std::string()); !s.empty()) {
    uri = WithQuery(std::move(uri), {{"state", s}});
  }
  Response r;
  r.status = 302;
  r.headers.Set("Location", WithQuery(std::move(uri), {{"iss", options_.issuer}}));
  r.headers.Set("Cache-Control", "no-store");
  return r;
}

}  // namespace signet::api
