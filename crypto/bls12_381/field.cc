#include "crypto/bls12_381/field.h"

namespace signet::crypto::bls12_381 {
namespace {

using L6 = std::array<uint64_t, 6>;

// ShiftRight shifts a limb array right by `s` bits (s < 64).
L6 ShiftRight(L6 a, unsigned s) {
  for (size_t i = 0; i < 6; ++i) {
    a[i] = (a[i] >> s) | (i + 1 < 6 ? a[i + 1] << (64 - s) : 0);
  }
  return a;
}

// AddSmall adds a small value with carry propagation (for public constants only).
L6 AddSmall(L6 a, uint64_t v) {
  for (size_t i = 0; i < 6 && v != 0; ++i) {
    a[i] += v;
    v = a[i] < v ? 1 : 0;
  }
  return a;
}

// LessEqualCt reports a <= b for limb arrays (constant time).
template <size_t N>
bool LessEqualCt(const std::array<uint64_t, N>& a, const std::array<uint64_t, N>& b) {
  uint64_t borrow = 0;
  for (size_t i = 0; i < N; ++i) {
    const u128 d = static_cast<u128>(b[i]) - a[i] - borrow;
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow == 0;
}

// Horner reduction of a big-endian integer, one 32-bit chunk at a time (each chunk < m).
template <typename F>
F FromWide(ByteView in) {
  const F shift = F::FromU64(uint64_t{1} << 32);
  F acc = F::Zero();
  size_t i = 0;
  const size_t head = in.size() % 4;
  uint64_t w = 0;
  for (; i < head; ++i) w = (w << 8) | in[i];
  if (head != 0) acc = F::FromU64(w);
  for (; i < in.size(); i += 4) {
    w = (uint64_t{in[i]} << 24) | (uint64_t{in[i + 1]} << 16) | (uint64_t{in[i + 2]} << 8) |
        in[i + 3];
    acc = acc * shift + F::FromU64(w);
  }
  return acc;
}

}  // namespace

namespace limbs {
const L6& PMinus1Over2() {
  static const L6 v = ShiftRight(FpParams::kModulus, 1);
  return v;
}
const L6& PPlus1Over4() {
  static const L6 v = ShiftRight(AddSmall(FpParams::kModulus, 1), 2);
  return v;
}
const L6& PMinus3Over4() {
  static const L6 v = ShiftRight(FpParams::kModulus, 2);  // p = 3 mod 4, so floor(p/4).
  return v;
}
}  // namespace limbs

std::optional<Fp> FpFromBytes(ByteView in) {
  if (in.size() != kFpBytes) return std::nullopt;
  const auto l = ToLimbsBE<6>(in.data());
  if (!Fp::IsCanonical(l)) return std::nullopt;
  return Fp::FromCanonical(l);
}

void FpToBytes(const Fp& a, uint8_t out[kFpBytes]) { FromLimbsBE<6>(a.ToCanonical(), out); }

Fp FpFromWideBytes(ByteView in) { return FromWide<Fp>(in); }

std::optional<Fp> FpSqrt(const Fp& a) {
  const Fp s = a.Pow(limbs::PPlus1Over4());
  if (!(s.Square() == a)) return std::nullopt;
  return s;
}

bool FpIsLexLargest(const Fp& a) { return !LessEqualCt(a.ToCanonical(), limbs::PMinus1Over2()); }

bool FpSgn0(const Fp& a) { return (a.ToCanonical()[0] & 1) != 0; }

std::optional<Fr> FrFromBytes(ByteView in) {
  if (in.size() != kFrBytes) return std::nullopt;
  const auto l = ToLimbsBE<4>(in.data());
  if (!Fr::IsCanonical(l)) return std::nullopt;
  return Fr::FromCanonical(l);
}

void FrToBytes(const Fr& a, uint8_t out[kFrBytes]) { FromLimbsBE<4>(a.ToCanonical(), out); }

Fr FrFromWideBytes(ByteView in) { return FromWide<Fr>(in); }

std::optional<Fp2> Fp2Sqrt(const Fp2& a) {
  const Fp2 a1 = a.Pow(limbs::PMinus3Over4());
  const Fp2 alpha = a1 * (a1 * a);
  const Fp2 x0 = a1 * a;
  Fp2 x;
  if (alpha == -Fp2::One()) {
    x = {-x0.c1, x0.c0};  // u * x0
  } else {
    x = (Fp2::One() + alpha).Pow(limbs::PMinus1Over2()) * x0;
  }
  if (!(x.Square() == a)) return std::nullopt;
  return x;
}

bool Fp2IsLexLargest(const Fp2& a) {
  const bool c1_zero = a.c1.IsZero();
  return c1_zero ? FpIsLexLargest(a.c0) : FpIsLexLargest(a.c1);
}

}  // namespace signet::crypto::bls12_381
