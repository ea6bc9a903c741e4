#pragma once

// ApprovalsSettings: what the approvals feature (server/approval_routes.h) takes from the
// configuration (server/config.h: server.public_url, notify.*, approvals.*; defaults and meaning
// in docs/configuration.md and docs/approvals.md).

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

// ApprovalsSettingsFor derives the settings from `config` (validated by Config::Validate).
Result<ApprovalsSettings> ApprovalsSettingsFor(const Config& config);

// LoadWebhookSecrets reads the secret files (each a regular file, mode 0600 or stricter,
// holding one "whsec_..." secret).
Result<std::vector<notify::WebhookSecret>> LoadWebhookSecrets(
    const std::vector<std::string>& files);

}  // namespace signet::server
