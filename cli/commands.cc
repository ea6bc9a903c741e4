#include "cli/commands.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "base/allocator.h"
#include "cli/agent_commands.h"
#include "cli/approvals_commands.h"
#include "cli/tenant_commands.h"
#include "cli/args.h"
#include "cli/config_loading.h"
#include "cli/credential_commands.h"
#include "cli/owner_client.h"
#include "cli/policy_vault.h"
#include "cli/vault_commands.h"
#include "server/app.h"
#include "server/config.h"
#include "server/mcp_stdio.h"
#include "server/storage_factory.h"

namespace signet::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: signet <command> [flags]\n"
    "\n"
    "commands:\n"
    "  serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--transport http|stdio]\n"
    "                        run the HTTP server (default 127.0.0.1:3000, data in ./data);\n"
    "                        --transport stdio serves MCP on stdin/stdout for a local client\n"
    "  config check FILE     validate a configuration file and print the effective settings\n"
    "  migrate [--config FILE] apply pending storage migrations (also automatic on start)\n"
    "\n"
    "vault (embedded backend; add --json for machine-readable output):\n"
    "  init [--passphrase-file F] [--bip39-passphrase-file F] [--device-name N]\n"
    "                        create the vault; shows the 24 recovery words once\n"
    "  recover [--words-file F] [--passphrase-file F]   rebuild this device from the words\n"
    "  unlock [--passphrase-file F] [--ttl 15m]        start a session: export SIGNET_SESSION\n"
    "  lock                  end every session on this device\n"
    "  store --label L [--index N | --append] [--tier 1|2|3] (--value V | --file F)\n"
    "  get --label L [--index N] [--purpose P]\n"
    "  list | delete --label L [--index N]\n"
    "  audit verify | audit list [--from N] [--limit N]\n"
    "  keys show             public keys only\n"
    "  device request [--name N] | add CODE | join PACKAGE | list | remove ID | sync\n"
    "                        add a holder device (the root is handed over sealed to it);\n"
    "                        removing one moves the vault to a new root\n"
    "  vault erase [--yes]   delete every record, then destroy the keys\n"
    "  (Tier-3 records and erase need the root: SIGNET_SESSION, --passphrase-file or a prompt)\n"
    "\n"
    "policy (rules and pattern counters are kept in the vault):\n"
    "  policy show [--json] | set FILE|- [--dry-run] | test REQUEST|- [--json] [--policy FILE]\n"
    "  policy suggestions [--json] [--apply RULE_ID]\n"
    "                        rules suggested by the owner's past answers; never applied silently\n"
    "  credential issue --label L[,L...] [--derive age_over_21,...] (--holder-key FILE |\n"
    "        --holder-jwk JSON | --new-holder-key FILE) [--vct URN] [--ttl 720h] [--out FILE]\n"
    "  credential list | revoke ID\n"
    "                        SD-JWT VCs signed by the vault; revocation flips a status list bit\n"
    "  present --credential FILE --holder-key FILE --audience A --nonce N [--claims C,...]\n"
    "  verify --presentation FILE --audience A --nonce N [--claims C,...] [--server URL]\n"
    "  approvals list|show|approve|deny|modify [ID] [--scope label#i,...] [--note N]\n"
    "                        answer approval requests (Tier 3 releases keys from this device)\n"
    "  agent pair [--name N] [--ttl 10m] | approve CODE [--name N] | list [--json] | revoke ID\n"
    "                        MCP agent sessions: a pairing code for the consent page of\n"
    "                        /authorize or approval of the code it shows (--server: signed\n"
    "                        by this device), the OAuth grants, revocation\n"
    "  init --server URL [--invite-file F]\n"
    "                        create the vault root here, register it with a hosted server\n"
    "  tenant suspend|resume|export [--out F]|delete --yes [--server URL]\n"
    "                        the owner's tenant on a hosted server (device-signed)\n"
    "  tenant invite [--ttl 24h] | list [--json]\n"
    "                        operator: a single-use sign-up code; the tenants\n"
    "  probe [URL] [--timeout 3s]\n"
    "                        health check for containers: GET URL (default\n"
    "                        http://127.0.0.1:3000/readyz); exit 0 on 2xx, else 1\n"
    "  version [--json]      print the version\n"
    "  help                  print this help\n"
    "\n"
    "Configuration: YAML via --config (or SIGNET_CONFIG), overridden by SIGNET_* environment\n"
    "variables (e.g. SIGNET_SERVER__LISTEN, SIGNET_DATA_DIR), overridden by flags.\n";

int Usage(std::string_view error) {
  if (!error.empty()) std::cerr << "signet: " << error << "\n\n";
  std::cerr << kUsage;
  return kExitUsage;
}

int Fail(const Error& e) {
  std::cerr << "signet: " << e.message() << "\n";
  return kExitFailure;
}

int CmdServe(const std::vector<std::string>& argv) {
  auto args = Args::Parse(
      argv,
      {.with_value = {"config", "listen", "data-dir", "holder-dir", "transport"}, .boolean = {}});
  if (!args) return Usage(args.error().message());
  if (!args->positional().empty()) return Usage("serve takes no arguments");
  const std::string transport = args->Get("transport").value_or("http");
  if (transport != "http" && transport != "stdio") return Usage("--transport is http or stdio");
  auto config = LoadConfig(*args);
  if (!config) return Fail(config.error());
  Status s = transport == "stdio" ? server::ServeMcpStdio(*config) : server::Serve(*config);
  if (!s.ok()) return Fail(s.error());
  return kExitOk;
}

int CmdMigrate(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {.with_value = {"config", "data-dir"}, .boolean = {}});
  if (!args) return Usage(args.error().message());
  if (!args->positional().empty()) return Usage("migrate takes no arguments");
  auto config = LoadConfig(*args);
  if (!config) return Fail(config.error());
  auto applied = server::MigrateStorage(*config);
  if (!applied) return Fail(applied.error());
  std::cout << "applied " << *applied << " migration(s) to the " << config->storage.kind
            << " backend\n";
  return kExitOk;
}

int CmdConfig(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {});
  if (!args) return Usage(args.error().message());
  const auto& pos = args->positional();
  if (pos.size() != 2 || pos[0] != "check") return Usage("expected: signet config check FILE");
  server::Config config;
  if (Status s = server::ConfigLoader::LoadYamlFile(pos[1], &config); !s.ok()) return Fail(s.error());
  if (Status s = server::ConfigLoader::Validate(config); !s.ok()) return Fail(s.error());
  std::cout << pos[1] << ": ok\n" << server::Describe(config);
  return kExitOk;
}

// CmdProbe is the health check of a container whose image has no shell or HTTP client: GET the
// URL and exit 0 on a 2xx answer, 1 (one line on stderr) on anything else, 2 on bad usage.
int CmdProbe(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {.with_value = {"timeout"}, .boolean = {}});
  if (!args) return Usage(args.error().message());
  if (args->positional().size() > 1) return Usage("probe takes at most one URL");
  const std::string url =
      args->positional().empty() ? "http://127.0.0.1:3000/readyz" : args->positional()[0];
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return Usage("probe: the URL must start with http:// or https://");
  }
  auto timeout = server::ParseDuration(args->Get("timeout").value_or("3s"));
  if (!timeout || *timeout < std::chrono::milliseconds(100) || *timeout > std::chrono::minutes(1)) {
    return Usage("probe: --timeout must be between 100ms and 1m");
  }
  auto client = OwnerHttpClient("");  // the operator's own server: loopback, private, http
  if (!client) return Failure(client.error());
  notify::HttpCall call;
  call.method = "GET";
  call.url = url;
  call.timeout = *timeout;
  auto reply = notify::SendAndWait(**client, std::move(call));
  (*client)->Shutdown();
  if (!reply) return Failure(Unavailable("probe " + url + ": " + reply.error().message()));
  if (reply->status < 200 || reply->status > 299) {
    return Failure(Unavailable("probe " + url + ": HTTP " + std::to_string(reply->status)));
  }
  return kExitOk;
}

int CmdVersion(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {.with_value = {}, .boolean = {"json"}});
  if (!args) return Usage(args.error().message());
  if (!args->positional().empty()) return Usage("version takes no arguments");
  const auto info = server::GetBuildInfo();
  if (args->Has("json")) {
    std::cout << "{\"version\":\"" << info.version << "\",\"commit\":\"" << info.commit
              << "\",\"allocator\":\"" << AllocatorName() << "\"}\n";
  } else {
    std::cout << "signet " << info.version << " (" << info.commit << "; " << AllocatorName()
              << ")\n";
  }
  return kExitOk;
}

}  // namespace

int Main(const std::vector<std::string>& args) {
  if (args.empty()) return Usage("missing command");
  const std::string& cmd = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (cmd == "serve") return CmdServe(rest);
  if (cmd == "config") return CmdConfig(rest);
  if (cmd == "migrate") return CmdMigrate(rest);
  if (cmd == "version" || cmd == "--version") return CmdVersion(rest);
  if (cmd == "probe") return CmdProbe(rest);
  if (auto code = RunVaultCommand(cmd, rest)) return *code;
  if (cmd == "approvals") return RunApprovalsCommand(rest);
  if (cmd == "tenant") return RunTenantCommand(rest);
  if (cmd == "agent") return RunAgentCommand(rest);
  if (cmd == "policy") return RunPolicyVaultCommand(rest);
  if (auto code = RunCredentialCommand(cmd, rest)) return *code;
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::cout << kUsage;
    return kExitOk;
  }
  return Usage("unknown command '" + cmd + "'");
}

}  // namespace signet::cli
