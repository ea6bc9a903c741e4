// libFuzzer target: BBS proof decoding (octets_to_proof) through ProofVerify with a fixed valid
// public key and no disclosed messages. Must never crash or accept garbage.

#include <cstdint>
#include <cstdlib>

#include "base/encoding.h"
#include "proofs/bbs/bbs.h"

namespace bbs = signet::proofs::bbs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const signet::Bytes pk = *signet::HexDecode(
      "a820f230f6ae38503b86c70dc50b61c58a77e45c39ab25c0652bbaa8fa136f2851bd4781c9dcde39fc9d1d52c9e"
      "60268061e7d7632171d91aa8d460acee0e96f1e7c4cfb12d3ff9ab5d5dc91c277db75c845d649ef3c4f63aebc36"
      "4cd55ded0c");
  auto st = bbs::ProofVerify(pk, signet::ByteView(data, size), {}, {}, {}, {});
  (void)st;
  return 0;
}
