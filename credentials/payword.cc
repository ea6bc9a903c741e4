#include "credentials/payword.h"

#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::credentials {
namespace {
constexpr std::string_view kDomain = "signet-payword-v1";
}  // namespace

PaywordLink PaywordHash(ByteView x) {
  crypto::Sha256Hasher h;
  return h.Update(AsBytes(kDomain)).Update(x).Finish();
}

PaywordLink PaywordIterate(ByteView x, uint32_t times) {
  PaywordLink cur{};
  if (times == 0) {
    std::copy(x.begin(), x.begin() + std::min<size_t>(x.size(), cur.size()), cur.begin());
    return cur;
  }
  crypto::Sha256Hasher h;
  cur = h.Update(AsBytes(kDomain)).Update(x).Finish();
  for (uint32_t i = 1; i < times; ++i) cur = h.Update(AsBytes(kDomain)).Update(cur).Finish();
  return cur;
}

Result<PaywordChain> PaywordChain::Create(uint32_t length) {
  return FromSeed(crypto::RandomSecret(32), length);
}

Result<PaywordChain> PaywordChain::FromSeed(const crypto::SecretBytes& seed, uint32_t length) {
  if (seed.size() != 32) return InvalidArgument("payword: seed must be 32 bytes");
  if (length == 0 || length > kMaxLength) return InvalidArgument("payword: bad chain length");
  return PaywordChain(seed.Clone(crypto::SecretAccess::Get()), length);
}

PaywordLink PaywordChain::Anchor() const {
  return PaywordIterate(seed_.Reveal(crypto::SecretAccess::Get()), length_);
}

Result<PaywordLink> PaywordChain::Link(uint32_t spent) const {
  if (spent == 0 || spent > length_) return InvalidArgument("payword: spend out of range");
  return PaywordIterate(seed_.Reveal(crypto::SecretAccess::Get()), length_ - spent);
}

}  // namespace signet::credentials
