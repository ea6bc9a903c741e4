#include "vault/keys.h"

#include <gtest/gtest.h>

#include <type_traits>

#include "base/encoding.h"
#include "vault/tenants.h"

namespace signet::vault {
namespace {

// Known answers for the trezor 24-word vector "abandon x23 art" with BIP39 passphrase "TREZOR",
// computed independently in Node (@scure/bip39 2.4.0, micro-ed25519-hdkey 0.1.2, node:crypto
// HKDF/HMAC/Ed25519). They freeze every HKDF label: a changed label changes these values.
constexpr char kWords[] =
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
    "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon "
    "abandon art";

RootKey TestRoot() {
  auto m = crypto::Bip39Mnemonic::Parse(kWords);
  EXPECT_TRUE(m);
  auto root = RootKey::FromMnemonic(*m, SecretBytes::CopyFrom(AsBytes("TREZOR")));
  EXPECT_TRUE(root);
  return std::move(root).value();
}

std::string Hex(const SecretBytes& s) { return HexEncode(s.Reveal(SecretAccess::Get())); }

TEST(KeysTest, RootIsTheSlip10MasterOfTheBip39Seed) {
  EXPECT_EQ(Hex(TestRoot().Export(SecretAccess::Get())),
            "3fe0baa7936d6b26b52211c761f2fcccc9b63fc38fc55b69090d538f27eec9dc"
            "b29c339efab4ab493e53e8740a0644ee3e427a44f33bf59fa034d4a0015c5544");
}

TEST(KeysTest, DelegatedKeyringLabelsAreFrozen) {
  const DelegatedKeyring k = TestRoot().DeriveDelegatedKeyring();
  const std::string s = Hex(k.Serialize(SecretAccess::Get()));
  EXPECT_EQ(s.substr(0, 2), "01");
  EXPECT_EQ(s.substr(2, 64), "aef0d073c29abd89e9a4eaaa6516f5d23197324918af461705d10065e5fe8ae6");
  EXPECT_EQ(s.substr(66, 64), "6083bef599f6a730d87b1b04ecbfd5910365892d1331e63751d4a24888e83d53");
  EXPECT_EQ(s.substr(130, 64), "94364da6d7f153e46150d6f7f41c1e1fd67ca0b48e4915fb3e419577a8163dde");
  EXPECT_EQ(s.substr(194, 64), "cf34e59642131485fbae0b9edb64af157b5a118b17ec8bf73b6c4fad96599a1c");
  EXPECT_EQ(s.substr(258, 64), "954e63ca40b9e5a926e4a4bbbd09460e3855ff68b8a41c601f1e1ce83a7fd911");
  EXPECT_EQ(HexEncode(k.identity().public_key().bytes()),
            "0c4c54746208aeebd72079f75dee6de806782b567db639d4184126ea3f2d5fc6");
  EXPECT_EQ(TenantIdFor(k.identity().public_key()).value(), "t_7089121db56a31b9eaab");
}

TEST(KeysTest, BlindIdsAndRecordKeysAreFrozen) {
  const DelegatedKeyring k = TestRoot().DeriveDelegatedKeyring();
  const BlindId email = k.Address("email", 0);
  EXPECT_EQ(email.Hex(), "ca41ec68a75ad8cb35770e3fda43f8d645124ea73797b5ddedbbb1d2e682f640");
  EXPECT_EQ(Hex(k.RecordKey(email)),
            "c0aae5a6bf2d18167fd2ec10eceb5ae80e254b4a14a30d44c1d4e80759612ad7");
  EXPECT_NE(k.Address("email", 1), email);
  EXPECT_NE(k.Address("emai", 0), email);
}

TEST(KeysTest, CompartmentKeysAreFrozen) {
  const RootKey root = TestRoot();
  const DelegatedKeyring k = root.DeriveDelegatedKeyring();
  const BlindId passport = k.Address("passport", 0);
  EXPECT_EQ(passport.Hex(), "6f2936972e750888cac2d5ba7690467c0f7a88badb66336a55ff4bf992bf8b16");
  EXPECT_EQ(Hex(root.DeriveCompartmentRoot().RecordKey("identity", passport)),
            "8911d95c49b3a2ecb017806fe5d3159ddf72d9e7d699f27135e170c9fb2f1b9c");
}

// Invariant 3: the delegated keyring offers no path to Tier-3 keys. Its API returns no
// CompartmentRoot and no RootKey (checked at compile time), CompartmentRoot cannot be built
// from outside RootKey, and no byte of the compartment root appears in what a server stores.
template <typename T>
concept YieldsCompartmentRoot = requires(const T& t) {
  { t.DeriveCompartmentRoot() };
};

TEST(KeysTest, DelegatedKeyringOffersNoPathToTier3Keys) {
  static_assert(!YieldsCompartmentRoot<DelegatedKeyring>);
  static_assert(YieldsCompartmentRoot<RootKey>);
  static_assert(!std::is_constructible_v<CompartmentRoot, SecretBytes>);
  static_assert(!std::is_constructible_v<RootKey, DelegatedKeyring>);
  const RootKey root = TestRoot();
  const std::string served = Hex(root.DeriveDelegatedKeyring().Serialize(SecretAccess::Get()));
  const std::string compartment = "63a05f738dcb15f40a7ca5d75817410933d260a3f6e4abe0351b7fe698f8210f";
  EXPECT_EQ(served.find(compartment), std::string::npos);
  EXPECT_EQ(served.find(compartment.substr(0, 16)), std::string::npos);
  // And the server's record keys are not the Tier-3 keys of the same ids.
  const DelegatedKeyring k = root.DeriveDelegatedKeyring();
  const BlindId id = k.Address("passport", 0);
  EXPECT_NE(Hex(k.RecordKey(id)), Hex(root.DeriveCompartmentRoot().RecordKey("identity", id)));
}

TEST(KeysTest, KeyringRoundTripsAndRejectsBadFormats) {
  const DelegatedKeyring k = TestRoot().DeriveDelegatedKeyring();
  auto back = DelegatedKeyring::Deserialize(k.Serialize(SecretAccess::Get()));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->Address("email", 0), k.Address("email", 0));
  EXPECT_FALSE(DelegatedKeyring::Deserialize(SecretBytes(10)));
  SecretBytes wrong_version = k.Serialize(SecretAccess::Get());
  wrong_version.MutableData(SecretAccess::Get())[0] = 2;
  EXPECT_FALSE(DelegatedKeyring::Deserialize(wrong_version));
  EXPECT_FALSE(RootKey::FromBytes(SecretBytes(63)));
}

}  // namespace
}  // namespace signet::vault
