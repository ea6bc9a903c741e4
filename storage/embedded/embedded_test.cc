// Runs the storage conformance suite against the embedded backend, plus embedded-only checks
// (migrations, reopen, corruption).

#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "base/encoding.h"
#include "crypto/sha2.h"
#include "storage/embedded/embedded_storage.h"
#include "storage/embedded/file_blob_store.h"
#include "storage/embedded/sqlite_db.h"
#include "storage/testing/conformance.h"

namespace signet::storage::embedded {
namespace {

using storage::testing::BackendFactory;
using storage::testing::PatternBytes;
using storage::testing::StorageConformanceTest;
using storage::testing::TestId;

// NewTempDir returns the path of a fresh (not yet created) directory under the temp dir.
std::string NewTempDir() {
  static std::atomic<int> n{0};
  std::string dir = std::filesystem::temp_directory_path().string() + "/signet_embedded_" +
                    std::to_string(::getpid()) + "_" + std::to_string(n++);
  std::filesystem::remove_all(dir);
  return dir;
}

void FlipFirstBit(const std::string& path) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  char c = 0;
  f.read(&c, 1);
  c = static_cast<char>(c ^ 1);
  f.seekp(0);
  f.write(&c, 1);
}

// TempDirs removes the conformance suite's data dirs when the test binary exits.
struct TempDirs {
  ~TempDirs() {
    for (const std::string& d : dirs) std::filesystem::remove_all(d);
  }
  std::vector<std::string> dirs;
};

BackendFactory EmbeddedBackend() {
  static TempDirs temp;
  static std::vector<std::string>* dirs = &temp.dirs;
  BackendFactory f;
  f.name = "Embedded";
  f.open = [](const Clock& clock) -> Result<std::unique_ptr<Storage>> {
    EmbeddedOptions o;
    o.data_dir = NewTempDir();
    dirs->push_back(o.data_dir);
    o.clock = &clock;
    return OpenEmbeddedStorage(o);
  };
  f.corrupt_blob = [](Storage&, const BlobDigest& d) {
    FlipFirstBit(BlobPath(dirs->back() + "/blobs", d));
  };
  return f;
}

INSTANTIATE_TEST_SUITE_P(Embedded, StorageConformanceTest, ::testing::Values(EmbeddedBackend()),
                         storage::testing::BackendName);

class EmbeddedStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.data_dir = NewTempDir();
    options_.clock = &clock_;
  }
  void TearDown() override { std::filesystem::remove_all(options_.data_dir); }

  FakeClock clock_;
  EmbeddedOptions options_;
};

TEST_F(EmbeddedStorageTest, DataSurvivesReopen) {
  Bytes big = PatternBytes(100000, 1);
  {
    std::unique_ptr<Storage> s = OpenEmbeddedStorage(options_).value();
    ASSERT_TRUE(s->records().Put(TestId(1), big).ok());
    ASSERT_TRUE(s->audit().Append(TestId(2), 0, big).ok());
  }
  std::unique_ptr<Storage> s = OpenEmbeddedStorage(options_).value();
  EXPECT_EQ(s->records().Get(TestId(1)).value(), big);
  EXPECT_EQ(s->audit().Head(TestId(2)).value()->entry, big);
}

TEST_F(EmbeddedStorageTest, MigrateAppliesOnceAndOpenWithoutAutoMigrateNeedsIt) {
  options_.auto_migrate = false;
  Result<std::unique_ptr<Storage>> early = OpenEmbeddedStorage(options_);
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(MigrateEmbedded(options_).value(), 1);
  EXPECT_EQ(MigrateEmbedded(options_).value(), 0);
  EXPECT_TRUE(OpenEmbeddedStorage(options_).has_value());
}

TEST_F(EmbeddedStorageTest, RefusesDatabaseWhoseAppliedMigrationChanged) {
  ASSERT_TRUE(MigrateEmbedded(options_).has_value());
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((options_.data_dir + "/signet.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "UPDATE schema_migrations SET checksum = 'x'", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  Result<std::unique_ptr<Storage>> s = OpenEmbeddedStorage(options_);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(EmbeddedStorageTest, MissingBlobOfARecordIsDataLoss) {
  std::unique_ptr<Storage> s = OpenEmbeddedStorage(options_).value();
  Bytes big = PatternBytes(RecordLimits{}.inline_max + 1, 2);
  ASSERT_TRUE(s->records().Put(TestId(3), big).ok());
  std::filesystem::remove(BlobPath(options_.data_dir + "/blobs", crypto::Sha256(big)));
  Result<std::optional<Bytes>> r = s->records().Get(TestId(3));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kDataLoss);
}

TEST_F(EmbeddedStorageTest, RemovesLeftoverTemporaryBlobFilesOnOpen) {
  { ASSERT_TRUE(OpenEmbeddedStorage(options_).has_value()); }
  std::string tmp = options_.data_dir + "/blobs/tmp/leftover";
  std::ofstream(tmp) << "partial";
  std::filesystem::last_write_time(
      tmp, std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
  ASSERT_TRUE(OpenEmbeddedStorage(options_).has_value());
  EXPECT_FALSE(std::filesystem::exists(tmp));
}

TEST_F(EmbeddedStorageTest, UnwritableDataDirIsAnError) {
  options_.data_dir = "/proc/signet-cannot-create-this";
  Result<std::unique_ptr<Storage>> s = OpenEmbeddedStorage(options_);
  EXPECT_FALSE(s.has_value());
}

}  // namespace
}  // namespace signet::storage::embedded

namespace signet::storage::embedded {
namespace {

// The server view holds the blind id, sizes, digests and the opaque bytes, and nothing else.
TEST(EmbeddedServerViewTest, ShowsOnlyIdsSizesDigestsAndOpaqueBytes) {
  FakeClock clock;
  EmbeddedOptions o;
  o.data_dir = NewTempDir();
  o.clock = &clock;
  std::unique_ptr<Storage> s = OpenEmbeddedStorage(o).value();
  Bytes small = ToBytes("opaque-ciphertext-1"),
        big = PatternBytes(RecordLimits{}.inline_max + 1, 3);
  ASSERT_TRUE(s->records().Put(TestId(1), small).ok());
  ASSERT_TRUE(s->records().Put(TestId(2), big).ok());
  ServerView view = DumpServerView(o).value();
  std::string text = view.ToText();
  EXPECT_NE(text.find("table records(id,value,blob_digest,size)"), std::string::npos) << text;
  EXPECT_NE(text.find(TestId(1).Hex()), std::string::npos);
  EXPECT_NE(text.find(HexEncode(small)), std::string::npos);
  EXPECT_NE(text.find("blob " + DigestHex(crypto::Sha256(big))), std::string::npos);
  EXPECT_EQ(text.find("opaque-ciphertext"), std::string::npos);  // bytes are hex, never text
  std::filesystem::remove_all(o.data_dir);
}

}  // namespace
}  // namespace signet::storage::embedded

namespace signet::storage::embedded {
namespace {

// Another process holding the write lock longer than busy_timeout makes writes kUnavailable
// within the bound (never a crash, never a partial write); reads still work (WAL).
TEST(EmbeddedBusyTest, HeldWriteLockIsUnavailableWithinBusyTimeout) {
  FakeClock clock;
  EmbeddedOptions o;
  o.data_dir = NewTempDir();
  o.clock = &clock;
  o.busy_timeout = std::chrono::milliseconds(300);
  std::unique_ptr<Storage> s = OpenEmbeddedStorage(o).value();
  ASSERT_TRUE(s->records().Put(TestId(1), ToBytes("old")).ok());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open((o.data_dir + "/signet.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  auto start = std::chrono::steady_clock::now();
  Status put = s->records().Put(TestId(1), ToBytes("new"));
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(s->records().Get(TestId(1)).value(), ToBytes("old"));
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code(), ErrorCode::kUnavailable);
  EXPECT_LT(took, std::chrono::seconds(3));
  ASSERT_TRUE(s->records().Put(TestId(1), ToBytes("new")).ok());
  std::filesystem::remove_all(o.data_dir);
}

// Concurrent writes share transactions (group commit); each call still commits or rolls back
// on its own: a failing call leaves nothing, its neighbours in the same batch are kept.
TEST(EmbeddedGroupCommitTest, ConcurrentWritesKeepTheirOwnOutcome) {
  const std::string dir = NewTempDir();
  std::filesystem::create_directories(dir);
  auto db = SqliteDb::Open(dir + "/t.db", 4, std::chrono::seconds(5)).value();
  ASSERT_TRUE(db->Write([](Conn& c) {
                  return c.Exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                }).ok());
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const int64_t k = t * kPerThread + i;
        Status s = db->Write([k](Conn& c) -> Status {
          auto ins = c.Prepare("INSERT INTO t (k, v) VALUES (?, 'x')");
          if (!ins) return std::move(ins).error();
          if (auto r = (*ins)->Bind(1, k).Run(); !r) return std::move(r).error();
          if (k % 3 == 0) return Conflict("refused after writing");  // must leave nothing
          if (k % 7 == 0) {
            // A constraint violation inside the call: only this call fails.
            auto dup = c.Prepare("INSERT INTO t (k, v) VALUES (?, 'dup')");
            if (!dup) return std::move(dup).error();
            if (auto r = (*dup)->Bind(1, k).Run(); !r) return std::move(r).error();
          }
          return OkStatus();
        });
        const bool should_fail = k % 3 == 0 || k % 7 == 0;
        if (s.ok() == should_fail) ++unexpected;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(unexpected.load(), 0);
  int64_t rows = -1;
  int64_t bad = -1;
  ASSERT_TRUE(db->Read([&](Conn& c) -> Status {
                  auto n = c.Prepare("SELECT COUNT(*), SUM(k % 3 = 0 OR k % 7 = 0) FROM t");
                  if (!n) return std::move(n).error();
                  if (auto row = (*n)->Step(); !row || !*row) return Internal("no row");
                  rows = (*n)->Int(0);
                  bad = (*n)->Int(1);
                  return OkStatus();
                }).ok());
  int64_t expected = 0;
  for (int64_t k = 0; k < kThreads * kPerThread; ++k) expected += (k % 3 != 0 && k % 7 != 0);
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(bad, 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace signet::storage::embedded
