#include "crypto/argon2id.h"

#include <sodium.h>

#include "base/check.h"

namespace signet::crypto {
namespace {

// InitSodium runs sodium_init once (it is idempotent and thread-safe).
void InitSodium() {
  static const bool kReady = sodium_init() >= 0;
  CHECK(kReady) << "libsodium initialisation failed";
}

// libsodium's own lower bounds for Argon2id.
constexpr uint32_t kSodiumMinOps = crypto_pwhash_argon2id_OPSLIMIT_MIN;
constexpr uint64_t kSodiumMinMemBytes = crypto_pwhash_argon2id_MEMLIMIT_MIN;
static_assert(kArgon2idSaltSize == crypto_pwhash_argon2id_SALTBYTES);

}  // namespace

Status ValidateArgon2idParams(const Argon2idParams& params) {
  if (params.ops > kArgon2idMaxOps) return InvalidArgument("argon2id: ops exceeds 16");
  if (params.mem_bytes > kArgon2idMaxMemBytes) {
    return InvalidArgument("argon2id: memory exceeds 1 GiB");
  }
  if (params.mem_bytes % 1024 != 0) {
    return InvalidArgument("argon2id: memory must be a whole number of KiB");
  }
  if (params.ops < kSodiumMinOps || params.mem_bytes < kSodiumMinMemBytes) {
    return InvalidArgument("argon2id: parameters below the minimum (t = 1, m = 8 KiB)");
  }
  if (!params.allow_weak_for_testing &&
      (params.ops < kArgon2idOwaspMinOps || params.mem_bytes < kArgon2idOwaspMinMemBytes)) {
    return InvalidArgument("argon2id: parameters below the OWASP minimum (t = 2, m = 19 MiB)");
  }
  return OkStatus();
}

Result<SecretBytes> Argon2idDeriveKey(const SecretBytes& passphrase, ByteView salt,
                                      const Argon2idParams& params, size_t key_size) {
  if (Status s = ValidateArgon2idParams(params); !s) return std::move(s).error();
  if (salt.size() != kArgon2idSaltSize) return InvalidArgument("argon2id: salt must be 16 bytes");
  if (key_size < 16 || key_size > 64) {
    return InvalidArgument("argon2id: key size must be 16..64 bytes");
  }
  if (passphrase.size() > kArgon2idMaxPassphraseSize) {
    return TooLarge("argon2id: passphrase exceeds 4096 bytes");
  }
  InitSodium();
  const SecretAccess access = SecretAccess::Get();
  SecretBytes key(key_size);
  // An empty SecretBytes has no buffer; libsodium wants a valid pointer even for length 0.
  static const char kEmpty = 0;
  const ByteView pw = passphrase.Reveal(access);
  const char* pw_ptr = pw.empty() ? &kEmpty : reinterpret_cast<const char*>(pw.data());
  if (crypto_pwhash(key.MutableData(access), key_size, pw_ptr, pw.size(), salt.data(), params.ops,
                    static_cast<size_t>(params.mem_bytes), crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return ResourceExhausted("argon2id: out of memory");
  }
  return key;
}

}  // namespace signet::crypto
