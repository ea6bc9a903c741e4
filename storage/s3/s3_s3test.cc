// Hosted storage against real services on 127.0.0.1: Postgres 15 for rows and state, OpenStack
// Swift with s3api (which verifies SigV4 signatures) for blobs. Runs the conformance suite on
// the S3 blob store alone and on the full hosted bundle, including an S3 outage, and checks that
// a wrong secret fails, virtual-host addressing works, and an independent client
// (@aws-sdk/client-s3, tests/interop/s3/) reads what Signet wrote and vice versa.

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <thread>

#include "base/encoding.h"
#include "crypto/sha2.h"
#include "storage/memory/memory_storage.h"
#include "storage/postgres/postgres_storage.h"
#include "storage/s3/s3_blob_store.h"
#include "storage/s3/s3_client.h"
#include "storage/testing/conformance.h"
#include "storage/testing/services.h"

namespace signet::storage::s3 {
namespace {

using storage::testing::BackendFactory;
using storage::testing::PatternBytes;
using storage::testing::StorageConformanceTest;
using storage::testing::TestService;

TestService* g_pg = nullptr;
TestService* g_swift = nullptr;
constexpr const char* kBucket = "signet-test";

// ServicesEnvironment starts Postgres and Swift in parallel, once, and stops both at the end.
class ServicesEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    Result<std::unique_ptr<TestService>> pg = Unavailable("not started");
    std::thread t([&] { pg = TestService::Start("postgres.sh"); });
    Result<std::unique_ptr<TestService>> swift = TestService::Start("swift.sh");
    t.join();
    ASSERT_TRUE(pg.has_value()) << pg.error().ToString();
    ASSERT_TRUE(swift.has_value()) << swift.error().ToString();
    pg_ = std::move(*pg);
    swift_ = std::move(*swift);
    g_pg = pg_.get();
    g_swift = swift_.get();
  }
  void TearDown() override {
    g_pg = g_swift = nullptr;
    pg_.reset();
    swift_.reset();
  }

 private:
  std::unique_ptr<TestService> pg_, swift_;
};

const ::testing::Environment* const kEnv =
    ::testing::AddGlobalTestEnvironment(new ServicesEnvironment);

std::string NewPrefix() {
  static std::atomic<int> n{0};
  return "t" + std::to_string(::getpid()) + "-" + std::to_string(n++) + "/";
}

S3Options Options(const std::string& prefix, std::string_view secret = "") {
  S3Options o;
  o.endpoint = "http://127.0.0.1:" + g_swift->Get("PORT");
  o.allow_http = true;
  o.region = g_swift->Get("REGION");
  o.bucket = kBucket;
  o.prefix = prefix;
  o.access_key_id = g_swift->Get("ACCESS_KEY");
  o.secret_access_key =
      crypto::SecretBytes::CopyFrom(AsBytes(secret.empty() ? g_swift->Get("SECRET_KEY") : secret));
  o.connect_timeout = std::chrono::seconds(2);
  o.request_timeout = std::chrono::seconds(10);
  o.max_retries = 2;
  return o;
}

Result<std::shared_ptr<BlobStore>> OpenS3(const std::string& prefix) {
  Result<std::shared_ptr<BlobStore>> s3 = CreateS3BlobStore(Options(prefix));
  if (!s3) return s3;
  Status b = EnsureBucket(**s3);
  if (!b) return std::move(b).error();
  return s3;
}

// Overwrite puts other bytes (correctly signed and hashed) under `digest`'s key, as an attacker
// with bucket access could.
void Overwrite(const std::string& prefix, const BlobDigest& digest) {
  std::unique_ptr<S3Client> c = S3Client::Create(Options(prefix)).value();
  Bytes other = PatternBytes(100, 99);
  ViewSource src(other);
  S3Request r;
  r.method = "PUT";
  r.key = ObjectKey(prefix, digest);
  r.payload_sha256_hex = DigestHex(crypto::Sha256(other));
  r.body = &src;
  r.body_size = other.size();
  ASSERT_EQ(c->Send(r).value().status, 200);
}

postgres::PgOptions PgOptions(const Clock& clock) {
  postgres::PgOptions o;
  o.dsn = crypto::SecretBytes::CopyFrom(AsBytes(g_pg->Get("DSN")));
  o.clock = &clock;
  return o;
}

BackendFactory HostedBackend() {
  static std::string prefix;
  BackendFactory f;
  f.name = "PostgresAndS3";
  f.open = [](const Clock& clock) -> Result<std::unique_ptr<Storage>> {
    prefix = NewPrefix();
    Result<std::shared_ptr<BlobStore>> s3 = OpenS3(prefix);
    if (!s3) return std::move(s3).error();
    postgres::PgOptions o = PgOptions(clock);
    Result<int> migrated = postgres::MigratePostgres(o);
    if (!migrated) return std::move(migrated).error();
    Status reset =
        storage::testing::Psql(g_pg->Get("DSN"), "TRUNCATE records, audit_entries, state_entries");
    if (!reset) return std::move(reset).error();
    return postgres::OpenHostedStorage(o, *s3);
  };
  f.corrupt_blob = [](Storage&, const BlobDigest& d) { Overwrite(prefix, d); };
  f.stop_dependency = [] { ASSERT_TRUE(g_swift->Command("stop-proxy").ok()); };
  f.start_dependency = [] { ASSERT_TRUE(g_swift->Command("start-proxy").ok()); };
  f.dependency_holds_rows = false;
  f.unavailable_bound = std::chrono::seconds(8);
  return f;
}

INSTANTIATE_TEST_SUITE_P(Hosted, StorageConformanceTest, ::testing::Values(HostedBackend()),
                         storage::testing::BackendName);

TEST(S3BlobStoreTest, WrongSecretIsRefusedBySignatureCheck) {
  std::string prefix = NewPrefix();
  ASSERT_TRUE(OpenS3(prefix).has_value());
  std::shared_ptr<BlobStore> bad = CreateS3BlobStore(Options(prefix, "not-the-secret")).value();
  Result<BlobDigest> put = bad->Put(PatternBytes(10, 1));
  ASSERT_FALSE(put.has_value());
  EXPECT_EQ(put.error().code(), ErrorCode::kPermissionDenied) << put.error().detail();
  EXPECT_NE(put.error().detail().find("SignatureDoesNotMatch"), std::string::npos)
      << put.error().detail();
  EXPECT_FALSE(bad->Ping().ok());
}

TEST(S3BlobStoreTest, VirtualHostAddressingWorks) {
  std::string prefix = NewPrefix();
  ASSERT_TRUE(OpenS3(prefix).has_value());
  S3Options o = Options(prefix);
  std::string port = g_swift->Get("PORT");
  o.endpoint = "http://s3.localhost:" + port;
  o.path_style = false;
  o.resolve = {std::string(kBucket) + ".s3.localhost:" + port + ":127.0.0.1"};
  std::shared_ptr<BlobStore> vh = CreateS3BlobStore(std::move(o)).value();
  Bytes data = PatternBytes(5000, 2);
  Result<BlobDigest> d = vh->Put(data);
  ASSERT_TRUE(d.has_value()) << d.error().ToString() << " " << d.error().detail();
  EXPECT_EQ(vh->Get(*d).value(), data);
  std::shared_ptr<BlobStore> ps = CreateS3BlobStore(Options(prefix)).value();
  EXPECT_EQ(ps->Get(*d).value(), data);  // the same object, seen path-style
}

// HTTPS with the server's CA: works; with the system store only: the unknown certificate is
// refused (kUnavailable), nothing is sent in the clear; plain http is refused unless allowed.
TEST(S3BlobStoreTest, TlsEndpointVerifiesTheServerCertificate) {
  std::string prefix = NewPrefix();
  ASSERT_TRUE(OpenS3(prefix).has_value());
  S3Options o = Options(prefix);
  o.endpoint = "https://127.0.0.1:" + g_swift->Get("TLS_PORT");
  o.allow_http = false;
  o.ca_file = g_swift->Get("CA_FILE");
  std::shared_ptr<BlobStore> tls = CreateS3BlobStore(std::move(o)).value();
  Bytes data = PatternBytes(70000, 3);
  Result<BlobDigest> d = tls->Put(data);
  ASSERT_TRUE(d.has_value()) << d.error().ToString() << " " << d.error().detail();
  EXPECT_EQ(tls->Get(*d).value(), data);

  S3Options untrusted = Options(prefix);
  untrusted.endpoint = "https://127.0.0.1:" + g_swift->Get("TLS_PORT");
  untrusted.max_retries = 0;
  std::shared_ptr<BlobStore> bad = CreateS3BlobStore(std::move(untrusted)).value();
  Result<Bytes> refused = bad->Get(*d);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);

  S3Options plain = Options(prefix);
  plain.allow_http = false;
  EXPECT_EQ(CreateS3BlobStore(std::move(plain)).error().code(), ErrorCode::kInvalidArgument);
}

TEST(S3BlobStoreTest, UnreachableEndpointIsUnavailableQuickly) {
  S3Options o = Options(NewPrefix());
  o.endpoint = "http://127.0.0.1:1";
  o.max_retries = 1;
  std::shared_ptr<BlobStore> s = CreateS3BlobStore(std::move(o)).value();
  auto start = std::chrono::steady_clock::now();
  Status p = s->Ping();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code(), ErrorCode::kUnavailable);
}

// A hung endpoint (the proxy stopped with SIGSTOP: connections are accepted, nothing answers)
// yields kUnavailable within request_timeout * (max_retries + 1) plus backoff.
TEST(S3BlobStoreTest, HungEndpointIsUnavailableWithinTheBound) {
  std::string prefix = NewPrefix();
  std::shared_ptr<BlobStore> s3 = OpenS3(prefix).value();
  Bytes data = PatternBytes(3000, 5);
  BlobDigest d = s3->Put(data).value();
  S3Options o = Options(prefix);
  o.request_timeout = std::chrono::seconds(1);
  o.max_retries = 1;
  o.retry_base_delay = std::chrono::milliseconds(50);
  std::shared_ptr<BlobStore> impatient = CreateS3BlobStore(std::move(o)).value();
  std::ifstream pid_file(g_swift->dir() + "/proxy.pid");
  pid_t pid = 0;
  pid_file >> pid;
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, SIGSTOP), 0);
  auto start = std::chrono::steady_clock::now();
  Result<Bytes> r = impatient->Get(d);
  auto took = std::chrono::steady_clock::now() - start;
  ::kill(pid, SIGCONT);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable) << r.error().ToString();
  EXPECT_LT(took, std::chrono::seconds(4));
  EXPECT_EQ(s3->Get(d).value(), data);
}

// The independent client: @aws-sdk/client-s3 lists and reads what we wrote (checking each
// object's SHA-256 equals its name) and writes one object that we then read and verify.
TEST(S3InteropTest, AwsSdkReadsWhatSignetWroteAndViceVersa) {
  std::string prefix = NewPrefix();
  std::shared_ptr<BlobStore> s3 = OpenS3(prefix).value();
  std::vector<BlobDigest> ours;
  for (int i = 0; i < 3; ++i)
    ours.push_back(s3->Put(PatternBytes(1000 + 70000 * i, 10 + i)).value());
  std::string cmd = "cd " + std::string(SIGNET_SOURCE_DIR) + "/tests/interop/s3 && " +
                    "S3_ENDPOINT=http://127.0.0.1:" + g_swift->Get("PORT") +
                    " S3_REGION=" + g_swift->Get("REGION") + " S3_BUCKET=" + kBucket +
                    " S3_PREFIX=" + prefix + " S3_ACCESS_KEY='" + g_swift->Get("ACCESS_KEY") +
                    "' S3_SECRET_KEY='" + g_swift->Get("SECRET_KEY") + "' node readback.mjs 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  ASSERT_EQ(::pclose(p), 0) << out;
  EXPECT_NE(out.find("verified 3 objects"), std::string::npos) << out;
  size_t at = out.find("WROTE ");
  ASSERT_NE(at, std::string::npos) << out;
  BlobDigest theirs = DigestFromHex(out.substr(at + 6, 64)).value();
  Bytes got = s3->Get(theirs).value();
  EXPECT_EQ(crypto::Sha256(got), theirs);
  EXPECT_EQ(ToString(got), "written by @aws-sdk/client-s3");
}

}  // namespace
}  // namespace signet::storage::s3
