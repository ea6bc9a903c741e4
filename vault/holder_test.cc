#include "vault/holder.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/encoding.h"

namespace signet::vault {
namespace {

const crypto::Argon2idParams kFastKdf{.ops = 1, .mem_bytes = 8 * 1024, .allow_weak_for_testing = true};

class HolderTest : public ::testing::Test {
 protected:
  HolderTest() {
    std::string t = (std::filesystem::temp_directory_path() / "signet-holder-XXXXXX").string();
    dir_ = mkdtemp(t.data());
  }
  ~HolderTest() override { std::filesystem::remove_all(dir_); }

  HolderSecrets Secrets() {
    auto root = RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes());
    return HolderSecrets{std::move(root).value(), DeviceKeys::Generate("laptop")};
  }
  static SecretBytes Pass(const char* p) { return SecretBytes::CopyFrom(AsBytes(p)); }
  std::string ReadRootFile() {
    std::ifstream in(dir_ + "/root.json");
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::string dir_;
  FakeClock clock_;
  HolderStore store_{dir_ + "/h", clock_, kFastKdf};
};

TEST_F(HolderTest, SealsUnderPassphraseAndUnlocks) {
  HolderStore store(dir_, clock_, kFastKdf);
  HolderSecrets s = Secrets();
  const auto root_bytes = s.root.Export(SecretAccess::Get());
  ASSERT_TRUE(store.Save(s, Pass("correct horse"), "t_1").ok());
  struct stat st {};
  ASSERT_EQ(stat((dir_ + "/root.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto opened = store.Unlock(Pass("correct horse"));
  ASSERT_TRUE(opened) << opened.error().message();
  EXPECT_TRUE(opened->root.Export(SecretAccess::Get()) == root_bytes);
  EXPECT_EQ(opened->device.id, s.device.id);
  EXPECT_EQ(opened->device.signing.public_key().bytes(), s.device.signing.public_key().bytes());
  auto header = store.ReadHeader();
  ASSERT_TRUE(header);
  EXPECT_EQ(header->tenant, "t_1");
  EXPECT_EQ(header->device_name, "laptop");
}

TEST_F(HolderTest, WrongPassphraseIsOneGenericError) {
  HolderStore store(dir_, clock_, kFastKdf);
  ASSERT_TRUE(store.Save(Secrets(), Pass("right"), "t").ok());
  auto r = store.Unlock(Pass("wrong"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
}

TEST_F(HolderTest, EditingTheHeaderBreaksUnlock) {
  HolderStore store(dir_, clock_, kFastKdf);
  ASSERT_TRUE(store.Save(Secrets(), Pass("p"), "t").ok());
  std::string text = ReadRootFile();
  const size_t at = text.find("laptop");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 6, "evilpc");
  std::ofstream(dir_ + "/root.json") << text;
  EXPECT_FALSE(store.Unlock(Pass("p")));
}

TEST_F(HolderTest, RootFileHoldsNoKeyMaterialInTheClear) {
  HolderStore store(dir_, clock_, kFastKdf);
  HolderSecrets s = Secrets();
  ASSERT_TRUE(store.Save(s, Pass("p"), "t").ok());
  const std::string text = ReadRootFile();
  const std::string root_hex = HexEncode(s.root.Export(SecretAccess::Get()).Reveal(SecretAccess::Get()));
  EXPECT_EQ(text.find(root_hex.substr(0, 32)), std::string::npos);
  const auto raw = s.root.Export(SecretAccess::Get());
  EXPECT_EQ(text.find(ToString(raw.Reveal(SecretAccess::Get()).first(16))), std::string::npos);
}

TEST_F(HolderTest, SessionsOpenUntilExpiryOrLock) {
  HolderStore store(dir_, clock_, kFastKdf);
  HolderSecrets s = Secrets();
  ASSERT_TRUE(store.Save(s, Pass("p"), "t").ok());
  auto token = store.StartSession(s, std::chrono::minutes(15));
  ASSERT_TRUE(token);
  auto opened = store.OpenSession(*token);
  ASSERT_TRUE(opened) << opened.error().message();
  EXPECT_TRUE(opened->root.Export(SecretAccess::Get()) == s.root.Export(SecretAccess::Get()));
  // A token whose key half is changed opens nothing.
  std::string forged = *token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(store.OpenSession(forged));
  EXPECT_FALSE(store.OpenSession("garbage"));
  clock_.Advance(std::chrono::minutes(16));
  auto expired = store.OpenSession(*token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code(), ErrorCode::kUnauthenticated);
  auto t2 = store.StartSession(s, std::chrono::minutes(15));
  ASSERT_TRUE(t2);
  EXPECT_EQ(*store.Lock(), 1);
  EXPECT_FALSE(store.OpenSession(*t2));
}

}  // namespace
}  // namespace signet::vault
