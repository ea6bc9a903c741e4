#include "crypto/secret_bytes.h"

#include <openssl/crypto.h>

#include <cstring>
#include <utility>

namespace signet::crypto {

void SecureWipe(void* p, size_t n) {
  if (p != nullptr && n > 0) OPENSSL_cleanse(p, n);
}

bool ConstantTimeEquals(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretBytes::SecretBytes(size_t size)
    : data_(size == 0 ? nullptr : new uint8_t[size]()), size_(size) {}

SecretBytes SecretBytes::CopyFrom(ByteView data) {
  SecretBytes s(data.size());
  if (!data.empty()) std::memcpy(s.data_.get(), data.data(), data.size());
  return s;
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)) {}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    Wipe();
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

SecretBytes::~SecretBytes() { Wipe(); }

void SecretBytes::Wipe() {
  SecureWipe(data_.get(), size_);
  data_.reset();
  size_ = 0;
}

SecretBytes SecretBytes::Clone(SecretAccess a) const { return CopyFrom(Reveal(a)); }

bool operator==(const SecretBytes& a, const SecretBytes& b) {
  const auto access = SecretAccess::Get();
  return ConstantTimeEquals(a.Reveal(access), b.Reveal(access));
}

}  // namespace signet::crypto
