#pragma once

// Optional BMI2 + ADX (mulx / adcx / adox) Montgomery multiplication for the 6-limb base field,
// selected at run time: the default build targets baseline x86-64, and kUseAdx is true only when
// the CPU reports both extensions. The routine is straight-line code (constant time).

#include <cstdint>

namespace signet::crypto::bls12_381::internal {

// kUseAdx is true when FpMulAdx may run on this CPU (x86-64 with BMI2 and ADX).
extern const bool kUseAdx;

// FpMulAdx writes a * b * 2^-384 mod p, not yet fully reduced (< 2p), to r. Requires a, b < p.
void FpMulAdx(uint64_t r[6], const uint64_t a[6], const uint64_t b[6]);

}  // namespace signet::crypto::bls12_381::internal
