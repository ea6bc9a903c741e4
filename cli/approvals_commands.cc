#include "cli/approvals_commands.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/config_loading.h"
#include "cli/owner_client.h"
#include "cli/vault_commands.h"
#include "cli/vault_env.h"
#include "notify/approver.h"
#include "notify/url.h"
#include "policy/time_window.h"
#include "server/approval_settings.h"
#include "server/webhook_client.h"

namespace signet::cli {
namespace {

using nlohmann::json;

constexpr size_t kMaxPayloadFile = size_t{256} << 10;

// Session is what every subcommand sets up: holder secrets, the server and a client. It needs
// only the holder directory, so it works for a tenant on a hosted server as well as on the
// owner's own server.
struct Session {
  const Clock* clock = &SystemClock::Default();
  std::optional<vault::HolderSecrets> secrets;
  TenantId tenant;
  std::string server;  // origin, e.g. http://127.0.0.1:3000
  std::unique_ptr<server::WebhookClient> client;
};

FlagSpec Spec() {
  FlagSpec s;
  for (const char* f : kConfigFlags) s.with_value.insert(f);
  for (const char* f : {"passphrase-file", "server", "payload-file", "note", "scope", "ca-file"}) {
    s.with_value.insert(f);
  }
  s.boolean = {"json", "remember"};
  return s;
}

Result<Session> OpenSession(const Args& args) {
  Session s;
  auto config = LoadConfig(args);
  if (!config) return std::move(config).error();
  vault::HolderStore holder(server::HolderDir(*config), *s.clock, HolderKdf(*config));
  auto secrets = OpenHolderSecrets(holder, args);
  if (!secrets) return std::move(secrets).error();
  s.secrets.emplace(std::move(*secrets));
  s.tenant = vault::TenantIdFor(s.secrets->root.DeriveDelegatedKeyring().identity().public_key());
  auto settings = server::ApprovalsSettingsFor(*config);
  if (!settings) return std::move(settings).error();
  s.server = args.Get("server").value_or(settings->public_url);
  auto url = notify::ParseWebhookUrl(s.server);
  if (!url) return url.error().WithContext("--server");
  s.server = url->Origin();
  auto client = OwnerHttpClient(args.Get("ca-file").value_or(settings->client.ca_file));
  if (!client) return std::move(client).error();
  s.client = std::move(*client);
  return s;
}

// OwnerGet performs a device-signed GET and parses the JSON answer.
Result<json> OwnerGet(Session& s, const std::string& target) {
  auto call = SignedOwnerCall(s.server, s.secrets->device, s.tenant, "GET", target, "",
                              s.clock->UnixSeconds());
  if (!call) return std::move(call).error();
  auto reply = notify::SendAndWait(*s.client, *call);
  if (!reply) return std::move(reply).error();
  json j = json::parse(reply->body, nullptr, false);
  if (reply->status != 200) {
    const std::string detail = j.is_object() && j.contains("detail") && j["detail"].is_string()
                                   ? j["detail"].get<std::string>()
                                   : "HTTP " + std::to_string(reply->status);
    return reply->status == 404 ? NotFound(detail) : FailedPrecondition("server: " + detail);
  }
  if (j.is_discarded() || !j.is_object()) return DataLoss("server answered with malformed JSON");
  return j;
}

Result<std::string> ReadPayloadFile(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path);
    if (!in) return NotFound("cannot read " + path);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (text.size() > kMaxPayloadFile) return TooLarge("payload file too large");
  return text;
}

// FetchPayload returns the request's payload, from --payload-file or the server.
Result<notify::ApprovalPayload> FetchPayload(Session& s, const Args& args, const std::string& id) {
  std::string text;
  if (auto file = args.Get("payload-file")) {
    auto t = ReadPayloadFile(*file);
    if (!t) return std::move(t).error();
    text = std::move(*t);
  } else {
    auto j = OwnerGet(s, "/approvals/" + id);
    if (!j) return std::move(j).error();
    if (!j->contains("payload")) {
      return FailedPrecondition("request " + id + " is " +
                                (*j)["status"].value("state", std::string("decided")));
    }
    text = (*j)["payload"].dump();
  }
  auto payload = notify::ParsePayload(text);
  if (!payload) return std::move(payload).error();
  if (payload->request_id != id) return InvalidArgument("the payload is for another request");
  if (!SameOrigin(payload->callback_url, s.server)) {
    return PermissionDenied("the payload's callback URL is not this server (" + s.server + ")");
  }
  return payload;
}

std::string Items(const std::vector<notify::ScopeItem>& scope) {
  std::string out;
  for (const auto& i : scope) out += (out.empty() ? "" : ", ") + i.Key();
  return out;
}

int Emit(const Args& args, const json& j, const std::string& text) {
  if (args.Has("json")) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << text << (text.empty() || text.back() == '\n' ? "" : "\n");
  }
  return kExitOk;
}

int CmdList(const Args& args) {
  if (!args.positional().empty()) return UsageError("list takes no arguments");
  auto s = OpenSession(args);
  if (!s) return Failure(s.error());
  auto j = OwnerGet(*s, "/approvals?limit=100");
  if (!j) return Failure(j.error());
  std::string text;
  const int64_t now = s->clock->UnixSeconds();
  for (const json& entry : (*j)["approvals"]) {
    if (!entry.contains("payload")) continue;
    auto p = notify::ParsePayload(entry["payload"].dump());
    if (!p) continue;
    text += p->request_id + "  " + std::string(notify::ApprovalKindName(p->kind)) + "  " +
            p->report.actor_id + " -> " + p->report.predicate.attribute + "  [" + Items(p->scope) +
            "]  " + std::to_string(std::max<int64_t>(p->deadline - now, 0)) + "s left\n";
  }
  if (text.empty()) text = "no pending approval requests";
  return Emit(args, *j, text);
}

int CmdShow(const Args& args) {
  if (args.positional().size() != 1) return UsageError("expected: signet approvals show ID");
  auto s = OpenSession(args);
  if (!s) return Failure(s.error());
  auto payload = FetchPayload(*s, args, args.positional()[0]);
  if (!payload) return Failure(payload.error());
  const std::string text = DescribePayload(*payload, s->clock->UnixSeconds());
  const json j = {{"request_id", payload->request_id},
                  {"kind", notify::ApprovalKindName(payload->kind)},
                  {"deadline", payload->deadline},
                  {"description", text}};
  return Emit(args, j, text);
}

int CmdAnswer(const Args& args, notify::CallbackDecision decision) {
  if (args.positional().size() != 1) return UsageError("expected a request id");
  notify::ApproverAnswer answer{decision, {}, args.Get("note").value_or(""), args.Has("remember")};
  if (decision == notify::CallbackDecision::kModify) {
    auto scope = ParseScopeList(args.Get("scope").value_or(""));
    if (!scope)
      return UsageError("modify needs --scope label#index[,...]: " + scope.error().message());
    answer.scope = std::move(*scope);
  } else if (args.Get("scope")) {
    return UsageError("--scope is only for modify");
  }
  auto s = OpenSession(args);
  if (!s) return Failure(s.error());
  auto payload = FetchPayload(*s, args, args.positional()[0]);
  if (!payload) return Failure(payload.error());
  std::optional<vault::VaultIndex> index;
  if (auto env = VaultEnv::Open(args, false)) {  // a vault on this machine (self-hosted)
    if (auto v = (*env)->OpenVault()) {
      if (auto idx = (*v)->ReadIndex()) index.emplace(std::move(*idx));
    }
  }
  auto body = notify::BuildAnswer(*payload, answer, &*s->secrets, index ? &*index : nullptr);
  if (!body) return Failure(body.error());
  auto call = notify::SignCallback(*payload, *body, s->clock->UnixSeconds());
  if (!call) return Failure(call.error());
  auto reply = notify::SendAndWait(*s->client, *call);
  if (!reply) return Failure(reply.error());
  json j = json::parse(reply->body, nullptr, false);
  if (reply->status != 200 || !j.is_object() || !j.contains("status")) {
    const std::string detail = j.is_object() && j.contains("detail") && j["detail"].is_string()
                                   ? j["detail"].get<std::string>()
                                   : "HTTP " + std::to_string(reply->status);
    return Failure(FailedPrecondition("the server refused the answer: " + detail));
  }
  const json& st = j["status"];
  return Emit(args, st,
              payload->request_id + ": " + st.value("state", std::string("?")) +
                  (st.value("modified", false) ? " (modified)" : "") +
                  (body->device && !body->device->keys.empty()
                       ? ", " + std::to_string(body->device->keys.size()) + " key(s) released"
                       : ""));
}

}  // namespace

Result<std::vector<std::string>> ParseScopeList(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const size_t hash = item.rfind('#');
    if (hash == std::string_view::npos || hash == 0 || hash + 1 == item.size() ||
        item.substr(hash + 1).find_first_not_of("0123456789") != std::string_view::npos) {
      return InvalidArgument("'" + std::string(item) + "' is not label#index");
    }
    out.emplace_back(item);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  if (out.empty()) return InvalidArgument("empty scope");
  return out;
}

bool SameOrigin(std::string_view a, std::string_view b) {
  auto ua = notify::ParseWebhookUrl(a);
  auto ub = notify::ParseWebhookUrl(b);
  return ua && ub && ua->Origin() == ub->Origin();
}

std::string DescribePayload(const notify::ApprovalPayload& p, int64_t now) {
  const auto& r = p.report;
  std::ostringstream o;
  o << "request " << p.request_id << " (" << notify::ApprovalKindName(p.kind) << ")\n"
    << "who:   " << r.actor_id << (r.actor_domain.empty() ? "" : " (" + r.actor_domain + ")")
    << ", role " << policy::RoleName(r.classification.role) << " by "
    << policy::MethodName(r.classification.method) << ", confidence " << r.classification.confidence
    << "%\n"
    << "what:  " << policy::OperationName(r.predicate.operation) << " " << r.predicate.attribute
    << " (tier " << static_cast<int>(r.predicate.tier) << ")"
    << (r.purpose.empty() ? "" : " for " + r.purpose)
    << (r.destination_domain.empty() ? "" : " -> " + r.destination_domain) << "\n"
    << "scope: " << Items(p.scope) << "\n"
    << "why:   " << r.Summary() << " [severity " << policy::SeverityName(r.severity) << "]\n"
    << "options: approve, deny" << (notify::ModifyAllowed(p.scope.size()) ? ", modify --scope" : "")
    << (p.device_signature_required ? "  (approving releases Tier-3 keys from this device)" : "")
    << "\n"
    << "deadline: " << policy::FormatRfc3339(p.deadline);
  if (now > 0) o << " (" << std::max<int64_t>(p.deadline - now, 0) << "s left)";
  return o.str();
}

int RunApprovalsCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return UsageError("expected: signet approvals list|show|approve|deny|modify");
  const std::string& sub = argv[0];
  auto args = Args::Parse({argv.begin() + 1, argv.end()}, Spec());
  if (!args) return UsageError(args.error().message());
  if (sub == "list") return CmdList(*args);
  if (sub == "show") return CmdShow(*args);
  if (sub == "approve") return CmdAnswer(*args, notify::CallbackDecision::kApprove);
  if (sub == "deny") return CmdAnswer(*args, notify::CallbackDecision::kDeny);
  if (sub == "modify") return CmdAnswer(*args, notify::CallbackDecision::kModify);
  return UsageError("unknown approvals command '" + sub + "'");
}

}  // namespace signet::cli
