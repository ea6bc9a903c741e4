// End-to-end tests of the vault CLI on the embedded backend: the real `signet` binary, a real data
// directory, and checks of what ends up on disk.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"
#include "crypto/bip39.h"
#include "storage/embedded/embedded_storage.h"
#include "tests/e2e/harness.h"
#include "vault/keys.h"

namespace signet::e2e {
namespace {

using nlohmann::json;

// The fastest Argon2id the configuration accepts (OWASP's minimum) keeps the suite quick.
const std::vector<std::string> kFastKdf = {"SIGNET_HOLDER__KDF_OPS=2",
                                           "SIGNET_HOLDER__KDF_MEMORY=19MiB"};

class VaultCliTest : public ::testing::Test {
 protected:
  VaultCliTest() {
    data_ = dir_.path() + "/data";
    pass_ = dir_.path() + "/pass";
    std::ofstream(pass_) << "correct horse battery staple\n";
    std::ofstream(dir_.path() + "/wrong") << "not the passphrase\n";
  }

  CommandResult Run(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.push_back("--data-dir");
    args.push_back(data_);
    env.insert(env.end(), kFastKdf.begin(), kFastKdf.end());
    return RunSignet(args, env);
  }
  json RunJson(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.push_back("--json");
    CommandResult r = Run(std::move(args), std::move(env));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out, nullptr, false);
  }
  json Init() {
    json j = RunJson({"init", "--passphrase-file", pass_, "--device-name", "test-laptop"});
    EXPECT_TRUE(j.contains("words")) << j.dump();
    return j;
  }

  TempDir dir_;
  std::string data_;
  std::string pass_;
};

// ReadTree concatenates every regular file below `dir`.
std::string ReadTree(const std::string& dir) {
  std::string all;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    all += ss.str();
  }
  return all;
}

TEST_F(VaultCliTest, InitShowsTwentyFourWordsOnceAndStoresNothingSecretInTheClear) {
  json init = Init();
  const std::string words = init["words"];
  EXPECT_EQ(std::count(words.begin(), words.end(), ' '), 23);
  ASSERT_EQ(Run({"store", "--label", "email", "--value", "ada.lovelace@example.org"}).exit_code, 0);
  ASSERT_EQ(Run({"store", "--label", "passport", "--value", "PASSPORT-X7734219",
                 "--passphrase-file", pass_})
                .exit_code,
            0);
  ASSERT_EQ(Run({"store", "--label", "balance", "--value", "balance-31415.92-EUR"}).exit_code, 0);

  auto mnemonic = crypto::Bip39Mnemonic::Parse(words);
  ASSERT_TRUE(mnemonic);
  auto seed = mnemonic->ToSeed();
  ASSERT_TRUE(seed);
  auto root = vault::RootKey::FromMnemonic(*mnemonic, crypto::SecretBytes());
  ASSERT_TRUE(root);
  const auto access = crypto::SecretAccess::Get();
  const std::string seed_raw = ToString(seed->Reveal(access));
  const std::string root_raw = ToString(root->Export(access).Reveal(access));
  const std::string keyring_raw =
      ToString(root->DeriveDelegatedKeyring().Serialize(access).Reveal(access));

  const std::string disk = ReadTree(data_);
  EXPECT_EQ(disk.find(words), std::string::npos) << "mnemonic on disk";
  EXPECT_EQ(disk.find(words.substr(0, words.find(' ', 20))), std::string::npos);
  EXPECT_EQ(disk.find(seed_raw), std::string::npos) << "seed on disk";
  EXPECT_EQ(disk.find(HexEncode(seed->Reveal(access))), std::string::npos) << "seed hex on disk";
  EXPECT_EQ(disk.find(root_raw.substr(0, 32)), std::string::npos) << "root key on disk";
  EXPECT_EQ(disk.find(keyring_raw.substr(1, 32)), std::string::npos) << "VSK on disk";
  EXPECT_EQ(disk.find(keyring_raw.substr(33, 32)), std::string::npos) << "addressing key on disk";
  for (const char* value : {"ada.lovelace@example.org", "PASSPORT-X7734219", "balance-31415.92"}) {
    EXPECT_EQ(disk.find(value), std::string::npos) << value << " on disk";
  }
  for (const char* label : {"passport", "balance"}) {
    // Labels live only inside the encrypted index; root.json names no labels.
    EXPECT_EQ(disk.find(label), std::string::npos) << "label " << label << " on disk";
  }
}

TEST_F(VaultCliTest, ServerViewShowsOnlyOpaqueIdsAndCiphertext) {
  Init();
  ASSERT_EQ(Run({"store", "--label", "email", "--value", "ada.lovelace@example.org"}).exit_code, 0);
  ASSERT_EQ(Run({"store", "--label", "notes", "--append", "--value", "meet bob at noon"}).exit_code,
            0);
  storage::embedded::EmbeddedOptions options;
  options.data_dir = data_;
  auto view = storage::embedded::DumpServerView(options);
  ASSERT_TRUE(view) << view.error().message();
  const std::string printed = view->ToText();
  std::cout << printed.substr(0, 1200) << "\n...\n";
  // The view renders bytes as hex; look for each secret both as text and as hex.
  for (const char* plain : {"ada.lovelace", "meet bob", "email", "notes", "test-laptop"}) {
    EXPECT_EQ(printed.find(plain), std::string::npos) << plain << " visible to the server";
    EXPECT_EQ(printed.find(HexEncode(AsBytes(plain))), std::string::npos)
        << plain << " visible to the server (hex)";
  }
}

TEST_F(VaultCliTest, StoresListsGetsAndDeletes) {
  Init();
  EXPECT_EQ(Run({"store", "--label", "email", "--value", "a@b.c"}).out, "stored email[0] (tier 1)\n");
  EXPECT_EQ(Run({"store", "--label", "birthdate", "--value", "1990-04-01"}).out,
            "stored birthdate[0] (tier 2)\n");
  EXPECT_EQ(Run({"store", "--label", "tx", "--append", "--value", "1"}).out,
            "stored tx[0] (tier 2)\n");
  EXPECT_EQ(Run({"store", "--label", "tx", "--append", "--value", "2"}).out,
            "stored tx[1] (tier 2)\n");
  EXPECT_EQ(Run({"get", "--label", "email"}).out, "a@b.c");
  json got = RunJson({"get", "--label", "tx", "--index", "1"});
  EXPECT_EQ(got["value"], "2");
  EXPECT_EQ(got["tier"], 2);
  json list = RunJson({"list"});
  ASSERT_EQ(list["labels"].size(), 3u);
  EXPECT_EQ(list["labels"][2]["label"], "tx");
  EXPECT_EQ(list["labels"][2]["indices"], json::array({0, 1}));
  EXPECT_EQ(Run({"delete", "--label", "tx", "--index", "0"}).exit_code, 0);
  CommandResult gone = Run({"get", "--label", "tx", "--index", "0"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_EQ(gone.err, "signet: no record tx[0]\n");
}

TEST_F(VaultCliTest, Tier3NeedsTheRootAndRejectsAWrongPassphrase) {
  Init();
  ASSERT_EQ(Run({"store", "--label", "passport", "--value", "X1", "--passphrase-file", pass_})
                .exit_code,
            0);
  CommandResult wrong = Run({"get", "--label", "passport", "--passphrase-file",
                             dir_.path() + "/wrong"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.err, "signet: wrong passphrase (or root.json was modified)\n");
  CommandResult no_tty = Run({"get", "--label", "passport"});
  EXPECT_EQ(no_tty.exit_code, 1);
  EXPECT_NE(no_tty.err.find("--passphrase-file"), std::string::npos);
  EXPECT_EQ(Run({"get", "--label", "passport", "--passphrase-file", pass_}).out, "X1");
}

TEST_F(VaultCliTest, UnlockSessionWorksUntilLock) {
  Init();
  ASSERT_EQ(Run({"store", "--label", "ssn", "--value", "123", "--passphrase-file", pass_}).exit_code,
            0);
  json unlocked = RunJson({"unlock", "--passphrase-file", pass_, "--ttl", "5m"});
  const std::string env = "SIGNET_SESSION=" + unlocked["session"].get<std::string>();
  EXPECT_EQ(Run({"get", "--label", "ssn"}, {env}).out, "123");
  EXPECT_EQ(Run({"lock"}).exit_code, 0);
  CommandResult after = Run({"get", "--label", "ssn"}, {env});
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_NE(after.err.find("session has ended"), std::string::npos) << after.err;
}

TEST_F(VaultCliTest, RecoverFromWordsOnANewDeviceReadsEverything) {
  json init = Init();
  ASSERT_EQ(Run({"store", "--label", "passport", "--value", "P-42", "--passphrase-file", pass_})
                .exit_code,
            0);
  ASSERT_EQ(Run({"store", "--label", "email", "--value", "e@x.org"}).exit_code, 0);
  const std::string words_file = dir_.path() + "/words";
  std::ofstream(words_file) << init["words"].get<std::string>() << "\n";
  const std::string holder2 = dir_.path() + "/holder2";
  json rec = RunJson({"recover", "--words-file", words_file, "--passphrase-file", pass_,
                      "--holder-dir", holder2, "--device-name", "phone"});
  EXPECT_EQ(rec["tenant"], init["tenant"]);
  EXPECT_EQ(rec["identity"], init["identity"]);
  EXPECT_EQ(Run({"get", "--label", "passport", "--holder-dir", holder2, "--passphrase-file", pass_})
                .out,
            "P-42");
  CommandResult bad = Run({"recover", "--words-file", pass_, "--passphrase-file", pass_,
                           "--holder-dir", dir_.path() + "/holder3"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "signet: expected 12, 15, 18, 21 or 24 words, got 4\n");
}

TEST_F(VaultCliTest, AuditVerifiesAndListsEveryOperation) {
  Init();
  ASSERT_EQ(Run({"store", "--label", "email", "--value", "a@b.c"}).exit_code, 0);
  ASSERT_EQ(Run({"get", "--label", "email", "--purpose", "checkout"}).exit_code, 0);
  json verify = RunJson({"audit", "verify"});
  EXPECT_TRUE(verify["ok"].get<bool>()) << verify.dump();
  json events = RunJson({"audit", "list"});
  std::vector<std::string> kinds;
  for (const auto& e : events["events"]) kinds.push_back(e["kind"]);
  EXPECT_EQ(kinds, (std::vector<std::string>{"vault.init", "device.first", "record.store",
                                             "record.get"}));
  EXPECT_EQ(events["events"][3]["detail"], "get email[0] purpose: checkout");
}

TEST_F(VaultCliTest, EraseDeletesRecordsThenDestroysKeys) {
  Init();
  ASSERT_EQ(Run({"store", "--label", "email", "--value", "a@b.c"}).exit_code, 0);
  CommandResult unconfirmed = Run({"vault", "erase", "--passphrase-file", pass_});
  EXPECT_EQ(unconfirmed.exit_code, 1);
  json erased = RunJson({"vault", "erase", "--passphrase-file", pass_, "--yes"});
  EXPECT_EQ(erased["records_deleted"], 1);
  EXPECT_GE(erased["decoys_deleted"].get<int>(), 16);
  CommandResult after = Run({"get", "--label", "email"});
  EXPECT_EQ(after.exit_code, 1);
  EXPECT_FALSE(std::filesystem::exists(data_ + "/holder/root.json"));
}

TEST_F(VaultCliTest, CommandsWithoutAVaultFailClearly) {
  CommandResult r = Run({"list"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("run `signet init` first"), std::string::npos) << r.err;
  EXPECT_EQ(Run({"store", "--label", "x"}).exit_code, 1);  // no value
  EXPECT_EQ(Run({"store", "--label", "x", "--value", "v", "--bogus"}).exit_code, 2);
  EXPECT_EQ(Run({"store", "--label", "x", "--value", "v", "--tier", "4"}).exit_code, 2);
  Init();
  CommandResult twice = Run({"init", "--passphrase-file", pass_});
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_NE(twice.err.find("already"), std::string::npos);
  CommandResult short_pass = RunSignet({"init", "--data-dir", dir_.path() + "/d2",
                                        "--passphrase-file", dir_.path() + "/short"});
  EXPECT_EQ(short_pass.exit_code, 1);
}

TEST_F(VaultCliTest, DeviceCeremonyHandsOverTheRootAndRemovalRotatesIt) {
  Init();
  ASSERT_EQ(Run({"store", "--label", "passport", "--value", "P-1", "--passphrase-file", pass_})
                .exit_code,
            0);
  ASSERT_EQ(Run({"store", "--label", "email", "--value", "e@x.org"}).exit_code, 0);
  auto add_device = [&](const std::string& name) {
    const std::string holder = dir_.path() + "/" + name;
    json req = RunJson({"device", "request", "--name", name, "--holder-dir", holder,
                        "--passphrase-file", pass_});
    EXPECT_EQ(req["fingerprint"].get<std::string>().size(), 19u);
    json added = RunJson({"device", "add", req["request"], "--passphrase-file", pass_});
    json joined = RunJson({"device", "join", added["package"], "--holder-dir", holder,
                           "--passphrase-file", pass_});
    EXPECT_EQ(joined["device"], req["device"]);
    return std::make_pair(holder, req["device"].get<std::string>());
  };
  const auto [phone, phone_id] = add_device("phone");
  const auto [tablet, tablet_id] = add_device("tablet");
  EXPECT_EQ(Run({"get", "--label", "passport", "--holder-dir", phone, "--passphrase-file", pass_})
                .out,
            "P-1");
  EXPECT_EQ(RunJson({"device", "list"})["devices"].size(), 3u);

  // A malformed request is refused; a package cannot be used by a device it was not made for.
  EXPECT_EQ(Run({"device", "add", "not-a-code", "--passphrase-file", pass_, "--yes"}).exit_code, 1);
  json stray = RunJson({"device", "request", "--name", "stray", "--holder-dir",
                        dir_.path() + "/stray", "--passphrase-file", pass_});
  json for_other = RunJson({"device", "request", "--name", "other", "--holder-dir",
                            dir_.path() + "/other", "--passphrase-file", pass_});
  json pkg = RunJson({"device", "add", for_other["request"], "--passphrase-file", pass_});
  CommandResult replay = Run({"device", "join", pkg["package"], "--holder-dir",
                              dir_.path() + "/stray", "--passphrase-file", pass_});
  EXPECT_EQ(replay.exit_code, 1);
  EXPECT_EQ(replay.err, "signet: this handover package is addressed to another device\n");

  json removed = RunJson({"device", "remove", tablet_id, "--passphrase-file", pass_, "--yes"});
  EXPECT_EQ(removed["records_reencrypted"], 2);
  // Every remaining device except the approver gets the new root (phone, and "other", which was
  // added but has not joined yet).
  EXPECT_EQ(removed["devices_to_sync"], json::array({phone_id, for_other["device"]}));
  const std::string new_words = removed["words"];
  EXPECT_EQ(std::count(new_words.begin(), new_words.end(), ' '), 23);
  // The approving device has the new root; the removed one can read nothing any more.
  EXPECT_EQ(Run({"get", "--label", "passport", "--passphrase-file", pass_}).out, "P-1");
  CommandResult tablet_read = Run({"get", "--label", "email", "--holder-dir", tablet});
  EXPECT_EQ(tablet_read.exit_code, 1);
  EXPECT_NE(tablet_read.err.find("device sync"), std::string::npos) << tablet_read.err;
  CommandResult tablet_sync = Run({"device", "sync", "--holder-dir", tablet,
                                   "--passphrase-file", pass_});
  EXPECT_TRUE(tablet_sync.out.find("nothing to sync") != std::string::npos ||
              tablet_sync.exit_code != 0);
  EXPECT_EQ(Run({"get", "--label", "email", "--holder-dir", tablet}).exit_code, 1);
  // The remaining device picks up the new root.
  EXPECT_EQ(RunJson({"device", "sync", "--holder-dir", phone, "--passphrase-file", pass_})["synced"],
            true);
  EXPECT_EQ(Run({"get", "--label", "passport", "--holder-dir", phone, "--passphrase-file", pass_})
                .out,
            "P-1");
  EXPECT_TRUE(RunJson({"audit", "verify"})["ok"].get<bool>());
  EXPECT_EQ(RunJson({"device", "list"})["devices"].size(), 3u);  // laptop, phone, other
}

}  // namespace
}  // namespace signet::e2e
