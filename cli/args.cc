#include "cli/args.h"

namespace signet::cli {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const FlagSpec& spec) {
  Args a;
  bool flags_done = false;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (flags_done || !arg.starts_with("--")) {
      a.positional_.push_back(arg);
      continue;
    }
    if (arg == "--") {
      flags_done = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (const size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (spec.boolean.contains(name)) {
      if (value) return InvalidArgument("flag --" + name + " takes no value");
      a.values_[name] = "true";
    } else if (spec.with_value.contains(name)) {
      if (!value) {
        if (i + 1 >= argv.size()) return InvalidArgument("flag --" + name + " needs a value");
        value = argv[++i];
      }
      if (a.values_.contains(name)) return InvalidArgument("flag --" + name + " given twice");
      a.values_[name] = *value;
    } else {
      return InvalidArgument("unknown flag --" + name);
    }
  }
  return a;
}

std::optional<std::string> Args::Get(std::string_view flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

bool Args::Has(std::string_view flag) const { return values_.find(flag) != values_.end(); }

}  // namespace signet::cli
