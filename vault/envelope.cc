#include "vault/envelope.h"

#include <cstring>

#include "crypto/aead.h"
#include "crypto/random.h"

namespace signet::vault {
namespace {

using crypto::SecretAccess;
using crypto::SecretBytes;

constexpr std::string_view kAadPrefix = "signet/v1/record";
constexpr size_t kNonceSize = 12;

Bytes Aad(const storage::BlindId& id) {
  Bytes aad(kAadPrefix.begin(), kAadPrefix.end());
  aad.push_back(kEnvelopeVersion);
  Append(&aad, id.view());
  return aad;
}

Error Tampered() { return DataLoss("record cannot be decrypted"); }

// Pad builds u32be(length) || value || zeros to the bucket size, in wiped memory.
SecretBytes Pad(ByteView value) {
  SecretBytes padded(BucketSize(value.size()));
  uint8_t* p = padded.MutableData(SecretAccess::Get());
  const auto n = static_cast<uint32_t>(value.size());
  p[0] = static_cast<uint8_t>(n >> 24);
  p[1] = static_cast<uint8_t>(n >> 16);
  p[2] = static_cast<uint8_t>(n >> 8);
  p[3] = static_cast<uint8_t>(n);
  if (!value.empty()) std::memcpy(p + 4, value.data(), value.size());
  return padded;
}

Result<Bytes> Seal(const SecretBytes& key, const storage::BlindId& id, ByteView value,
                   ByteView nonce) {
  if (value.size() > kMaxValueSize) {
    return TooLarge("record value exceeds " + std::to_string(kMaxValueSize) + " bytes");
  }
  auto aead = crypto::Aes256Gcm::Create(key);
  if (!aead) return std::move(aead).error();
  const SecretBytes padded = Pad(value);
  auto sealed = aead->SealWithNonce(nonce, padded.Reveal(SecretAccess::Get()), Aad(id));
  if (!sealed) return std::move(sealed).error();
  Bytes out;
  out.reserve(1 + kNonceSize + sealed->size());
  out.push_back(kEnvelopeVersion);
  Append(&out, nonce);
  Append(&out, *sealed);
  return out;
}

}  // namespace

size_t BucketSize(size_t value_size) {
  size_t bucket = kMinBucket;
  while (bucket < value_size + 4) bucket *= 2;
  return bucket;
}

Result<Bytes> SealRecord(const SecretBytes& record_key, const storage::BlindId& id,
                         ByteView value) {
  const Bytes nonce = crypto::RandomBytes(kNonceSize);
  return Seal(record_key, id, value, nonce);
}

Result<Bytes> SealRecordWithNonceForTesting(const SecretBytes& record_key,
                                            const storage::BlindId& id, ByteView value,
                                            ByteView nonce) {
  if (nonce.size() != kNonceSize) return InvalidArgument("nonce must be 12 bytes");
  return Seal(record_key, id, value, nonce);
}

Result<SecretBytes> OpenRecord(const SecretBytes& record_key, const storage::BlindId& id,
                               ByteView envelope) {
  if (envelope.size() < 1 + kNonceSize + 16 + 4 || envelope[0] != kEnvelopeVersion) {
    return Tampered();
  }
  auto aead = crypto::Aes256Gcm::Create(record_key);
  if (!aead) return std::move(aead).error();
  auto padded = aead->OpenWithNonce(envelope.subspan(1, kNonceSize),
                                    envelope.subspan(1 + kNonceSize), Aad(id));
  if (!padded) return Tampered();
  const ByteView p = padded->Reveal(SecretAccess::Get());
  if (p.size() < 4) return Tampered();
  const size_t n = (size_t{p[0]} << 24) | (size_t{p[1]} << 16) | (size_t{p[2]} << 8) | p[3];
  if (n > p.size() - 4 || BucketSize(n) != p.size()) return Tampered();
  for (size_t i = 4 + n; i < p.size(); ++i) {
    if (p[i] != 0) return Tampered();
  }
  return SecretBytes::CopyFrom(p.subspan(4, n));
}

}  // namespace signet::vault
