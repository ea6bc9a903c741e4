#pragma once

// The BIP39 English wordlist, embedded in the binary: 2048 lowercase ASCII words of 3..8
// letters, sorted, in list order (index = 11-bit value). Checked byte-for-byte against
// tests/vectors/bip39/english.txt (trezor/python-mnemonic, sha256 2f5eed53...) by
// bip39_test.cc.

#include <cstddef>

namespace signet::crypto {

// kBip39WordCount is the number of words in the list.
inline constexpr size_t kBip39WordCount = 2048;
// kBip39MaxWordLength is the length of the longest word.
inline constexpr size_t kBip39MaxWordLength = 8;

// kBip39EnglishWords holds each word NUL-padded to 9 bytes, so every entry can be compared as
// 8 fixed bytes (the constant-time lookups in bip39.cc rely on this).
extern const char kBip39EnglishWords[kBip39WordCount][kBip39MaxWordLength + 1];

}  // namespace signet::crypto
