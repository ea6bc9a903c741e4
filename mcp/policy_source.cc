#include "mcp/policy_source.h"

#include <fstream>
#include <iterator>

#include "policy/rules_json.h"

namespace signet::mcp {

Result<policy::PolicyEngine> LoadPolicyFile(const std::string& path) {
  if (path.empty()) return policy::PolicyEngine::Create(policy::PolicyDocument{});
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read the policy file " + path);
  std::string text;
  constexpr size_t kMax = 256 * 1024;
  text.resize(kMax + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > kMax) return TooLarge("the policy file is larger than 256 KiB");
  auto doc = policy::ParsePolicyDocument(text);
  if (!doc) return doc.error().WithContext(path);
  return policy::PolicyEngine::Create(std::move(*doc));
}

}  // namespace signet::mcp
