#include "server/approval_settings.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace signet::server {

Result<ApprovalsSettings> ApprovalsSettingsFor(const Config& config) {
  using std::chrono::duration_cast;
  using std::chrono::seconds;
  const NotifyConfig& n = config.notify;
  ApprovalsSettings s;
  s.public_url = PublicBaseUrl(config);
  s.webhook_url = n.webhook_url;
  s.secret_files = n.secret_files;
  s.client.targets.allow_loopback = n.allow_loopback_targets;
  s.client.targets.allow_private = n.allow_private_targets;
  s.client.allow_http = n.allow_http;
  s.client.ca_file = n.ca_file;
  s.dispatch.max_attempts = static_cast<int>(n.max_attempts);
  s.dispatch.max_in_flight = n.max_in_flight;
  s.dispatch.breaker.failure_threshold = static_cast<int>(n.breaker_failures);
  s.dispatch.initial_backoff = n.initial_backoff;
  s.dispatch.max_backoff = n.max_backoff;
  s.dispatch.request_timeout = n.request_timeout;
  s.dispatch.lease = std::max(s.dispatch.lease, n.request_timeout + std::chrono::seconds(5));
  s.dispatch.breaker.open_for = n.breaker_open;
  s.dispatch.idle_poll = n.idle_poll;
  s.default_ttl = duration_cast<seconds>(config.approvals.default_ttl);
  s.max_ttl = duration_cast<seconds>(config.approvals.max_ttl);
  s.callback_tolerance = duration_cast<seconds>(config.approvals.callback_tolerance);
  return s;
}

Result<std::vector<notify::WebhookSecret>> LoadWebhookSecrets(
    const std::vector<std::string>& files) {
  if (files.size() > 2) return InvalidArgument("notify.secret_files: at most two secrets");
  std::vector<notify::WebhookSecret> out;
  for (const std::string& f : files) {
    struct stat st {};
    if (::lstat(f.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      return InvalidArgument("notify.secret_files: '" + f + "' is not a regular file");
    }
    if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid()) {
      return PermissionDenied("notify.secret_files: '" + f + "' must be mode 0600, owned by us");
    }
    std::ifstream in(f);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
      text.pop_back();
    }
    auto secret = notify::WebhookSecret::Parse(text);
    crypto::SecureWipe(text.data(), text.size());
    if (!secret) return secret.error().WithContext("notify.secret_files: '" + f + "'");
    out.push_back(std::move(*secret));
  }
  return out;
}

}  // namespace signet::server
