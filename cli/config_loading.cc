#include "cli/config_loading.h"

#include <cstdlib>

namespace signet::cli {

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
      {"listen", "server.listen"}, {"data-dir", "data_dir"}, {"holder-dir", "holder.dir"}};
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

}  // namespace signet::cli
