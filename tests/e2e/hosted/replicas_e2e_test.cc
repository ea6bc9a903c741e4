// Scale-out end to end (issue 11 point 4): two `signet serve` replicas on one PostgreSQL 15 and
// one Swift/s3api (tests/services/), behind nginx on 127.0.0.1 (upstream with both replicas;
// its configuration, pid file and temp paths live in a temp dir). Agents write notes through
// MCP via nginx concurrently and obtain one-time capability tokens, which two relying parties
// present to POST /verify through nginx at the same time; one replica is killed with SIGKILL
// mid-run and the traffic goes on. Checked afterwards: every write that was acknowledged is
// listed, writes were acknowledged after the kill (the proxy failed over), no one-time token was
// accepted twice, and the tenant's audit chain verifies.

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/hosted/service.h"

namespace signet::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

// Nginx runs nginx in the foreground with a generated configuration; stopped by pid.
class Nginx {
 public:
  Nginx(const std::string& dir, int port, const std::vector<int>& upstreams) : port_(port) {
    for (const char* sub : {"", "/body", "/proxy", "/fastcgi", "/uwsgi", "/scgi"}) {
      std::filesystem::create_directories(dir + "/nginx" + sub);
      ::chmod((dir + "/nginx" + sub).c_str(), 0777);  // workers may run as nobody
    }
    const std::string d = dir + "/nginx";
    conf_ = d + "/nginx.conf";
    std::ofstream c(conf_);
    c << "daemon off;\nworker_processes 1;\npid " << d << "/nginx.pid;\n"
      << "error_log " << d << "/error.log warn;\nevents { worker_connections 512; }\nhttp {\n"
      << "  access_log off;\n  client_body_temp_path " << d << "/body;\n  proxy_temp_path " << d
      << "/proxy;\n  fastcgi_temp_path " << d << "/fastcgi;\n  uwsgi_temp_path " << d
      << "/uwsgi;\n  scgi_temp_path " << d << "/scgi;\n  upstream signet {\n";
    for (int p : upstreams) c << "    server 127.0.0.1:" << p << " max_fails=1 fail_timeout=30s;\n";
    c << "    keepalive 16;\n  }\n  server {\n    listen 127.0.0.1:" << port << ";\n"
      << "    location / {\n      proxy_pass http://signet;\n      proxy_http_version 1.1;\n"
      << "      proxy_set_header Connection \"\";\n      proxy_set_header Host $host;\n"
      << "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
      << "      proxy_next_upstream error timeout;\n      proxy_connect_timeout 2s;\n"
      << "      proxy_read_timeout 30s;\n    }\n  }\n}\n";
    c.close();
    error_log_ = d + "/error.log";
    pid_ = fork();
    if (pid_ == 0) {
      execl("/usr/sbin/nginx", "nginx", "-p", d.c_str(), "-e", error_log_.c_str(), "-c",
            conf_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
  }
  ~Nginx() {
    if (pid_ <= 0) return;
    kill(pid_, SIGQUIT);
    int status = 0;
    for (int i = 0; i < 50 && waitpid(pid_, &status, WNOHANG) == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (waitpid(pid_, &status, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
  }
  // WaitReady polls /healthz through the proxy.
  bool WaitReady() const {
    for (int i = 0; i < 100; ++i) {
      auto r =
          Request(port_, "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      if (r && r->status == 200) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  std::string ErrorLog() const {
    std::ifstream in(error_log_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

 private:
  int port_;
  pid_t pid_ = -1;
  std::string conf_;
  std::string error_log_;
};

// McpClient speaks MCP over HTTP through the proxy, one connection per message.
class McpClient {
 public:
  explicit McpClient(int port) : port_(port) {}

  bool Initialize() {
    auto r = Post({{"jsonrpc", "2.0"},
                   {"id", 0},
                   {"method", "initialize"},
                   {"params",
                    {{"protocolVersion", "2025-06-18"},
                     {"capabilities", json::object()},
                     {"clientInfo", {{"name", "replicas-e2e"}, {"version", "1"}}}}}});
    if (!r || r->status != 200) return false;
    session_ = r->Header("mcp-session-id");
    auto n = Post({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}});
    return !session_.empty() && n && n->status == 202;
  }

  // CallTool returns the CallToolResult, or null when the call was not answered with one.
  json CallTool(const std::string& name, const json& args) {
    auto r = Post({{"jsonrpc", "2.0"},
                   {"id", ++id_},
                   {"method", "tools/call"},
                   {"params", {{"name", name}, {"arguments", args}}}});
    if (!r || r->status != 200) return nullptr;
    json msg = json::parse(r->body, nullptr, false);
    if (!msg.is_object() || !msg.contains("result")) return nullptr;
    return msg["result"];
  }

 private:
  std::optional<HttpResponse> Post(const json& message) {
    const std::string body = message.dump();
    std::string raw =
        "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
        "MCP-Protocol-Version: 2025-06-18\r\n";
    if (!session_.empty()) raw += "Mcp-Session-Id: " + session_ + "\r\n";
    return Request(port_,
                   raw + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  }

  int port_;
  int id_ = 0;
  std::string session_;
};

// ToolCallsOk reads a replica's own count of successful MCP tool calls from its /metrics.
double ToolCallsOk(int port) {
  auto r = Request(port, "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  if (!r || r->status != 200) return -1;
  const std::string name = R"(signet_mcp_tool_calls_total{outcome="ok",tool="signet_store"} )";
  const size_t at = r->body.find(name);
  return at == std::string::npos ? 0 : std::stod(r->body.substr(at + name.size()));
}

// ReplicasE2eTest starts one Postgres and one Swift/s3api, migrates the database, creates the
// bucket, initialises a tenant with `signet init` and lets the local agent use Tier 1-2.
class ReplicasE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::chmod(dir.path().c_str(), 0755);  // the services run as their own users
    pg.emplace("postgres.sh", dir.path() + "/pg");
    swift.emplace("swift.sh", dir.path() + "/swift");
    ASSERT_TRUE(pg->Run("start")) << "postgres did not start";
    ASSERT_TRUE(swift->Run("start")) << "swift did not start";
    const std::string dsn_file = dir.path() + "/dsn";
    const std::string secret_file = dir.path() + "/s3secret";
    std::ofstream(dsn_file) << pg->Get("DSN") << " connect_timeout=2\n";
    std::ofstream(secret_file) << swift->Get("SECRET_KEY") << "\n";
    local = dir.path() + "/local";
    std::ostringstream y;
    y << "storage:\n  kind: hosted\n  postgres:\n    dsn_file: " << dsn_file
      << "\n  s3:\n    endpoint: http://127.0.0.1:" << swift->Get("PORT")
      << "\n    allow_http: true\n    bucket: signet-replicas\n    access_key_id: "
      << swift->Get("ACCESS_KEY") << "\n    secret_key_file: " << secret_file
      << "\nholder:\n  kdf_ops: 2\n  kdf_memory: 19MiB\n";
    yaml = y.str();
    config = dir.path() + "/signet.yaml";
    std::ofstream(config) << yaml;
    ASSERT_TRUE(CreateBucket(*swift, "signet-replicas"));

    ASSERT_EQ(Cli({"migrate"}).exit_code, 0);
    std::ofstream(dir.path() + "/pass") << "correct horse battery staple\n";
    CommandResult init = Cli({"init", "--passphrase-file", dir.path() + "/pass"});
    ASSERT_EQ(init.exit_code, 0) << init.err;

    // The owner lets the local agent obtain capability tokens.
    const std::string policy = dir.path() + "/policy.json";
    std::ofstream(policy)
        << R"({"version": 1, "actors": [{"id": "agent:local", "role": "trusted_agent"}],
    "rules": [{"id": "t1", "kind": "tier_threshold", "tier": 1, "min_role": "public"},
              {"id": "t2", "kind": "tier_threshold", "tier": 2, "min_role": "public"}]})";
    CommandResult set = Cli({"policy", "set", policy});
    ASSERT_EQ(set.exit_code, 0) << set.err;
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.end(), {"--config", config, "--data-dir", local});
    return RunSignet(args);
  }

  // ReplicaYaml is the configuration every replica shares: the database, the bucket, the KEK
  // that sealed the tenant's keyring and the public URL (the issuer of the tokens).
  std::string ReplicaYaml(const std::string& limits) const {
    return yaml + "kek_file: " + local +
           "/kek\nmcp:\n  auth: none\nserver:\n  public_url: http://signet.test\n  "
           "trusted_proxies: [127.0.0.1/32]\nlimits:\n  ip_requests_per_minute: 0\n" +
           limits;
  }

  TempDir dir;
  std::optional<Service> pg;
  std::optional<Service> swift;
  std::string yaml;
  std::string config;
  std::string local;
};

TEST_F(ReplicasE2eTest, TwoReplicasBehindNginxLoseNoWriteAndConsumeTokensOnceWhenOneIsKilled) {
  const std::string replica_yaml = ReplicaYaml("");
  ServerProcess a({.extra_yaml = replica_yaml});
  ServerProcess b({.extra_yaml = replica_yaml});
  ASSERT_TRUE(a.Start(seconds(30))) << a.Log();
  ASSERT_TRUE(b.Start(seconds(30))) << b.Log();
  const int proxy_port = FreePort();
  Nginx nginx(dir.path(), proxy_port, {a.port(), b.port()});
  ASSERT_TRUE(nginx.WaitReady()) << nginx.ErrorLog();

  constexpr int kAgents = 4;
  constexpr int kWritesEach = 20;  // signet_list shows at most 100 notes
  std::mutex mu;
  std::set<std::string> acked;
  std::atomic<int> acked_count{0};
  std::atomic<int> acked_after_kill{0};
  std::atomic<bool> killed{false};
  std::vector<std::string> tokens;  // guarded by mu
  std::atomic<bool> agents_done{false};
  std::vector<std::thread> agents;
  for (int t = 0; t < kAgents; ++t) {
    agents.emplace_back([&, t] {
      McpClient client(proxy_port);
      for (int tries = 0; tries < 20 && !client.Initialize(); ++tries) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      for (int i = 0; i < kWritesEach; ++i) {
        const std::string key = "a" + std::to_string(t) + "_" + std::to_string(i);
        json r =
            client.CallTool("signet_store", {{"key", key}, {"value", "v-" + key}, {"tier", 1}});
        if (r.is_object() && !r.value("isError", true)) {
          std::lock_guard<std::mutex> lock(mu);
          acked.insert(key);
          ++acked_count;
          if (killed) ++acked_after_kill;
        }
        json cap = client.CallTool("signet_request_capability",
                                   {{"audience", "shop.example"}, {"purpose", "checkout"}});
        if (cap.is_object() && !cap.value("isError", true)) {
          std::lock_guard<std::mutex> lock(mu);
          tokens.push_back(cap["structuredContent"].value("presentation", ""));
        }
      }
    });
  }
  // Two relying parties present every token, each through the proxy: exactly one may win.
  std::map<std::string, int> accepted;  // guarded by mu
  std::atomic<int> replayed{0};
  std::vector<std::thread> verifiers;
  for (int v = 0; v < 2; ++v) {
    verifiers.emplace_back([&] {
      size_t next = 0;
      for (;;) {
        std::string token;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (next < tokens.size()) token = tokens[next++];
        }
        if (token.empty()) {
          if (agents_done) {
            std::lock_guard<std::mutex> lock(mu);
            if (next >= tokens.size()) return;
            continue;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          continue;
        }
        const std::string body =
            json{{"presentation", token}, {"audience", "shop.example"}, {"nonce", "n-0123456789"}}
                .dump();
        auto r = Request(proxy_port,
                         "POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                         "Content-Type: application/json\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
        if (!r || r->status != 200) continue;
        json verdict = json::parse(r->body, nullptr, false);
        if (!verdict.is_object()) continue;
        std::lock_guard<std::mutex> lock(mu);
        if (verdict.value("valid", false)) {
          ++accepted[token];
        } else if (r->body.find("replayed") != std::string::npos) {
          ++replayed;
        } else {
          ADD_FAILURE() << "unexpected verdict: " << r->body;
        }
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + seconds(60);
  while (acked_count < kAgents * kWritesEach / 4 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const double served_by_a = ToolCallsOk(a.port());
  a.Signal(SIGKILL);
  killed = true;
  for (auto& th : agents) th.join();
  agents_done = true;
  for (auto& th : verifiers) th.join();
  EXPECT_EQ(a.Wait(seconds(5)), -2);

  std::cerr << "acknowledged " << acked.size() << " of " << kAgents * kWritesEach << " writes, "
            << acked_after_kill << " after the kill; replica A served " << served_by_a
            << " before it, replica B " << ToolCallsOk(b.port()) << "\n";
  std::cerr << tokens.size() << " one-time tokens, " << accepted.size() << " accepted, " << replayed
            << " presentations refused as replayed\n";
  EXPECT_GT(served_by_a, 0) << "nginx did not spread the load over both replicas";
  EXPECT_GE(tokens.size(), static_cast<size_t>(kAgents * kWritesEach / 2));
  EXPECT_GE(accepted.size(), tokens.size() / 2);
  EXPECT_GT(replayed.load(), 0);
  for (const auto& [token, n] : accepted) EXPECT_EQ(n, 1) << "one-time token accepted twice";
  EXPECT_GT(ToolCallsOk(b.port()), 0);
  EXPECT_GT(acked_after_kill.load(), 0) << "the proxy did not fail over to the live replica";
  EXPECT_GE(acked.size(), static_cast<size_t>(kAgents * kWritesEach / 2))
      << "too few writes acknowledged; nginx: " << nginx.ErrorLog();

  McpClient reader(proxy_port);
  ASSERT_TRUE(reader.Initialize());
  json listed = reader.CallTool("signet_list", {{"include_values", true}});
  ASSERT_TRUE(listed.is_object()) << "signet_list failed";
  std::map<std::string, std::string> notes;
  for (const json& n : listed["structuredContent"]["notes"]) {
    notes[n.value("key", "")] = n.value("value", "");
  }
  for (const std::string& key : acked) {
    auto it = notes.find(key);
    ASSERT_NE(it, notes.end()) << "acknowledged write lost: " << key;
    EXPECT_EQ(it->second, "v-" + key);
  }

  CommandResult audit = Cli({"audit", "verify", "--json"});
  json verdict = json::parse(audit.out, nullptr, false);
  ASSERT_TRUE(verdict.is_object()) << audit.out << audit.err;
  EXPECT_TRUE(verdict.value("ok", false)) << audit.out;
}

// The record quota is counted in the vault index on the shared database: agents writing through
// two replicas at once get exactly limits.tenant_records new notes in between them, the rest are
// refused as quota tool errors, and nothing refused is stored.
TEST_F(ReplicasE2eTest, RecordQuotaHoldsAcrossTwoReplicas) {
  constexpr int kQuota = 12;
  const std::string replica_yaml = ReplicaYaml("  tenant_records: " + std::to_string(kQuota) + "\n");
  ServerProcess a({.extra_yaml = replica_yaml});
  ServerProcess b({.extra_yaml = replica_yaml});
  ASSERT_TRUE(a.Start(seconds(30))) << a.Log();
  ASSERT_TRUE(b.Start(seconds(30))) << b.Log();

  std::mutex mu;
  std::set<std::string> stored;
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> agents;
  for (int t = 0; t < 4; ++t) {
    agents.emplace_back([&, t] {
      McpClient client(t % 2 == 0 ? a.port() : b.port());
      if (!client.Initialize()) {
        ++other;
        return;
      }
      for (int i = 0; i < 8; ++i) {
        const std::string key = "q" + std::to_string(t) + "_" + std::to_string(i);
        json r = client.CallTool("signet_store", {{"key", key}, {"value", "v"}, {"tier", 1}});
        if (r.is_object() && !r.value("isError", true)) {
          std::lock_guard<std::mutex> lock(mu);
          stored.insert(key);
        } else if (r.is_object() &&
                   r["structuredContent"].value("code", "") == "resource_exhausted") {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& th : agents) th.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(stored.size(), static_cast<size_t>(kQuota));
  EXPECT_EQ(refused.load(), 4 * 8 - kQuota);

  McpClient reader(b.port());
  ASSERT_TRUE(reader.Initialize());
  json listed = reader.CallTool("signet_list", {{"include_values", false}});
  ASSERT_TRUE(listed.is_object());
  std::set<std::string> keys;
  for (const json& n : listed["structuredContent"]["notes"]) keys.insert(n.value("key", ""));
  EXPECT_EQ(keys, stored);
}

}  // namespace
}  // namespace signet::e2e
