// Runs the storage conformance suite against Postgres (rows and state) with file blobs, and
// Postgres-specific checks (migrations, secrets, reconnection). Starts one Postgres 15 on
// 127.0.0.1 for the whole binary (tests/services/postgres.sh).

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>

#include "storage/embedded/file_blob_store.h"
#include "storage/memory/memory_storage.h"
#include "storage/postgres/postgres_storage.h"
#include "storage/testing/conformance.h"
#include "storage/testing/services.h"

namespace signet::storage::postgres {
namespace {

using storage::testing::BackendFactory;
using storage::testing::PatternBytes;
using storage::testing::StorageConformanceTest;
using storage::testing::TestId;
using storage::testing::TestService;

TestService* g_pg = nullptr;

// PgEnvironment starts Postgres once for the binary and stops it at the end (also on failure).
class PgEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    Result<std::unique_ptr<TestService>> svc = TestService::Start("postgres.sh");
    ASSERT_TRUE(svc.has_value()) << svc.error().ToString();
    service_ = std::move(*svc);
    g_pg = service_.get();
  }
  void TearDown() override {
    g_pg = nullptr;
    service_.reset();
  }

 private:
  std::unique_ptr<TestService> service_;
};

const ::testing::Environment* const kEnv = ::testing::AddGlobalTestEnvironment(new PgEnvironment);

std::string Dsn(const std::string& db = "postgres") {
  return "host=127.0.0.1 port=" + g_pg->Get("PORT") + " user=postgres dbname=" + db;
}

PgOptions Options(const Clock& clock, const std::string& db = "postgres") {
  PgOptions o;
  o.dsn = crypto::SecretBytes::CopyFrom(AsBytes(Dsn(db)));
  o.clock = &clock;
  o.connect_timeout = std::chrono::seconds(2);
  o.statement_timeout = std::chrono::seconds(3);
  o.acquire_timeout = std::chrono::seconds(3);
  return o;
}

void Sql(const std::string& sql, const std::string& db = "postgres") {
  pqxx::connection c(Dsn(db));
  pqxx::nontransaction tx(c);
  tx.exec(sql);
}

std::shared_ptr<BlobStore> MemoryBlobs() { return memory::CreateMemoryBlobStore({}); }

// CurrentBlobDir is the blob directory of the storage the conformance fixture opened last.
std::string& CurrentBlobDir() {
  static std::string dir;
  return dir;
}

BackendFactory PostgresBackend() {
  BackendFactory f;
  f.name = "PostgresWithFileBlobs";
  f.open = [](const Clock& clock) -> Result<std::unique_ptr<Storage>> {
    PgOptions o = Options(clock);
    Result<int> migrated = MigratePostgres(o);
    if (!migrated) return std::move(migrated).error();
    Sql("TRUNCATE records, audit_entries, state_entries");
    static std::atomic<int> n{0};
    std::string dir = g_pg->dir() + "/blobs_" + std::to_string(n++);
    CurrentBlobDir() = dir;
    Result<std::shared_ptr<BlobStore>> blobs = embedded::OpenFileBlobStore({dir});
    if (!blobs) return std::move(blobs).error();
    return OpenHostedStorage(o, *blobs);
  };
  f.corrupt_blob = [](Storage&, const BlobDigest& d) {
    std::string path = embedded::BlobPath(CurrentBlobDir(), d);
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    char c = 0;
    file.read(&c, 1);
    c = static_cast<char>(c ^ 1);
    file.seekp(0);
    file.write(&c, 1);
  };
  f.stop_dependency = [] { ASSERT_TRUE(g_pg->Stop().ok()); };
  f.start_dependency = [] { ASSERT_TRUE(g_pg->Resume().ok()); };
  f.unavailable_bound = std::chrono::seconds(8);
  return f;
}

INSTANTIATE_TEST_SUITE_P(Postgres, StorageConformanceTest, ::testing::Values(PostgresBackend()),
                         storage::testing::BackendName);

TEST(PostgresStorageTest, MigratesOnceIntoAFreshDatabase) {
  FakeClock clock;
  Sql("DROP DATABASE IF EXISTS migrate_test");
  Sql("CREATE DATABASE migrate_test");
  PgOptions o = Options(clock, "migrate_test");
  o.auto_migrate = false;
  Result<std::unique_ptr<Storage>> early = OpenHostedStorage(o, MemoryBlobs());
  ASSERT_FALSE(early.has_value());
  EXPECT_EQ(early.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(MigratePostgres(o).value(), 1);
  EXPECT_EQ(MigratePostgres(o).value(), 0);
  ASSERT_TRUE(OpenHostedStorage(o, MemoryBlobs()).has_value());
  Sql("UPDATE schema_migrations SET checksum = 'changed'", "migrate_test");
  Result<int> changed = MigratePostgres(o);
  ASSERT_FALSE(changed.has_value());
  EXPECT_EQ(changed.error().code(), ErrorCode::kFailedPrecondition);
}

TEST(PostgresStorageTest, ErrorsNeverContainTheDsnPassword) {
  FakeClock clock;
  PgOptions o = Options(clock);
  o.dsn = crypto::SecretBytes::CopyFrom(
      AsBytes("host=127.0.0.1 port=1 user=postgres password=hunter2-secret dbname=postgres"));
  o.auto_migrate = false;
  Result<std::unique_ptr<Storage>> s = OpenHostedStorage(o, MemoryBlobs());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().ToString().find("hunter2"), std::string::npos);
  EXPECT_EQ(s.error().detail().find("hunter2"), std::string::npos);
}

TEST(PostgresStorageTest, TwoReplicasShareOneAuditChainWithoutForks) {
  FakeClock clock;
  ASSERT_TRUE(MigratePostgres(Options(clock)).has_value());
  std::unique_ptr<Storage> a = OpenHostedStorage(Options(clock), MemoryBlobs()).value();
  std::unique_ptr<Storage> b = OpenHostedStorage(Options(clock), MemoryBlobs()).value();
  BlindId chain = TestId(9000);
  std::atomic<int> conflicts{0};
  auto writer = [&](Storage& s, uint64_t tag) {
    for (int i = 0; i < 20; ++i) {
      for (;;) {
        std::optional<AuditEntry> head = s.audit().Head(chain).value();
        Status st = s.audit().Append(chain, head ? head->seq + 1 : 0, PatternBytes(8, tag + i));
        if (st.ok()) break;
        ++conflicts;
      }
    }
  };
  std::thread ta(writer, std::ref(*a), 0), tb(writer, std::ref(*b), 1000);
  ta.join();
  tb.join();
  std::vector<AuditEntry> all = a->audit().Read(chain, 0, 100).value();
  ASSERT_EQ(all.size(), 40u);
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i].seq, i);
}

}  // namespace
}  // namespace signet::storage::postgres

namespace signet::storage::postgres {
namespace {

// A slow database (here: a row lock another session holds) yields kUnavailable within the
// statement/lock timeout, and the entry is intact afterwards.
TEST(PostgresStorageTest, SlowDatabaseIsUnavailableWithinTheTimeout) {
  FakeClock clock;
  PgOptions o = Options(clock);
  o.statement_timeout = std::chrono::seconds(1);
  ASSERT_TRUE(MigratePostgres(o).has_value());
  std::unique_ptr<Storage> s = OpenHostedStorage(o, MemoryBlobs()).value();
  ASSERT_TRUE(s->state().Put(ns::kPending, "held", ToBytes("v"), kNoExpiry).ok());
  pqxx::connection c(Dsn());
  pqxx::work holder(c);
  holder.exec_params("SELECT 1 FROM state_entries WHERE ns = 'pending' AND key = $1 FOR UPDATE",
                     pqxx::binarystring(std::string("held")));
  auto start = std::chrono::steady_clock::now();
  Result<std::optional<Bytes>> r = s->state().ConsumeOnce(ns::kPending, "held");
  auto took = std::chrono::steady_clock::now() - start;
  holder.abort();
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable) << r.error().ToString();
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_EQ(s->state().ConsumeOnce(ns::kPending, "held").value(), ToBytes("v"));
}

// Every process of a hung server is stopped (SIGSTOP): connections stay open, nothing answers,
// the server cannot enforce statement_timeout. The client-side watchdog still bounds the call.
TEST(PostgresStorageTest, HungDatabaseIsUnavailableWithinTheBound) {
  FakeClock clock;
  PgOptions o = Options(clock);
  o.statement_timeout = std::chrono::seconds(1);
  o.max_retries = 0;
  ASSERT_TRUE(MigratePostgres(o).has_value());
  std::unique_ptr<Storage> s = OpenHostedStorage(o, MemoryBlobs()).value();
  ASSERT_TRUE(s->records().Put(TestId(77), ToBytes("v")).ok());
  std::string pids = "$(cat " + g_pg->dir() + "/pid) $(pgrep -P $(cat " + g_pg->dir() + "/pid))";
  ASSERT_EQ(std::system(("kill -STOP " + pids).c_str()), 0);
  auto start = std::chrono::steady_clock::now();
  Result<std::optional<Bytes>> r = s->records().Get(TestId(77));
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(std::system(("kill -CONT " + pids).c_str()), 0);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable) << r.error().ToString();
  EXPECT_LT(took, std::chrono::seconds(6));
  Result<std::optional<Bytes>> again = s->records().Get(TestId(77));
  for (int i = 0; i < 20 && !again.has_value(); ++i) again = s->records().Get(TestId(77));
  EXPECT_EQ(again.value(), ToBytes("v"));
}

TEST(PostgresServerViewTest, ShowsOnlyIdsSizesAndOpaqueBytes) {
  FakeClock clock;
  ASSERT_TRUE(MigratePostgres(Options(clock)).has_value());
  Sql("TRUNCATE records, audit_entries, state_entries");
  std::unique_ptr<Storage> s = OpenHostedStorage(Options(clock), MemoryBlobs()).value();
  Bytes value = ToBytes("opaque-ciphertext-2");
  ASSERT_TRUE(s->records().Put(TestId(7), value).ok());
  std::string text = DumpServerView(Options(clock)).value().ToText();
  EXPECT_NE(text.find("table records(id,value,blob_digest,size)"), std::string::npos) << text;
  EXPECT_NE(text.find(TestId(7).Hex()), std::string::npos) << text;
  EXPECT_EQ(text.find("opaque-ciphertext"), std::string::npos);
  EXPECT_EQ(text.find("tenant"), std::string::npos);
}

}  // namespace
}  // namespace signet::storage::postgres
