// End-to-end tests of the request limits and the operator metrics (issue 11 points 3 and 6)
// through the real binary: a client address over its per-minute budget gets 429 with
// Retry-After while another address is served; /metrics carries the storage, rate-limit,
// tenant and MCP tool-call families with sane values after real traffic.

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "tests/e2e/harness.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

const std::vector<std::string> kFastKdf = {"SIGNET_HOLDER__KDF_OPS=2",
                                           "SIGNET_HOLDER__KDF_MEMORY=19MiB"};

std::string Get(const std::string& path, const std::string& forwarded_for = "") {
  std::string raw = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!forwarded_for.empty()) raw += "X-Forwarded-For: " + forwarded_for + "\r\n";
  return raw + "\r\n";
}

std::string PostMcp(const json& message, const std::string& session = "") {
  const std::string body = message.dump();
  std::string raw =
      "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n"
      "MCP-Protocol-Version: 2025-06-18\r\n";
  if (!session.empty()) raw += "Mcp-Session-Id: " + session + "\r\n";
  return raw + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// InitVault creates the server's vault as `signet init` does (with a fast KDF).
CommandResult InitVault(const TempDir& dir, const ServerProcess& server) {
  std::ofstream(dir.path() + "/pass") << "correct horse battery staple\n";
  return RunSignet(
      {"init", "--passphrase-file", dir.path() + "/pass", "--data-dir", server.data_dir()},
      kFastKdf);
}

// kInitialize is an MCP client's initialize request.
const json kInitialize = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "initialize"},
                          {"params",
                           {{"protocolVersion", "2025-06-18"},
                            {"capabilities", json::object()},
                            {"clientInfo", {{"name", "e2e"}, {"version", "1"}}}}}};

// ToolCall is a tools/call request.
json ToolCall(int id, const std::string& tool, const json& args) {
  return {{"jsonrpc", "2.0"},
          {"id", id},
          {"method", "tools/call"},
          {"params", {{"name", tool}, {"arguments", args}}}};
}

// Samples parses a text exposition into "name{labels}" -> value (comments skipped).
std::map<std::string, double> Samples(const std::string& text) {
  std::map<std::string, double> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    if (space == std::string::npos) continue;
    out[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return out;
}

int64_t Minute() {
  return std::chrono::duration_cast<std::chrono::minutes>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A route that needs no vault: the status list of a tenant that does not exist (404).
constexpr char kPath[] = "/status-lists/t_00000000000000000000";

TEST(LimitsE2eTest, ClientOverItsBudgetGets429WithRetryAfterAndOthersAreServed) {
  ServerProcess server({.extra_yaml = "server:\n  trusted_proxies: [127.0.0.1/32]\n"
                                      "limits:\n  ip_requests_per_minute: 5\n"});
  ASSERT_TRUE(server.Start()) << server.Log();
  // A window roll-over during the hammering resets the count; try again in the next minute.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int64_t minute = Minute();
    const std::string ip = "203.0.113." + std::to_string(10 + attempt);
    std::vector<int> statuses;
    for (int i = 0; i < 6; ++i) {
      auto r = Request(server.port(), Get(kPath, ip));
      ASSERT_TRUE(r);
      statuses.push_back(r->status);
      if (r->status == 429) {
        EXPECT_EQ(r->Header("content-type"), "application/problem+json");
        const int retry = std::stoi(r->Header("retry-after"));
        EXPECT_GE(retry, 1);
        EXPECT_LE(retry, 60);
        EXPECT_EQ(json::parse(r->body).value("status", 0), 429);
      }
    }
    if (Minute() != minute) continue;
    EXPECT_EQ(statuses, (std::vector<int>{404, 404, 404, 404, 404, 429}));
    // Another client address is unaffected; probes are never limited.
    auto other = Request(server.port(), Get(kPath, "203.0.113.99"));
    ASSERT_TRUE(other);
    EXPECT_EQ(other->status, 404);
    auto health = Request(server.port(), Get("/healthz", ip));
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    auto metrics = Request(server.port(), Get("/metrics"));
    ASSERT_TRUE(metrics);
    auto s = Samples(metrics->body);
    EXPECT_GE(s[R"(signet_ratelimit_rejected_total{scope="ip"})"], 1);
    EXPECT_EQ(s["signet_ratelimit_errors_total"], 0);
    return;
  }
  FAIL() << "two window roll-overs in a row";
}

TEST(LimitsE2eTest, TenantOverItsBudgetGets429FromEveryAddress) {
  TempDir dir;
  ServerProcess server({.extra_yaml =
                            "mcp:\n  auth: none\nserver:\n  trusted_proxies: "
                            "[127.0.0.1/32]\nlimits:\n  tenant_requests_per_minute: 4\n"});
  ASSERT_EQ(InitVault(dir, server).exit_code, 0);
  ASSERT_TRUE(server.Start()) << server.Log();
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int64_t minute = Minute();
    auto init = Request(server.port(), PostMcp(kInitialize));
    ASSERT_TRUE(init && init->status == 200);
    const std::string session = init->Header("mcp-session-id");
    // Each message comes from another client address; the tenant's budget is shared.
    std::vector<int> statuses;
    for (int i = 0; i < 5; ++i) {
      std::string raw = PostMcp({{"jsonrpc", "2.0"}, {"id", 2 + i}, {"method", "ping"}}, session);
      raw.insert(raw.find("\r\n") + 2, "X-Forwarded-For: 198.51.100." + std::to_string(i) + "\r\n");
      auto r = Request(server.port(), raw);
      ASSERT_TRUE(r);
      statuses.push_back(r->status);
      if (r->status == 429) {
        EXPECT_FALSE(r->Header("retry-after").empty());
      }
    }
    if (Minute() != minute) continue;
    EXPECT_EQ(statuses, (std::vector<int>{200, 200, 200, 200, 429}));
    return;
  }
  FAIL() << "two window roll-overs in a row";
}

TEST(LimitsE2eTest, TenantOverItsLiveSessionQuotaGets429AndEndingOneFreesASlot) {
  TempDir dir;
  ServerProcess server({.extra_yaml = "mcp:\n  auth: none\nlimits:\n  tenant_sessions: 2\n"});
  ASSERT_EQ(InitVault(dir, server).exit_code, 0);
  ASSERT_TRUE(server.Start()) << server.Log();
  auto first = Request(server.port(), PostMcp(kInitialize));
  auto second = Request(server.port(), PostMcp(kInitialize));
  auto third = Request(server.port(), PostMcp(kInitialize));
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(third->status, 429);
  EXPECT_EQ(third->Header("retry-after"), "60");
  EXPECT_TRUE(third->Header("mcp-session-id").empty());
  const std::string id = second->Header("mcp-session-id");
  auto ended = Request(server.port(),
                       "DELETE /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Connection: close\r\nMcp-Session-Id: " +
                           id + "\r\n\r\n");
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->status, 204);
  auto again = Request(server.port(), PostMcp(kInitialize));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

TEST(LimitsE2eTest, MetricsCarryStorageTenantAndToolCallFamilies) {
  TempDir dir;
  ServerProcess server({.extra_yaml = "mcp:\n  auth: none\n"});
  CommandResult init = InitVault(dir, server);
  ASSERT_EQ(init.exit_code, 0) << init.err;
  ASSERT_TRUE(server.Start()) << server.Log();

  auto init_resp = Request(server.port(), PostMcp(kInitialize));
  ASSERT_TRUE(init_resp);
  ASSERT_EQ(init_resp->status, 200) << init_resp->body;
  const std::string session = init_resp->Header("mcp-session-id");
  ASSERT_FALSE(session.empty());
  auto initialized =
      Request(server.port(),
              PostMcp({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}, session));
  ASSERT_TRUE(initialized);
  auto call = [&](int id, const std::string& tool, const json& args) {
    auto r = Request(server.port(), PostMcp(ToolCall(id, tool, args), session));
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
  };
  call(2, "signet_store", {{"key", "coffee"}, {"value", "flat white"}, {"tier", 1}});
  call(3, "signet_store", {{"key", "bad key!"}, {"value", "x"}});  // a tool error
  call(4, "no_such_tool", json::object());                         // an rpc error

  auto metrics = Request(server.port(), Get("/metrics"));
  ASSERT_TRUE(metrics);
  auto s = Samples(metrics->body);
  EXPECT_EQ(s[R"(signet_mcp_tool_calls_total{outcome="ok",tool="signet_store"})"], 1);
  EXPECT_EQ(s[R"(signet_mcp_tool_calls_total{outcome="tool_error",tool="signet_store"})"], 1);
  EXPECT_EQ(s[R"(signet_mcp_tool_calls_total{outcome="rpc_error",tool="other"})"], 1);
  EXPECT_EQ(s[R"(signet_mcp_tool_call_duration_seconds_count{tool="signet_store"})"], 2);
  // Policy decisions by effect: all three series exist from the start.
  for (const char* effect : {"permit", "deny", "anomaly"}) {
    EXPECT_EQ(s.count(std::string("signet_policy_decisions_total{effect=\"") + effect + "\"}"), 1u)
        << effect;
  }
  double record_calls = 0;
  for (const auto& [k, v] : s) {
    if (k.starts_with("signet_storage_operation_duration_seconds_count{") &&
        k.find(R"(store="records")") != std::string::npos) {
      record_calls += v;
    }
  }
  EXPECT_GE(record_calls, 1);  // the stored note
  EXPECT_GE(s[R"(signet_storage_operation_duration_seconds_count{op="increment",store="state"})"],
            1);  // the rate limiter writes its (batched) counts
  EXPECT_EQ(s[R"(signet_tenants{status="active"})"], 1);
  EXPECT_EQ(s[R"(signet_tenants{status="suspended"})"], 0);
  EXPECT_EQ(s.count(R"(signet_webhook_deliveries_total{outcome="delivered"})"), 1u);
  static const std::regex kTenantId("t_[0-9a-f]{20}");
  for (const auto& [k, v] : s) {
    EXPECT_FALSE(std::regex_search(k, kTenantId)) << "tenant id in a label: " << k;
    EXPECT_GE(v, 0) << k;
  }
}

TEST(LimitsE2eTest, TenantQuotasRefuseNewNotesAsToolErrorsAndKeepStoredOnes) {
  TempDir dir;
  ServerProcess server({.extra_yaml = "mcp:\n  auth: none\nlimits:\n  tenant_records: 2\n"
                                      "  tenant_bytes: 20\n"});
  ASSERT_EQ(InitVault(dir, server).exit_code, 0);
  ASSERT_TRUE(server.Start()) << server.Log();
  auto init = Request(server.port(), PostMcp(kInitialize));
  ASSERT_TRUE(init && init->status == 200);
  const std::string session = init->Header("mcp-session-id");
  int id = 2;
  auto call = [&](const std::string& tool, const json& args) {
    auto r = Request(server.port(), PostMcp(ToolCall(id++, tool, args), session));
    EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no response");
    return r ? json::parse(r->body, nullptr, false) : json();
  };
  auto store = [&](const std::string& key, const std::string& value) {
    return call("signet_store", {{"key", key}, {"value", value}, {"tier", 1}});
  };
  auto refused_by_quota = [](const json& reply) {
    const json& result = reply["result"];
    return result.value("isError", false) &&
           result["structuredContent"].value("code", "") == "resource_exhausted";
  };
  EXPECT_FALSE(store("a", "12345")["result"].value("isError", true));
  const json too_big = store("b", std::string(16, 'x'));  // 5 + 16 > 20 bytes
  EXPECT_TRUE(refused_by_quota(too_big)) << too_big.dump();
  EXPECT_FALSE(store("b", "12345")["result"].value("isError", true));
  const json third = store("c", "1");  // a third record
  EXPECT_TRUE(refused_by_quota(third)) << third.dump();
  EXPECT_NE(third["result"]["content"][0].value("text", "").find("quota"), std::string::npos);
  EXPECT_FALSE(store("a", "54321")["result"].value("isError", true));  // overwrite: no new record

  const json listed = call("signet_list", json::object());
  std::set<std::string> keys;
  for (const json& note : listed["result"]["structuredContent"]["notes"]) {
    keys.insert(note.value("key", ""));
  }
  EXPECT_EQ(keys, (std::set<std::string>{"a", "b"})) << listed.dump();
  auto metrics = Request(server.port(), Get("/metrics"));
  ASSERT_TRUE(metrics);
  auto samples = Samples(metrics->body);
  EXPECT_EQ(samples[R"(signet_mcp_tool_calls_total{outcome="quota",tool="signet_store"})"], 2);
}

}  // namespace
}  // namespace signet::e2e
