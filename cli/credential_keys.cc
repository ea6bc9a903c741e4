// Holder key files and the issued-credential registry of the credential commands.

#include "base/encoding.h"
#include "cli/credential_commands.h"
#include "credentials/json.h"

namespace signet::cli {
namespace {

using credentials::Json;

constexpr credentials::JsonLimits kKeyLimits{.max_bytes = 4096, .max_depth = 2, .max_values = 32};

Result<Json> ParseKeyObject(std::string_view text) {
  auto j = credentials::ParseJson(text, kKeyLimits);
  if (!j) return InvalidArgument("holder key: not a JSON object");
  if (!j->is_object()) return InvalidArgument("holder key: not a JSON object");
  return j;
}

Result<IssuedCredential> ParseEntry(const Json& e) {
  if (!e.is_object()) return InvalidArgument("registry entry is not an object");
  IssuedCredential c;
  const std::string* id = credentials::StringMember(e, "id");
  const std::string* vct = credentials::StringMember(e, "vct");
  const std::string* holder = credentials::StringMember(e, "holder");
  const std::string* uri = credentials::StringMember(e, "status_uri");
  if (!id || !vct || !holder || !uri) return InvalidArgument("registry entry lacks a member");
  c.id = *id;
  c.vct = *vct;
  c.holder = *holder;
  c.status_uri = *uri;
  auto num = [&](const char* key) -> const Json* {
    auto it = e.find(key);
    return it != e.end() && it->is_number_integer() ? &*it : nullptr;
  };
  const Json* iat = num("issued_at");
  const Json* exp = num("expires_at");
  const Json* idx = num("status_index");
  if (!iat || !exp || !idx || idx->get<int64_t>() < 0) {
    return InvalidArgument("registry entry has a bad number");
  }
  c.issued_at = iat->get<int64_t>();
  c.expires_at = exp->get<int64_t>();
  c.status_index = idx->get<uint64_t>();
  if (const Json* rev = num("revoked_at")) c.revoked_at = rev->get<int64_t>();
  auto claims = e.find("claims");
  if (claims == e.end() || !claims->is_array()) return InvalidArgument("registry entry: claims");
  for (const Json& n : *claims) {
    if (!n.is_string()) return InvalidArgument("registry entry: claims");
    c.claims.push_back(n.get<std::string>());
  }
  return c;
}

}  // namespace

Result<std::vector<IssuedCredential>> ParseCredentialRegistry(std::string_view text) {
  auto doc = credentials::ParseJson(
      text, {.max_bytes = size_t{8} << 20, .max_depth = 4, .max_values = 1 << 20});
  if (!doc) return DataLoss("the credential registry is corrupt: " + doc.error().message());
  auto version = doc->find("version");
  auto list = doc->find("credentials");
  if (!doc->is_object() || version == doc->end() || *version != 1 || list == doc->end() ||
      !list->is_array() || list->size() > kMaxIssuedCredentials) {
    return DataLoss("the credential registry is corrupt");
  }
  std::vector<IssuedCredential> out;
  for (const Json& e : *list) {
    auto c = ParseEntry(e);
    if (!c) return DataLoss("the credential registry is corrupt: " + c.error().message());
    out.push_back(std::move(*c));
  }
  return out;
}

std::string SerializeCredentialRegistry(const std::vector<IssuedCredential>& entries) {
  Json list = Json::array();
  for (const IssuedCredential& c : entries) {
    Json e = {{"id", c.id},
              {"vct", c.vct},
              {"holder", c.holder},
              {"claims", c.claims},
              {"issued_at", c.issued_at},
              {"expires_at", c.expires_at},
              {"status_uri", c.status_uri},
              {"status_index", c.status_index}};
    if (c.revoked_at) e["revoked_at"] = *c.revoked_at;
    list.push_back(std::move(e));
  }
  return Json{{"version", 1}, {"credentials", std::move(list)}}.dump();
}

std::string HolderKeyJwk(const crypto::Ed25519PrivateKey& key) {
  crypto::SecretBytes seed = key.ExportSeed(crypto::SecretAccess::Get());
  std::string d = Base64UrlEncode(seed.Reveal(crypto::SecretAccess::Get()));
  Json jwk = credentials::PublicJwk::Ed25519(key.public_key()).ToJson();
  jwk["d"] = d;
  std::string out = jwk.dump();
  crypto::SecureWipe(d.data(), d.size());
  crypto::SecureWipe(jwk["d"].get_ref<std::string&>().data(), d.size());
  return out;
}

Result<crypto::Ed25519PrivateKey> ParseHolderKey(std::string_view jwk_text) {
  auto j = ParseKeyObject(jwk_text);
  if (!j) return std::move(j).error();
  const std::string* d = credentials::StringMember(*j, "d");
  if (d == nullptr) return InvalidArgument("holder key: not a private JWK (no \"d\")");
  auto raw = Base64UrlDecode(*d);
  if (!raw || raw->size() != crypto::Ed25519PrivateKey::kSeedSize) {
    return InvalidArgument("holder key: \"d\" is not a 32-byte Ed25519 seed");
  }
  crypto::SecretBytes seed = crypto::SecretBytes::CopyFrom(*raw);
  crypto::SecureWipe(raw->data(), raw->size());
  auto key = crypto::Ed25519PrivateKey::FromSeed(seed);
  if (!key) return std::move(key).error();
  auto pub = HolderPublicJwk(jwk_text);
  if (!pub) return std::move(pub).error();
  if (pub->Thumbprint() != credentials::PublicJwk::Ed25519(key->public_key()).Thumbprint()) {
    return InvalidArgument("holder key: \"x\" does not match \"d\"");
  }
  return key;
}

Result<credentials::PublicJwk> HolderPublicJwk(std::string_view jwk_text) {
  auto j = ParseKeyObject(jwk_text);
  if (!j) return std::move(j).error();
  j->erase("d");
  auto key = credentials::PublicJwk::FromJson(*j, true);
  if (!key) return key.error().WithContext("holder key");
  return key;
}

}  // namespace signet::cli
