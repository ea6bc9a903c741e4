#pragma once

// SecretBytes: key material in a buffer that is wiped when freed. Move-only; compares in constant
// time; cannot be printed, logged or serialised (there is no operator<<, no conversion to string
// or log::Value). Reading the raw bytes requires a SecretAccess token, so every place that touches
// key material is greppable:
//
//   SecretBytes key = crypto::RandomSecret(32);
//   ByteView raw = key.Reveal(SecretAccess::Get());

#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/bytes.h"

namespace signet::crypto {

// SecretAccess is the token that unlocks raw access to secret bytes. Obtain it only where raw
// access is needed (cipher and KDF calls, sealing to storage).
class SecretAccess {
 public:
  static SecretAccess Get() { return SecretAccess(); }

 private:
  SecretAccess() = default;
};

class SecretBytes {
 public:
  // Empty secret.
  SecretBytes() = default;
  // A zero-filled secret of `size` bytes (to be filled through MutableData).
  explicit SecretBytes(size_t size);
  // CopyFrom copies `data` into a new secret.
  static SecretBytes CopyFrom(ByteView data);

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  ~SecretBytes();

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Reveal views the raw bytes. The view dies with this object.
  ByteView Reveal(SecretAccess) const { return {data_.get(), size_}; }
  // MutableData exposes the buffer for filling (KDF output, decryption).
  uint8_t* MutableData(SecretAccess) { return data_.get(); }
  // Clone makes an explicit copy.
  SecretBytes Clone(SecretAccess) const;

  // Constant-time equality (timing depends only on the sizes).
  friend bool operator==(const SecretBytes& a, const SecretBytes& b);

 private:
  void Wipe();

  std::unique_ptr<uint8_t[]> data_;
  size_t size_ = 0;
};

// ConstantTimeEquals compares two byte strings in time that depends only on their lengths.
bool ConstantTimeEquals(ByteView a, ByteView b);

// SecureWipe overwrites `p[0..n)` with zeros in a way the compiler cannot elide.
void SecureWipe(void* p, size_t n);

}  // namespace signet::crypto
