#pragma once

// `signet approvals list|show|approve|deny|modify`: the owner's approver (docs/approvals.md).
//
//   signet approvals list [--server URL] [--json]
//   signet approvals show ID [--server URL] [--json]
//   signet approvals approve ID [--note N] [--remember]
//   signet approvals deny ID [--note N] [--remember]
//   signet approvals modify ID --scope label#index[,label#index...] [--note N]
//   (answers take the request from the server, or from a webhook payload with
//    --payload-file FILE|- ; --ca-file for a server with a private CA)
//
// The server is polled with RFC 9421 device-signed requests (cli/owner_client.h,
// notify/owner_auth.h) using this holder device's key, so every command needs the root:
// SIGNET_SESSION, --passphrase-file or a prompt.
// Approving Tier-3 data releases the record keys from this device (compartment root -> record
// key, sealed to the request's ephemeral key) and signs the answer with the device key. Answers
// are only ever sent to the configured server's origin, whatever a payload says.

#include <string>
#include <vector>

#include "base/result.h"
#include "notify/payload.h"

namespace signet::cli {

// RunApprovalsCommand runs `signet approvals ARGS...` and returns the exit code.
int RunApprovalsCommand(const std::vector<std::string>& args);

// ParseScopeList splits "a#0,b#1" into items (each "label#index"); InvalidArgument if empty or
// malformed.
Result<std::vector<std::string>> ParseScopeList(std::string_view text);

// SameOrigin reports whether two absolute URLs have the same scheme, host and port.
bool SameOrigin(std::string_view a, std::string_view b);

// DescribePayload renders a request for people: who asks, what, why it is unusual, the options
// and the deadline (relative to `now`).
std::string DescribePayload(const notify::ApprovalPayload& payload, int64_t now);

}  // namespace signet::cli
