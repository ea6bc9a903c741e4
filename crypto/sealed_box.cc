#include "crypto/sealed_box.h"

#include "crypto/aead.h"
#include "crypto/hmac.h"
#include "crypto/random.h"

namespace signet::crypto {
namespace {

Error OpenFailed() { return DataLoss("decryption failed"); }

// BoxCipher derives the AES-256-GCM key from the X25519 shared secret of (`mine`, `theirs`),
// binding the ephemeral and recipient public keys.
Result<Aes256Gcm> BoxCipher(const X25519PrivateKey& mine, const X25519PublicKey& theirs,
                            const X25519PublicKey& epk, const X25519PublicKey& rpk) {
  Result<SecretBytes> shared = mine.SharedSecret(theirs);
  if (!shared) return std::move(shared).error();
  Bytes info = ToBytes(kSealedBoxHkdfInfo);
  Append(&info, epk.bytes());
  Append(&info, rpk.bytes());
  Result<SecretBytes> key =
      HkdfSha256(shared->Reveal(SecretAccess::Get()), {}, info, Aes256Gcm::kKeySize);
  if (!key) return std::move(key).error();
  return Aes256Gcm::Create(*key);
}

// SealWith seals under the given ephemeral key and 12-byte nonce.
Result<Bytes> SealWith(const X25519PublicKey& recipient, const X25519PrivateKey& ephemeral,
                       ByteView nonce, ByteView plaintext, ByteView aad) {
  const X25519PublicKey& epk = ephemeral.public_key();
  Result<Aes256Gcm> cipher = BoxCipher(ephemeral, recipient, epk, recipient);
  if (!cipher) return std::move(cipher).error();
  Result<Bytes> body = cipher->SealWithNonce(nonce, plaintext, aad);
  if (!body) return std::move(body).error();
  Bytes out(epk.bytes().begin(), epk.bytes().end());
  out.reserve(kSealedBoxOverhead + plaintext.size());
  Append(&out, nonce);
  Append(&out, *body);
  return out;
}

}  // namespace

Result<Bytes> SealedBoxSeal(const X25519PublicKey& recipient, ByteView plaintext, ByteView aad) {
  const Bytes nonce = RandomBytes(Aes256Gcm::kNonceSize);
  return SealWith(recipient, X25519PrivateKey::Generate(), nonce, plaintext, aad);
}

Result<Bytes> SealedBoxSealForTesting(const X25519PublicKey& recipient,
                                      const X25519PrivateKey& ephemeral, ByteView nonce,
                                      ByteView plaintext, ByteView aad) {
  if (nonce.size() != Aes256Gcm::kNonceSize) {
    return InvalidArgument("sealed box: nonce must be 12 bytes");
  }
  return SealWith(recipient, ephemeral, nonce, plaintext, aad);
}

Result<SecretBytes> SealedBoxOpen(const X25519PrivateKey& recipient, ByteView sealed,
                                  ByteView aad) {
  if (sealed.size() < kSealedBoxOverhead) return OpenFailed();
  const X25519PublicKey epk =
      X25519PublicKey::FromBytes(sealed.first(X25519PublicKey::kSize)).value();
  Result<Aes256Gcm> cipher = BoxCipher(recipient, epk, epk, recipient.public_key());
  if (!cipher) return OpenFailed();  // a small-order ephemeral key
  const ByteView rest = sealed.subspan(X25519PublicKey::kSize);
  Result<SecretBytes> opened = cipher->Open(rest, aad);
  if (!opened && opened.error().code() != ErrorCode::kTooLarge) return OpenFailed();
  return opened;
}

}  // namespace signet::crypto
