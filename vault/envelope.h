#pragma once

// The record envelope: what a backend stores for one record (ARCHITECTURE.md §3).
//
//   envelope  = version (1 byte, = 1) || nonce (12) || AES-256-GCM ciphertext || tag (16)
//   AAD       = "signet/v1/record" || version || blind id (32)
//   plaintext = u32be(length) || value || zero padding up to the size bucket
//
// The blind id in the AAD binds a ciphertext to its address: moved to another id it no longer
// opens. Padding hides sizes within a bucket: buckets are powers of two from 256 bytes, so a
// backend learns at most the bucket of a value, and decoys (vault.h) hide counts.

#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/secret_bytes.h"
#include "storage/blind_id.h"

namespace signet::vault {

inline constexpr uint8_t kEnvelopeVersion = 1;
inline constexpr size_t kMinBucket = 256;
// kMaxValueSize bounds one record's value (the envelope adds the bucket padding and 29 bytes).
inline constexpr size_t kMaxValueSize = size_t{16} << 20;

// BucketSize returns the padded plaintext size for a value of `value_size` bytes.
size_t BucketSize(size_t value_size);

// SealRecord encrypts `value` for blind id `id` under `record_key`. kTooLarge above
// kMaxValueSize.
Result<Bytes> SealRecord(const crypto::SecretBytes& record_key, const storage::BlindId& id,
                         ByteView value);

// OpenRecord decrypts and unpads an envelope. One generic kDataLoss error for any tampering
// (wrong key, wrong id, bit flip, bad padding, unknown version).
Result<crypto::SecretBytes> OpenRecord(const crypto::SecretBytes& record_key,
                                       const storage::BlindId& id, ByteView envelope);

// SealRecordWithNonceForTesting seals with a fixed nonce (known-answer tests only).
Result<Bytes> SealRecordWithNonceForTesting(const crypto::SecretBytes& record_key,
                                            const storage::BlindId& id, ByteView value,
                                            ByteView nonce);

}  // namespace signet::vault
