#pragma once

// Args: a small, strict command-line parser. Flags are "--name VALUE", "--name=VALUE" or boolean
// "--name"; "--" ends flags. Only declared flags are accepted: anything else is a usage error.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace signet::cli {

// FlagSpec declares the flags a command accepts.
struct FlagSpec {
  std::set<std::string, std::less<>> with_value;  // e.g. {"config", "listen"}
  std::set<std::string, std::less<>> boolean;     // e.g. {"json"}
};

// Args is the parsed result.
class Args {
 public:
  // Parse reads `argv` (without the program and command names) against `spec`.
  static Result<Args> Parse(const std::vector<std::string>& argv, const FlagSpec& spec);

  std::optional<std::string> Get(std::string_view flag) const;
  bool Has(std::string_view flag) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::vector<std::string> positional_;
};

}  // namespace signet::cli
