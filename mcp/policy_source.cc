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

Result<std::shared_ptr<const policy::PolicyEngine>> VaultPolicySource::EngineFor(
    const TenantId& tenant) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = cache_.find(tenant);
    if (it != cache_.end() && now - it->second.loaded < cache_ttl_) return it->second.engine;
  }
  auto open = vaults_.Open(tenant);
  if (!open) return std::move(open).error();
  auto stored = (*open)->vault().GetSystemRecord(kPolicyRecordName);
  if (!stored) return std::move(stored).error();
  policy::PolicyDocument doc;
  if (*stored) {
    ByteView raw = (*stored)->Reveal(crypto::SecretAccess::Get());
    auto parsed = policy::ParsePolicyDocument(AsStringView(raw));
    if (!parsed) return DataLoss("the vault's policy document does not parse");
    doc = std::move(*parsed);
  }
  auto engine = policy::PolicyEngine::Create(std::move(doc));
  if (!engine) return std::move(engine).error();
  auto shared = std::make_shared<const policy::PolicyEngine>(std::move(*engine));
  std::lock_guard<std::mutex> lock(mu_);
  cache_[tenant] = Entry{shared, now};
  return std::shared_ptr<const policy::PolicyEngine>(shared);
}

}  // namespace signet::mcp
