#include "vault/tenants.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "crypto/random.h"
#include "storage/memory/memory_storage.h"

namespace signet::vault {
namespace {

class TempDir {
 public:
  TempDir() {
    std::string t = (std::filesystem::temp_directory_path() / "signet-vault-XXXXXX").string();
    path_ = mkdtemp(t.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

DelegatedKeyring NewKeyring() {
  return RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes())
      ->DeriveDelegatedKeyring();
}

TEST(KekTest, CreatesA0600FileAndLoadsIt) {
  TempDir d;
  const std::string path = d.path() + "/kek";
  auto kek = Kek::Create(path);
  ASSERT_TRUE(kek);
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  auto sealed = kek->Seal(AsBytes("keyring"), AsBytes("aad"));
  ASSERT_TRUE(sealed);
  auto loaded = Kek::Load(path);
  ASSERT_TRUE(loaded);
  auto opened = loaded->Open(*sealed, AsBytes("aad"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(ToString(opened->Reveal(SecretAccess::Get())), "keyring");
  EXPECT_FALSE(loaded->Open(*sealed, AsBytes("other aad")));
  EXPECT_FALSE(Kek::Create(path)) << "never overwrite an existing KEK";
}

TEST(KekTest, RefusesGroupOrWorldReadableFiles) {
  TempDir d;
  const std::string path = d.path() + "/kek";
  ASSERT_TRUE(Kek::Create(path));
  chmod(path.c_str(), 0644);
  auto r = Kek::Load(path);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("mode 0600"), std::string::npos);
}

TEST(KekTest, RefusesWrongSizeAndSymlinks) {
  TempDir d;
  const std::string path = d.path() + "/kek";
  {
    std::ofstream f(path);
    f << "short";
  }
  chmod(path.c_str(), 0600);
  EXPECT_FALSE(Kek::Load(path));
  ASSERT_TRUE(Kek::Create(d.path() + "/real"));
  std::filesystem::create_symlink(d.path() + "/real", d.path() + "/link");
  EXPECT_FALSE(Kek::Load(d.path() + "/link"));
}

class TenantRegistryTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  std::unique_ptr<storage::Storage> storage_ = storage::memory::CreateMemoryStorage();
  Kek kek_ = Kek::FromBytesForTesting(crypto::RandomSecret(32));
  TenantRegistry registry_{storage_->state(), kek_, clock_};
};

TEST_F(TenantRegistryTest, RegistersAndOpensSealedKeyrings) {
  const DelegatedKeyring k = NewKeyring();
  auto info = registry_.Register(k);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->id, TenantIdFor(k.identity().public_key()));
  auto opened = registry_.Open(info->id);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->Address("email", 0), k.Address("email", 0));
  EXPECT_EQ(registry_.Register(k).error().code(), ErrorCode::kAlreadyExists);
  auto sole = registry_.SoleTenant();
  ASSERT_TRUE(sole);
  EXPECT_EQ(sole->id, info->id);
}

TEST_F(TenantRegistryTest, StoresOnlySealedKeyMaterial) {
  const DelegatedKeyring k = NewKeyring();
  auto info = registry_.Register(k);
  ASSERT_TRUE(info);
  auto raw = storage_->state().Get(kTenantsNamespace, info->id.value());
  ASSERT_TRUE(raw && *raw);
  const std::string stored = ToString(**raw);
  const SecretBytes plain = k.Serialize(SecretAccess::Get());
  const std::string vsk(reinterpret_cast<const char*>(plain.Reveal(SecretAccess::Get()).data()) + 1, 32);
  EXPECT_EQ(stored.find(vsk), std::string::npos);
}

TEST_F(TenantRegistryTest, WrongKekCannotOpen) {
  auto info = registry_.Register(NewKeyring());
  ASSERT_TRUE(info);
  Kek other = Kek::FromBytesForTesting(crypto::RandomSecret(32));
  TenantRegistry stranger(storage_->state(), other, clock_);
  auto r = stranger.Open(info->id);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss);
}

TEST_F(TenantRegistryTest, SoleTenantNeedsExactlyOne) {
  EXPECT_EQ(registry_.SoleTenant().error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(registry_.Register(NewKeyring()));
  ASSERT_TRUE(registry_.Register(NewKeyring()));
  EXPECT_EQ(registry_.SoleTenant().error().code(), ErrorCode::kFailedPrecondition);
  ASSERT_EQ(registry_.List()->size(), 2u);
}

TEST_F(TenantRegistryTest, RemoveErasesTheServersCopy) {
  auto info = registry_.Register(NewKeyring());
  ASSERT_TRUE(info);
  ASSERT_TRUE(registry_.Remove(info->id).ok());
  EXPECT_EQ(registry_.Open(info->id).error().code(), ErrorCode::kNotFound);
}

TEST_F(TenantRegistryTest, ASuspendedTenantOpensOnlyForItsOwner) {
  auto info = registry_.Register(NewKeyring());
  ASSERT_TRUE(info);
  ASSERT_TRUE(registry_.SetStatus(info->id, "suspended").ok());
  EXPECT_EQ(registry_.Get(info->id)->status, "suspended");
  EXPECT_EQ(registry_.Open(info->id).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(registry_.OpenForOwner(info->id));
  ASSERT_TRUE(registry_.SetStatus(info->id, "active").ok());
  EXPECT_TRUE(registry_.Open(info->id));
  EXPECT_EQ(registry_.SetStatus(info->id, "gone").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(registry_.SetStatus(TenantId("t_00000000000000000000"), "active").error().code(),
            ErrorCode::kNotFound);
}

}  // namespace
}  // namespace signet::vault
