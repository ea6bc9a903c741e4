#include "vault/devices.h"

#include <gtest/gtest.h>

#include "base/encoding.h"
#include "crypto/random.h"
#include "storage/memory/memory_storage.h"
#include "vault/rotation.h"
#include "vault/vault.h"

namespace signet::vault {
namespace {

RootKey NewRoot() {
  return std::move(RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes())).value();
}

TEST(DeviceRequestTest, RoundTripsAndHasAStableFingerprint) {
  const DeviceKeys d = DeviceKeys::Generate("phone");
  const DeviceRequest r = RequestFor(d);
  auto back = DeviceRequest::Decode(r.Encode());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->id, d.id);
  EXPECT_EQ(back->Fingerprint(), r.Fingerprint());
  EXPECT_EQ(r.Fingerprint().size(), 19u);
}

TEST(DeviceRequestTest, RejectsMalformedCodes) {
  EXPECT_FALSE(DeviceRequest::Decode(""));
  EXPECT_FALSE(DeviceRequest::Decode("!!!"));
  EXPECT_FALSE(DeviceRequest::Decode(Base64UrlEncode(AsBytes("{}"))));
  EXPECT_FALSE(DeviceRequest::Decode(Base64UrlEncode(AsBytes(
      R"({"id":"d_0000000000000000","name":"x","ed25519":"00","x25519":"00"})"))));
  EXPECT_FALSE(DeviceRequest::Decode(std::string(9000, 'A')));
}

class HandoverTest : public ::testing::Test {
 protected:
  RootKey root_ = NewRoot();
  DeviceKeys approver_ = DeviceKeys::Generate("laptop");
  DeviceKeys device_ = DeviceKeys::Generate("phone");
};

TEST_F(HandoverTest, DeliversTheRootToTheRequestingDevice) {
  auto pkg = CreateHandover(root_, "t_1", RequestFor(device_), approver_);
  ASSERT_TRUE(pkg);
  auto decoded = HandoverPackage::Decode(pkg->Encode());
  ASSERT_TRUE(decoded);
  auto root = OpenHandover(*decoded, device_);
  ASSERT_TRUE(root) << root.error().message();
  EXPECT_TRUE(root->Export(SecretAccess::Get()) == root_.Export(SecretAccess::Get()));
}

TEST_F(HandoverTest, RefusesAnotherDevice) {
  auto pkg = CreateHandover(root_, "t_1", RequestFor(device_), approver_);
  ASSERT_TRUE(pkg);
  const DeviceKeys thief = DeviceKeys::Generate("thief");
  auto r = OpenHandover(*pkg, thief);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(HandoverTest, RefusesATamperedPackage) {
  auto pkg = CreateHandover(root_, "t_1", RequestFor(device_), approver_);
  ASSERT_TRUE(pkg);
  HandoverPackage renamed = *pkg;
  renamed.tenant = "t_2";
  EXPECT_EQ(OpenHandover(renamed, device_).error().message(),
            "the handover package signature is invalid");
  HandoverPackage flipped = *pkg;
  flipped.sealed_root[40] ^= 1;
  EXPECT_FALSE(OpenHandover(flipped, device_));
}

TEST_F(HandoverTest, RefusesARootOfAnotherVault) {
  // An attacker re-signs a package that announces our vault but carries their own root.
  const RootKey other = NewRoot();
  auto theirs = CreateHandover(other, "t_1", RequestFor(device_), approver_);
  auto ours = CreateHandover(root_, "t_1", RequestFor(device_), approver_);
  ASSERT_TRUE(theirs && ours);
  // The identity is bound into the sealed box's AAD and checked after opening, so swapping the
  // announced identity fails even before any signature question.
  HandoverPackage mixed = *theirs;
  mixed.vault_identity = ours->vault_identity;
  EXPECT_FALSE(OpenHandover(mixed, device_));
}

TEST(RotationTest, ReencryptsEverythingAndRetiresTheOldVault) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  Kek kek = Kek::FromBytesForTesting(crypto::RandomSecret(32));
  TenantRegistry tenants(storage->state(), kek, clock);
  const RootKey old_root = NewRoot();
  const DelegatedKeyring old_keys = old_root.DeriveDelegatedKeyring();
  ASSERT_TRUE(tenants.Register(old_keys));
  Vault v(*storage, old_keys, clock);
  ASSERT_TRUE(v.Initialize().ok());
  HolderTier3Access t3(old_root.DeriveCompartmentRoot());
  ASSERT_TRUE(v.Store({"passport", std::nullopt, false, std::nullopt, ToBytes("P")}, &t3));
  ASSERT_TRUE(v.Store({"email", std::nullopt, false, std::nullopt, ToBytes("E")}, &t3));
  const DeviceKeys laptop = DeviceKeys::Generate("laptop");
  const DeviceKeys phone = DeviceKeys::Generate("phone");
  const DeviceKeys lost = DeviceKeys::Generate("lost");
  ASSERT_TRUE(v.UpdateIndex([&](VaultIndex& idx) {
                for (const DeviceKeys* d : {&laptop, &phone, &lost}) {
                  idx.devices.push_back({d->id, d->name, HexEncode(d->signing.public_key().bytes()),
                                         HexEncode(d->agreement.public_key().bytes()), 0, ""});
                }
                return OkStatus();
              }).ok());

  const RootKey new_root = NewRoot();
  auto result = RotateRoot(*storage, tenants, old_root, new_root, lost.id, laptop, clock);
  ASSERT_TRUE(result) << result.error().message();
  EXPECT_EQ(result->records, 2u);
  EXPECT_EQ(result->pending, std::vector<std::string>{phone.id});

  const DelegatedKeyring new_keys = new_root.DeriveDelegatedKeyring();
  Vault nv(*storage, new_keys, clock);
  HolderTier3Access nt3(new_root.DeriveCompartmentRoot());
  EXPECT_EQ(ToString(nv.Get("passport", 0, &nt3, "")->value.Reveal(SecretAccess::Get())), "P");
  EXPECT_EQ(nv.ReadIndex()->devices.size(), 2u);
  // The old vault is gone: its records, its index and its tenant keyring.
  EXPECT_FALSE(*storage->records().Exists(old_keys.Address("email", 0)));
  EXPECT_EQ(v.ReadIndex().error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(tenants.Open(TenantIdFor(old_keys.identity().public_key())).error().code(),
            ErrorCode::kNotFound);
  // The phone finds its package and can open it; the lost device has none.
  auto pkg = TakeHandover(storage->state(), phone.id);
  ASSERT_TRUE(pkg && *pkg);
  EXPECT_TRUE(OpenHandover(**pkg, phone));
  EXPECT_FALSE(*TakeHandover(storage->state(), lost.id));
  EXPECT_TRUE(nv.VerifyAudit()->ok);
}

TEST(RotationTest, RefusesToRemoveTheApproverOrAnUnknownDevice) {
  FakeClock clock;
  auto storage = storage::memory::CreateMemoryStorage({.clock = &clock});
  Kek kek = Kek::FromBytesForTesting(crypto::RandomSecret(32));
  TenantRegistry tenants(storage->state(), kek, clock);
  const RootKey root = NewRoot();
  const DelegatedKeyring keys = root.DeriveDelegatedKeyring();
  Vault v(*storage, keys, clock);
  ASSERT_TRUE(v.Initialize().ok());
  const DeviceKeys laptop = DeviceKeys::Generate("laptop");
  ASSERT_TRUE(v.UpdateIndex([&](VaultIndex& idx) {
                idx.devices.push_back({laptop.id, "laptop", "", "", 0, ""});
                return OkStatus();
              }).ok());
  EXPECT_EQ(RotateRoot(*storage, tenants, root, NewRoot(), "d_nope", laptop, clock)
                .error()
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(RotateRoot(*storage, tenants, root, NewRoot(), laptop.id, laptop, clock)
                .error()
                .code(),
            ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace signet::vault
