#include "crypto/sha2.h"

#include <openssl/evp.h>

#include <memory>

#include "base/check.h"

namespace signet::crypto {
namespace {

// Fetched once: EVP_MD_fetch is expensive, the fetched object is immutable and thread-safe.
const EVP_MD* Md(bool sha512) {
  static const EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static const EVP_MD* const kSha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  const EVP_MD* md = sha512 ? kSha512 : kSha256;
  CHECK(md != nullptr) << "OpenSSL SHA-2 unavailable";
  return md;
}

struct CtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

}  // namespace

struct Sha256Hasher::Ctx {
  std::unique_ptr<EVP_MD_CTX, CtxDeleter> c{EVP_MD_CTX_new()};
};
struct Sha512Hasher::Ctx {
  std::unique_ptr<EVP_MD_CTX, CtxDeleter> c{EVP_MD_CTX_new()};
};

// The one-shot digests use a hasher kept per thread (Finish re-initialises it): EVP_Digest
// allocated and freed a context, and the provider's state, on every call, which showed on the
// /verify hot path (several digests per request).
Sha256Digest Sha256(ByteView data) {
  thread_local Sha256Hasher hasher;
  return hasher.Update(data).Finish();
}
Sha512Digest Sha512(ByteView data) {
  thread_local Sha512Hasher hasher;
  return hasher.Update(data).Finish();
}

Sha256Hasher::Sha256Hasher() : ctx_(std::make_unique<Ctx>()) {
  CHECK(ctx_->c && EVP_DigestInit_ex2(ctx_->c.get(), Md(false), nullptr) == 1);
}
Sha256Hasher::~Sha256Hasher() = default;
Sha256Hasher::Sha256Hasher(Sha256Hasher&&) noexcept = default;
Sha256Hasher& Sha256Hasher::operator=(Sha256Hasher&&) noexcept = default;

Sha256Hasher& Sha256Hasher::Update(ByteView data) {
  CHECK(EVP_DigestUpdate(ctx_->c.get(), data.data(), data.size()) == 1);
  return *this;
}

Sha256Digest Sha256Hasher::Finish() {
  Sha256Digest out{};
  unsigned int len = 0;
  CHECK(EVP_DigestFinal_ex(ctx_->c.get(), out.data(), &len) == 1 && len == 32);
  CHECK(EVP_DigestInit_ex2(ctx_->c.get(), Md(false), nullptr) == 1);
  return out;
}

Sha512Hasher::Sha512Hasher() : ctx_(std::make_unique<Ctx>()) {
  CHECK(ctx_->c && EVP_DigestInit_ex2(ctx_->c.get(), Md(true), nullptr) == 1);
}
Sha512Hasher::~Sha512Hasher() = default;
Sha512Hasher::Sha512Hasher(Sha512Hasher&&) noexcept = default;
Sha512Hasher& Sha512Hasher::operator=(Sha512Hasher&&) noexcept = default;

Sha512Hasher& Sha512Hasher::Update(ByteView data) {
  CHECK(EVP_DigestUpdate(ctx_->c.get(), data.data(), data.size()) == 1);
  return *this;
}

Sha512Digest Sha512Hasher::Finish() {
  Sha512Digest out{};
  unsigned int len = 0;
  CHECK(EVP_DigestFinal_ex(ctx_->c.get(), out.data(), &len) == 1 && len == 64);
  CHECK(EVP_DigestInit_ex2(ctx_->c.get(), Md(true), nullptr) == 1);
  return out;
}

}  // namespace signet::crypto
