#pragma once

// Shared pieces of the approvals end-to-end tests (tests/e2e/approvals, tests/interop/webhooks):
//
//   ApprovalsServer  a vault made by the real `signet init`/`store`, a webhook secret file and a
//                    notify settings with small timeouts, and `signet serve` on 127.0.0.1; plus the
//                    test's own ApprovalService over the same embedded store. The MCP tools that
//                    submit requests in production are not wired to the approval service in the
//                    server yet, so the test submits as a second replica would: every delivery,
//                    callback, expiry and owner query still goes through the real binary.
//   Receiver         an HTTP/1.1 webhook receiver on 127.0.0.1 that records every delivery and
//                    answers with a configurable status (and delay).

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "notify/approvals.h"
#include "notify/payload.h"
#include "notify/signing.h"
#include "tests/e2e/harness.h"
#include "vault/holder.h"
#include "vault/tenants.h"

namespace signet::e2e {

// Delivery is one request the receiver got.
struct Delivery {
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string body;
  int answered = 0;  // the status the receiver answered with
  std::chrono::steady_clock::time_point at;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Receiver is a minimal webhook endpoint: one thread per connection, Connection: close.
class Receiver {
 public:
  Receiver();
  ~Receiver();
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  // status is what the next deliveries are answered with; delay holds the answer back.
  void set_status(int status) { status_.store(status); }
  void set_delay(std::chrono::milliseconds d) { delay_ms_.store(static_cast<int>(d.count())); }
  std::vector<Delivery> deliveries();
  // WaitFor waits until `pred(deliveries)` holds or `timeout` passes.
  bool WaitFor(const std::function<bool(const std::vector<Delivery>&)>& pred,
               std::chrono::milliseconds timeout);
  // Answered returns the deliveries of `request_id` answered with a 2xx.
  std::vector<Delivery> Delivered(const std::string& request_id);
  std::vector<Delivery> Attempts(const std::string& request_id);

 private:
  void Accept();
  void Serve(int fd);
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{204};
  std::atomic<int> delay_ms_{0};
  std::mutex mu_;
  std::vector<Delivery> deliveries_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// NotifyYamlOptions are the knobs the tests turn (the notify/approvals part of the config).
struct NotifyYamlOptions {
  std::string webhook_url;
  std::vector<std::string> secret_files;
  std::string initial_backoff = "100ms";
  std::string max_backoff = "200ms";
  std::string request_timeout = "2s";
  int max_attempts = 20;
  int breaker_failures = 3;
  std::string breaker_open = "1s";
  std::string idle_poll = "50ms";
};

// ApprovalsServer is the fixture described in the file comment.
class ApprovalsServer {
 public:
  explicit ApprovalsServer(NotifyYamlOptions notify);
  ~ApprovalsServer();

  // notify is the notify/approvals configuration; change it before the first Start.
  NotifyYamlOptions& notify() { return notify_; }

  // Start initializes the vault (first call only) and starts the server. False on failure.
  bool Start();
  // Restart stops the server (SIGTERM) and starts a new process on the same data dir (new port).
  bool Restart();
  // OpenReplica opens the test's own approval service over the server's store.
  bool OpenReplica();

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  int port() const { return processes_.back()->port(); }
  const std::string& data_dir() const { return processes_.front()->data_dir(); }
  const std::string& secret_file() const { return secret_file_; }
  const std::string& secret_text() const { return secret_text_; }
  ServerProcess& process() { return *processes_.back(); }
  notify::ApprovalService& service() { return *service_; }
  const TenantId& tenant() const { return tenant_; }
  const vault::DelegatedKeyring& keyring() const { return *keyring_; }
  storage::Storage& storage() { return *storage_; }

  // Cli runs `signet ARGS --data-dir D --passphrase-file P` (and --server for approvals).
  CommandResult Cli(std::vector<std::string> args);

  // Submit files a request from the replica. `tier3` uses the Tier-3 record "passport#0".
  std::string Submit(const std::vector<std::string>& tier2_labels, bool tier3 = false,
                     std::chrono::seconds ttl = std::chrono::seconds(60));

  // AuditKinds lists the tenant's audit chain kinds (read from the shared store).
  std::vector<std::string> AuditKinds();

 private:
  NotifyYamlOptions notify_;
  TempDir dir_;
  // Every process run so far; the first owns the data dir, later ones (restarts) see it
  // through a symlink. The last one is the running server.
  std::vector<std::unique_ptr<ServerProcess>> processes_;
  std::string pass_file_;
  std::string secret_file_;
  std::string secret_text_;
  bool initialized_ = false;
  std::string notify_yaml_;  // the notify/approvals config, appended at every Start
  std::unique_ptr<storage::Storage> storage_;
  std::optional<vault::Kek> kek_;
  std::unique_ptr<vault::TenantRegistry> tenants_;
  std::unique_ptr<vault::DelegatedKeyring> keyring_;
  std::unique_ptr<notify::ApprovalService> service_;
  TenantId tenant_;
  std::string passport_compartment_;
};

// PostCallback POSTs a callback body to the server with Standard Webhooks headers signed by
// `secret` (normally the payload's callback secret) and returns the response.
std::optional<HttpResponse> PostCallback(int port, const std::string& request_id,
                                         const std::string& body, const std::string& secret,
                                         const std::string& webhook_id);

// PayloadOf parses the delivery body (the Standard Webhooks event).
notify::ApprovalPayload PayloadOf(const Delivery& d);

}  // namespace signet::e2e
