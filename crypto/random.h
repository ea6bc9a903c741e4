#pragma once

// Randomness from the OS CSPRNG (getrandom(2)) only. There is no seedable generator here on
// purpose; tests that need determinism inject their values through the APIs that take them.

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// FillRandom fills `out` with CSPRNG bytes. Aborts if the kernel CSPRNG fails (there is no safe
// fallback).
void FillRandom(std::span<uint8_t> out);
// RandomBytes returns `n` CSPRNG bytes (for public values: nonces, salts, ids).
Bytes RandomBytes(size_t n);
// RandomSecret returns `n` CSPRNG bytes as a secret (for keys).
SecretBytes RandomSecret(size_t n);
// RandomUint64 returns a uniformly random 64-bit value.
uint64_t RandomUint64();

}  // namespace signet::crypto
