#pragma once

// The approvals HTTP surface (docs/approvals.md), thin handlers over notify/:
//
//   POST /callbacks/{id}   the approver's answer, signed with Standard Webhooks headers under the
//                          request's callback secret (notify::ApprovalService::HandleCallback
//                          does every check). 200 {"status": {...}}; 400 malformed; 401 bad
//                          signature or stale timestamp; 403 scope escalation or unregistered
//                          device; 404 unknown request; 409 already decided, replayed
//                          webhook-id, or past the deadline; 415 not JSON.
//   GET /approvals         the owner's pending requests with their payloads, for
//                          `signet approvals list` (owner authentication: an RFC 9421 signature
//                          by a registered device, notify/owner_auth.h).
//                          ?limit=1..100 (default 20). 200 {"approvals": [{"status", "payload"}]}.
//   GET /approvals/{id}    one request: {"status", "payload" (while pending)}.
//
// Every error is problem+json; messages never contain secrets.

#include "api/http.h"
#include "notify/approvals.h"
#include "notify/owner_auth.h"

namespace signet::api {

// AuthenticateOwner checks a device-signed owner request (notify/owner_auth.h); the reason of a
// refusal is logged, never returned.
Result<notify::OwnerIdentity> AuthenticateOwner(const Request& req,
                                                const notify::OwnerAuthenticator& owners);
// OwnerUnauthorized renders an owner-authentication failure of `req`. A 401 carries
// `WWW-Authenticate: Signature tag="signet-owner"` and an RFC 9421 §5.1 Accept-Signature naming
// the components and parameters the owner profile wants for this request.
Response OwnerUnauthorized(const Request& req, const Error& e);

// HandleApprovalCallback serves POST /callbacks/{id}.
Response HandleApprovalCallback(const Request& req, notify::ApprovalService& approvals);

// HandleListApprovals serves GET /approvals.
Response HandleListApprovals(const Request& req, notify::ApprovalService& approvals,
                             const notify::OwnerAuthenticator& owners);

// HandleGetApproval serves GET /approvals/{id}.
Response HandleGetApproval(const Request& req, notify::ApprovalService& approvals,
                           const notify::OwnerAuthenticator& owners);

}  // namespace signet::api
