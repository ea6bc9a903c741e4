#include "crypto/bip39.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <string>

#include "base/encoding.h"
#include "crypto/bip39_wordlist.h"

namespace signet::crypto {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Phrase(const Bip39Mnemonic& m) { return std::string(m.Phrase(SecretAccess::Get())); }
std::string RevealHex(const SecretBytes& s) { return HexEncode(s.Reveal(SecretAccess::Get())); }
SecretBytes Secret(std::string_view s) { return SecretBytes::CopyFrom(AsBytes(s)); }

std::string ErrorOf(std::string_view phrase) {
  Result<Bip39Mnemonic> m = Bip39Mnemonic::Parse(phrase);
  return m ? "ok" : m.error().message();
}

TEST(Bip39WordlistTest, MatchesTheVectorFileByteForByte) {
  std::string rebuilt;
  for (const auto& word : kBip39EnglishWords) {
    rebuilt += word;
    rebuilt += '\n';
  }
  EXPECT_EQ(rebuilt, ReadFile(SIGNET_SOURCE_DIR "/tests/vectors/bip39/english.txt"));
}

// Every English vector of trezor/python-mnemonic (vectors.json): entropy -> mnemonic,
// mnemonic -> entropy (validation), and the seed with passphrase "TREZOR".
TEST(Bip39Test, PassesEveryTrezorEnglishVector) {
  const auto doc = nlohmann::json::parse(
      ReadFile(SIGNET_SOURCE_DIR "/tests/vectors/bip39/trezor-vectors-english.json"), nullptr,
      false);
  ASSERT_FALSE(doc.is_discarded());
  const auto& vectors = doc.at("english");
  ASSERT_EQ(vectors.size(), 24u);
  for (const auto& v : vectors) {
    const std::string entropy_hex = v.at(0);
    const std::string mnemonic = v.at(1);
    const std::string seed_hex = v.at(2);
    SCOPED_TRACE(mnemonic);
    const SecretBytes entropy = SecretBytes::CopyFrom(HexDecode(entropy_hex).value());
    Result<Bip39Mnemonic> from_entropy = Bip39Mnemonic::FromEntropy(entropy);
    ASSERT_TRUE(from_entropy);
    EXPECT_EQ(Phrase(*from_entropy), mnemonic);

    Result<Bip39Mnemonic> parsed = Bip39Mnemonic::Parse(mnemonic);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    EXPECT_EQ(RevealHex(parsed->ExportEntropy(SecretAccess::Get())), entropy_hex);
    EXPECT_EQ(parsed->word_count(), entropy.size() * 3 / 4);

    Result<SecretBytes> seed = parsed->ToSeed(Secret("TREZOR"));
    ASSERT_TRUE(seed);
    EXPECT_EQ(RevealHex(*seed), seed_hex);
  }
}

TEST(Bip39Test, GeneratesDistinct24WordMnemonicsThatValidate) {
  const Bip39Mnemonic a = Bip39Mnemonic::Generate();
  const Bip39Mnemonic b = Bip39Mnemonic::Generate();
  EXPECT_EQ(a.word_count(), 24u);
  EXPECT_EQ(a.ExportEntropy(SecretAccess::Get()).size(), 32u);
  EXPECT_NE(Phrase(a), Phrase(b));
  Result<Bip39Mnemonic> again = Bip39Mnemonic::Parse(Phrase(a));
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->ExportEntropy(SecretAccess::Get()) == a.ExportEntropy(SecretAccess::Get()));
}

// Property test from a fixed seed: every standard length round-trips.
TEST(Bip39Test, RoundTripsEveryStandardLength) {
  std::mt19937 rng(20240601);
  for (size_t size : {16, 20, 24, 28, 32}) {
    for (int i = 0; i < 50; ++i) {
      SecretBytes entropy(size);
      for (size_t k = 0; k < size; ++k) {
        entropy.MutableData(SecretAccess::Get())[k] = static_cast<uint8_t>(rng());
      }
      const Bip39Mnemonic m = Bip39Mnemonic::FromEntropy(entropy).value();
      EXPECT_EQ(m.word_count(), size * 3 / 4);
      Result<Bip39Mnemonic> parsed = Bip39Mnemonic::Parse(Phrase(m));
      ASSERT_TRUE(parsed);
      EXPECT_TRUE(parsed->ExportEntropy(SecretAccess::Get()) == entropy);
    }
  }
}

TEST(Bip39Test, RejectsEntropyOfNonStandardSize) {
  for (size_t size : {0, 12, 15, 17, 31, 33, 64}) {
    Result<Bip39Mnemonic> m = Bip39Mnemonic::FromEntropy(SecretBytes(size));
    ASSERT_FALSE(m) << size;
    EXPECT_EQ(m.error().message(), "bip39: entropy must be 16, 20, 24, 28 or 32 bytes");
  }
}

constexpr char kValid12[] =
    "legal winner thank year wave sausage worth useful legal winner thank yellow";

TEST(Bip39Test, ReportsTheWordCount) {
  EXPECT_EQ(ErrorOf(""), "expected 12, 15, 18, 21 or 24 words, got 0");
  EXPECT_EQ(ErrorOf("   \n\t "), "expected 12, 15, 18, 21 or 24 words, got 0");
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage worth useful legal winner thank"),
            "expected 12, 15, 18, 21 or 24 words, got 11");
  EXPECT_EQ(ErrorOf(std::string(kValid12) + " yellow"),
            "expected 12, 15, 18, 21 or 24 words, got 13");
  std::string many;
  for (int i = 0; i < 30; ++i) many += "zoo ";
  EXPECT_EQ(ErrorOf(many), "expected 12, 15, 18, 21 or 24 words, got 30");
}

TEST(Bip39Test, ReportsTheFirstWordNotInTheList) {
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage wurth useful legal winner thank yellow"),
            "word 7 is not in the list");
  EXPECT_EQ(ErrorOf("legall winner thank year wave sausage worth useful legal winnr thank yellow"),
            "word 1 is not in the list");
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage worth useful legal winner thank yello"),
            "word 12 is not in the list");
  // Longer than any list word, a prefix of one, digits, non-ASCII, an embedded NUL.
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage worth usefulness legal winner thank "
                    "yellow"),
            "word 8 is not in the list");
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage worth useful legal winner than yellow"),
            "word 11 is not in the list");
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage worth useful legal winner thank 1234"),
            "word 12 is not in the list");
  EXPECT_EQ(ErrorOf("légal winner thank year wave sausage worth useful legal winner thank yellow"),
            "word 1 is not in the list");
  using std::string_literals::operator""s;
  EXPECT_EQ(ErrorOf("act\0 winner thank year wave sausage worth useful legal winner thank yellow"s),
            "word 1 is not in the list");
}

TEST(Bip39Test, ReportsChecksumMismatch) {
  // Same words, the last one swapped for another list word: the checksum bits no longer match.
  EXPECT_EQ(ErrorOf("legal winner thank year wave sausage worth useful legal winner thank zoo"),
            "checksum mismatch");
  EXPECT_EQ(ErrorOf("winner legal thank year wave sausage worth useful legal winner thank yellow"),
            "checksum mismatch");
}

TEST(Bip39Test, AcceptsExtraWhitespaceAndUpperCaseButKeepsTheCanonicalForm) {
  Result<Bip39Mnemonic> m = Bip39Mnemonic::Parse(
      "  Legal WINNER thank\tyear wave\r\nsausage   worth useful legal winner thank yellow\n");
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(Phrase(*m), kValid12);
  // The seed is derived from the canonical form, so it matches the trezor vector.
  EXPECT_EQ(RevealHex(m->ToSeed(Secret("TREZOR")).value()),
            "2e8905819b8723fe2c1d161860e5ee1830318dbf49a83bd451cfb8440c28bd6fa457fe1296106559a3c80"
            "937a1c1069be3a3a5bd381ee6260e8d9739fce1f607");
}

TEST(Bip39Test, RejectsOversizedInput) {
  std::string huge(Bip39Mnemonic::kMaxPhraseSize + 1, ' ');
  Result<Bip39Mnemonic> m = Bip39Mnemonic::Parse(huge);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), ErrorCode::kTooLarge);
}

TEST(Bip39Test, HandlesPassphrases) {
  const Bip39Mnemonic m = Bip39Mnemonic::Parse(kValid12).value();
  const SecretBytes none = m.ToSeed().value();
  EXPECT_EQ(none.size(), 64u);
  EXPECT_TRUE(none == m.ToSeed(SecretBytes()).value());
  EXPECT_FALSE(none == m.ToSeed(Secret("TREZOR")).value());

  Result<SecretBytes> unicode = m.ToSeed(Secret("p\xc3\xa4ssw\xc3\xb6rd"));
  ASSERT_FALSE(unicode);
  EXPECT_EQ(unicode.error().message(),
            "bip39: passphrase must be ASCII (no Unicode normalisation available)");
  EXPECT_TRUE(m.ToSeed(SecretBytes(Bip39Mnemonic::kMaxPassphraseSize)));
  EXPECT_EQ(m.ToSeed(SecretBytes(Bip39Mnemonic::kMaxPassphraseSize + 1)).error().code(),
            ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace signet::crypto
