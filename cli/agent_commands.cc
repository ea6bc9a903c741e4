#include "cli/agent_commands.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "api/oauth_store.h"
#include "cli/commands.h"
#include "cli/config_loading.h"
#include "cli/tenant_commands.h"
#include "cli/vault_commands.h"
#include "cli/vault_env.h"
#include "credentials/time_format.h"

namespace signet::cli {
namespace {

using nlohmann::json;

FlagSpec Spec() {
  FlagSpec s;
  for (const char* f : kConfigFlags) s.with_value.insert(f);
  for (const char* f : {"name", "ttl", "server", "ca-file", "passphrase-file"}) {
    s.with_value.insert(f);
  }
  s.boolean = {"json"};
  return s;
}

// PairArgs are the checked --name and --ttl of `agent pair`.
struct PairArgs {
  std::string name;
  std::chrono::milliseconds ttl;
};

std::optional<PairArgs> ParsePairArgs(const Args& args) {
  const std::string name = args.Get("name").value_or("mcp");
  if (!api::IsAgentName(name)) {
    UsageError("--name must be 1-32 of [a-z0-9_-]");
    return std::nullopt;
  }
  auto ttl = server::ParseDuration(args.Get("ttl").value_or("10m"));
  if (!ttl || *ttl < std::chrono::minutes(1) || *ttl > std::chrono::hours(24)) {
    UsageError("--ttl must be a duration between 1m and 24h");
    return std::nullopt;
  }
  return PairArgs{name, *ttl};
}

void PrintPairing(const Args& args, const std::string& code, const std::string& agent,
                  int64_t expires) {
  if (args.Has("json")) {
    std::cout << json{{"pairing_code", code},
                      {"agent", agent},
                      {"expires_at", credentials::FormatRfc3339(expires)}}
                     .dump()
              << "\n";
  } else {
    std::cout << "pairing code: " << code << "\n"
              << "agent: " << agent << " (single use, expires "
              << credentials::FormatRfc3339(expires) << ")\n";
  }
}

// PairRemote asks a hosted server for a pairing code with a device-signed owner request.
int PairRemote(const Args& args) {
  auto p = ParsePairArgs(args);
  if (!p) return kExitUsage;
  const std::string body =
      json{{"name", p->name}, {"ttl_seconds", p->ttl.count() / 1000}}.dump();
  auto answer = OwnerRequest(args, "POST", "/pairing-codes", body);
  if (!answer) return Failure(answer.error());
  PrintPairing(args, answer->value("pairing_code", ""), answer->value("agent", ""),
               answer->value("expires_at", int64_t{0}));
  return kExitOk;
}

int Pair(VaultEnv& env, const Args& args) {
  auto p = ParsePairArgs(args);
  if (!p) return kExitUsage;
  const std::string& name = p->name;
  const auto* ttl = &p->ttl;
  auto tenant = env.Tenant();
  if (!tenant) return Failure(tenant.error());
  api::OAuthStore store(env.storage().state(), env.clock());
  auto code = store.CreatePairingCode(tenant->id, name, *ttl);
  if (!code) return Failure(code.error());
  const int64_t expires = env.clock().UnixSeconds() + ttl->count() / 1000;
  PrintPairing(args, *code, "agent:" + name, expires);
  return kExitOk;
}

// PrintApproval shows what the owner approved, and what to do next.
void PrintApproval(const Args& args, const json& approved) {
  if (args.Has("json")) {
    std::cout << approved.dump() << "\n";
    return;
  }
  const std::string name = approved.value("client_name", "");
  std::cout << "approved: " << (name.empty() ? "an unnamed client" : name) << " ("
            << approved.value("client_id", "") << ")\n"
            << "returns to: " << approved.value("redirect_host", "") << "\n"
            << "scope: " << approved.value("scope", "") << "\n"
            << "agent: " << approved.value("agent", "") << "\n"
            << "now press Approve on the consent page (pairing code left empty)\n";
}

// ApproveRemote approves a pending authorization on a hosted server with a device-signed owner
// request.
int ApproveRemote(const Args& args, const std::string& code, const std::string& name) {
  auto answer = OwnerRequest(args, "POST", "/authorizations",
                             json{{"approval_code", code}, {"name", name}}.dump());
  if (!answer) return Failure(answer.error());
  PrintApproval(args, *answer);
  return kExitOk;
}

int Approve(VaultEnv& env, const Args& args, const std::string& code, const std::string& name) {
  auto tenant = env.Tenant();
  if (!tenant) return Failure(tenant.error());
  api::OAuthStore store(env.storage().state(), env.clock());
  auto approved = store.ApproveRequest(code, tenant->id, name);
  if (!approved) return Failure(approved.error());
  PrintApproval(args, api::ApprovalJson(*approved));
  return kExitOk;
}

json GrantJson(const api::AgentGrant& g) {
  json j = {{"id", g.id},
            {"agent", api::GrantAgentId(g)},
            {"client_id", g.client_id},
            {"client_name", g.client_name},
            {"scope", g.scope},
            {"dpop_bound", !g.jkt.empty()},
            {"created", credentials::FormatRfc3339(g.created)},
            {"expires_at", credentials::FormatRfc3339(g.expires_at)}};
  if (g.refreshed != 0) j["last_refresh"] = credentials::FormatRfc3339(g.refreshed);
  return j;
}

int List(VaultEnv& env, const Args& args) {
  auto tenant = env.Tenant();
  if (!tenant) return Failure(tenant.error());
  api::OAuthStore store(env.storage().state(), env.clock());
  auto grants = store.ListGrants(tenant->id);
  if (!grants) return Failure(grants.error());
  if (args.Has("json")) {
    json out = json::array();
    for (const api::AgentGrant& g : *grants) out.push_back(GrantJson(g));
    std::cout << out.dump() << "\n";
    return kExitOk;
  }
  if (grants->empty()) std::cout << "no agent sessions\n";
  for (const api::AgentGrant& g : *grants) {
    std::cout << g.id << "  " << api::GrantAgentId(g) << "  "
              << (g.client_name.empty() ? g.client_id : g.client_name) << "  [" << g.scope << "]"
              << (g.jkt.empty() ? "" : "  dpop") << "  created "
              << credentials::FormatRfc3339(g.created) << "  expires "
              << credentials::FormatRfc3339(g.expires_at) << "\n";
  }
  return kExitOk;
}

int Revoke(VaultEnv& env, const std::string& id) {
  auto tenant = env.Tenant();
  if (!tenant) return Failure(tenant.error());
  api::OAuthStore store(env.storage().state(), env.clock());
  auto grant = store.GetGrant(id);
  if (!grant) return Failure(grant.error());
  if (!*grant || (*grant)->tenant != tenant->id.value()) {
    return Failure(NotFound("no agent session " + id + " in this vault"));
  }
  auto removed = store.RevokeGrant(id);
  if (!removed) return Failure(removed.error());
  std::cout << "revoked " << id << "\n";
  return kExitOk;
}

}  // namespace

int RunAgentCommand(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec());
  if (!args) return UsageError(args.error().message());
  const auto& pos = args->positional();
  if (pos.empty()) return UsageError("expected: signet agent pair|approve|list|revoke");
  const std::string& sub = pos[0];
  if (sub == "revoke" && pos.size() != 2) return UsageError("expected: signet agent revoke ID");
  if (sub == "approve" && pos.size() != 2) {
    return UsageError("expected: signet agent approve APPROVAL-CODE [--name NAME]");
  }
  if (sub != "revoke" && sub != "approve" && pos.size() != 1) {
    return UsageError("too many arguments");
  }
  if (sub != "pair" && sub != "approve" && sub != "list" && sub != "revoke") {
    return UsageError("unknown agent command '" + sub + "'");
  }
  const std::string name = args->Get("name").value_or("mcp");
  if (sub == "approve") {
    if (!api::IsAgentName(name)) return UsageError("--name must be 1-32 of [a-z0-9_-]");
    if (api::NormalizePairingCode(pos[1]).empty()) {
      return UsageError("an approval code is 12 characters: XXXX-XXXX-XXXX");
    }
    if (args->Has("server")) return ApproveRemote(*args, pos[1], name);
  }
  if (sub == "pair" && args->Has("server")) return PairRemote(*args);
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  if (sub == "pair") return Pair(**env, *args);
  if (sub == "approve") return Approve(**env, *args, pos[1], name);
  if (sub == "list") return List(**env, *args);
  return Revoke(**env, pos[1]);
}

}  // namespace signet::cli
