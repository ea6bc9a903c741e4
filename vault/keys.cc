#include "vault/keys.h"

#include "base/check.h"
#include "crypto/hmac.h"
#include "crypto/slip10.h"

namespace signet::vault {
namespace {

constexpr size_t kKeySize = 32;

SecretBytes Hkdf(ByteView ikm, std::string_view label, ByteView context = {}) {
  Bytes info(label.begin(), label.end());
  info.insert(info.end(), context.begin(), context.end());
  auto out = crypto::HkdfSha256(ikm, {}, info, kKeySize);
  CHECK(out.has_value()) << "HKDF with a fixed length cannot fail";
  return std::move(out).value();
}

}  // namespace

Result<RootKey> RootKey::FromMnemonic(const crypto::Bip39Mnemonic& mnemonic,
                                      const SecretBytes& bip39_passphrase) {
  auto seed = mnemonic.ToSeed(bip39_passphrase);
  if (!seed) return std::move(seed).error();
  auto master = crypto::Slip10Node::FromSeed(*seed);
  if (!master) return std::move(master).error();
  const auto access = SecretAccess::Get();
  SecretBytes material(kSize);
  uint8_t* p = material.MutableData(access);
  const ByteView key = master->PrivateKey(access);
  const ByteView chain = master->ChainCode(access);
  std::copy(key.begin(), key.end(), p);
  std::copy(chain.begin(), chain.end(), p + 32);
  return RootKey(std::move(material));
}

Result<RootKey> RootKey::FromBytes(const SecretBytes& material) {
  if (material.size() != kSize) return InvalidArgument("root key must be 64 bytes");
  return RootKey(material.Clone(SecretAccess::Get()));
}

SecretBytes RootKey::Derive(std::string_view label) const {
  return Hkdf(material_.Reveal(SecretAccess::Get()), label);
}

CompartmentRoot RootKey::DeriveCompartmentRoot() const {
  return CompartmentRoot(Derive(kCompartmentRootLabel));
}

DelegatedKeyring RootKey::DeriveDelegatedKeyring() const {
  SecretBytes identity_seed = Derive(kIdentityKeyLabel);
  auto identity = crypto::Ed25519PrivateKey::FromSeed(identity_seed);
  CHECK(identity.has_value()) << "a 32-byte seed is always a valid Ed25519 seed";
  return DelegatedKeyring(Derive(kVaultSealingKeyLabel), Derive(kAddressingKeyLabel),
                          std::move(identity_seed), Derive(kBbsIssuerKeyLabel),
                          Derive(kAuditKeyLabel), std::move(identity).value());
}

SecretBytes CompartmentRoot::RecordKey(std::string_view compartment, const BlindId& id) const {
  Bytes context;
  AppendU32BE(&context, static_cast<uint32_t>(compartment.size()));
  Append(&context, AsBytes(compartment));
  Append(&context, id.view());
  return Hkdf(key_.Reveal(SecretAccess::Get()), kTier3RecordKeyLabel, context);
}

SecretBytes DelegatedKeyring::Serialize(SecretAccess access) const {
  SecretBytes out(kSerializedSize);
  uint8_t* p = out.MutableData(access);
  *p++ = kFormatVersion;
  for (const SecretBytes* k : {&vsk_, &addressing_, &identity_seed_, &bbs_seed_, &audit_key_}) {
    const ByteView v = k->Reveal(access);
    std::copy(v.begin(), v.end(), p);
    p += v.size();
  }
  return out;
}

Result<DelegatedKeyring> DelegatedKeyring::Deserialize(const SecretBytes& bytes) {
  const auto access = SecretAccess::Get();
  const ByteView b = bytes.Reveal(access);
  if (b.size() != kSerializedSize || b[0] != kFormatVersion) {
    return DataLoss("delegated keyring: unsupported format");
  }
  auto part = [&b](size_t i) {
    return SecretBytes::CopyFrom(b.subspan(1 + i * kKeySize, kKeySize));
  };
  SecretBytes identity_seed = part(2);
  auto identity = crypto::Ed25519PrivateKey::FromSeed(identity_seed);
  if (!identity) return std::move(identity).error();
  return DelegatedKeyring(part(0), part(1), std::move(identity_seed), part(3), part(4),
                          std::move(identity).value());
}

BlindId DelegatedKeyring::Address(std::string_view label, uint64_t index) const {
  Bytes msg;
  msg.reserve(label.size() + 12);
  AppendU32BE(&msg, static_cast<uint32_t>(label.size()));
  Append(&msg, AsBytes(label));
  AppendU64BE(&msg, index);
  return BlindId(crypto::HmacSha256(addressing_.Reveal(SecretAccess::Get()), msg));
}

SecretBytes DelegatedKeyring::RecordKey(const BlindId& id) const {
  return Hkdf(vsk_.Reveal(SecretAccess::Get()), kRecordKeyLabel, id.view());
}

SecretBytes DelegatedKeyring::PolicyPatternsKey() const {
  return Hkdf(vsk_.Reveal(SecretAccess::Get()), kPolicyPatternsKeyLabel);
}

}  // namespace signet::vault
