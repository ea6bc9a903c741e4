#include "vault/vault.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "storage/memory/memory_storage.h"
#include "vault/classification.h"
#include "vault/envelope.h"

namespace signet::vault {
namespace {

RootKey FreshRoot() {
  auto root = RootKey::FromMnemonic(crypto::Bip39Mnemonic::Generate(), SecretBytes());
  EXPECT_TRUE(root);
  return std::move(root).value();
}

std::string Str(const SecretBytes& s) { return ToString(s.Reveal(SecretAccess::Get())); }

class VaultTest : public ::testing::Test {
 protected:
  VaultTest()
      : root_(FreshRoot()),
        keyring_(root_.DeriveDelegatedKeyring()),
        storage_(storage::memory::CreateMemoryStorage({.clock = &clock_})),
        vault_(*storage_, keyring_, clock_, {.min_initial_decoys = 4, .max_initial_decoys = 4}),
        tier3_(root_.DeriveCompartmentRoot()) {
    EXPECT_TRUE(vault_.Initialize().ok());
  }

  StoredRecord Put(const std::string& label, const std::string& value,
                   std::optional<int> tier = std::nullopt, bool append = false) {
    StoreRequest req{label, std::nullopt, append, tier, ToBytes(value)};
    auto r = vault_.Store(req, &tier3_);
    EXPECT_TRUE(r) << r.error().message();
    return r.value_or(StoredRecord{});
  }

  FakeClock clock_;
  RootKey root_;
  DelegatedKeyring keyring_;
  std::unique_ptr<storage::Storage> storage_;
  Vault vault_;
  HolderTier3Access tier3_;
};

TEST_F(VaultTest, StoresAndReadsBackByLabel) {
  Put("email", "ada@example.org");
  auto v = vault_.Get("email", 0, nullptr, "test");
  ASSERT_TRUE(v) << v.error().message();
  EXPECT_EQ(Str(v->value), "ada@example.org");
  EXPECT_EQ(v->tier, 1);
  EXPECT_EQ(v->meta.size, 15u);
}

TEST_F(VaultTest, OverwritesInPlace) {
  Put("email", "old@example.org");
  Put("email", "new@example.org");
  EXPECT_EQ(Str(vault_.Get("email", 0, nullptr, "")->value), "new@example.org");
}

TEST_F(VaultTest, ClassifiesByLabelAndHonoursOwnerOverride) {
  EXPECT_EQ(Put("birthdate", "1990-01-01").tier, 2);
  EXPECT_EQ(Put("favourite_colour", "green").tier, 2);  // unknown labels: conclusions only
  EXPECT_EQ(Put("nickname", "ada").tier, 1);
  EXPECT_EQ(Put("passport", "X1234567").tier, 3);
  EXPECT_EQ(Put("shoe_size", "38", 1).tier, 1);
  auto listed = vault_.List();
  ASSERT_TRUE(listed);
  for (const auto& l : *listed) {
    if (l.label == "shoe_size") {
      EXPECT_TRUE(l.tier_set_by_owner);
    }
    if (l.label == "passport") {
      EXPECT_EQ(l.compartment, "identity");
    }
  }
}

TEST_F(VaultTest, RefusesToChangeTheTierOfAnExistingLabel) {
  Put("nickname", "ada");
  auto r = vault_.Store({"nickname", std::nullopt, false, 3, ToBytes("x")}, &tier3_);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(VaultTest, Tier3NeedsCompartmentAccess) {
  Put("passport", "X1234567");
  auto denied = vault_.Get("passport", 0, nullptr, "agent asked");
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
  auto ok = vault_.Get("passport", 0, &tier3_, "owner");
  ASSERT_TRUE(ok);
  EXPECT_EQ(Str(ok->value), "X1234567");
  auto store_denied = vault_.Store({"ssn", std::nullopt, false, std::nullopt, ToBytes("1")});
  ASSERT_FALSE(store_denied);
  EXPECT_EQ(store_denied.error().code(), ErrorCode::kPermissionDenied);
}

TEST_F(VaultTest, Tier3RecordIsNotReadableWithTheKeyringAlone) {
  const StoredRecord r = Put("passport", "X1234567");
  auto sealed = storage_->records().Get(r.id);
  ASSERT_TRUE(sealed && *sealed);
  EXPECT_FALSE(OpenRecord(keyring_.RecordKey(r.id), r.id, **sealed));
}

TEST_F(VaultTest, CollectionsAppendWithoutLosingConcurrentWrites) {
  std::vector<std::thread> threads;
  std::mutex mu;
  std::vector<uint64_t> indices;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto r = vault_.Store({"transactions", std::nullopt, true, std::nullopt,
                               ToBytes("t" + std::to_string(t) + "-" + std::to_string(i))});
        ASSERT_TRUE(r) << r.error().message();
        std::lock_guard<std::mutex> lock(mu);
        indices.push_back(r->index);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::sort(indices.begin(), indices.end());
  EXPECT_EQ(std::adjacent_find(indices.begin(), indices.end()), indices.end()) << "duplicate";
  auto listed = vault_.List();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().indices.size(), 20u);
}

TEST_F(VaultTest, DeletesItemsAndLabels) {
  Put("notes", "a", std::nullopt, true);
  Put("notes", "b", std::nullopt, true);
  ASSERT_TRUE(vault_.Delete("notes", 0).ok());
  EXPECT_FALSE(vault_.Get("notes", 0, nullptr, ""));
  EXPECT_EQ(Str(vault_.Get("notes", 1, nullptr, "")->value), "b");
  ASSERT_TRUE(vault_.Delete("notes", std::nullopt).ok());
  EXPECT_TRUE(vault_.List()->empty());
  EXPECT_EQ(vault_.Delete("notes", std::nullopt).error().code(), ErrorCode::kNotFound);
}

TEST_F(VaultTest, WritesDecoysThatLookLikeRecords) {
  auto index = vault_.ReadIndex();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->decoys.size(), 4u);
  for (const auto& d : index->decoys) {
    auto sealed = storage_->records().Get(d);
    ASSERT_TRUE(sealed && *sealed);
    EXPECT_EQ((**sealed)[0], kEnvelopeVersion);
  }
  for (int i = 0; i < 20; ++i) Put("notes", "x", std::nullopt, true);
  EXPECT_GE(vault_.ReadIndex()->decoys.size(), 4u);
}

TEST_F(VaultTest, RejectsInvalidLabels) {
  for (const char* bad : {"", "_signet.index", "has space", "semi;colon"}) {
    auto r = vault_.Store({bad, std::nullopt, false, std::nullopt, ToBytes("v")});
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST_F(VaultTest, KeepsSystemRecordsOutOfListAndErasesThem) {
  auto none = vault_.GetSystemRecord("policy");
  ASSERT_TRUE(none) << none.error().message();
  EXPECT_FALSE(*none);
  const std::string doc = R"({"version":1,"rules":[]})";
  ASSERT_TRUE(vault_.PutSystemRecord("policy", ToBytes(doc), "policy.set").ok());
  auto back = vault_.GetSystemRecord("policy");
  ASSERT_TRUE(back && *back);
  EXPECT_EQ(Str(**back), doc);
  EXPECT_TRUE(vault_.List()->empty());
  const BlindId id = keyring_.Address("_signet.policy", 0);
  EXPECT_TRUE(*storage_->records().Exists(id));
  ASSERT_TRUE(vault_.Erase());
  EXPECT_FALSE(*storage_->records().Exists(id));
}

TEST_F(VaultTest, UpdatesASystemRecordWithoutLosingConcurrentChanges) {
  auto bump = [this] {
    for (int i = 0; i < 25; ++i) {
      Status s = vault_.UpdateSystemRecord(
          "policy.patterns",
          [](const std::optional<SecretBytes>& current) -> Result<Bytes> {
            const int n = current ? std::stoi(Str(*current)) : 0;
            return ToBytes(std::to_string(n + 1));
          },
          "test.bump");
      EXPECT_TRUE(s.ok()) << s.error().message();
    }
  };
  std::thread a(bump), b(bump);
  a.join();
  b.join();
  EXPECT_EQ(Str(**vault_.GetSystemRecord("policy.patterns")), "50");
  // An error from the change writes nothing.
  EXPECT_FALSE(
      vault_
          .UpdateSystemRecord(
              "policy.patterns",
              [](const std::optional<SecretBytes>&) -> Result<Bytes> { return DataLoss("no"); },
              "test.bump")
          .ok());
  EXPECT_EQ(Str(**vault_.GetSystemRecord("policy.patterns")), "50");
}

TEST_F(VaultTest, RefusesUnknownSystemRecordNames) {
  EXPECT_FALSE(vault_.GetSystemRecord("index"));
  EXPECT_FALSE(vault_.PutSystemRecord("../policy", ToBytes("x"), "x").ok());
}

TEST_F(VaultTest, ATamperedSystemRecordIsDataLoss) {
  ASSERT_TRUE(vault_.PutSystemRecord("policy", ToBytes("{}"), "policy.set").ok());
  const BlindId id = keyring_.Address("_signet.policy", 0);
  Bytes sealed = **storage_->records().Get(id);
  sealed.back() ^= 1;
  ASSERT_TRUE(storage_->records().Put(id, sealed).ok());
  auto r = vault_.GetSystemRecord("policy");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss);
}

TEST_F(VaultTest, InitializeTwiceIsAlreadyExists) {
  EXPECT_EQ(vault_.Initialize().error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(VaultTest, EraseDeletesRecordsDecoysAndIndex) {
  Put("email", "a@b.c");
  Put("notes", "n", std::nullopt, true);
  const size_t decoys = vault_.ReadIndex()->decoys.size();
  auto report = vault_.Erase();
  ASSERT_TRUE(report);
  EXPECT_EQ(report->records, 2u);
  EXPECT_EQ(report->decoys, decoys);
  EXPECT_EQ(vault_.ReadIndex().error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(*storage_->records().Exists(keyring_.Address("email", 0)));
}

TEST_F(VaultTest, EveryOperationIsAudited) {
  Put("email", "a@b.c");
  ASSERT_TRUE(vault_.Get("email", 0, nullptr, "checkout").has_value());
  ASSERT_TRUE(vault_.List().has_value());
  auto events = vault_.audit().List(0, 100);
  ASSERT_TRUE(events);
  std::vector<std::string> kinds;
  for (const auto& e : *events) kinds.push_back(e.kind);
  EXPECT_EQ(kinds,
            (std::vector<std::string>{"vault.init", "record.store", "record.get", "vault.list"}));
  EXPECT_EQ(events->at(2).detail, "get email[0] purpose: checkout");
  auto report = vault_.VerifyAudit();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->entries, 4u);
}

TEST_F(VaultTest, DetectsCiphertextSwappedBetweenTwoIdsAndBitFlips) {
  const StoredRecord a = Put("email", "a@example.org");
  const StoredRecord b = Put("nickname", "ada");
  auto sealed_a = storage_->records().Get(a.id);
  auto sealed_b = storage_->records().Get(b.id);
  ASSERT_TRUE(sealed_a && *sealed_a && sealed_b && *sealed_b);
  ASSERT_TRUE(storage_->records().Put(a.id, **sealed_b).ok());  // an attacker swaps rows
  auto swapped = vault_.Get("email", 0, nullptr, "");
  ASSERT_FALSE(swapped);
  EXPECT_EQ(swapped.error().code(), ErrorCode::kDataLoss);
  Bytes flipped = **sealed_a;
  flipped[flipped.size() / 2] ^= 0x01;
  ASSERT_TRUE(storage_->records().Put(a.id, flipped).ok());
  EXPECT_EQ(vault_.Get("email", 0, nullptr, "").error().code(), ErrorCode::kDataLoss);
  ASSERT_TRUE(storage_->records().Put(a.id, **sealed_a).ok());
  EXPECT_TRUE(vault_.Get("email", 0, nullptr, "").has_value());
}

TEST_F(VaultTest, ReadsWithAnotherVaultsKeyringFail) {
  Put("email", "a@b.c");
  const RootKey other = FreshRoot();
  const DelegatedKeyring other_keys = other.DeriveDelegatedKeyring();
  Vault intruder(*storage_, other_keys, clock_);
  auto r = intruder.Get("email", 0, nullptr, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);  // its index does not exist
}

// QuotaVault opens a second Vault over the test's storage with `quota` (as a server replica
// would for this tenant).
std::unique_ptr<Vault> QuotaVault(storage::Storage& storage, const DelegatedKeyring& keyring,
                                  const Clock& clock, VaultQuota quota) {
  return std::make_unique<Vault>(storage, keyring, clock,
                                 VaultOptions{.min_initial_decoys = 4,
                                              .max_initial_decoys = 4,
                                              .decoys_on_write = true,
                                              .quota = quota});
}

TEST_F(VaultTest, RecordQuotaRefusesNewItemsButNotOverwrites) {
  auto v = QuotaVault(*storage_, keyring_, clock_, {.records = 2});
  ASSERT_TRUE(v->Store({"a", std::nullopt, false, 1, ToBytes("1")}));
  ASSERT_TRUE(v->Store({"b", std::nullopt, false, 1, ToBytes("2")}));
  auto refused = v->Store({"c", std::nullopt, false, 1, ToBytes("3")});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kResourceExhausted);
  auto appended = v->Store({"a", std::nullopt, true, 1, ToBytes("4")});
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().code(), ErrorCode::kResourceExhausted);
  // Overwriting an existing item adds no record.
  ASSERT_TRUE(v->Store({"b", std::nullopt, false, 1, ToBytes("22")}));
  auto index = v->ReadIndex();
  ASSERT_TRUE(index);
  EXPECT_EQ(Usage(*index).records, 2u);
  EXPECT_EQ(Usage(*index).bytes, 3u);
  EXPECT_FALSE(index->labels.contains("c"));
  // Freeing a record makes room again.
  ASSERT_TRUE(v->Delete("a", std::nullopt).ok());
  EXPECT_TRUE(v->Store({"c", std::nullopt, false, 1, ToBytes("3")}));
}

TEST_F(VaultTest, ByteQuotaCountsValueSizesAndAllowsShrinking) {
  auto v = QuotaVault(*storage_, keyring_, clock_, {.bytes = 10});
  ASSERT_TRUE(v->Store({"a", std::nullopt, false, 1, ToBytes("123456")}));
  auto refused = v->Store({"b", std::nullopt, false, 1, ToBytes("12345")});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kResourceExhausted);
  auto grown = v->Store({"a", std::nullopt, false, 1, ToBytes("12345678901")});
  ASSERT_FALSE(grown);
  EXPECT_EQ(grown.error().code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(Str(v->Get("a", 0, nullptr, "")->value), "123456") << "a refused write lost data";
  ASSERT_TRUE(v->Store({"a", std::nullopt, false, 1, ToBytes("1234")}));
  EXPECT_TRUE(v->Store({"b", std::nullopt, false, 1, ToBytes("12345")}));
  EXPECT_EQ(Usage(*v->ReadIndex()).bytes, 9u);
}

TEST_F(VaultTest, RecordQuotaHoldsAcrossConcurrentWritersOfOneStorage) {
  // Two vault objects (two replicas) and four threads race to add new items; exactly the quota
  // succeeds, the rest are refused, and the index lists exactly the successful writes.
  constexpr uint64_t kQuota = 6;
  std::vector<std::unique_ptr<Vault>> replicas;
  replicas.push_back(QuotaVault(*storage_, keyring_, clock_, {.records = kQuota}));
  replicas.push_back(QuotaVault(*storage_, keyring_, clock_, {.records = kQuota}));
  std::atomic<int> stored{0};
  std::atomic<int> refused{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Vault& v = *replicas[t % 2];
      for (int i = 0; i < 5; ++i) {
        const bool append = i % 2 == 0;
        auto r = v.Store({append ? "log" : "n" + std::to_string(t) + "_" + std::to_string(i),
                          std::nullopt, append, 1, ToBytes("x")});
        if (r) {
          ++stored;
        } else if (r.error().code() == ErrorCode::kResourceExhausted) {
          ++refused;
        } else {
          ++other;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(stored.load(), static_cast<int>(kQuota));
  EXPECT_EQ(refused.load(), 20 - static_cast<int>(kQuota));
  EXPECT_EQ(other.load(), 0);
  auto index = vault_.ReadIndex();
  ASSERT_TRUE(index);
  EXPECT_EQ(Usage(*index).records, kQuota);
}

TEST_F(VaultTest, ACachedIndexNeverHidesAnotherWritersChange) {
  Put("email", "ada@example.org");
  ASSERT_TRUE(vault_.ReadIndex());  // cached in vault_
  Vault other(*storage_, keyring_, clock_, {.min_initial_decoys = 4, .max_initial_decoys = 4});
  ASSERT_TRUE(other.Store({"nickname", std::nullopt, false, 1, ToBytes("ada")}));
  auto index = vault_.ReadIndex();
  ASSERT_TRUE(index);
  EXPECT_TRUE(index->labels.contains("nickname"));
  // Tampering with the stored index is still detected (the cache is keyed by the exact bytes).
  const BlindId id = keyring_.Address(kIndexLabel, 0);
  auto sealed = storage_->records().Get(id);
  ASSERT_TRUE(sealed && *sealed);
  Bytes flipped = **sealed;
  flipped[flipped.size() / 2] ^= 1;
  ASSERT_TRUE(storage_->records().Put(id, flipped).ok());
  auto tampered = vault_.ReadIndex();
  ASSERT_FALSE(tampered);
  EXPECT_EQ(tampered.error().code(), ErrorCode::kDataLoss);
}

TEST_F(VaultTest, RefusesToWriteAnIndexItCouldNotReadBack) {
  Put("email", "ada@example.org");
  Status s = vault_.UpdateIndex([](VaultIndex& idx) {
    LabelEntry& e = idx.labels["bulk"];
    for (uint64_t i = 0; i < 200'000; ++i) e.items[i] = ItemMeta{1, 1, 1};  // > 8 MiB of JSON
    return OkStatus();
  });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kResourceExhausted);
  auto index = vault_.ReadIndex();
  ASSERT_TRUE(index) << index.error().message();
  EXPECT_FALSE(index->labels.contains("bulk"));
  EXPECT_TRUE(index->labels.contains("email"));
}

}  // namespace
}  // namespace signet::vault
