#include "crypto/hmac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <memory>

#include "base/check.h"

namespace signet::crypto {
namespace {

template <size_t N>
std::array<uint8_t, N> Hmac(const EVP_MD* md, ByteView key, ByteView data) {
  std::array<uint8_t, N> out{};
  unsigned int len = 0;
  // HMAC() rejects a null key pointer even with length 0.
  static const uint8_t kEmpty = 0;
  const uint8_t* k = key.empty() ? &kEmpty : key.data();
  CHECK(HMAC(md, k, static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len) !=
            nullptr &&
        len == N)
      << "HMAC failed";
  return out;
}

struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};

}  // namespace

Sha256Digest HmacSha256(ByteView key, ByteView data) {
  return Hmac<32>(EVP_sha256(), key, data);
}

Sha512Digest HmacSha512(ByteView key, ByteView data) {
  return Hmac<64>(EVP_sha512(), key, data);
}

Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  if (length == 0 || length > 255 * 32) return InvalidArgument("hkdf: invalid output length");
  // Fetched once: the fetched algorithm is immutable and thread-safe.
  static EVP_KDF* const kKdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  CHECK(kKdf != nullptr) << "OpenSSL HKDF unavailable";
  std::unique_ptr<EVP_KDF_CTX, KdfCtxDeleter> ctx(EVP_KDF_CTX_new(kKdf));
  CHECK(ctx != nullptr);

  static const uint8_t kZero = 0;
  char digest[] = "SHA256";
  auto ptr = [](ByteView b) { return const_cast<uint8_t*>(b.empty() ? &kZero : b.data()); };
  OSSL_PARAM params[5];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0);
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ptr(ikm), ikm.size());
  if (!salt.empty()) {
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, ptr(salt), salt.size());
  }
  params[n++] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, ptr(info), info.size());
  params[n] = OSSL_PARAM_construct_end();

  SecretBytes out(length);
  if (EVP_KDF_derive(ctx.get(), out.MutableData(SecretAccess::Get()), length, params) != 1) {
    return Internal("hkdf failed");
  }
  return out;
}

}  // namespace signet::crypto
