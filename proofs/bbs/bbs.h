#pragma once

// BBS signatures and proofs of knowledge, draft-irtf-cfrg-bbs-signatures (-06 .. -09, which share
// the fixtures), ciphersuite BLS12-381-SHA-256 with the "H2G_HM2S_" interface (messages are
// octet strings hashed to scalars). Byte encodings follow the draft exactly:
//   secret key  32 bytes (big-endian scalar, 0 < SK < r)
//   public key  96 bytes (compressed G2 point W = SK * BP2)
//   signature   80 bytes (compressed A || e)
//   proof       272 + 32 * U bytes (Abar || Bbar || D || e^ || r1^ || r3^ || m^_j... || c)
//
// Security: Sign and ProofGen treat the secret key, the undisclosed messages and all blinding
// scalars as secret (constant-time scalar multiplication, wiped temporaries). Verification works
// on public data and uses variable-time code. Every decoder validates sizes, canonical scalars
// (< r and non-zero where the draft says so), point encodings, subgroup membership and the
// identity. Verification failures return kUnauthenticated with one generic message ("invalid
// signature" / "invalid proof"); malformed inputs return kInvalidArgument or kTooLarge.
//
// Thread safety: every function is thread-safe. Generators are derived once per count and cached
// process-wide (create_generators is prefix-stable, so the cache grows monotonically).

#include <cstddef>
#include <functional>
#include <span>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/bls12_381/field.h"
#include "crypto/secret_bytes.h"

namespace signet::proofs::bbs {

using crypto::bls12_381::Fr;

inline constexpr size_t kSecretKeySize = 32;
inline constexpr size_t kPublicKeySize = 96;
inline constexpr size_t kSignatureSize = 80;
inline constexpr size_t kScalarSize = 32;
inline constexpr size_t kPointSize = 48;
inline constexpr size_t kProofBaseSize = 3 * kPointSize + 4 * kScalarSize;  // 272

// Limits on untrusted sizes (Signet policy; the draft allows more).
inline constexpr size_t kMaxMessages = 1024;
inline constexpr size_t kMaxMessageBytes = 1 << 20;
inline constexpr size_t kMaxHeaderBytes = 1 << 16;
inline constexpr size_t kMaxProofSize = kProofBaseSize + kScalarSize * kMaxMessages;

// RandomScalars fills `out` with uniformly random scalars mod r. ProofGen draws all of its
// 5 + U blinding scalars with one call, in the draft's order (r1, r2, e~, r1~, r3~, m~_j...).
using RandomScalars = std::function<void(std::span<Fr> out)>;

// OsRandomScalars draws each scalar as 48 bytes from the OS CSPRNG reduced mod r
// (the draft's calculate_random_scalars). This is what production code uses.
RandomScalars OsRandomScalars();

// SeededRandomScalarsForTesting is the draft's seeded_random_scalars(SEED, count) with the given
// DST (expand_message_xmd over 48 * count bytes). Deterministic: ONLY for reproducing fixtures.
RandomScalars SeededRandomScalarsForTesting(Bytes seed, Bytes dst);

// KeyGen derives a secret key from >= 32 bytes of key material (draft Section 3.4.1). An empty
// key_dst selects the default ciphersuite_id || "H2G_HM2S_KEYGEN_DST_".
Result<crypto::SecretBytes> KeyGen(ByteView key_material, ByteView key_info, ByteView key_dst = {});

// SkToPk returns the 96-byte public key for a 32-byte secret key (Section 3.4.2).
Result<Bytes> SkToPk(const crypto::SecretBytes& sk);

// Sign returns an 80-byte deterministic signature over header and messages (Section 3.5.1).
// `pk` must be the public key of `sk` (it is hashed into the domain, not re-derived).
Result<Bytes> Sign(const crypto::SecretBytes& sk, ByteView pk, ByteView header,
                   std::span<const Bytes> messages);

// Verify checks a signature (Section 3.5.2). OK or kUnauthenticated "invalid signature".
Status Verify(ByteView pk, ByteView signature, ByteView header, std::span<const Bytes> messages);

// ProofGen returns a zero-knowledge proof of a signature that discloses the messages at
// `disclosed_indexes` (0-based, strictly ascending) and binds the presentation header `ph`
// (Section 3.5.3). `rng` supplies the blinding scalars (OsRandomScalars() in production).
Result<Bytes> ProofGen(ByteView pk, ByteView signature, ByteView header, ByteView ph,
                       std::span<const Bytes> messages, std::span<const size_t> disclosed_indexes,
                       const RandomScalars& rng = OsRandomScalars());

// ProofVerify checks a proof against the disclosed messages and their indexes (strictly
// ascending, 0-based) (Section 3.5.4). OK or kUnauthenticated "invalid proof".
Status ProofVerify(ByteView pk, ByteView proof, ByteView header, ByteView ph,
                   std::span<const Bytes> disclosed_messages,
                   std::span<const size_t> disclosed_indexes);

// HashToScalar is the draft's hash_to_scalar (expand_message_xmd to 48 bytes, reduced mod r).
Result<Fr> HashToScalar(ByteView msg, ByteView dst);

// MessagesToScalars maps messages with the ciphersuite's MAP_MSG_TO_SCALAR_AS_HASH_ DST.
Result<std::vector<Fr>> MessagesToScalars(std::span<const Bytes> messages);

// CreateGenerators returns create_generators(count) as compressed points (Q_1, H_1, ...).
Result<std::vector<Bytes>> CreateGenerators(size_t count);

// ApiId returns "BBS_BLS12381G1_XMD:SHA-256_SSWU_RO_H2G_HM2S_".
ByteView ApiId();

}  // namespace signet::proofs::bbs
