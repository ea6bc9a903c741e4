#include "crypto/bip39.h"

#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>

#include "crypto/bip39_wordlist.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::crypto {
namespace {

constexpr size_t kMaxWords = 24;
constexpr size_t kBitsPerWord = 11;
constexpr int kPbkdf2Iterations = 2048;

// Indices holds the 11-bit word indices of one mnemonic; Words the same words packed (see
// PackedWord). Both are wiped by their owners when done.
using Indices = std::array<uint16_t, kMaxWords>;
using Words = std::array<uint64_t, kMaxWords>;

// WipeOnExit wipes a local buffer of secret data when it goes out of scope.
template <typename T>
class WipeOnExit {
 public:
  explicit WipeOnExit(T& v) : v_(v) {}
  ~WipeOnExit() { SecureWipe(&v_, sizeof(T)); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  T& v_;
};

// EqMask is all ones if a == b, else zero, without a branch.
uint64_t EqMask(uint64_t a, uint64_t b) {
  const uint64_t x = a ^ b;
  return ((x | (0 - x)) >> 63) - 1;
}

// PackedWord is list entry `i` as 8 little-endian bytes, NUL-padded.
uint64_t PackedWord(size_t i) {
  uint64_t w = 0;
  std::memcpy(&w, kBip39EnglishWords[i], sizeof(w));
  return w;
}

// WordAt selects list entry `index` by scanning the whole list (constant time in `index`).
uint64_t WordAt(uint64_t index) {
  uint64_t w = 0;
  for (size_t i = 0; i < kBip39WordCount; ++i) w |= PackedWord(i) & EqMask(i, index);
  return w;
}

// WordLength counts the non-NUL bytes of a packed word without branching on them.
size_t WordLength(uint64_t w) {
  size_t n = 0;
  for (int k = 0; k < 8; ++k) n += (((w >> (8 * k)) & 0xff) + 0xff) >> 8;
  return n;
}

// LookupWord returns the list index of `word` (ASCII letters, any case) or -1. The whole list
// is scanned with constant-time compares.
int LookupWord(std::string_view word) {
  if (word.empty() || word.size() > kBip39MaxWordLength) return -1;
  uint64_t candidate = 0;
  uint8_t not_letter = 0;
  for (size_t k = 0; k < word.size(); ++k) {
    const auto c = static_cast<uint8_t>(word[k]);
    const uint8_t upper = static_cast<uint8_t>(c - 'A') < 26;
    const auto lower = static_cast<uint8_t>(c + 32 * upper);
    not_letter |= static_cast<uint8_t>(static_cast<uint8_t>(lower - 'a') >= 26);
    candidate |= uint64_t{lower} << (8 * k);
  }
  if (not_letter != 0) return -1;  // also keeps a NUL from matching a shorter word
  uint64_t found = 0;
  uint64_t index = 0;
  for (size_t i = 0; i < kBip39WordCount; ++i) {
    const uint64_t m = EqMask(PackedWord(i), candidate);
    found |= m;
    index |= m & i;
  }
  SecureWipe(&candidate, sizeof(candidate));
  return found != 0 ? static_cast<int>(index) : -1;
}

// EntropySizeForWords maps 12/15/18/21/24 words to 16/20/24/28/32 bytes; 0 otherwise.
size_t EntropySizeForWords(size_t words) {
  if (words < 12 || words > 24 || words % 3 != 0) return 0;
  return words * kBitsPerWord * 32 / 33 / 8;
}

// ChecksumBits is the first entropy_size/4 bits of SHA-256(entropy), right-aligned.
uint8_t ChecksumBits(ByteView entropy) {
  Sha256Digest digest = Sha256(entropy);
  const auto cs = static_cast<uint8_t>(digest[0] >> (8 - entropy.size() / 4));
  SecureWipe(digest.data(), digest.size());
  return cs;
}

// Join builds the canonical phrase from `n` word indices.
SecretBytes Join(const Indices& indices, size_t n) {
  Words words{};
  WipeOnExit wipe_words(words);
  size_t total = n - 1;  // the spaces
  for (size_t i = 0; i < n; ++i) {
    words[i] = WordAt(indices[i]);
    total += WordLength(words[i]);
  }
  SecretBytes phrase(total);
  uint8_t* out = phrase.MutableData(SecretAccess::Get());
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) *out++ = ' ';
    const size_t len = WordLength(words[i]);
    for (size_t k = 0; k < len; ++k) *out++ = static_cast<uint8_t>(words[i] >> (8 * k));
  }
  return phrase;
}

// SplitWords cuts `phrase` at runs of ASCII whitespace. Stores up to 24 words in `out` and
// returns the total number of words found.
size_t SplitWords(std::string_view phrase, std::array<std::string_view, kMaxWords>* out) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  size_t count = 0;
  size_t i = 0;
  while (i < phrase.size()) {
    while (i < phrase.size() && is_space(phrase[i])) ++i;
    const size_t start = i;
    while (i < phrase.size() && !is_space(phrase[i])) ++i;
    if (i > start) {
      if (count < kMaxWords) (*out)[count] = phrase.substr(start, i - start);
      ++count;
    }
  }
  return count;
}

// UnpackBits writes the 11-bit indices of `n` words as a big-endian bit string into `bits`.
void UnpackBits(const Indices& indices, size_t n, std::array<uint8_t, 33>* bits) {
  for (size_t pos = 0; pos < n * kBitsPerWord; ++pos) {
    const unsigned bit = (indices[pos / kBitsPerWord] >> (10 - pos % kBitsPerWord)) & 1;
    (*bits)[pos / 8] |= static_cast<uint8_t>(bit << (7 - pos % 8));
  }
}

}  // namespace

Bip39Mnemonic Bip39Mnemonic::Generate() { return FromEntropy(RandomSecret(32)).value(); }

Result<Bip39Mnemonic> Bip39Mnemonic::FromEntropy(const SecretBytes& entropy) {
  const size_t size = entropy.size();
  if (size < 16 || size > 32 || size % 4 != 0) {
    return InvalidArgument("bip39: entropy must be 16, 20, 24, 28 or 32 bytes");
  }
  const ByteView ent = entropy.Reveal(SecretAccess::Get());
  std::array<uint8_t, 33> bits{};
  WipeOnExit wipe_bits(bits);
  std::memcpy(bits.data(), ent.data(), size);
  const size_t cs_bits = size / 4;
  bits[size] = static_cast<uint8_t>(ChecksumBits(ent) << (8 - cs_bits));
  const size_t n = (size * 8 + cs_bits) / kBitsPerWord;
  Indices indices{};
  WipeOnExit wipe_indices(indices);
  for (size_t pos = 0; pos < n * kBitsPerWord; ++pos) {
    const unsigned bit = (bits[pos / 8] >> (7 - pos % 8)) & 1;
    indices[pos / kBitsPerWord] = static_cast<uint16_t>((indices[pos / kBitsPerWord] << 1) | bit);
  }
  return Bip39Mnemonic(Join(indices, n), entropy.Clone(SecretAccess::Get()), n);
}

Result<Bip39Mnemonic> Bip39Mnemonic::Parse(std::string_view phrase) {
  if (phrase.size() > kMaxPhraseSize) return TooLarge("mnemonic exceeds 1024 bytes");
  std::array<std::string_view, kMaxWords> words;
  const size_t n = SplitWords(phrase, &words);
  const size_t entropy_size = EntropySizeForWords(n);
  if (entropy_size == 0) {
    return InvalidArgument("expected 12, 15, 18, 21 or 24 words, got " + std::to_string(n));
  }
  Indices indices{};
  WipeOnExit wipe_indices(indices);
  for (size_t i = 0; i < n; ++i) {
    const int index = LookupWord(words[i]);
    if (index < 0) {
      return InvalidArgument("word " + std::to_string(i + 1) + " is not in the list");
    }
    indices[i] = static_cast<uint16_t>(index);
  }
  std::array<uint8_t, 33> bits{};
  WipeOnExit wipe_bits(bits);
  UnpackBits(indices, n, &bits);
  SecretBytes entropy = SecretBytes::CopyFrom(ByteView(bits).first(entropy_size));
  const uint8_t expected = ChecksumBits(entropy.Reveal(SecretAccess::Get()));
  const auto got = static_cast<uint8_t>(bits[entropy_size] >> (8 - entropy_size / 4));
  if ((expected ^ got) != 0) return InvalidArgument("checksum mismatch");
  return Bip39Mnemonic(Join(indices, n), std::move(entropy), n);
}

std::string_view Bip39Mnemonic::Phrase(SecretAccess access) const {
  return AsStringView(phrase_.Reveal(access));
}

Result<SecretBytes> Bip39Mnemonic::ToSeed(const SecretBytes& passphrase) const {
  const SecretAccess access = SecretAccess::Get();
  const ByteView pass = passphrase.Reveal(access);
  if (pass.size() > kMaxPassphraseSize) return TooLarge("bip39: passphrase exceeds 1024 bytes");
  uint8_t high = 0;
  for (uint8_t c : pass) high |= c;
  if ((high & 0x80) != 0) {
    return InvalidArgument("bip39: passphrase must be ASCII (no Unicode normalisation available)");
  }
  static constexpr std::string_view kSaltPrefix = "mnemonic";
  SecretBytes salt(kSaltPrefix.size() + pass.size());
  uint8_t* s = salt.MutableData(access);
  std::memcpy(s, kSaltPrefix.data(), kSaltPrefix.size());
  if (!pass.empty()) std::memcpy(s + kSaltPrefix.size(), pass.data(), pass.size());
  const ByteView phrase = phrase_.Reveal(access);
  SecretBytes seed(kSeedSize);
  if (PKCS5_PBKDF2_HMAC(reinterpret_cast<const char*>(phrase.data()),
                        static_cast<int>(phrase.size()), s, static_cast<int>(salt.size()),
                        kPbkdf2Iterations, EVP_sha512(), static_cast<int>(kSeedSize),
                        seed.MutableData(access)) != 1) {
    return Internal("bip39: pbkdf2 failed");
  }
  return seed;
}

}  // namespace signet::crypto
