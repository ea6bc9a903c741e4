#pragma once

// Signet's configuration: YAML (--config FILE) with SIGNET_* environment overrides and command
// line flags on top. Precedence: defaults < YAML < environment < flags.
//
// Strictness: an unknown key (YAML or SIGNET_* variable) is an error naming the key's path
// ("server.lisen"), a duplicate key is an error, every value is validated. Secrets never appear
// in the YAML itself: keys that need one take a *_file path (TLS key, DSN, S3 credentials, KEK).
//
// Environment names: "SIGNET_" + the key path upper-cased with "." replaced by "__", e.g.
// server.listen -> SIGNET_SERVER__LISTEN, data_dir -> SIGNET_DATA_DIR. List values are
// comma-separated. docs/configuration.md lists every key.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.h"
#include "base/result.h"
#include "server/forwarded.h"

namespace signet::server {

// Endpoint is a host (IP literal) and port to listen on.
struct Endpoint {
  std::string host = "127.0.0.1";
  uint16_t port = 3000;
  // Parse reads "127.0.0.1:3000", "[::1]:3000" or "localhost:3000".
  static Result<Endpoint> Parse(std::string_view s);
  std::string ToString() const;
};

// ServerLimits bounds what one client may send.
struct ServerLimits {
  size_t header_bytes = size_t{16} * 1024;  // request line + header fields
  size_t body_bytes = size_t{1024} * 1024;  // default per route; routes may set less or more
  size_t max_connections = 4096;            // concurrent connections across listeners
};

// ServerTimeouts bounds how long a client may take.
struct ServerTimeouts {
  std::chrono::milliseconds header{10'000};          // to receive the full header once started
  std::chrono::milliseconds body{30'000};            // to receive the body
  std::chrono::milliseconds write{30'000};           // to send the response
  std::chrono::milliseconds idle{75'000};            // keep-alive wait for the next request
  std::chrono::milliseconds shutdown_grace{20'000};  // in-flight drain on SIGTERM
};

// TlsFiles names a PEM certificate chain and private key; both empty = plain HTTP.
struct TlsFiles {
  std::string cert_file;
  std::string key_file;
  bool enabled() const { return !cert_file.empty(); }
};

// ServerConfig configures the HTTP server.
struct ServerConfig {
  Endpoint listen;
  unsigned io_threads = 0;       // 0 = number of cores
  unsigned worker_threads = 0;   // 0 = max(32, 4 x cores) (blocking storage and CPU-heavy work)
  size_t worker_queue = 1024;    // waiting tasks before 503
  unsigned compute_threads = 0;  // 0 = max(16, 2 x cores) (CPU-bound routes: /verify)
  std::vector<Cidr> trusted_proxies;
  ServerLimits limits;
  ServerTimeouts timeouts;
  TlsFiles tls;
  // The server's public base URL (credential issuers, approval callback URLs); empty = derived
  // from server.listen (PublicBaseUrl).
  std::string public_url;
};

// LogConfig configures logging.
struct LogConfig {
  log::Level level = log::Level::kInfo;
  bool access = true;  // one line per request (probes at debug)
};

// PostgresConfig configures the hosted backend's database. The DSN is a secret: it comes from
// `dsn_file` or the environment variable SIGNET_STORAGE__POSTGRES__DSN, never from the YAML.
struct PostgresConfig {
  std::string dsn_file;
  std::string dsn;  // from the environment only; never printed
  unsigned pool_size = 8;
  std::chrono::milliseconds connect_timeout{3'000};
  std::chrono::milliseconds statement_timeout{5'000};
};

// S3Config configures the hosted backend's blob store. The secret key comes from
// `secret_key_file` or SIGNET_STORAGE__S3__SECRET_KEY, never from the YAML.
struct S3Config {
  std::string endpoint;
  std::string region = "us-east-1";
  std::string bucket;
  std::string prefix;
  std::string access_key_id;
  std::string secret_key_file;
  std::string secret_key;  // from the environment only; never printed
  bool path_style = true;
  bool allow_http = false;  // plain HTTP, for loopback test servers only
  std::string ca_file;
  std::chrono::milliseconds request_timeout{10'000};
};

// StorageConfig selects and tunes the backend.
struct StorageConfig {
  std::string kind = "embedded";  // "embedded" (SQLite + files in data_dir) | "hosted"
  bool auto_migrate = true;       // apply pending migrations on start
  size_t inline_max = size_t{64} << 10;
  size_t max_record_size = size_t{64} << 20;
  PostgresConfig postgres;
  S3Config s3;
};

// HolderConfig configures the holder device's secrets (the CLI side): where the passphrase-sealed
// root lives and how hard Argon2id works to derive the passphrase key.
struct HolderConfig {
  std::string dir;                       // empty = <data_dir>/holder
  unsigned kdf_ops = 3;                  // Argon2id passes (OWASP minimum 2)
  size_t kdf_memory = size_t{64} << 20;  // Argon2id memory (OWASP minimum 19 MiB)
};

// McpOAuthConfig configures Signet's own OAuth 2.1 authorization server for MCP clients
// (api/oauth_server.h, docs/mcp.md "Remote connector").
struct McpOAuthConfig {
  std::chrono::milliseconds access_token_ttl{std::chrono::minutes(10)};
  // The agent session's absolute lifetime: refresh tokens rotate but never outlive it.
  std::chrono::milliseconds refresh_token_ttl{std::chrono::hours(24 * 30)};
  // Fetch client ID metadata documents (an https URL as client_id; MCP 2025-11-25). Fetches go
  // through the SSRF guard: public addresses only, https only, no redirects, 5 s, 64 KiB.
  bool client_metadata_documents = true;
  // TEST ONLY: also fetch them from loopback addresses (the interop test's local https server).
  bool client_metadata_allow_loopback = false;
  std::string client_metadata_ca_file;  // PEM bundle for those fetches ("" = system store)
};

// McpConfig configures the MCP endpoint /mcp (docs/mcp.md).
struct McpConfig {
  // "oauth": MCP clients authenticate with OAuth 2.1 access tokens from Signet's own
  // authorization server (pairing codes from `signet agent pair`);
  // "none": no authentication, every caller acts as the vault's local agent. "none" is refused
  // unless every listener is on loopback, and logged loudly on start.
  std::string auth = "oauth";
  // Host header names accepted on /mcp (DNS-rebinding protection); ports are ignored.
  std::vector<std::string> allowed_hosts = {"localhost", "127.0.0.1", "::1"};
  // Origin header values accepted on /mcp; requests without Origin are accepted.
  std::vector<std::string> allowed_origins;
  std::chrono::milliseconds session_ttl{std::chrono::hours(24)};
  // A policy document (JSON) used for every tenant; empty = each vault's own (`policy set`).
  std::string policy_file;
  McpOAuthConfig oauth;
};

// CredentialsConfig configures credential verification (docs/credentials.md, server/
// credential_routes.h).
struct CredentialsConfig {
  // A JSON file listing the issuers (and their public keys) that POST /verify trusts besides this
  // server's own tenants; empty = only our own tenants.
  std::string trusted_issuers;
};

// NotifyConfig configures the approval webhooks (docs/approvals.md). Secrets come only from
// files (secret_files, each "whsec_<base64>", mode 0600).
struct NotifyConfig {
  std::string webhook_url;                // where approval payloads go ("" = the owner polls)
  std::vector<std::string> secret_files;  // 1-2 files; every listed secret signs (rotation)
  bool allow_loopback_targets = false;    // SSRF guard: allow 127/8, ::1
  bool allow_private_targets = false;     // SSRF guard: allow RFC 1918, CGNAT, ULA
  bool allow_http = false;                // allow plain-http webhook targets
  std::string ca_file;                    // PEM bundle for webhook TLS ("" = system store)
  unsigned max_attempts = 8;              // then the delivery is dead-lettered
  std::chrono::milliseconds initial_backoff{1'000};
  std::chrono::milliseconds max_backoff{300'000};
  std::chrono::milliseconds request_timeout{10'000};
  unsigned max_in_flight = 64;
  unsigned breaker_failures = 5;  // consecutive failures that open the breaker
  std::chrono::milliseconds breaker_open{30'000};
  std::chrono::milliseconds idle_poll{1'000};  // longest sleep between outbox scans
};

// ApprovalsConfig configures pending approval requests.
struct ApprovalsConfig {
  std::chrono::milliseconds default_ttl{300'000};  // time the owner has to answer
  std::chrono::milliseconds max_ttl{86'400'000};
  std::chrono::milliseconds callback_tolerance{300'000};  // accepted webhook-timestamp skew
};

// LimitsConfig configures request-rate limits (server/request_limits.h). Counts live in the
// shared state store, so they hold across replicas. 0 = off.
struct LimitsConfig {
  unsigned ip_requests_per_minute = 1200;      // per client address (IPv6: per /64)
  unsigned tenant_requests_per_minute = 3000;  // per tenant, for requests that name one
  unsigned tenant_sessions = 100;              // live MCP sessions per tenant
  // Per-tenant vault quotas (vault::VaultQuota), enforced in the vault index's compare-and-swap
  // on the shared storage: real records (items) and the bytes of their values.
  unsigned tenant_records = 10'000;
  size_t tenant_bytes = size_t{256} << 20;
};

// TenantsConfig configures the tenant lifecycle API (api/tenant_lifecycle.h).
struct TenantsConfig {
  // Who may create tenants with POST /tenants: "closed" (only `signet init` on the server
  // itself), "invite" (a code from `signet tenant invite`) or "open".
  std::string signup = "closed";
};

// Config is the whole configuration.
struct Config {
  std::string data_dir = "./data";
  // kek_file names the server key-encryption key (32 bytes, mode 0600) that seals tenant
  // keyrings. Empty = <data_dir>/kek, created by `signet init`.
  std::string kek_file;
  ServerConfig server;
  LogConfig log;
  HolderConfig holder;
  StorageConfig storage;
  McpConfig mcp;
  CredentialsConfig credentials;
  NotifyConfig notify;
  ApprovalsConfig approvals;
  LimitsConfig limits;
  TenantsConfig tenants;
};

// PublicBaseUrl is the server's public base URL without a trailing '/': server.public_url, or
// http(s)://<server.listen> when it is empty. Credential issuers are <base>/t/<tenant id> and
// approval callbacks <base>/callbacks/<id>, so the CLI and every replica must agree on it.
std::string PublicBaseUrl(const Config& config);

// IsLoopbackHost reports whether an Endpoint host is a loopback address or "localhost".
bool IsLoopbackHost(std::string_view host);

// HolderDir returns the effective holder directory.
std::string HolderDir(const Config& config);

// KekPath returns the effective KEK file path.
std::string KekPath(const Config& config);

// ConfigLoader builds a Config from its sources.
class ConfigLoader {
 public:
  // LoadYamlFile applies a YAML file. Errors name the file, line and key path.
  static Status LoadYamlFile(const std::string& path, Config* config);
  // LoadYamlString applies YAML text (`source_name` is used in errors).
  static Status LoadYamlString(std::string_view yaml, std::string_view source_name, Config* config);
  // ApplyEnvironment applies every SIGNET_* variable in `env`; unknown ones are errors.
  // `ignored` names variables that are not config keys (e.g. SIGNET_CONFIG).
  static Status ApplyEnvironment(const std::map<std::string, std::string>& env, Config* config);
  // Set applies one value by key path ("server.listen"), as flags do.
  static Status Set(std::string_view path, std::string_view value, Config* config);
  // Validate checks cross-field rules and referenced files.
  static Status Validate(const Config& config);
  // Keys lists every key path, for docs and `signet config check`.
  static std::vector<std::string> Keys();
  // EnvName returns the environment variable name for a key path.
  static std::string EnvName(std::string_view path);
};

// ProcessEnvironment returns the SIGNET_* variables of this process.
std::map<std::string, std::string> ProcessEnvironment();

// Describe renders the effective configuration, one "key.path: value" line per key (no secrets
// can appear: secret-bearing keys hold file paths).
std::string Describe(const Config& config);

// ParseDuration reads "250ms", "10s", "5m", "1h". ParseSize reads "512", "16KiB", "1MiB", "1GiB".
Result<std::chrono::milliseconds> ParseDuration(std::string_view s);
Result<size_t> ParseSize(std::string_view s);

}  // namespace signet::server
