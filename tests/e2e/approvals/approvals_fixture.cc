#include "tests/e2e/approvals/approvals_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/clock.h"
#include "crypto/bip39.h"
#include "crypto/random.h"
#include "notify/callback.h"
#include "storage/embedded/embedded_storage.h"
#include "vault/audit.h"
#include "vault/keys.h"
#include "vault/vault.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

const std::vector<std::string> kFastKdf = {"SIGNET_HOLDER__KDF_OPS=2",
                                           "SIGNET_HOLDER__KDF_MEMORY=19MiB"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// ReadRequest reads one HTTP request (headers + Content-Length body) within 5 s.
std::optional<Delivery> ReadRequest(int fd) {
  std::string buf;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  size_t header_end = std::string::npos;
  size_t want = 0;
  char chunk[4096];
  while (std::chrono::steady_clock::now() < deadline) {
    if (header_end == std::string::npos) {
      header_end = buf.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const std::string head = Lower(buf.substr(0, header_end));
        const size_t cl = head.find("content-length:");
        want = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15));
      }
    }
    if (header_end != std::string::npos && buf.size() >= header_end + 4 + want) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;
    buf.append(chunk, static_cast<size_t>(n));
  }
  if (header_end == std::string::npos || buf.size() < header_end + 4 + want) return std::nullopt;
  Delivery d;
  d.at = std::chrono::steady_clock::now();
  d.body = buf.substr(header_end + 4, want);
  size_t pos = buf.find("\r\n") + 2;
  while (pos < header_end) {
    const size_t eol = buf.find("\r\n", pos);
    const std::string line = buf.substr(pos, eol - pos);
    const size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      d.headers[Lower(line.substr(0, colon))] = value;
    }
    pos = eol + 2;
  }
  return d;
}

std::string RequestIdOf(const Delivery& d) {
  json j = json::parse(d.body, nullptr, false);
  if (!j.is_object() || !j.contains("data") || !j["data"].is_object()) return "";
  return j["data"].value("request_id", std::string());
}

policy::AnomalyReport Report(const std::string& attribute, policy::Tier tier) {
  policy::AnomalyReport r;
  r.actor_id = "shop-bot";
  r.actor_domain = "shop.example";
  r.classification = {policy::Role::kCommerce, policy::ClassificationMethod::kDomainInference, 70,
                      false, false};
  r.predicate = {attribute, *policy::CategoryFromAttribute(attribute), policy::Operation::kProve,
                 tier};
  r.purpose = "checkout";
  r.destination_domain = "shop.example";
  r.session = "s-1";
  r.kinds = {tier == policy::Tier::k3 ? policy::AnomalyKind::kTier3Approval
                                      : policy::AnomalyKind::kInsufficientRole};
  r.severity = policy::Severity::kHigh;
  r.rule_ids = {"r-1"};
  r.options = {policy::OwnerChoice::kDenyOnce, policy::OwnerChoice::kAllowOnce};
  r.time = SystemClock::Default().UnixSeconds();
  return r;
}

}  // namespace

Receiver::Receiver() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(listen_fd_, 64), 0);
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { Accept(); });
}

Receiver::~Receiver() {
  stop_.store(true);
  acceptor_.join();
  for (auto& t : threads_) t.join();
  ::close(listen_fd_);
}

void Receiver::Accept() {
  while (!stop_.load()) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    threads_.emplace_back([this, fd] { Serve(fd); });
  }
}

void Receiver::Serve(int fd) {
  auto d = ReadRequest(fd);
  if (d) {
    const int delay = delay_ms_.load();
    if (delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    d->answered = status_.load();
    {
      std::lock_guard<std::mutex> lock(mu_);
      deliveries_.push_back(*d);
    }
    const std::string reply = "HTTP/1.1 " + std::to_string(d->answered) +
                              " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    (void)!::write(fd, reply.data(), reply.size());
  }
  ::close(fd);
}

std::vector<Delivery> Receiver::deliveries() {
  std::lock_guard<std::mutex> lock(mu_);
  return deliveries_;
}

bool Receiver::WaitFor(const std::function<bool(const std::vector<Delivery>&)>& pred,
                       std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred(deliveries())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred(deliveries());
}

std::vector<Delivery> Receiver::Attempts(const std::string& request_id) {
  std::vector<Delivery> out;
  for (auto& d : deliveries()) {
    if (RequestIdOf(d) == request_id) out.push_back(d);
  }
  return out;
}

std::vector<Delivery> Receiver::Delivered(const std::string& request_id) {
  std::vector<Delivery> out;
  for (auto& d : Attempts(request_id)) {
    if (d.answered / 100 == 2) out.push_back(d);
  }
  return out;
}

ApprovalsServer::ApprovalsServer(NotifyYamlOptions notify) : notify_(std::move(notify)) {
  processes_.push_back(std::make_unique<ServerProcess>(ServerProcess::Options{}));
  pass_file_ = dir_.path() + "/pass";
  std::ofstream(pass_file_) << "correct horse battery staple\n";
  secret_file_ = dir_.path() + "/webhook-secret";
  secret_text_ = notify::WebhookSecret::Generate().Encode(crypto::SecretAccess::Get());
  std::ofstream(secret_file_) << secret_text_ << "\n";
  ::chmod(secret_file_.c_str(), 0600);
  if (notify_.secret_files.empty()) notify_.secret_files = {secret_file_};
}

ApprovalsServer::~ApprovalsServer() {
  service_.reset();
  if (process().running()) {
    process().Signal(SIGTERM);
    process().Wait(std::chrono::seconds(10));
  }
}

CommandResult ApprovalsServer::Cli(std::vector<std::string> args) {
  args.insert(args.end(), {"--data-dir", data_dir(), "--passphrase-file", pass_file_});
  if (args[0] == "approvals") args.insert(args.end(), {"--server", base_url()});
  return RunSignet(args, kFastKdf);
}

bool ApprovalsServer::Start() {
  if (!initialized_) {
    CommandResult init = Cli({"init", "--device-name", "laptop", "--json"});
    if (init.exit_code != 0) {
      ADD_FAILURE() << "init: " << init.err;
      return false;
    }
    const std::string words = json::parse(init.out, nullptr, false).value("words", "");
    auto mnemonic = crypto::Bip39Mnemonic::Parse(words);
    auto root = vault::RootKey::FromMnemonic(*mnemonic, crypto::SecretBytes());
    keyring_ = std::make_unique<vault::DelegatedKeyring>(root->DeriveDelegatedKeyring());
    tenant_ = vault::TenantIdFor(keyring_->identity().public_key());
    for (auto [label, value] : {std::pair{"email", "ada.lovelace@example.org"},
                                {"phone", "+44 20 7946 0001"},
                                {"address", "12 Analytical Row"},
                                {"passport", "PASSPORT-X7734219"}}) {
      CommandResult st = Cli({"store", "--label", label, "--value", value});
      if (st.exit_code != 0) {
        ADD_FAILURE() << "store " << label << ": " << st.err;
        return false;
      }
    }
    std::ostringstream yaml;
    yaml << "notify:\n"
         << "  webhook_url: \"" << notify_.webhook_url << "\"\n"
         << "  secret_files: [";
    for (size_t i = 0; i < notify_.secret_files.size(); ++i) {
      yaml << (i ? ", " : "") << notify_.secret_files[i];
    }
    yaml << "]\n"
         << "  allow_loopback_targets: true\n"
         << "  allow_http: true\n"
         << "  initial_backoff: " << notify_.initial_backoff << "\n"
         << "  max_backoff: " << notify_.max_backoff << "\n"
         << "  request_timeout: " << notify_.request_timeout << "\n"
         << "  max_attempts: " << notify_.max_attempts << "\n"
         << "  breaker_failures: " << notify_.breaker_failures << "\n"
         << "  breaker_open: " << notify_.breaker_open << "\n"
         << "  idle_poll: " << notify_.idle_poll << "\n"
         << "approvals:\n"
         << "  callback_tolerance: 60s\n";
    notify_yaml_ = yaml.str();
    initialized_ = true;
  }
  process().set_extra_yaml(notify_yaml_);
  if (!process().Start()) {
    ADD_FAILURE() << "server did not start:\n" << process().Log();
    return false;
  }
  return true;
}

bool ApprovalsServer::Restart() {
  process().Signal(SIGTERM);
  if (process().Wait(std::chrono::seconds(10)) != 0) {
    ADD_FAILURE() << "server did not stop cleanly:\n" << process().Log();
  }
  processes_.push_back(std::make_unique<ServerProcess>(ServerProcess::Options{}));
  if (::symlink(data_dir().c_str(), process().data_dir().c_str()) != 0) {
    ADD_FAILURE() << "symlink to the data dir failed";
    return false;
  }
  return Start();
}

bool ApprovalsServer::OpenReplica() {
  storage::embedded::EmbeddedOptions options;
  options.data_dir = data_dir();
  auto storage = storage::embedded::OpenEmbeddedStorage(options);
  if (!storage) {
    ADD_FAILURE() << storage.error().message();
    return false;
  }
  storage_ = std::move(*storage);
  auto kek = vault::Kek::Load(data_dir() + "/kek");
  if (!kek) {
    ADD_FAILURE() << kek.error().message();
    return false;
  }
  kek_.emplace(std::move(*kek));
  tenants_ =
      std::make_unique<vault::TenantRegistry>(storage_->state(), *kek_, SystemClock::Default());
  vault::Vault v(*storage_, *keyring_, SystemClock::Default());
  auto index = v.ReadIndex();
  if (!index) {
    ADD_FAILURE() << index.error().message();
    return false;
  }
  passport_compartment_ = index->labels.at("passport").compartment;
  notify::ApprovalOptions opt;
  opt.public_url = base_url();
  opt.webhook_url = notify_.webhook_url;
  opt.min_ttl = std::chrono::seconds(1);
  opt.wait_poll = std::chrono::milliseconds(20);
  auto service = notify::CreateApprovalService(
      {*storage_, *kek_, *tenants_, SystemClock::Default()}, std::move(opt));
  if (!service) {
    ADD_FAILURE() << service.error().message();
    return false;
  }
  service_ = std::move(*service);
  return true;
}

std::string ApprovalsServer::Submit(const std::vector<std::string>& tier2_labels, bool tier3,
                                    std::chrono::seconds ttl) {
  notify::ApprovalRequest req;
  req.tenant = tenant_;
  req.report = Report(tier3 ? "identity.passport" : "identity.email",
                      tier3 ? policy::Tier::k3 : policy::Tier::k2);
  for (const auto& l : tier2_labels) req.scope.push_back({l, 0, 2, ""});
  if (tier3) req.scope.push_back({"passport", 0, 3, passport_compartment_});
  req.ttl = ttl;
  auto s = service_->Submit(req);
  EXPECT_TRUE(s) << s.error().message();
  return s ? s->id : "";
}

std::vector<std::string> ApprovalsServer::AuditKinds() {
  vault::AuditLog log(storage_->audit(), *keyring_, SystemClock::Default());
  std::vector<std::string> out;
  auto events = log.List(0, 1000);
  EXPECT_TRUE(events) << events.error().message();
  if (events) {
    for (const auto& e : *events) out.push_back(e.kind);
  }
  return out;
}

std::optional<HttpResponse> PostCallback(int port, const std::string& request_id,
                                         const std::string& body, const std::string& secret,
                                         const std::string& webhook_id) {
  auto key = notify::WebhookSecret::Parse(secret);
  EXPECT_TRUE(key) << "no callback secret (was the webhook delivered?)";
  if (!key) return std::nullopt;
  const int64_t now = SystemClock::Default().UnixSeconds();
  const std::string raw = "POST /callbacks/" + request_id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                          "Content-Type: application/json\r\nConnection: close\r\n" +
                          "webhook-id: " + webhook_id +
                          "\r\nwebhook-timestamp: " + std::to_string(now) +
                          "\r\nwebhook-signature: " + key->Sign(webhook_id, now, body) +
                          "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return Request(port, raw);
}

notify::ApprovalPayload PayloadOf(const Delivery& d) {
  auto p = notify::ParsePayload(d.body);
  EXPECT_TRUE(p) << p.error().message();
  return p ? std::move(*p) : notify::ApprovalPayload{};
}

}  // namespace signet::e2e
