#include "cli/tenant_commands.h"

#include <fstream>
#include <iostream>

#include "api/tenant_lifecycle.h"
#include "base/encoding.h"
#include "cli/commands.h"
#include "cli/config_loading.h"
#include "cli/owner_client.h"
#include "cli/prompt.h"
#include "cli/vault_commands.h"
#include "cli/vault_env.h"
#include "notify/approver.h"
#include "notify/url.h"
#include "server/config.h"
#include "server/webhook_client.h"

namespace signet::cli {
namespace {

using nlohmann::json;

constexpr std::string_view kUsage =
    "usage: signet tenant suspend|resume|export|delete --server URL [--out FILE] [--yes]\n"
    "       signet tenant invite [--ttl 24h] | list [--json]";

FlagSpec Spec() {
  FlagSpec s;
  for (const char* f : kConfigFlags) s.with_value.insert(f);
  for (const char* f : {"passphrase-file", "server", "ca-file", "out", "ttl"}) {
    s.with_value.insert(f);
  }
  s.boolean = {"json", "yes"};
  return s;
}

Result<std::string> Origin(const std::string& url) {
  auto parsed = notify::ParseWebhookUrl(url);
  if (!parsed) return parsed.error().WithContext("--server");
  return parsed->Origin();
}

// Call sends one request and returns the JSON answer; a problem answer becomes an error.
Result<json> Call(server::WebhookClient& client, notify::HttpCall call) {
  auto reply = notify::SendAndWait(client, call);
  if (!reply) return std::move(reply).error();
  json j = json::parse(reply->body, nullptr, false);
  if (reply->status / 100 != 2) {
    const std::string detail = j.is_object() && j.contains("detail") && j["detail"].is_string()
                                   ? j["detail"].get<std::string>()
                                   : "HTTP " + std::to_string(reply->status);
    const std::string msg = "server: " + detail + " (HTTP " + std::to_string(reply->status) + ")";
    if (reply->status == 409) return AlreadyExists(msg);
    if (reply->status == 401) return Unauthenticated(msg);
    if (reply->status == 403) return PermissionDenied(msg);
    return FailedPrecondition(msg);
  }
  if (j.is_discarded() || !j.is_object()) return DataLoss("server answered with malformed JSON");
  return j;
}

// OwnerCall sends an owner request and prints the answer (or writes it to --out).
int OwnerCall(const Args& args, const std::string& method, const std::string& suffix) {
  auto answer = OwnerRequest(args, method, suffix, "");
  if (!answer) return Failure(answer.error());
  if (auto out = args.Get("out")) {
    std::ofstream f(*out, std::ios::binary | std::ios::trunc);
    f << answer->dump();
    if (!f.flush()) return Failure(Unavailable("cannot write " + *out));
    std::cout << "exported tenant " << answer->value("tenant", "") << " to " << *out << "\n";
    return kExitOk;
  }
  std::cout << answer->dump() << "\n";
  return kExitOk;
}

int Invite(const Args& args) {
  auto ttl = server::ParseDuration(args.Get("ttl").value_or("24h"));
  if (!ttl) return UsageError("--ttl: " + ttl.error().message());
  auto env = VaultEnv::Open(args, /*create_kek=*/true);
  if (!env) return Failure(env.error());
  auto code = api::CreateInvite((*env)->storage().state(), *ttl);
  if (!code) return Failure(code.error());
  std::cout << *code << "\n";
  return kExitOk;
}

int List(const Args& args) {
  auto env = VaultEnv::Open(args, /*create_kek=*/false);
  if (!env) return Failure(env.error());
  auto all = (*env)->tenants().List();
  if (!all) return Failure(all.error());
  json out = json::array();
  for (const auto& t : *all) {
    out.push_back({{"tenant", t.id.value()}, {"status", t.status}, {"created", t.created}});
  }
  if (args.Has("json")) {
    std::cout << out.dump() << "\n";
  } else {
    for (const auto& t : *all) std::cout << t.id.value() << "  " << t.status << "\n";
  }
  return kExitOk;
}

}  // namespace

Result<json> RegisterRemote(const std::string& server, const vault::RootKey& root,
                            const vault::DeviceKeys& device,
                            const std::optional<std::string>& invite,
                            const std::optional<std::string>& ca_file) {
  auto origin = Origin(server);
  if (!origin) return std::move(origin).error();
  auto client = OwnerHttpClient(ca_file.value_or(""));
  if (!client) return std::move(client).error();
  const crypto::SecretBytes keyring =
      root.DeriveDelegatedKeyring().Serialize(crypto::SecretAccess::Get());
  json body = {{"keyring", Base64UrlEncode(keyring.Reveal(crypto::SecretAccess::Get()))},
               {"device",
                {{"id", device.id},
                 {"name", device.name},
                 {"ed25519_public", HexEncode(device.signing.public_key().bytes())},
                 {"x25519_public", HexEncode(device.agreement.public_key().bytes())}}}};
  if (invite) body["invite"] = *invite;
  notify::HttpCall call;
  call.method = "POST";
  call.url = *origin + "/tenants";
  call.headers = {{"Content-Type", "application/json"}};
  call.body = body.dump();
  return Call(**client, std::move(call));
}

Result<json> OwnerRequest(const Args& args, const std::string& method, const std::string& suffix,
                          const std::string& body) {
  auto config = LoadConfig(args);
  if (!config) return std::move(config).error();
  vault::HolderStore holder(server::HolderDir(*config), SystemClock::Default(),
                            HolderKdf(*config));
  auto secrets = OpenHolderSecrets(holder, args);
  if (!secrets) return std::move(secrets).error();
  auto header = holder.ReadHeader();
  if (!header) return std::move(header).error();
  auto origin = Origin(args.Get("server").value_or(server::PublicBaseUrl(*config)));
  if (!origin) return std::move(origin).error();
  auto client = OwnerHttpClient(args.Get("ca-file").value_or(""));
  if (!client) return std::move(client).error();
  const TenantId tenant(header->tenant);
  auto call = SignedOwnerCall(*origin, secrets->device, tenant, method,
                              "/tenants/" + tenant.value() + suffix, body,
                              SystemClock::Default().UnixSeconds());
  if (!call) return std::move(call).error();
  return Call(**client, std::move(*call));
}

int RunTenantCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return UsageError(kUsage);
  const std::string& sub = argv[0];
  auto args = Args::Parse({argv.begin() + 1, argv.end()}, Spec());
  if (!args) return UsageError(args.error().message());
  if (sub == "suspend") return OwnerCall(*args, "POST", "/suspend");
  if (sub == "resume") return OwnerCall(*args, "POST", "/resume");
  if (sub == "export") return OwnerCall(*args, "GET", "/export");
  if (sub == "delete") {
    if (!args->Has("yes")) {
      return UsageError("tenant delete erases the vault on the server for good; add --yes");
    }
    return OwnerCall(*args, "DELETE", "");
  }
  if (sub == "invite") return Invite(*args);
  if (sub == "list") return List(*args);
  return UsageError(kUsage);
}

}  // namespace signet::cli
