// `signet present` and `signet verify`, and the helpers of the credential commands.

#include <fcntl.h>
#include <unistd.h>

#include <ctime>
#include <iostream>

#include "cli/config_loading.h"
#include "cli/credential_internal.h"
#include "cli/policy_commands.h"
#include "cli/vault_commands.h"
#include "cli/vault_env.h"
#include "credentials/sdjwt_present.h"
#include "credentials/verifier.h"
#include "notify/http_sender.h"
#include "server/credential_routes.h"
#include "server/webhook_client.h"

namespace signet::cli {
namespace {

using credentials::Json;

constexpr size_t kMaxInputBytes = size_t{512} << 10;

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

int CmdPresent(const Args& args) {
  if (!args.positional().empty()) return UsageError("present takes no arguments");
  for (const char* f : {"credential", "holder-key", "audience", "nonce"}) {
    if (!args.Has(f)) return UsageError(std::string("present needs --") + f);
  }
  auto credential = ReadInputFile(*args.Get("credential"));
  if (!credential) return Failure(credential.error());
  auto key_text = ReadInputFile(*args.Get("holder-key"));
  if (!key_text) return Failure(key_text.error());
  auto key = ParseHolderKey(*key_text);
  if (!key) return Failure(key.error());
  const credentials::Ed25519JwsSigner signer(*key);
  const credentials::sdjwt::KeyBinding kb{*args.Get("audience"), *args.Get("nonce"),
                                          static_cast<int64_t>(std::time(nullptr)), &signer};
  const std::vector<std::string> reveal = SplitList(args.Get("claims").value_or(""));
  auto presentation = credentials::sdjwt::Present(Trim(*credential), reveal, &kb);
  if (!presentation) return Failure(presentation.error());
  EmitResult(args, Json{{"presentation", *presentation}}, *presentation);
  return kExitOk;
}

Result<credentials::VerifyRequest> RequestFromArgs(const Args& args) {
  for (const char* f : {"presentation", "audience", "nonce"}) {
    if (!args.Has(f)) return InvalidArgument(std::string("verify needs --") + f);
  }
  auto presentation = ReadInputFile(*args.Get("presentation"));
  if (!presentation) return std::move(presentation).error();
  credentials::VerifyRequest req;
  req.presentation = Trim(*presentation);
  req.audience = *args.Get("audience");
  req.nonce = *args.Get("nonce");
  req.required_claims = SplitList(args.Get("claims").value_or(""));
  return req;
}

// VerifyLocally runs the server's verifier in-process over the configured storage.
Result<Json> VerifyLocally(const Args& args, const credentials::VerifyRequest& req) {
  auto env = VaultEnv::Open(args, false);
  if (!env) return std::move(env).error();
  auto cv = server::CredentialVerification::Create((*env)->config(), (*env)->storage(),
                                                   (*env)->tenants(), (*env)->clock());
  if (!cv) return std::move(cv).error();
  return credentials::VerifyResultToJson((*cv)->verifier().Verify(req));
}

bool IsLoopbackUrl(std::string_view url) {
  for (std::string_view p :
       {"http://127.", "http://localhost:", "http://localhost/", "http://[::1]"}) {
    if (url.starts_with(p)) return true;
  }
  return false;
}

// VerifyRemotely POSTs the request to <server>/verify.
Result<Json> VerifyRemotely(const std::string& server, const credentials::VerifyRequest& req) {
  std::string base = server;
  while (base.ends_with('/')) base.pop_back();
  if (!base.starts_with("https://") && !IsLoopbackUrl(base)) {
    return InvalidArgument("--server must be https:// (plain http only on loopback)");
  }
  server::WebhookClientOptions options;
  options.targets = {.allow_loopback = true, .allow_private = true};  // chosen by the user
  options.allow_http = IsLoopbackUrl(base);
  auto client = server::WebhookClient::Create(options);
  if (!client) return std::move(client).error();
  Json body = {
      {"presentation", req.presentation}, {"audience", req.audience}, {"nonce", req.nonce}};
  if (!req.required_claims.empty()) body["claims"] = req.required_claims;
  notify::HttpCall call;
  call.url = base + "/verify";
  call.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  call.body = body.dump();
  auto reply = notify::SendAndWait(**client, std::move(call));
  (*client)->Shutdown();
  if (!reply) return std::move(reply).error();
  Json verdict = Json::parse(reply->body, nullptr, false);
  if (reply->status != 200 || !verdict.is_object() || !verdict.contains("valid")) {
    return Unavailable(base + "/verify answered " + std::to_string(reply->status));
  }
  return verdict;
}

int CmdVerify(const Args& args) {
  if (!args.positional().empty()) return UsageError("verify takes no arguments");
  auto req = RequestFromArgs(args);
  if (!req) return UsageError(req.error().message());
  auto verdict =
      args.Has("server") ? VerifyRemotely(*args.Get("server"), *req) : VerifyLocally(args, *req);
  if (!verdict) return Failure(verdict.error());
  const bool valid = verdict->value("valid", false) == true;
  std::string text = valid ? "valid" : "invalid";
  if (valid) {
    text += " " + verdict->value("format", "") + " from " + verdict->value("issuer", "");
  } else if (verdict->contains("errors") && !(*verdict)["errors"].empty()) {
    const Json& e = (*verdict)["errors"][0];
    const std::string code = e.value("code", "");
    const std::string message = e.value("message", "");
    text += ": " + (message.starts_with(code) ? message : code + ": " + message);
  }
  EmitResult(args, *verdict, text);
  return valid ? kExitOk : kExitFailure;
}

}  // namespace

FlagSpec CredentialFlags(std::initializer_list<const char*> with_value) {
  FlagSpec s;
  for (const char* f : kConfigFlags) s.with_value.insert(f);
  for (const char* f : with_value) s.with_value.insert(f);
  s.boolean.insert("json");
  return s;
}

std::vector<std::string> SplitList(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

Result<std::string> ReadInputFile(const std::string& path) {
  return ReadFileOrStdin(path, kMaxInputBytes);
}

Status WritePrivateFile(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return InvalidArgument("cannot create '" + path + "' (it must not exist yet)");
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      return Unavailable("cannot write '" + path + "'");
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return Unavailable("cannot write '" + path + "'");
  return OkStatus();
}

void EmitResult(const Args& args, const Json& j, const std::string& text) {
  if (args.Has("json")) {
    std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  } else if (!text.empty()) {
    std::cout << text << (text.back() == '\n' ? "" : "\n");
  }
}

Json EntryJson(const IssuedCredential& c) {
  Json j = {{"id", c.id},
            {"vct", c.vct},
            {"holder", c.holder},
            {"claims", c.claims},
            {"issued_at", c.issued_at},
            {"expires_at", c.expires_at},
            {"status", {{"status_list", {{"uri", c.status_uri}, {"idx", c.status_index}}}}},
            {"revoked", c.revoked_at.has_value()}};
  if (c.revoked_at) j["revoked_at"] = *c.revoked_at;
  return j;
}

int RunPresent(const std::vector<std::string>& argv) {
  auto args = Args::Parse(
      argv, CredentialFlags({"credential", "holder-key", "audience", "nonce", "claims"}));
  if (!args) return UsageError(args.error().message());
  return CmdPresent(*args);
}

int RunVerify(const std::vector<std::string>& argv) {
  auto args =
      Args::Parse(argv, CredentialFlags({"presentation", "audience", "nonce", "claims", "server"}));
  if (!args) return UsageError(args.error().message());
  return CmdVerify(*args);
}

}  // namespace signet::cli
