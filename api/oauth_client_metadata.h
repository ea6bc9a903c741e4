#pragma once

// Client metadata shared by dynamic registration (RFC 7591) and client ID metadata documents
// (MCP 2025-11-25 "Authorization", draft-ietf-oauth-client-id-metadata-document): a client whose
// client_id is an https URL publishes its metadata there, and the authorization server fetches
// it at /authorize instead of requiring registration.
//
// Fetching follows the MCP profile: https only, GET without redirects (any status but 200 is a
// refusal), a 5 s timeout, at most 64 KiB, through a notify::HttpSender whose SSRF guard refuses
// private and loopback addresses (server/webhook_client.h). The document must be a JSON object
// whose client_id equals the URL exactly, with valid redirect_uris; only public clients
// (token_endpoint_auth_method "none" or absent).
//
// Thread-safe (the sender is).

#include <string>
#include <string_view>
#include <vector>

#include "api/oauth_store.h"
#include "base/result.h"
#include "credentials/json.h"
#include "notify/http_sender.h"

namespace signet::api {

// ParseRedirectUris reads "redirect_uris": 1..10 URIs that pass ValidateRedirectUri.
Result<std::vector<std::string>> ParseRedirectUris(const credentials::Json& meta);

// CheckClientMetadata refuses what a public client cannot ask for (another auth method, grant
// or response type; a client_name that is not a string of at most 200 bytes of UTF-8).
Status CheckClientMetadata(const credentials::Json& meta);

// IsClientIdUrl reports whether `client_id` names a metadata document (starts with "https://").
bool IsClientIdUrl(std::string_view client_id);

// ValidateClientIdUrl checks a metadata-document client_id: https, a host, a path other than
// "/", no fragment, userinfo, "." or ".." segments, at most 512 printable ASCII characters.
Status ValidateClientIdUrl(std::string_view url);

// ClientIdDomain returns the DNS name of a metadata-document client_id, normalised like policy
// domains (policy/domain.h: lower case, no trailing dot): the host that published the document
// Signet fetched over TLS, which is what the client's identity rests on. Empty for any other
// client_id (a registered client's random id), an IP-literal host or a name policy/domain.h
// refuses. The MCP tools pass it to the policy engine as the agent's domain.
std::string ClientIdDomain(std::string_view client_id);

// FetchClientMetadata fetches and validates the document at `client_id`. InvalidArgument names
// what is wrong (shown to the owner on the error page, never redirected); kUnavailable when the
// fetch failed.
Result<OAuthClient> FetchClientMetadata(notify::HttpSender& sender, std::string_view client_id,
                                        int64_t now);

}  // namespace signet::api
