#include "crypto/slip10.h"

#include <openssl/evp.h>

#include <algorithm>
#include <string>

#include "crypto/hmac.h"
#include "crypto/sha2.h"

namespace signet::crypto {
namespace {

constexpr std::string_view kMasterKey = "ed25519 seed";
constexpr size_t kMaxPathSize = 4096;

// Hash160 is RIPEMD160(SHA256(data)). RIPEMD-160 is in OpenSSL 3.0's default provider from
// 3.0.7 on; older builds only have it in the legacy provider, hence the error path.
Result<std::array<uint8_t, 20>> Hash160(ByteView data) {
  static const EVP_MD* const kRipemd = EVP_MD_fetch(nullptr, "RIPEMD160", nullptr);
  if (kRipemd == nullptr) return Internal("slip10: RIPEMD-160 unavailable in OpenSSL");
  const Sha256Digest sha = Sha256(data);
  std::array<uint8_t, 20> out{};
  unsigned int len = 0;
  if (EVP_Digest(sha.data(), sha.size(), out.data(), &len, kRipemd, nullptr) != 1 ||
      len != out.size()) {
    return Internal("slip10: RIPEMD-160 failed");
  }
  return out;
}

Bytes Serialize(const Ed25519PublicKey& pk) {
  Bytes out(1 + Ed25519PublicKey::kSize, 0x00);
  std::copy(pk.bytes().begin(), pk.bytes().end(), out.begin() + 1);
  return out;
}

Result<uint32_t> FingerprintOf(const Ed25519PublicKey& pk) {
  Result<std::array<uint8_t, 20>> h = Hash160(Serialize(pk));
  if (!h) return std::move(h).error();
  return (uint32_t{(*h)[0]} << 24) | (uint32_t{(*h)[1]} << 16) | (uint32_t{(*h)[2]} << 8) | (*h)[3];
}

// ParseComponent parses one hardened path component such as "44'" into its full index.
Result<uint32_t> ParseComponent(std::string_view c, size_t position) {
  const std::string where = "slip10: path component " + std::to_string(position);
  if (c.empty()) return InvalidArgument(where + " is empty");
  const char mark = c.back();
  if (mark != '\'' && mark != 'H' && mark != 'h') {
    return InvalidArgument(where + " is not hardened (ed25519 allows only hardened derivation)");
  }
  const std::string_view digits = c.substr(0, c.size() - 1);
  if (digits.empty() || digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) {
    return InvalidArgument(where + " is not a decimal index");
  }
  uint64_t value = 0;
  for (char d : digits) {
    if (d < '0' || d > '9') return InvalidArgument(where + " is not a decimal index");
    value = value * 10 + static_cast<uint64_t>(d - '0');
  }
  if (value >= kSlip10Hardened) return InvalidArgument(where + " is not below 2^31");
  return static_cast<uint32_t>(value) | kSlip10Hardened;
}

}  // namespace

Slip10Node Slip10Node::FromHmac(ByteView i, size_t depth, uint32_t child_index,
                                std::optional<Ed25519PublicKey> parent) {
  SecretBytes key = SecretBytes::CopyFrom(i.first(32));
  SecretBytes chain_code = SecretBytes::CopyFrom(i.subspan(32));
  const Ed25519PublicKey pk = Ed25519PrivateKey::FromSeed(key).value().public_key();
  return Slip10Node(std::move(key), std::move(chain_code), pk, depth, child_index, parent);
}

Result<Slip10Node> Slip10Node::FromSeed(const SecretBytes& seed) {
  if (seed.size() < kMinSeedSize || seed.size() > kMaxSeedSize) {
    return InvalidArgument("slip10: seed must be 16..64 bytes");
  }
  Sha512Digest i = HmacSha512(AsBytes(kMasterKey), seed.Reveal(SecretAccess::Get()));
  Slip10Node master = FromHmac(i, 0, 0, std::nullopt);
  SecureWipe(i.data(), i.size());
  return master;
}

Result<Slip10Node> Slip10Node::DeriveChild(uint32_t index) const {
  if (index < kSlip10Hardened) {
    return InvalidArgument("slip10: ed25519 allows only hardened derivation (index >= 2^31)");
  }
  if (depth_ >= kMaxDepth) return InvalidArgument("slip10: depth exceeds 255");
  const SecretAccess access = SecretAccess::Get();
  SecretBytes data(1 + 32 + 4);  // 0x00 || private key || ser32(index)
  uint8_t* d = data.MutableData(access);
  d[0] = 0x00;
  std::copy(key_.Reveal(access).begin(), key_.Reveal(access).end(), d + 1);
  for (int k = 0; k < 4; ++k) d[33 + k] = static_cast<uint8_t>(index >> (24 - 8 * k));
  Sha512Digest i = HmacSha512(chain_code_.Reveal(access), data.Reveal(access));
  Slip10Node child = FromHmac(i, depth_ + 1, index, public_key_);
  SecureWipe(i.data(), i.size());
  return child;
}

Bytes Slip10Node::SerializedPublicKey() const { return Serialize(public_key_); }

Ed25519PrivateKey Slip10Node::SigningKey() const {
  return Ed25519PrivateKey::FromSeed(key_).value();
}

Result<uint32_t> Slip10Node::Fingerprint() const { return FingerprintOf(public_key_); }

Result<uint32_t> Slip10Node::ParentFingerprint() const {
  if (!parent_) return uint32_t{0};
  return FingerprintOf(*parent_);
}

Result<std::vector<uint32_t>> ParseSlip10Path(std::string_view path) {
  if (path.size() > kMaxPathSize) return TooLarge("slip10: path exceeds 4096 characters");
  if (path.empty() || path[0] != 'm') return InvalidArgument("slip10: path must start with \"m\"");
  std::vector<uint32_t> indices;
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    if (rest[0] != '/') return InvalidArgument("slip10: expected \"/\" between path components");
    rest.remove_prefix(1);
    const size_t end = rest.find('/');
    Result<uint32_t> index = ParseComponent(rest.substr(0, end), indices.size() + 1);
    if (!index) return std::move(index).error();
    if (indices.size() == Slip10Node::kMaxDepth) return TooLarge("slip10: depth exceeds 255");
    indices.push_back(*index);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
  }
  return indices;
}

Result<Slip10Node> Slip10DerivePath(const SecretBytes& seed, std::string_view path) {
  Result<std::vector<uint32_t>> indices = ParseSlip10Path(path);
  if (!indices) return std::move(indices).error();
  Result<Slip10Node> node = Slip10Node::FromSeed(seed);
  for (uint32_t index : *indices) {
    if (!node) break;
    node = node->DeriveChild(index);
  }
  return node;
}

}  // namespace signet::crypto
