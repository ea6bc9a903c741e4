#pragma once

// BIP39 mnemonic sentences with the English wordlist
// (https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki).
//
//   Bip39Mnemonic m = Bip39Mnemonic::Generate();                       // 24 words
//   Result<Bip39Mnemonic> typed = Bip39Mnemonic::Parse(user_input);    // precise errors
//   Result<SecretBytes> seed = typed->ToSeed(passphrase);              // 64 bytes
//
// Entropy <-> mnemonic works for every standard length (16/20/24/28/32 bytes of entropy,
// 12/15/18/21/24 words). The seed is PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" || passphrase,
// 2048 iterations, 64 bytes) through OpenSSL.
//
// Unicode: BIP39 hashes the NFKD form of the mnemonic and passphrase. The English words are
// ASCII, which NFKD leaves unchanged. There is no Unicode library here (no ICU), so a passphrase
// containing any byte >= 0x80 is rejected with a clear error instead of being hashed in a form
// another wallet might normalise differently; ASCII passphrases are exactly what BIP39 hashes.
//
// Parse accepts words separated by any run of ASCII whitespace (space, tab, CR, LF), ignores
// leading and trailing whitespace and accepts upper-case letters; the mnemonic it keeps (and
// hashes into the seed) is the canonical form: lower-case words joined by single spaces.
//
// Secrets: the phrase, the entropy and the seed live in SecretBytes. Word lookups scan the whole
// list with constant-time compares, so no memory access or branch depends on which word it is;
// only the lengths of the typed words influence timing.

#include <cstddef>
#include <string_view>
#include <utility>

#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::crypto {

// Bip39Mnemonic is a valid English mnemonic (checksum verified). Immutable and thread-safe;
// move-only.
class Bip39Mnemonic {
 public:
  static constexpr size_t kSeedSize = 64;
  // Input limits: larger inputs are rejected with TooLarge before any other work.
  static constexpr size_t kMaxPhraseSize = 1024;
  static constexpr size_t kMaxPassphraseSize = 1024;

  // Generate makes a 24-word mnemonic from 256 bits of OS CSPRNG entropy.
  static Bip39Mnemonic Generate();
  // FromEntropy encodes 16, 20, 24, 28 or 32 bytes of entropy (InvalidArgument otherwise).
  static Result<Bip39Mnemonic> FromEntropy(const SecretBytes& entropy);
  // Parse validates a typed mnemonic. Errors (InvalidArgument unless noted), in this order:
  //   "mnemonic exceeds 1024 bytes" (TooLarge),
  //   "expected 12, 15, 18, 21 or 24 words, got N",
  //   "word K is not in the list" (K counts from 1; the first unknown word),
  //   "checksum mismatch".
  static Result<Bip39Mnemonic> Parse(std::string_view phrase);

  // word_count is 12, 15, 18, 21 or 24.
  size_t word_count() const { return word_count_; }
  // Phrase views the canonical mnemonic (lower-case words, single spaces).
  std::string_view Phrase(SecretAccess access) const;
  // ExportEntropy copies out the entropy the mnemonic encodes.
  SecretBytes ExportEntropy(SecretAccess access) const { return entropy_.Clone(access); }

  // ToSeed derives the 64-byte BIP39 seed with an optional passphrase (empty = none). Errors:
  // InvalidArgument("bip39: passphrase must be ASCII (no Unicode normalisation available)"),
  // TooLarge for a passphrase over 1024 bytes.
  Result<SecretBytes> ToSeed(const SecretBytes& passphrase = SecretBytes()) const;

 private:
  Bip39Mnemonic(SecretBytes phrase, SecretBytes entropy, size_t word_count)
      : phrase_(std::move(phrase)), entropy_(std::move(entropy)), word_count_(word_count) {}

  SecretBytes phrase_;
  SecretBytes entropy_;
  size_t word_count_;
};

}  // namespace signet::crypto
