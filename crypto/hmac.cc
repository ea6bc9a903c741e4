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

struct MacCtxDeleter {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

// MacCtx is a per-thread HMAC context for one digest, made once: EVP_Q_mac (behind HMAC())
// fetched the MAC and the digest and built a context on every call, which showed on the MCP
// hot path (several HMACs per tools/call). EVP_MAC_init with a key re-keys the context; Hmac
// re-keys it with the empty key after each use.
std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> MacCtx(const char* digest) {
  static EVP_MAC* const kMac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  CHECK(kMac != nullptr) << "OpenSSL HMAC unavailable";
  std::unique_ptr<EVP_MAC_CTX, MacCtxDeleter> ctx(EVP_MAC_CTX_new(kMac));
  CHECK(ctx != nullptr);
  OSSL_PARAM params[2];
  params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0);
  params[1] = OSSL_PARAM_construct_end();
  CHECK(EVP_MAC_CTX_set_params(ctx.get(), params) == 1) << "HMAC digest " << digest;
  return ctx;
}

template <size_t N>
std::array<uint8_t, N> Hmac(EVP_MAC_CTX* ctx, ByteView key, ByteView data) {
  std::array<uint8_t, N> out{};
  size_t len = 0;
  // A null key pointer is refused even with length 0.
  static const uint8_t kEmpty = 0;
  const uint8_t* k = key.empty() ? &kEmpty : key.data();
  CHECK(EVP_MAC_init(ctx, k, key.size(), nullptr) == 1 &&
        EVP_MAC_update(ctx, data.data(), data.size()) == 1 &&
        EVP_MAC_final(ctx, out.data(), &len, out.size()) == 1 && len == N)
      << "HMAC failed";
  // Re-key with the empty key so the keyed state (equivalent to the key) does not stay in the
  // per-thread context after the call.
  CHECK(EVP_MAC_init(ctx, &kEmpty, 0, nullptr) == 1) << "HMAC failed";
  return out;
}

struct KdfCtxDeleter {
  void operator()(EVP_KDF_CTX* c) const { EVP_KDF_CTX_free(c); }
};

}  // namespace

Sha256Digest HmacSha256(ByteView key, ByteView data) {
  thread_local const auto ctx = MacCtx("SHA256");
  return Hmac<32>(ctx.get(), key, data);
}

Sha512Digest HmacSha512(ByteView key, ByteView data) {
  thread_local const auto ctx = MacCtx("SHA512");
  return Hmac<64>(ctx.get(), key, data);
}

Result<SecretBytes> HkdfSha256(ByteView ikm, ByteView salt, ByteView info, size_t length) {
  if (length == 0 || length > 255 * 32) return InvalidArgument("hkdf: invalid output length");
  // Fetched once: the fetched algorithm is immutable and thread-safe. (The digest is set by name
  // per context; OpenSSL 3.0 cannot copy an HKDF context, so there is no per-thread template.)
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
