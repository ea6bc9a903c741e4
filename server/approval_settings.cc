#include "server/approval_settings.h"

#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

namespace signet::server {
namespace {

using Setter = std::function<Status(const YAML::Node&, ApprovalsSettings*)>;

Result<std::string> Scalar(const YAML::Node& n) {
  if (!n.IsScalar()) return InvalidArgument("must be a scalar");
  return n.Scalar();
}

Setter String(std::string ApprovalsSettings::*field) {
  return [field](const YAML::Node& n, ApprovalsSettings* s) -> Status {
    auto v = Scalar(n);
    if (!v) return std::move(v).error();
    s->*field = *v;
    return OkStatus();
  };
}

template <typename F>
Setter Bool(F assign) {
  return [assign](const YAML::Node& n, ApprovalsSettings* s) -> Status {
    auto v = Scalar(n);
    if (!v) return std::move(v).error();
    if (*v != "true" && *v != "false") return InvalidArgument("must be true or false");
    assign(s, *v == "true");
    return OkStatus();
  };
}

template <typename F>
Setter Millis(F assign) {
  return [assign](const YAML::Node& n, ApprovalsSettings* s) -> Status {
    auto v = Scalar(n);
    if (!v) return std::move(v).error();
    auto d = ParseDuration(*v);
    if (!d) return std::move(d).error();
    if (d->count() <= 0) return InvalidArgument("must be positive");
    assign(s, *d);
    return OkStatus();
  };
}

template <typename F>
Setter Count(F assign, int64_t max) {
  return [assign, max](const YAML::Node& n, ApprovalsSettings* s) -> Status {
    auto v = Scalar(n);
    if (!v) return std::move(v).error();
    if (v->empty() || v->size() > 9 || v->find_first_not_of("0123456789") != std::string::npos) {
      return InvalidArgument("must be a positive integer");
    }
    const int64_t n64 = std::stoll(*v);
    if (n64 < 1 || n64 > max) return InvalidArgument("out of range");
    assign(s, n64);
    return OkStatus();
  };
}

std::chrono::seconds Secs(std::chrono::milliseconds ms) {
  return std::chrono::duration_cast<std::chrono::seconds>(ms);
}

const std::map<std::string, Setter>& Setters() {
  using S = ApprovalsSettings;
  using M = std::chrono::milliseconds;
  static const std::map<std::string, Setter> kSetters = {
      {"server.public_url", String(&S::public_url)},
      {"notify.webhook_url", String(&S::webhook_url)},
      {"notify.secret_files",
       [](const YAML::Node& n, S* s) -> Status {
         if (!n.IsSequence()) return InvalidArgument("must be a list of file paths");
         s->secret_files.clear();
         for (const auto& item : n) {
           if (!item.IsScalar()) return InvalidArgument("must be a list of file paths");
           s->secret_files.push_back(item.Scalar());
         }
         return OkStatus();
       }},
      {"notify.allow_loopback_targets",
       Bool([](S* s, bool b) { s->client.targets.allow_loopback = b; })},
      {"notify.allow_private_targets",
       Bool([](S* s, bool b) { s->client.targets.allow_private = b; })},
      {"notify.allow_http", Bool([](S* s, bool b) { s->client.allow_http = b; })},
      {"notify.ca_file",
       [](const YAML::Node& n, S* s) -> Status {
         auto v = Scalar(n);
         if (!v) return std::move(v).error();
         s->client.ca_file = *v;
         return OkStatus();
       }},
      {"notify.max_attempts",
       Count([](S* s, int64_t v) { s->dispatch.max_attempts = static_cast<int>(v); }, 100)},
      {"notify.max_in_flight",
       Count([](S* s, int64_t v) { s->dispatch.max_in_flight = static_cast<size_t>(v); }, 10'000)},
      {"notify.breaker_failures",
       Count([](S* s, int64_t v) { s->dispatch.breaker.failure_threshold = static_cast<int>(v); },
             1000)},
      {"notify.initial_backoff", Millis([](S* s, M d) { s->dispatch.initial_backoff = d; })},
      {"notify.max_backoff", Millis([](S* s, M d) { s->dispatch.max_backoff = d; })},
      {"notify.request_timeout", Millis([](S* s, M d) {
         s->dispatch.request_timeout = d;
         s->dispatch.lease = std::max(s->dispatch.lease, d + M(5'000));
       })},
      {"notify.breaker_open", Millis([](S* s, M d) { s->dispatch.breaker.open_for = d; })},
      {"notify.idle_poll", Millis([](S* s, M d) { s->dispatch.idle_poll = d; })},
      {"approvals.default_ttl", Millis([](S* s, M d) { s->default_ttl = Secs(d); })},
      {"approvals.max_ttl", Millis([](S* s, M d) { s->max_ttl = Secs(d); })},
      {"approvals.callback_tolerance", Millis([](S* s, M d) { s->callback_tolerance = Secs(d); })},
  };
  return kSetters;
}

Status Walk(const YAML::Node& map, const std::string& prefix, ApprovalsSettings* s) {
  if (!map.IsMap())
    return InvalidArgument((prefix.empty() ? "notify.yaml" : prefix) + ": must be a map");
  for (const auto& kv : map) {
    const std::string key = prefix + kv.first.as<std::string>();
    if (kv.second.IsMap()) {
      if (Status st = Walk(kv.second, key + ".", s); !st.ok()) return st;
      continue;
    }
    auto it = Setters().find(key);
    if (it == Setters().end()) return InvalidArgument("unknown key '" + key + "'");
    if (Status st = it->second(kv.second, s); !st.ok()) return st.error().WithContext(key);
  }
  return OkStatus();
}

}  // namespace

Status ApplyApprovalsYaml(std::string_view yaml, ApprovalsSettings* settings) {
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (root.IsNull()) return OkStatus();
    return Walk(root, "", settings);
  } catch (const YAML::Exception& e) {
    return InvalidArgument(std::string("notify.yaml: ") + e.what());
  }
}

Result<ApprovalsSettings> ApprovalsSettingsFor(const Config& config) {
  ApprovalsSettings s;
  s.public_url = std::string(config.server.tls.enabled() ? "https://" : "http://") +
                 config.server.listen.ToString();
  const std::string path = config.data_dir + "/notify.yaml";
  std::ifstream in(path);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    if (Status st = ApplyApprovalsYaml(text.str(), &s); !st.ok()) return std::move(st).error();
  }
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
