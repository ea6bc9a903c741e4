#include "notify/owner_auth.h"

#include "base/encoding.h"
#include "crypto/random.h"
#include "vault/vault.h"

namespace signet::notify {
namespace {

constexpr int64_t kOwnerSignatureSeconds = 60;

// SplitKeyId reads "<tenant>/<device>"; tenant ids never contain '/'.
std::optional<std::pair<std::string_view, std::string_view>> SplitKeyId(std::string_view keyid) {
  const size_t slash = keyid.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == keyid.size()) {
    return std::nullopt;
  }
  return std::make_pair(keyid.substr(0, slash), keyid.substr(slash + 1));
}

}  // namespace

const HttpSignatureProfile& OwnerSignatureProfile() {
  static const HttpSignatureProfile kProfile{
      .components = {"@method", "@target-uri"},
      .content_digest = ContentDigestRule::kWithBodyOrUnsafeMethod,
      .tag = kOwnerSignatureTag,
      .tag_required = true,
      .refusal = kOwnerRefusal,
  };
  return kProfile;
}

Result<HttpFieldList> SignOwnerRequest(const vault::DeviceKeys& device, const TenantId& tenant,
                                       std::string_view method, std::string_view target_uri,
                                       std::string_view body, int64_t now) {
  HttpSignatureParams params{.created = now,
                             .expires = now + kOwnerSignatureSeconds,
                             .nonce = Base64UrlEncode(crypto::RandomBytes(16)),
                             .keyid = tenant.value() + "/" + device.id};
  return SignHttpRequest({method, target_uri, {}, body}, OwnerSignatureProfile(), params,
                         device.signing);
}

Result<Bytes> OwnerAuthenticator::DeviceKey(std::string_view keyid) const {
  auto parts = SplitKeyId(keyid);
  if (!parts) return Unauthenticated("keyid is not <tenant>/<device>");
  auto keyring = tenants_.OpenForOwner(TenantId(std::string(parts->first)));
  if (!keyring) {
    if (keyring.error().code() == ErrorCode::kUnavailable) return std::move(keyring).error();
    return Unauthenticated("unknown tenant");
  }
  vault::Vault vault(storage_, *keyring, clock_);
  auto index = vault.ReadIndex();
  if (!index) return std::move(index).error();
  for (const vault::DeviceEntry& d : index->devices) {
    if (d.id != parts->second) continue;
    auto raw = HexDecode(d.ed25519_public);
    if (!raw || !crypto::Ed25519PublicKey::FromBytes(*raw)) {
      return Unauthenticated("the registered device key is invalid");
    }
    return std::move(*raw);
  }
  return Unauthenticated("unknown device");
}

Result<OwnerIdentity> OwnerAuthenticator::Authenticate(const OwnerRequest& req) const {
  const std::string target_uri = public_base_url_ + std::string(req.target);
  auto verified = VerifyHttpMessageSignature(
      {req.method, target_uri, req.fields, req.body}, OwnerSignatureProfile(),
      [this](std::string_view keyid) { return DeviceKey(keyid); }, clock_.UnixSeconds(),
      storage_.state());
  if (!verified) return std::move(verified).error();
  auto parts = SplitKeyId(verified->keyid());  // the lookup accepted it, so it splits
  if (!parts) return Unauthenticated(std::string(kOwnerRefusal));
  return OwnerIdentity{TenantId(std::string(parts->first)), std::string(parts->second)};
}

}  // namespace signet::notify
