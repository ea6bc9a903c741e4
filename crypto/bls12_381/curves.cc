#include "crypto/bls12_381/curves.h"

#include <cstring>
#include <vector>

#include "crypto/bls12_381/constants.h"
#include "crypto/bls12_381/tower.h"

namespace signet::crypto::bls12_381 {
namespace {

// Flag bits of the first byte of a compressed encoding.
constexpr uint8_t kCompressedFlag = 0x80;
constexpr uint8_t kInfinityFlag = 0x40;
constexpr uint8_t kSortFlag = 0x20;

// CheckInfinityEncoding validates an encoding whose infinity flag is set: every other bit except
// the compression flag must be zero.
bool IsCanonicalInfinity(ByteView in) {
  if ((in[0] & 0x3f) != 0) return false;
  for (size_t i = 1; i < in.size(); ++i) {
    if (in[i] != 0) return false;
  }
  return true;
}

Error BadPoint(const char* what) { return InvalidArgument(std::string("invalid point: ") + what); }

}  // namespace

const G1& G1Generator() {
  static const G1 g = {FpFromHex(kG1GeneratorX), FpFromHex(kG1GeneratorY), Fp::One()};
  return g;
}

const G2& G2Generator() {
  static const G2 g = {{FpFromHex(kG2GeneratorX0), FpFromHex(kG2GeneratorX1)},
                       {FpFromHex(kG2GeneratorY0), FpFromHex(kG2GeneratorY1)},
                       Fp2::One()};
  return g;
}

bool G1IsInSubgroup(const G1& p) {
  static const Fp beta = FpFromHex(kG1CubeRootOfUnity);
  // phi(P) = (beta x, y) acts as multiplication by -u^2 on the order-r subgroup only. u^2 is
  // computed as [|u|]([|u|]P): |u| has only six bits set.
  const G1 phi{p.x * beta, p.y, p.z};
  constexpr std::array<uint64_t, 1> kX = {kBlsXAbs};
  return phi == -MulVartime(MulVartime(p, kX), kX);
}

G2 G2Psi(const G2& q) {
  static const Fp2 psi_x = FrobeniusGamma1().Square().Inverse();
  static const Fp2 psi_y = (FrobeniusGamma1().Square() * FrobeniusGamma1()).Inverse();
  return {q.x.Conjugate() * psi_x, q.y.Conjugate() * psi_y, q.z.Conjugate()};
}

bool G2IsInSubgroup(const G2& q) {
  constexpr std::array<uint64_t, 1> kX = {kBlsXAbs};
  return G2Psi(q) == -MulVartime(q, kX);
}

std::array<uint8_t, kG1CompressedBytes> G1Compress(const G1& p) {
  return G1CompressAffine(p.ToAffine());
}

std::array<uint8_t, kG1CompressedBytes> G1CompressAffine(const G1Affine& a) {
  std::array<uint8_t, kG1CompressedBytes> out{};
  if (a.infinity) {
    out[0] = kCompressedFlag | kInfinityFlag;
    return out;
  }
  FpToBytes(a.x, out.data());
  out[0] |= kCompressedFlag | (FpIsLexLargest(a.y) ? kSortFlag : 0);
  return out;
}

Result<G1> G1Decompress(ByteView in) {
  if (in.size() != kG1CompressedBytes) return BadPoint("G1 encoding must be 48 bytes");
  if ((in[0] & kCompressedFlag) == 0) return BadPoint("compression flag not set");
  if ((in[0] & kInfinityFlag) != 0) {
    if (!IsCanonicalInfinity(in)) return BadPoint("non-canonical infinity encoding");
    return G1::Identity();
  }
  uint8_t buf[kFpBytes];
  std::memcpy(buf, in.data(), kFpBytes);
  buf[0] &= 0x1f;
  const auto x = FpFromBytes(ByteView(buf, kFpBytes));
  if (!x) return BadPoint("x coordinate not reduced modulo p");
  auto y = FpSqrt(x->Square() * *x + G1Curve::B());
  if (!y) return BadPoint("not on the curve");
  const bool want_large = (in[0] & kSortFlag) != 0;
  if (FpIsLexLargest(*y) != want_large) y = -*y;
  const G1 p{*x, *y, Fp::One()};
  if (!G1IsInSubgroup(p)) return BadPoint("not in the prime-order subgroup");
  return p;
}

std::array<uint8_t, kG2CompressedBytes> G2Compress(const G2& q) {
  std::array<uint8_t, kG2CompressedBytes> out{};
  const G2Affine a = q.ToAffine();
  if (a.infinity) {
    out[0] = kCompressedFlag | kInfinityFlag;
    return out;
  }
  FpToBytes(a.x.c1, out.data());
  FpToBytes(a.x.c0, out.data() + kFpBytes);
  out[0] |= kCompressedFlag | (Fp2IsLexLargest(a.y) ? kSortFlag : 0);
  return out;
}

Result<G2> G2Decompress(ByteView in) {
  if (in.size() != kG2CompressedBytes) return BadPoint("G2 encoding must be 96 bytes");
  if ((in[0] & kCompressedFlag) == 0) return BadPoint("compression flag not set");
  if ((in[0] & kInfinityFlag) != 0) {
    if (!IsCanonicalInfinity(in)) return BadPoint("non-canonical infinity encoding");
    return G2::Identity();
  }
  uint8_t buf[kFpBytes];
  std::memcpy(buf, in.data(), kFpBytes);
  buf[0] &= 0x1f;
  const auto x1 = FpFromBytes(ByteView(buf, kFpBytes));
  const auto x0 = FpFromBytes(in.subspan(kFpBytes, kFpBytes));
  if (!x0 || !x1) return BadPoint("x coordinate not reduced modulo p");
  const Fp2 x{*x0, *x1};
  auto y = Fp2Sqrt(x.Square() * x + G2Curve::B());
  if (!y) return BadPoint("not on the curve");
  const bool want_large = (in[0] & kSortFlag) != 0;
  if (Fp2IsLexLargest(*y) != want_large) y = -*y;
  const G2 q{x, *y, Fp2::One()};
  if (!G2IsInSubgroup(q)) return BadPoint("not in the prime-order subgroup");
  return q;
}

G1 G1MulGenerator(const ScalarLimbs& k) {
  static const FixedBaseTable<G1> table(G1Generator());
  return table.MulCt(k);
}

G2 G2MulGenerator(const ScalarLimbs& k) {
  static const FixedBaseTable<G2> table(G2Generator());
  return table.MulCt(k);
}

}  // namespace signet::crypto::bls12_381
