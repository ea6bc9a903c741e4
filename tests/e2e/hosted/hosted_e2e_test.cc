// End-to-end test of the hosted backend through the real binary: `signet migrate`, `signet serve`
// and the vault CLI on PostgreSQL 15 + Swift/s3api (both started here on 127.0.0.1 by the scripts
// in tests/services/ and stopped by them), then fault injection: with Postgres or the S3 endpoint
// down /readyz answers 503 with Retry-After within a bounded time, and recovers when the
// dependency returns.

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/encoding.h"
#include "crypto/secret_bytes.h"
#include "storage/postgres/postgres_storage.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/hosted/service.h"

namespace signet::e2e {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class HostedE2ETest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::chmod(dir_.path().c_str(), 0755);  // the services run as their own users
    pg_ = std::make_unique<Service>("postgres.sh", dir_.path() + "/pg");
    swift_ = std::make_unique<Service>("swift.sh", dir_.path() + "/swift");
    ASSERT_TRUE(pg_->Run("start")) << "postgres did not start";
    ASSERT_TRUE(swift_->Run("start")) << "swift did not start";
    const std::string dsn_file = dir_.path() + "/dsn";
    const std::string secret_file = dir_.path() + "/s3secret";
    std::ofstream(dsn_file) << pg_->Get("DSN") << " connect_timeout=2\n";
    std::ofstream(secret_file) << swift_->Get("SECRET_KEY") << "\n";
    config_ = dir_.path() + "/signet.yaml";
    std::ofstream(config_) << "storage:\n"
                           << "  kind: hosted\n"
                           << "  postgres:\n"
                           << "    dsn_file: " << dsn_file << "\n"
                           << "    connect_timeout: 2s\n"
                           << "    statement_timeout: 2s\n"
                           << "  s3:\n"
                           << "    endpoint: http://127.0.0.1:" << swift_->Get("PORT") << "\n"
                           << "    allow_http: true\n"
                           << "    bucket: signet-e2e\n"
                           << "    access_key_id: " << swift_->Get("ACCESS_KEY") << "\n"
                           << "    secret_key_file: " << secret_file << "\n"
                           << "    request_timeout: 3s\n"
                           << "holder:\n  kdf_ops: 2\n  kdf_memory: 19MiB\n";
    ASSERT_TRUE(CreateBucket(*swift_, "signet-e2e"));
  }

  CommandResult Cli(std::vector<std::string> args) {
    args.insert(args.end(), {"--config", config_, "--data-dir", dir_.path() + "/local"});
    return RunSignet(args);
  }

  // ReadyzStatus polls /readyz until it answers `want` (or the bound passes).
  int ReadyzUntil(int port, int want, seconds bound, std::string* retry_after = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + bound;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      auto r = Request(port, "GET /readyz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
      status = r ? r->status : 0;
      if (r && retry_after != nullptr) *retry_after = r->Header("retry-after");
      if (status == want) return status;
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    return status;
  }

  TempDir dir_;
  std::unique_ptr<Service> pg_;
  std::unique_ptr<Service> swift_;
  std::string config_;
};

TEST_F(HostedE2ETest, ServesFromPostgresAndS3AndReportsOutages) {
  CommandResult migrate = Cli({"migrate"});
  ASSERT_EQ(migrate.exit_code, 0) << migrate.err;
  EXPECT_NE(migrate.out.find("to the hosted backend"), std::string::npos);

  // A vault created through the CLI on the hosted backend.
  const std::string pass = dir_.path() + "/pass";
  std::ofstream(pass) << "correct horse battery staple\n";
  CommandResult init = Cli({"init", "--passphrase-file", pass, "--json"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  ASSERT_EQ(Cli({"store", "--label", "email", "--value", "hosted@example.org"}).exit_code, 0);
  const std::string big(100 * 1024, 'z');  // above inline_max: stored as an S3 blob
  const std::string big_file = dir_.path() + "/big";
  std::ofstream(big_file) << big;
  ASSERT_EQ(Cli({"store", "--label", "document", "--file", big_file}).exit_code, 0);
  EXPECT_EQ(Cli({"get", "--label", "email"}).out, "hosted@example.org");
  EXPECT_EQ(Cli({"get", "--label", "document"}).out, big);

  // What Postgres holds: opaque ids, ciphertext, digests — no labels, no values.
  storage::postgres::PgOptions pgo;
  pgo.dsn = crypto::SecretBytes::CopyFrom(AsBytes(pg_->Get("DSN")));
  auto view = storage::postgres::DumpServerView(pgo);
  ASSERT_TRUE(view) << view.error().message();
  const std::string text = view->ToText();
  for (const char* secret : {"hosted@example.org", "email", "document"}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret;
    EXPECT_EQ(text.find(HexEncode(AsBytes(secret))), std::string::npos) << secret << " (hex)";
  }

  ServerProcess server({.extra_yaml = [&] {
    std::ifstream in(config_);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }()});
  ASSERT_TRUE(server.Start(seconds(30))) << server.Log();
  EXPECT_EQ(ReadyzUntil(server.port(), 200, seconds(10)), 200);

  // Postgres down: /readyz says so within the configured bounds, the CLI fails cleanly.
  ASSERT_TRUE(pg_->Run("stop"));
  std::string retry_after;
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(ReadyzUntil(server.port(), 503, seconds(20), &retry_after), 503);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, seconds(20));
  EXPECT_EQ(retry_after, "5");
  CommandResult down = Cli({"get", "--label", "email"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_EQ(down.err.find("password"), std::string::npos) << "DSN leaked: " << down.err;
  EXPECT_TRUE(server.running()) << "the server must survive a database outage";
  ASSERT_TRUE(pg_->Run("start"));
  EXPECT_EQ(ReadyzUntil(server.port(), 200, seconds(30)), 200) << "no recovery after Postgres";
  EXPECT_EQ(Cli({"get", "--label", "email"}).out, "hosted@example.org");

  // The S3 endpoint down: readiness fails, then recovers; nothing was lost.
  ASSERT_TRUE(swift_->Run("stop-proxy"));
  EXPECT_EQ(ReadyzUntil(server.port(), 503, seconds(20)), 503);
  EXPECT_EQ(Cli({"get", "--label", "document"}).exit_code, 1);
  ASSERT_TRUE(swift_->Run("start-proxy"));
  EXPECT_EQ(ReadyzUntil(server.port(), 200, seconds(60)), 200) << "no recovery after S3";
  EXPECT_EQ(Cli({"get", "--label", "document"}).out, big);
  EXPECT_TRUE(json::parse(Cli({"audit", "verify", "--json"}).out)["ok"].get<bool>());
}

}  // namespace
}  // namespace signet::e2e
