#include "cli/commands.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "cli/args.h"
#include "server/app.h"
#include "server/config.h"

namespace signet::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: signet <command> [flags]\n"
    "\n"
    "commands:\n"
    "  serve [--config FILE] [--listen HOST:PORT] [--data-dir DIR]\n"
    "                        run the HTTP server (default 127.0.0.1:3000, data in ./data)\n"
    "  config check FILE     validate a configuration file and print the effective settings\n"
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

// LoadConfig applies the YAML file (if any), the environment and the flag overrides.
Result<server::Config> LoadConfig(const Args& args) {
  server::Config config;
  std::optional<std::string> file = args.Get("config");
  if (!file) {
    if (const char* env = std::getenv("SIGNET_CONFIG"); env != nullptr && *env != '\0') file = env;
  }
  if (file) {
    if (Status s = server::ConfigLoader::LoadYamlFile(*file, &config); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = server::ConfigLoader::ApplyEnvironment(server::ProcessEnvironment(), &config);
      !s.ok()) {
    return std::move(s).error();
  }
  static constexpr std::pair<std::string_view, std::string_view> kFlagKeys[] = {
      {"listen", "server.listen"}, {"data-dir", "data_dir"}};
  for (const auto& [flag, key] : kFlagKeys) {
    if (auto v = args.Get(flag)) {
      if (Status s = server::ConfigLoader::Set(key, *v, &config); !s.ok()) {
        return s.error().WithContext("--" + std::string(flag));
      }
    }
  }
  if (Status s = server::ConfigLoader::Validate(config); !s.ok()) return std::move(s).error();
  return config;
}

int CmdServe(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {.with_value = {"config", "listen", "data-dir"}, .boolean = {}});
  if (!args) return Usage(args.error().message());
  if (!args->positional().empty()) return Usage("serve takes no arguments");
  auto config = LoadConfig(*args);
  if (!config) return Fail(config.error());
  Status s = server::Serve(*config);
  if (!s.ok()) return Fail(s.error());
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

int CmdVersion(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, {.with_value = {}, .boolean = {"json"}});
  if (!args) return Usage(args.error().message());
  if (!args->positional().empty()) return Usage("version takes no arguments");
  const auto info = server::GetBuildInfo();
  if (args->Has("json")) {
    std::cout << "{\"version\":\"" << info.version << "\",\"commit\":\"" << info.commit << "\"}\n";
  } else {
    std::cout << "signet " << info.version << " (" << info.commit << ")\n";
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
  if (cmd == "version" || cmd == "--version") return CmdVersion(rest);
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::cout << kUsage;
    return kExitOk;
  }
  return Usage("unknown command '" + cmd + "'");
}

}  // namespace signet::cli
