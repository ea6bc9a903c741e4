#include "mcp/bbs_credential.h"

#include <utility>

#include "base/encoding.h"
#include "credentials/json.h"
#include "crypto/secret_bytes.h"
#include "proofs/bbs/bbs.h"

namespace signet::mcp {
namespace {

constexpr int kRecordVersion = 1;

// Stored is the sealed record: the credential plus what decides whether it can be reused.
struct Stored {
  BbsCredential credential;
  std::string issuer;
  std::string public_key;  // base64url
  uint64_t generation = 0;
  std::string day;
};

Bytes Encode(const Stored& s) {
  Json messages = Json::array();
  for (const Bytes& m : s.credential.messages) messages.push_back(std::string(AsStringView(m)));
  return ToBytes(Dump(Json{{"v", kRecordVersion},
                           {"issuer", s.issuer},
                           {"public_key", s.public_key},
                           {"generation", s.generation},
                           {"day", s.day},
                           {"header", s.credential.header},
                           {"exp", s.credential.expires_at},
                           {"names", s.credential.names},
                           {"messages", std::move(messages)},
                           {"signature", Base64UrlEncode(s.credential.signature)}}));
}

// Decode reads a stored record; nullopt for anything unexpected (the record is then replaced).
std::optional<Stored> Decode(ByteView bytes) {
  auto j = credentials::ParseJson(AsStringView(bytes),
                                  {.max_bytes = 256 * 1024, .max_depth = 4, .max_values = 4096});
  if (!j || !j->is_object() || j->value("v", 0) != kRecordVersion) return std::nullopt;
  Stored s;
  const Json& r = *j;
  if (!r.contains("names") || !r.contains("messages") || !r["names"].is_array() ||
      !r["messages"].is_array() || r["names"].size() != r["messages"].size()) {
    return std::nullopt;
  }
  auto sig = Base64UrlDecode(r.value("signature", ""));
  if (!sig) return std::nullopt;
  s.issuer = r.value("issuer", "");
  s.public_key = r.value("public_key", "");
  s.generation = r.value("generation", uint64_t{0});
  s.day = r.value("day", "");
  s.credential.header = r.value("header", "");
  s.credential.expires_at = r.value("exp", int64_t{0});
  s.credential.signature = std::move(*sig);
  for (size_t i = 0; i < r["names"].size(); ++i) {
    if (!r["names"][i].is_string() || !r["messages"][i].is_string()) return std::nullopt;
    s.credential.names.push_back(r["names"][i].get<std::string>());
    s.credential.messages.push_back(ToBytes(r["messages"][i].get<std::string>()));
  }
  return s;
}

// Holds reports whether the credential carries every requested claim with the same value.
bool Holds(const BbsCredential& c, const Json& requested) {
  for (const auto& [name, value] : requested.items()) {
    const std::string wanted = BbsMessage(name, value);
    bool found = false;
    for (size_t i = 0; i < c.names.size() && !found; ++i) {
      found = c.names[i] == name && AsStringView(c.messages[i]) == wanted;
    }
    if (!found) return false;
  }
  return true;
}

bool Reusable(const Stored& s, const BbsCredentialRequest& req, const std::string& public_key,
              const Json& requested) {
  return s.issuer == req.issuer && s.public_key == public_key &&
         s.generation == req.index_generation && s.day == req.day &&
         s.credential.expires_at - req.now >= req.min_remaining && Holds(s.credential, requested);
}

}  // namespace

Result<BbsKeyPair> VaultBbsKeys(TenantVault& vault) {
  auto sk = proofs::bbs::KeyGen(vault.keyring().bbs_seed().Reveal(crypto::SecretAccess::Get()), {});
  if (!sk) return std::move(sk).error();
  auto pk = proofs::bbs::SkToPk(*sk);
  if (!pk) return std::move(pk).error();
  return BbsKeyPair{std::move(*sk), std::move(*pk)};
}

std::string BbsMessage(const std::string& name, const Json& value) {
  return name + "=" + Dump(value);
}

Result<BbsCredential> SignBbsCredential(const crypto::SecretBytes& secret_key, ByteView public_key,
                                        const std::string& issuer, int64_t now,
                                        int64_t expires_at, const Json& claims) {
  BbsCredential c;
  c.expires_at = expires_at;
  for (const auto& [name, value] : claims.items()) {  // nlohmann objects iterate sorted by name
    c.names.push_back(name);
    c.messages.push_back(ToBytes(BbsMessage(name, value)));
  }
  c.header = Dump(Json{{"iss", issuer}, {"iat", now}, {"exp", expires_at}, {"claims", c.names}});
  auto signature = proofs::bbs::Sign(secret_key, public_key, AsBytes(c.header), c.messages);
  if (!signature) return std::move(signature).error();
  c.signature = std::move(*signature);
  c.public_key.assign(public_key.begin(), public_key.end());
  return c;
}

Result<BbsCredential> VaultBbsCredential(TenantVault& vault, const BbsCredentialRequest& request,
                                         const Json& requested,
                                         const std::function<Json()>& available) {
  auto keys = VaultBbsKeys(vault);
  if (!keys) return std::move(keys).error();
  const std::string public_key = Base64UrlEncode(keys->public_key);
  auto current = vault.vault().GetSystemRecord(kBbsCredentialRecord);
  if (!current) return std::move(current).error();
  if (*current) {
    std::optional<Stored> stored = Decode((*current)->Reveal(crypto::SecretAccess::Get()));
    if (stored && Reusable(*stored, request, public_key, requested)) {
      stored->credential.reused = true;
      stored->credential.public_key = keys->public_key;
      return std::move(stored->credential);
    }
  }
  Json claims = available();
  claims.update(requested);
  auto issued = SignBbsCredential(keys->secret, keys->public_key, request.issuer, request.now,
                                  request.now + request.validity, claims);
  if (!issued) return std::move(issued).error();
  const Stored record{*issued, request.issuer, public_key, request.index_generation, request.day};
  if (Status s = vault.vault().PutSystemRecord(kBbsCredentialRecord, Encode(record),
                                               "credential.bbs.issue");
      !s.ok()) {
    return std::move(s).error();
  }
  return issued;
}

}  // namespace signet::mcp
