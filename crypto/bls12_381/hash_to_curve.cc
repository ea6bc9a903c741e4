#include "crypto/bls12_381/hash_to_curve.h"

#include <array>
#include <cstring>
#include <vector>

#include "crypto/bls12_381/constants.h"
#include "crypto/sha2.h"

namespace signet::crypto::bls12_381 {
namespace {

constexpr size_t kHashBytes = 32;   // SHA-256 output
constexpr size_t kBlockBytes = 64;  // SHA-256 input block

// IsoConstants holds the SSWU and 11-isogeny constants in Montgomery form.
struct IsoConstants {
  Fp a, b, z, minus_b_over_a, b_over_za;
  std::vector<Fp> xnum, xden, ynum, yden;
  IsoConstants() {
    a = FpFromHex(kIsoA);
    b = FpFromHex(kIsoB);
    z = Fp::FromU64(kSswuZ);
    minus_b_over_a = -(b * a.Inverse());
    b_over_za = b * (z * a).Inverse();
    for (const char* h : kIsoXNum) xnum.push_back(FpFromHex(h));
    for (const char* h : kIsoXDen) xden.push_back(FpFromHex(h));
    for (const char* h : kIsoYNum) ynum.push_back(FpFromHex(h));
    for (const char* h : kIsoYDen) yden.push_back(FpFromHex(h));
    xden.push_back(Fp::One());  // monic denominators
    yden.push_back(Fp::One());
  }
};

const IsoConstants& Iso() {
  static const IsoConstants c;
  return c;
}

// Horner evaluates sum c[j] x^j.
Fp Horner(const std::vector<Fp>& c, const Fp& x) {
  Fp acc = c.back();
  for (size_t j = c.size() - 1; j-- > 0;) acc = acc * x + c[j];
  return acc;
}

Fp CurveRhs(const Fp& x, const IsoConstants& k) { return (x.Square() + k.a) * x + k.b; }

uint64_t Mask(bool b) { return 0 - static_cast<uint64_t>(b); }

}  // namespace

Result<Bytes> ExpandMessageXmd(ByteView msg, ByteView dst, size_t len_in_bytes) {
  const size_t ell = (len_in_bytes + kHashBytes - 1) / kHashBytes;
  if (len_in_bytes == 0 || ell > 255) return InvalidArgument("expand_message_xmd: bad length");
  Bytes dst_prime;
  if (dst.size() > 255) {
    const auto h = Sha256Hasher().Update(AsBytes("H2C-OVERSIZE-DST-")).Update(dst).Finish();
    dst_prime.assign(h.begin(), h.end());
  } else {
    dst_prime.assign(dst.begin(), dst.end());
  }
  dst_prime.push_back(static_cast<uint8_t>(dst_prime.size()));

  const uint8_t zpad[kBlockBytes] = {};
  const uint8_t tail[3] = {static_cast<uint8_t>(len_in_bytes >> 8),
                           static_cast<uint8_t>(len_in_bytes), 0};
  Sha256Hasher h;
  const Sha256Digest b0 = h.Update(ByteView(zpad, kBlockBytes))
                              .Update(msg)
                              .Update(ByteView(tail, 3))
                              .Update(dst_prime)
                              .Finish();
  Bytes out;
  out.reserve(ell * kHashBytes);
  Sha256Digest prev{};
  for (size_t i = 1; i <= ell; ++i) {
    Sha256Digest in;
    for (size_t j = 0; j < kHashBytes; ++j) in[j] = static_cast<uint8_t>(b0[j] ^ prev[j]);
    const uint8_t idx = static_cast<uint8_t>(i);
    prev = h.Update(in).Update(ByteView(&idx, 1)).Update(dst_prime).Finish();
    out.insert(out.end(), prev.begin(), prev.end());
  }
  out.resize(len_in_bytes);
  return out;
}

G1 MapToCurveG1(const Fp& u) {
  const IsoConstants& k = Iso();
  // Simplified SWU on E' (RFC 9380 Section 6.6.2), with selects instead of branches.
  const Fp zu2 = k.z * u.Square();
  const Fp tv1 = (zu2.Square() + zu2).Inverse();  // inv0: 0 maps to 0
  const Fp x1 = Fp::Select(k.minus_b_over_a * (Fp::One() + tv1), k.b_over_za, Mask(tv1.IsZero()));
  const Fp gx1 = CurveRhs(x1, k);
  const Fp x2 = zu2 * x1;
  const Fp gx2 = CurveRhs(x2, k);
  const Fp y1 = gx1.Pow(limbs::PPlus1Over4());
  const Fp y2 = gx2.Pow(limbs::PPlus1Over4());
  const uint64_t use1 = Mask(y1.Square() == gx1);
  const Fp x = Fp::Select(x2, x1, use1);
  Fp y = Fp::Select(y2, y1, use1);
  y = Fp::Select(y, -y, Mask(FpSgn0(u) != FpSgn0(y)));
  // 11-isogeny to E as a projective point (x = xn/xd, y = y' yn/yd).
  const Fp xn = Horner(k.xnum, x), xd = Horner(k.xden, x);
  const Fp yn = Horner(k.ynum, x), yd = Horner(k.yden, x);
  const G1 p{xn * yd, y * yn * xd, xd * yd};
  return G1::Select(p, G1::Identity(), Mask(p.z.IsZero()));
}

G1 ClearCofactorG1(const G1& p) {
  constexpr std::array<uint64_t, 1> kHEff = {0xd201000000010001};
  return MulVartime(p, kHEff);  // the exponent is a public constant
}

Result<G1> HashToG1(ByteView msg, ByteView dst) {
  auto uniform = ExpandMessageXmd(msg, dst, 2 * 64);
  if (!uniform) return std::move(uniform).error();
  const Fp u0 = FpFromWideBytes(ByteView(uniform->data(), 64));
  const Fp u1 = FpFromWideBytes(ByteView(uniform->data() + 64, 64));
  return ClearCofactorG1(MapToCurveG1(u0) + MapToCurveG1(u1));
}

}  // namespace signet::crypto::bls12_381
