// libFuzzer target: BBS signature and public key decoding through Verify. Input layout:
// [80-byte signature][96-byte public key][rest: one message]. Must never crash; a random input
// must not verify.

#include <cstdint>
#include <cstdlib>

#include "proofs/bbs/bbs.h"

namespace bbs = signet::proofs::bbs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const signet::ByteView in(data, size);
  const size_t sig_len = std::min<size_t>(size, bbs::kSignatureSize);
  const size_t pk_len = std::min<size_t>(size - sig_len, bbs::kPublicKeySize);
  const auto sig = in.first(sig_len);
  const auto pk = in.subspan(sig_len, pk_len);
  const std::vector<signet::Bytes> msgs = {signet::Bytes(in.begin() + sig_len + pk_len, in.end())};
  auto st = bbs::Verify(pk, sig, {}, msgs);
  (void)st;
  return 0;
}
