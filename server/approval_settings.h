#pragma once

// ApprovalsSettings: what the approvals feature (server/approval_routes.h) takes from the
// configuration. The keys, with defaults:
//
//   server.public_url                 http(s)://<server.listen>   base of the callback URLs
//   notify.webhook_url                ""      where approval payloads go ("" = owner polls)
//   notify.secret_files               []      1-2 files holding "whsec_<base64>" (mode 0600);
//                                             every listed secret signs (rotation)
//   notify.allow_loopback_targets     false   SSRF guard: allow 127/8, ::1
//   notify.allow_private_targets      false   SSRF guard: allow RFC 1918, CGNAT, ULA
//   notify.allow_http                 false   allow plain-http webhook targets
//   notify.ca_file                    ""      PEM bundle for webhook TLS ("" = system store)
//   notify.max_attempts               8       then the row is dead-lettered
//   notify.initial_backoff            1s
//   notify.max_backoff                5m
//   notify.request_timeout            10s
//   notify.max_in_flight              64
//   notify.breaker_failures           5       consecutive failures that open the breaker
//   notify.breaker_open               30s     first open period (doubles per failed probe)
//   notify.idle_poll                  1s      longest sleep between outbox scans (rows written
//                                             by other replicas are picked up within it)
//   approvals.default_ttl             5m      time the owner has to answer
//   approvals.max_ttl                 24h
//   approvals.callback_tolerance      5m      accepted webhook-timestamp skew of answers
//
// Stopgap until these keys are part of server/config.h: they are read from an optional
// <data_dir>/notify.yaml with exactly these key paths (strict: unknown keys are errors).

#include <chrono>
#include <string>
#include <vector>

#include "base/result.h"
#include "notify/dispatcher.h"
#include "notify/signing.h"
#include "server/config.h"
#include "server/webhook_client.h"

namespace signet::server {

struct ApprovalsSettings {
  std::string public_url;
  std::string webhook_url;
  std::vector<std::string> secret_files;
  WebhookClientOptions client;
  notify::DispatcherOptions dispatch;
  std::chrono::seconds default_ttl{300};
  std::chrono::seconds max_ttl{86'400};
  std::chrono::seconds callback_tolerance{300};
};

// ApprovalsSettingsFor derives the settings from `config` (and the stopgap file).
Result<ApprovalsSettings> ApprovalsSettingsFor(const Config& config);

// ApplyApprovalsYaml applies YAML text with the keys above to `settings` (errors name the key).
Status ApplyApprovalsYaml(std::string_view yaml, ApprovalsSettings* settings);

// LoadWebhookSecrets reads the secret files (each a regular file, mode 0600 or stricter,
// holding one "whsec_..." secret).
Result<std::vector<notify::WebhookSecret>> LoadWebhookSecrets(
    const std::vector<std::string>& files);

}  // namespace signet::server
