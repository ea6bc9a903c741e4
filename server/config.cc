#include "server/config.h"

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

namespace signet::server {
namespace {

using Setter = std::function<Status(Config*, std::string_view)>;
using ListSetter = std::function<Status(Config*, const std::vector<std::string>&)>;

// FieldSpec describes one configuration key: a scalar or a list of scalars.
struct FieldSpec {
  std::string_view path;
  Setter set;           // scalar keys
  ListSetter set_list;  // list keys
  std::function<std::string(const Config&)> show;
  bool env_only = false;  // a secret value: only from the environment, never YAML, never shown
};

template <typename T>
Result<T> ParseUnsigned(std::string_view s, T max) {
  T v{};
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v > max) {
    return InvalidArgument("expected an integer from 0 to " + std::to_string(max) + ", got '" +
                           std::string(s) + "'");
  }
  return v;
}

Result<bool> ParseBool(std::string_view s) {
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  return InvalidArgument("expected true or false, got '" + std::string(s) + "'");
}

std::string ShowDuration(std::chrono::milliseconds d) {
  const auto ms = d.count();
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::string ShowSize(size_t n) {
  constexpr size_t kMiB = size_t{1} << 20;
  if (n != 0 && n % kMiB == 0) return std::to_string(n / kMiB) + "MiB";
  if (n != 0 && n % 1024 == 0) return std::to_string(n / 1024) + "KiB";
  return std::to_string(n);
}

// Member-pointer helpers that build FieldSpecs for the common value kinds.
template <typename Get>
FieldSpec SizeField(std::string_view path, Get get) {
  return {path,
          [get](Config* c, std::string_view v) -> Status {
            auto n = ParseSize(v);
            if (!n) return std::move(n).error();
            get(*c) = *n;
            return OkStatus();
          },
          nullptr, [get](const Config& c) { return ShowSize(get(c)); }};
}

// CountField is a SizeField shown as a plain number (it counts things, not bytes).
template <typename Get>
FieldSpec CountField(std::string_view path, Get get) {
  FieldSpec f = SizeField(path, get);
  f.show = [get](const Config& c) { return std::to_string(get(c)); };
  return f;
}

template <typename Get>
FieldSpec DurationField(std::string_view path, Get get) {
  return {path,
          [get](Config* c, std::string_view v) -> Status {
            auto d = ParseDuration(v);
            if (!d) return std::move(d).error();
            get(*c) = *d;
            return OkStatus();
          },
          nullptr, [get](const Config& c) { return ShowDuration(get(c)); }};
}

template <typename Get>
FieldSpec SecretEnvField(std::string_view path, Get get) {
  return {path,
          [get](Config* c, std::string_view v) -> Status {
            get(*c) = std::string(v);
            return OkStatus();
          },
          nullptr,
          [get](const Config& c) { return std::string(get(c).empty() ? "(unset)" : "(set)"); },
          true};
}

template <typename Get>
FieldSpec BoolField(std::string_view path, Get get) {
  return {path,
          [get](Config* c, std::string_view v) -> Status {
            auto b = ParseBool(v);
            if (!b) return std::move(b).error();
            get(*c) = *b;
            return OkStatus();
          },
          nullptr, [get](const Config& c) { return std::string(get(c) ? "true" : "false"); }};
}

template <typename Get>
FieldSpec UnsignedField(std::string_view path, Get get, unsigned max) {
  return {path,
          [get, max](Config* c, std::string_view v) -> Status {
            auto n = ParseUnsigned<unsigned>(v, max);
            if (!n) return std::move(n).error();
            get(*c) = *n;
            return OkStatus();
          },
          nullptr, [get](const Config& c) { return std::to_string(get(c)); }};
}

template <typename Get>
FieldSpec StringListField(std::string_view path, Get get) {
  return {path, nullptr,
          [get](Config* c, const std::vector<std::string>& items) -> Status {
            get(*c) = items;
            return OkStatus();
          },
          [get](const Config& c) {
            std::string s = "[";
            for (const auto& item : get(c)) s += (s.size() > 1 ? ", " : "") + item;
            return s + "]";
          }};
}

template <typename Get>
FieldSpec StringField(std::string_view path, Get get) {
  return {path,
          [get](Config* c, std::string_view v) -> Status {
            get(*c) = std::string(v);
            return OkStatus();
          },
          nullptr, [get](const Config& c) { return get(c); }};
}

std::string_view LevelName(log::Level l) {
  switch (l) {
    case log::Level::kDebug:
      return "debug";
    case log::Level::kWarn:
      return "warn";
    case log::Level::kError:
      return "error";
    default:
      return "info";
  }
}

const std::vector<FieldSpec>& Fields() {
  static const std::vector<FieldSpec> kFields = {
      StringField(
          "data_dir", [](auto& c) -> auto& { return c.data_dir; }),
      StringField(
          "kek_file", [](auto& c) -> auto& { return c.kek_file; }),
      {"server.listen",
       [](Config* c, std::string_view v) -> Status {
         auto e = Endpoint::Parse(v);
         if (!e) return std::move(e).error();
         c->server.listen = *e;
         return OkStatus();
       },
       nullptr, [](const Config& c) { return c.server.listen.ToString(); }},
      UnsignedField(
          "server.io_threads", [](auto& c) -> auto& { return c.server.io_threads; }, 256),
      UnsignedField(
          "server.worker_threads", [](auto& c) -> auto& { return c.server.worker_threads; }, 1024),
      CountField(
          "server.worker_queue", [](auto& c) -> auto& { return c.server.worker_queue; }),
      UnsignedField(
          "server.compute_threads", [](auto& c) -> auto& { return c.server.compute_threads; }, 1024),
      CountField(
          "server.max_connections",
          [](auto& c) -> auto& { return c.server.limits.max_connections; }),
      {"server.trusted_proxies", nullptr,
       [](Config* c, const std::vector<std::string>& items) -> Status {
         std::vector<Cidr> out;
         for (const auto& item : items) {
           auto cidr = Cidr::Parse(item);
           if (!cidr) return std::move(cidr).error();
           out.push_back(*cidr);
         }
         c->server.trusted_proxies = std::move(out);
         return OkStatus();
       },
       [](const Config& c) {
         std::string s = "[";
         for (const auto& p : c.server.trusted_proxies) {
           if (s.size() > 1) s += ", ";
           s += p.base.ToString() + "/" + std::to_string(p.prefix);
         }
         return s + "]";
       }},
      SizeField(
          "server.limits.header_bytes",
          [](auto& c) -> auto& { return c.server.limits.header_bytes; }),
      SizeField(
          "server.limits.body_bytes", [](auto& c) -> auto& { return c.server.limits.body_bytes; }),
      DurationField(
          "server.timeouts.header", [](auto& c) -> auto& { return c.server.timeouts.header; }),
      DurationField(
          "server.timeouts.body", [](auto& c) -> auto& { return c.server.timeouts.body; }),
      DurationField(
          "server.timeouts.write", [](auto& c) -> auto& { return c.server.timeouts.write; }),
      DurationField(
          "server.timeouts.idle", [](auto& c) -> auto& { return c.server.timeouts.idle; }),
      DurationField(
          "server.timeouts.shutdown_grace",
          [](auto& c) -> auto& { return c.server.timeouts.shutdown_grace; }),
      StringField(
          "server.tls.cert_file", [](auto& c) -> auto& { return c.server.tls.cert_file; }),
      StringField(
          "server.tls.key_file", [](auto& c) -> auto& { return c.server.tls.key_file; }),
      StringField(
          "holder.dir", [](auto& c) -> auto& { return c.holder.dir; }),
      StringField(
          "credentials.trusted_issuers",
          [](auto& c) -> auto& { return c.credentials.trusted_issuers; }),
      StringField(
          "server.public_url", [](auto& c) -> auto& { return c.server.public_url; }),
      StringField(
          "notify.webhook_url", [](auto& c) -> auto& { return c.notify.webhook_url; }),
      StringListField(
          "notify.secret_files", [](auto& c) -> auto& { return c.notify.secret_files; }),
      BoolField(
          "notify.allow_loopback_targets",
          [](auto& c) -> auto& { return c.notify.allow_loopback_targets; }),
      BoolField(
          "notify.allow_private_targets",
          [](auto& c) -> auto& { return c.notify.allow_private_targets; }),
      BoolField(
          "notify.allow_http", [](auto& c) -> auto& { return c.notify.allow_http; }),
      StringField(
          "notify.ca_file", [](auto& c) -> auto& { return c.notify.ca_file; }),
      UnsignedField(
          "notify.max_attempts", [](auto& c) -> auto& { return c.notify.max_attempts; }, 100),
      DurationField(
          "notify.initial_backoff", [](auto& c) -> auto& { return c.notify.initial_backoff; }),
      DurationField(
          "notify.max_backoff", [](auto& c) -> auto& { return c.notify.max_backoff; }),
      DurationField(
          "notify.request_timeout", [](auto& c) -> auto& { return c.notify.request_timeout; }),
      UnsignedField(
          "notify.max_in_flight", [](auto& c) -> auto& { return c.notify.max_in_flight; }, 10'000),
      UnsignedField(
          "notify.breaker_failures", [](auto& c) -> auto& { return c.notify.breaker_failures; },
          1000),
      DurationField(
          "notify.breaker_open", [](auto& c) -> auto& { return c.notify.breaker_open; }),
      DurationField(
          "notify.idle_poll", [](auto& c) -> auto& { return c.notify.idle_poll; }),
      DurationField(
          "approvals.default_ttl", [](auto& c) -> auto& { return c.approvals.default_ttl; }),
      DurationField(
          "approvals.max_ttl", [](auto& c) -> auto& { return c.approvals.max_ttl; }),
      DurationField(
          "approvals.callback_tolerance",
          [](auto& c) -> auto& { return c.approvals.callback_tolerance; }),
      UnsignedField(
          "limits.ip_requests_per_minute",
          [](auto& c) -> auto& { return c.limits.ip_requests_per_minute; }, 10'000'000),
      UnsignedField(
          "limits.tenant_requests_per_minute",
          [](auto& c) -> auto& { return c.limits.tenant_requests_per_minute; }, 10'000'000),
      UnsignedField(
          "limits.tenant_sessions", [](auto& c) -> auto& { return c.limits.tenant_sessions; }, 900),
      UnsignedField(
          "limits.tenant_records", [](auto& c) -> auto& { return c.limits.tenant_records; },
          40'000),
      SizeField(
          "limits.tenant_bytes", [](auto& c) -> auto& { return c.limits.tenant_bytes; }),
      UnsignedField(
          "holder.kdf_ops", [](auto& c) -> auto& { return c.holder.kdf_ops; }, 16),
      SizeField(
          "holder.kdf_memory", [](auto& c) -> auto& { return c.holder.kdf_memory; }),
      {"storage.kind",
       [](Config* c, std::string_view v) -> Status {
         if (v != "embedded" && v != "hosted") {
           return InvalidArgument("expected embedded or hosted, got '" + std::string(v) + "'");
         }
         c->storage.kind = std::string(v);
         return OkStatus();
       },
       nullptr, [](const Config& c) { return c.storage.kind; }},
      BoolField(
          "storage.auto_migrate", [](auto& c) -> auto& { return c.storage.auto_migrate; }),
      SizeField(
          "storage.inline_max", [](auto& c) -> auto& { return c.storage.inline_max; }),
      SizeField(
          "storage.max_record_size", [](auto& c) -> auto& { return c.storage.max_record_size; }),
      StringField(
          "storage.postgres.dsn_file",
          [](auto& c) -> auto& { return c.storage.postgres.dsn_file; }),
      SecretEnvField(
          "storage.postgres.dsn", [](auto& c) -> auto& { return c.storage.postgres.dsn; }),
      UnsignedField(
          "storage.postgres.pool_size",
          [](auto& c) -> auto& { return c.storage.postgres.pool_size; }, 256),
      DurationField(
          "storage.postgres.connect_timeout",
          [](auto& c) -> auto& { return c.storage.postgres.connect_timeout; }),
      DurationField(
          "storage.postgres.statement_timeout",
          [](auto& c) -> auto& { return c.storage.postgres.statement_timeout; }),
      StringField(
          "storage.s3.endpoint", [](auto& c) -> auto& { return c.storage.s3.endpoint; }),
      StringField(
          "storage.s3.region", [](auto& c) -> auto& { return c.storage.s3.region; }),
      StringField(
          "storage.s3.bucket", [](auto& c) -> auto& { return c.storage.s3.bucket; }),
      StringField(
          "storage.s3.prefix", [](auto& c) -> auto& { return c.storage.s3.prefix; }),
      StringField(
          "storage.s3.access_key_id", [](auto& c) -> auto& { return c.storage.s3.access_key_id; }),
      StringField(
          "storage.s3.secret_key_file",
          [](auto& c) -> auto& { return c.storage.s3.secret_key_file; }),
      SecretEnvField(
          "storage.s3.secret_key", [](auto& c) -> auto& { return c.storage.s3.secret_key; }),
      BoolField(
          "storage.s3.path_style", [](auto& c) -> auto& { return c.storage.s3.path_style; }),
      BoolField(
          "storage.s3.allow_http", [](auto& c) -> auto& { return c.storage.s3.allow_http; }),
      StringField(
          "storage.s3.ca_file", [](auto& c) -> auto& { return c.storage.s3.ca_file; }),
      DurationField(
          "storage.s3.request_timeout",
          [](auto& c) -> auto& { return c.storage.s3.request_timeout; }),
      {"log.level",
       [](Config* c, std::string_view v) -> Status {
         if (!log::ParseLevel(v, &c->log.level)) {
           return InvalidArgument("expected debug, info, warn or error, got '" + std::string(v) +
                                  "'");
         }
         return OkStatus();
       },
       nullptr, [](const Config& c) { return std::string(LevelName(c.log.level)); }},
      {"mcp.auth",
       [](Config* c, std::string_view v) -> Status {
         if (v != "oauth" && v != "none") {
           return InvalidArgument("expected oauth or none, got '" + std::string(v) + "'");
         }
         c->mcp.auth = std::string(v);
         return OkStatus();
       },
       nullptr, [](const Config& c) { return c.mcp.auth; }},
      {"tenants.signup",
       [](Config* c, std::string_view v) -> Status {
         if (v != "closed" && v != "invite" && v != "open") {
           return InvalidArgument("expected closed, invite or open, got '" + std::string(v) + "'");
         }
         c->tenants.signup = std::string(v);
         return OkStatus();
       },
       nullptr, [](const Config& c) { return c.tenants.signup; }},
      StringListField(
          "mcp.allowed_hosts", [](auto& c) -> auto& { return c.mcp.allowed_hosts; }),
      StringListField(
          "mcp.allowed_origins", [](auto& c) -> auto& { return c.mcp.allowed_origins; }),
      DurationField(
          "mcp.session_ttl", [](auto& c) -> auto& { return c.mcp.session_ttl; }),
      StringField(
          "mcp.policy_file", [](auto& c) -> auto& { return c.mcp.policy_file; }),
      DurationField(
          "mcp.oauth.access_token_ttl",
          [](auto& c) -> auto& { return c.mcp.oauth.access_token_ttl; }),
      DurationField(
          "mcp.oauth.refresh_token_ttl",
          [](auto& c) -> auto& { return c.mcp.oauth.refresh_token_ttl; }),
      BoolField(
          "mcp.oauth.client_metadata_documents",
          [](auto& c) -> auto& { return c.mcp.oauth.client_metadata_documents; }),
      BoolField(
          "mcp.oauth.client_metadata_allow_loopback",
          [](auto& c) -> auto& { return c.mcp.oauth.client_metadata_allow_loopback; }),
      StringField(
          "mcp.oauth.client_metadata_ca_file",
          [](auto& c) -> auto& { return c.mcp.oauth.client_metadata_ca_file; }),
      {"log.access",
       [](Config* c, std::string_view v) -> Status {
         auto b = ParseBool(v);
         if (!b) return std::move(b).error();
         c->log.access = *b;
         return OkStatus();
       },
       nullptr, [](const Config& c) { return std::string(c.log.access ? "true" : "false"); }},
  };
  return kFields;
}

const FieldSpec* FindField(std::string_view path) {
  for (const auto& f : Fields()) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

bool IsSection(std::string_view path) {
  const std::string prefix = std::string(path) + ".";
  return std::any_of(Fields().begin(), Fields().end(),
                     [&prefix](const FieldSpec& f) { return f.path.starts_with(prefix); });
}

std::string Where(std::string_view source, const YAML::Node& n) {
  const YAML::Mark m = n.Mark();
  if (m.line < 0) return std::string(source);
  return std::string(source) + ":" + std::to_string(m.line + 1) + ":" +
         std::to_string(m.column + 1);
}

Status SetFromYaml(const FieldSpec& f, const YAML::Node& node, Config* config) {
  if (f.set_list) {
    std::vector<std::string> items;
    if (node.IsSequence()) {
      for (const auto& item : node) {
        if (!item.IsScalar()) return InvalidArgument("expected a list of values");
        items.push_back(item.Scalar());
      }
    } else if (!node.IsNull()) {
      return InvalidArgument("expected a list");
    }
    return f.set_list(config, items);
  }
  if (node.IsNull()) return f.set(config, "");
  if (!node.IsScalar()) return InvalidArgument("expected a single value");
  return f.set(config, node.Scalar());
}

Status Walk(const YAML::Node& map, const std::string& prefix, std::string_view source,
            std::set<std::string>* seen, Config* config) {
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) return InvalidArgument(Where(source, kv.first) + ": invalid key");
    const std::string path = prefix.empty() ? kv.first.Scalar() : prefix + "." + kv.first.Scalar();
    if (!seen->insert(path).second) {
      return InvalidArgument(Where(source, kv.first) + ": duplicate key " + path);
    }
    if (const FieldSpec* f = FindField(path)) {
      if (f->env_only) {
        return InvalidArgument(Where(source, kv.first) + ": " + path +
                               " is a secret and cannot be set in YAML; use " + path +
                               "_file or the environment variable " + ConfigLoader::EnvName(path));
      }
      Status s = SetFromYaml(*f, kv.second, config);
      if (!s.ok()) return s.error().WithContext(Where(source, kv.second) + ": " + path);
      continue;
    }
    if (!IsSection(path)) return InvalidArgument(Where(source, kv.first) + ": unknown key " + path);
    if (kv.second.IsNull()) continue;
    if (!kv.second.IsMap()) {
      return InvalidArgument(Where(source, kv.second) + ": " + path + " must be a mapping");
    }
    Status s = Walk(kv.second, path, source, seen, config);
    if (!s.ok()) return s;
  }
  return OkStatus();
}

Status CheckReadable(std::string_view key, const std::string& path) {
  if (path.empty()) return OkStatus();
  if (::access(path.c_str(), R_OK) != 0) {
    return InvalidArgument(std::string(key) + ": cannot read file '" + path + "'");
  }
  return OkStatus();
}

// ValidateNotify checks the notify and approvals sections.
Status ValidateNotify(const Config& c) {
  const NotifyConfig& n = c.notify;
  if (n.max_attempts < 1) return InvalidArgument("notify.max_attempts must be at least 1");
  if (n.max_in_flight < 1) return InvalidArgument("notify.max_in_flight must be at least 1");
  if (n.breaker_failures < 1) return InvalidArgument("notify.breaker_failures must be at least 1");
  if (n.secret_files.size() > 2) return InvalidArgument("notify.secret_files: at most two files");
  if (n.initial_backoff.count() <= 0 || n.max_backoff < n.initial_backoff) {
    return InvalidArgument("notify.initial_backoff must be positive and at most max_backoff");
  }
  for (auto d : {n.request_timeout, n.breaker_open, n.idle_poll}) {
    if (d.count() <= 0) {
      return InvalidArgument(
          "notify timeouts (request_timeout, breaker_open, idle_poll) must be "
          "positive");
    }
  }
  const ApprovalsConfig& a = c.approvals;
  if (a.default_ttl < std::chrono::seconds(1) || a.max_ttl < a.default_ttl) {
    return InvalidArgument("approvals.default_ttl must be at least 1s and at most max_ttl");
  }
  if (a.callback_tolerance < std::chrono::seconds(1)) {
    return InvalidArgument("approvals.callback_tolerance must be at least 1s");
  }
  for (const std::string& f : n.secret_files) {
    if (Status st = CheckReadable("notify.secret_files", f); !st.ok()) return st;
  }
  return CheckReadable("notify.ca_file", n.ca_file);
}

// ValidateMcp checks the mcp section.
Status ValidateMcp(const Config& c) {
  if (c.mcp.auth == "none" && !IsLoopbackHost(c.server.listen.host)) {
    return InvalidArgument(
        "mcp.auth: none is allowed only when server.listen is a loopback "
        "address");
  }
  if (c.mcp.session_ttl < std::chrono::minutes(1) || c.mcp.session_ttl > std::chrono::hours(720)) {
    return InvalidArgument("mcp.session_ttl must be between 1m and 720h");
  }
  if (c.mcp.allowed_hosts.empty()) return InvalidArgument("mcp.allowed_hosts must not be empty");
  if (c.mcp.oauth.access_token_ttl < std::chrono::seconds(30) ||
      c.mcp.oauth.access_token_ttl > std::chrono::hours(24)) {
    return InvalidArgument("mcp.oauth.access_token_ttl must be between 30s and 24h");
  }
  if (c.mcp.oauth.refresh_token_ttl < c.mcp.oauth.access_token_ttl ||
      c.mcp.oauth.refresh_token_ttl > std::chrono::hours(24 * 365)) {
    return InvalidArgument(
        "mcp.oauth.refresh_token_ttl must be between mcp.oauth.access_token_ttl and 8760h");
  }
  return CheckReadable("mcp.policy_file", c.mcp.policy_file);
}

Status ValidateStorage(const StorageConfig& st) {
  if (st.inline_max == 0 || st.inline_max > st.max_record_size) {
    return InvalidArgument("storage.inline_max must be between 1 and storage.max_record_size");
  }
  if (st.kind != "hosted") return OkStatus();
  const auto& pg = st.postgres;
  if (pg.dsn.empty() == pg.dsn_file.empty()) {
    return InvalidArgument(
        "hosted storage needs exactly one of storage.postgres.dsn_file or "
        "SIGNET_STORAGE__POSTGRES__DSN");
  }
  if (Status s = CheckReadable("storage.postgres.dsn_file", pg.dsn_file); !s.ok()) return s;
  const auto& s3 = st.s3;
  if (s3.endpoint.empty() || s3.bucket.empty() || s3.access_key_id.empty()) {
    return InvalidArgument(
        "hosted storage needs storage.s3.endpoint, storage.s3.bucket and storage.s3.access_key_id");
  }
  if (s3.secret_key.empty() == s3.secret_key_file.empty()) {
    return InvalidArgument(
        "hosted storage needs exactly one of storage.s3.secret_key_file or "
        "SIGNET_STORAGE__S3__SECRET_KEY");
  }
  if (!s3.endpoint.starts_with("https://") &&
      !(s3.endpoint.starts_with("http://") && s3.allow_http)) {
    return InvalidArgument(
        "storage.s3.endpoint must be https:// (http:// only with storage.s3.allow_http)");
  }
  if (Status s = CheckReadable("storage.s3.secret_key_file", s3.secret_key_file); !s.ok()) return s;
  return CheckReadable("storage.s3.ca_file", s3.ca_file);
}

}  // namespace

std::string PublicBaseUrl(const Config& config) {
  std::string base = config.server.public_url;
  if (base.empty()) {
    base = std::string(config.server.tls.enabled() ? "https://" : "http://") +
           config.server.listen.ToString();
  }
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

bool IsLoopbackHost(std::string_view host) {
  if (host == "localhost") return true;
  auto ip = IpAddress::Parse(host);
  if (!ip) return false;
  static const Cidr kV4 = *Cidr::Parse("127.0.0.0/8");
  static const Cidr kV6 = *Cidr::Parse("::1/128");
  return kV4.Contains(*ip) || kV6.Contains(*ip);
}

std::string HolderDir(const Config& config) {
  return config.holder.dir.empty() ? config.data_dir + "/holder" : config.holder.dir;
}

std::string KekPath(const Config& config) {
  return config.kek_file.empty() ? config.data_dir + "/kek" : config.kek_file;
}

Result<Endpoint> Endpoint::Parse(std::string_view s) {
  const size_t colon = s.rfind(':');
  if (colon == std::string_view::npos) {
    return InvalidArgument("expected HOST:PORT, got '" + std::string(s) + "'");
  }
  std::string_view host = s.substr(0, colon);
  auto port = ParseUnsigned<unsigned>(s.substr(colon + 1), 65535);
  if (!port) return InvalidArgument("invalid port in '" + std::string(s) + "'");
  Endpoint e;
  e.port = static_cast<uint16_t>(*port);
  if (host == "localhost") {
    e.host = "127.0.0.1";
    return e;
  }
  auto ip = IpAddress::Parse(host);
  if (!ip)
    return InvalidArgument("host must be an IP address or localhost, got '" + std::string(host) +
                           "'");
  e.host = ip->ToString();
  return e;
}

std::string Endpoint::ToString() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

Result<std::chrono::milliseconds> ParseDuration(std::string_view s) {
  static constexpr std::pair<std::string_view, int64_t> kUnits[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}};
  for (const auto& [suffix, mult] : kUnits) {
    if (s.size() > suffix.size() && s.ends_with(suffix)) {
      std::string_view num = s.substr(0, s.size() - suffix.size());
      if (suffix == "s" && num.ends_with("m")) continue;  // "ms" handled above
      auto n = ParseUnsigned<uint64_t>(num, 10'000'000);
      if (!n) break;
      return std::chrono::milliseconds(static_cast<int64_t>(*n) * mult);
    }
  }
  return InvalidArgument("expected a duration like 250ms, 10s, 5m or 1h, got '" + std::string(s) +
                         "'");
}

Result<size_t> ParseSize(std::string_view s) {
  static constexpr std::pair<std::string_view, size_t> kUnits[] = {
      {"KiB", size_t{1} << 10}, {"MiB", size_t{1} << 20}, {"GiB", size_t{1} << 30}};
  size_t mult = 1;
  for (const auto& [suffix, m] : kUnits) {
    if (s.ends_with(suffix)) {
      s.remove_suffix(suffix.size());
      mult = m;
      break;
    }
  }
  auto n = ParseUnsigned<uint64_t>(s, (uint64_t{1} << 40) / mult);
  if (!n) {
    return InvalidArgument("expected a size like 512, 16KiB or 1MiB, got '" + std::string(s) + "'");
  }
  return static_cast<size_t>(*n * mult);
}

Status ConfigLoader::LoadYamlString(std::string_view yaml, std::string_view source,
                                    Config* config) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(std::string(source) + ":" + std::to_string(e.mark.line + 1) +
                           ": invalid YAML: " + e.msg);
  }
  if (root.IsNull()) return OkStatus();  // an empty file changes nothing
  if (!root.IsMap()) return InvalidArgument(std::string(source) + ": top level must be a mapping");
  std::set<std::string> seen;
  try {
    return Walk(root, "", source, &seen, config);
  } catch (const YAML::Exception& e) {
    return InvalidArgument(std::string(source) + ": invalid YAML: " + e.msg);
  }
}

Status ConfigLoader::LoadYamlFile(const std::string& path, Config* config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("cannot read config file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  constexpr size_t kMaxConfigBytes = 1 << 20;
  if (ss.str().size() > kMaxConfigBytes)
    return TooLarge("config file '" + path + "' exceeds 1 MiB");
  return LoadYamlString(ss.str(), path, config);
}

std::string ConfigLoader::EnvName(std::string_view path) {
  std::string name = "SIGNET_";
  for (char c : path) {
    if (c == '.') {
      name += "__";
    } else {
      name += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
  }
  return name;
}

Status ConfigLoader::ApplyEnvironment(const std::map<std::string, std::string>& env,
                                      Config* config) {
  // Variables that belong to the command line tool, not to the configuration.
  static const std::set<std::string, std::less<>> kNotConfig = {"SIGNET_CONFIG", "SIGNET_SESSION"};
  for (const auto& [name, value] : env) {
    if (!name.starts_with("SIGNET_") || kNotConfig.contains(name)) continue;
    const FieldSpec* field = nullptr;
    for (const auto& f : Fields()) {
      if (EnvName(f.path) == name) field = &f;
    }
    if (field == nullptr) return InvalidArgument("unknown environment variable " + name);
    Status s;
    if (field->set_list) {
      std::vector<std::string> items;
      std::string_view rest = value;
      while (!rest.empty()) {
        const size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) items.emplace_back(item);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      }
      s = field->set_list(config, items);
    } else {
      s = field->set(config, value);
    }
    if (!s.ok()) return s.error().WithContext(name);
  }
  return OkStatus();
}

Status ConfigLoader::Set(std::string_view path, std::string_view value, Config* config) {
  const FieldSpec* f = FindField(path);
  if (f == nullptr || f->env_only) return InvalidArgument("unknown key " + std::string(path));
  Status s = f->set ? f->set(config, value) : f->set_list(config, {std::string(value)});
  if (!s.ok()) return s.error().WithContext(path);
  return OkStatus();
}

Status ConfigLoader::Validate(const Config& c) {
  const auto& s = c.server;
  if (c.data_dir.empty()) return InvalidArgument("data_dir must not be empty");
  if (s.limits.header_bytes < 1024 || s.limits.header_bytes > (1 << 20)) {
    return InvalidArgument("server.limits.header_bytes must be between 1KiB and 1MiB");
  }
  if (s.limits.body_bytes > (size_t{1} << 30)) {
    return InvalidArgument("server.limits.body_bytes must be at most 1GiB");
  }
  if (s.limits.max_connections == 0) {
    return InvalidArgument("server.max_connections must be at least 1");
  }
  if (s.worker_queue == 0) return InvalidArgument("server.worker_queue must be at least 1");
  for (auto [name, d] : {std::pair{"header", s.timeouts.header},
                         {"body", s.timeouts.body},
                         {"write", s.timeouts.write},
                         {"idle", s.timeouts.idle}}) {
    if (d.count() == 0) {
      return InvalidArgument(std::string("server.timeouts.") + name + " must be positive");
    }
  }
  if (c.holder.kdf_ops < 2 || c.holder.kdf_memory < (size_t{19} << 20) ||
      c.holder.kdf_memory > (size_t{1} << 30)) {
    return InvalidArgument(
        "holder.kdf_ops must be at least 2 and holder.kdf_memory between 19MiB and 1GiB "
        "(OWASP's Argon2id minimum)");
  }
  if (s.tls.cert_file.empty() != s.tls.key_file.empty()) {
    return InvalidArgument("server.tls.cert_file and server.tls.key_file must be set together");
  }
  if (Status st = CheckReadable("server.tls.cert_file", s.tls.cert_file); !st.ok()) return st;
  if (Status st = ValidateMcp(c); !st.ok()) return st;
  if (Status st = ValidateNotify(c); !st.ok()) return st;
  if (Status st = CheckReadable("server.tls.key_file", s.tls.key_file); !st.ok()) return st;
  if (Status st = CheckReadable("credentials.trusted_issuers", c.credentials.trusted_issuers);
      !st.ok()) {
    return st;
  }
  return ValidateStorage(c.storage);
}

std::vector<std::string> ConfigLoader::Keys() {
  std::vector<std::string> keys;
  for (const auto& f : Fields()) keys.emplace_back(f.path);
  return keys;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    if (!kv.starts_with("SIGNET_")) continue;
    const size_t eq = kv.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

std::string Describe(const Config& config) {
  std::string out;
  for (const auto& f : Fields()) out += std::string(f.path) + ": " + f.show(config) + "\n";
  return out;
}

}  // namespace signet::server
