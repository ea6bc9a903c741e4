#include "crypto/blake2b.h"

#include <sodium.h>

#include "base/check.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

struct Blake2bHasher::State {
  crypto_generichash_blake2b_state st;
  ~State() { SecureWipe(&st, sizeof(st)); }
};

Blake2bHasher::Blake2bHasher(std::unique_ptr<State> state, size_t output_size)
    : state_(std::move(state)), output_size_(output_size) {}
Blake2bHasher::Blake2bHasher(Blake2bHasher&&) noexcept = default;
Blake2bHasher& Blake2bHasher::operator=(Blake2bHasher&&) noexcept = default;
Blake2bHasher::~Blake2bHasher() = default;

Result<Blake2bHasher> Blake2bHasher::Create(ByteView key, size_t output_size) {
  static_assert(kMinOutput == crypto_generichash_blake2b_BYTES_MIN);
  static_assert(kMaxOutput == crypto_generichash_blake2b_BYTES_MAX);
  static_assert(kMaxKey == crypto_generichash_blake2b_KEYBYTES_MAX);
  if (output_size < kMinOutput || output_size > kMaxOutput) {
    return InvalidArgument("blake2b: output size must be 16..64 bytes");
  }
  if (!key.empty() && (key.size() < crypto_generichash_blake2b_KEYBYTES_MIN || key.size() > kMaxKey)) {
    return InvalidArgument("blake2b: key must be empty or 16..64 bytes");
  }
  CHECK(sodium_init() >= 0) << "libsodium initialisation failed";
  auto state = std::make_unique<State>();
  CHECK(crypto_generichash_blake2b_init(&state->st, key.empty() ? nullptr : key.data(),
                                        key.size(), output_size) == 0);
  return Blake2bHasher(std::move(state), output_size);
}

Blake2bHasher& Blake2bHasher::Update(ByteView data) {
  CHECK(state_ != nullptr) << "Blake2bHasher used after Finish or move";
  crypto_generichash_blake2b_update(&state_->st, data.data(), data.size());
  return *this;
}

void Blake2bHasher::Finish(std::span<uint8_t> out) {
  CHECK(state_ != nullptr) << "Blake2bHasher used after Finish or move";
  CHECK(out.size() == output_size_) << "Blake2bHasher::Finish: wrong output size";
  CHECK(crypto_generichash_blake2b_final(&state_->st, out.data(), out.size()) == 0);
  state_.reset();
}

Result<Bytes> Blake2b(ByteView data, ByteView key, size_t output_size) {
  Result<Blake2bHasher> h = Blake2bHasher::Create(key, output_size);
  if (!h) return std::move(h).error();
  Bytes out(output_size);
  h->Update(data).Finish(out);
  return out;
}

}  // namespace signet::crypto
