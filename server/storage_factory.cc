#include "server/storage_factory.h"

#include <fstream>

#include "storage/embedded/embedded_storage.h"
#include "storage/postgres/postgres_storage.h"
#include "storage/s3/s3_blob_store.h"

namespace signet::server {
namespace {

using crypto::SecretAccess;
using crypto::SecretBytes;

constexpr size_t kMaxSecretFileBytes = 4096;

// SecretFrom returns `value` if set, otherwise the contents of `file` (one trailing newline
// removed). Neither is ever logged or echoed in an error.
Result<SecretBytes> SecretFrom(const std::string& value, const std::string& file,
                               std::string_view key) {
  if (!value.empty()) return SecretBytes::CopyFrom(AsBytes(value));
  std::ifstream in(file, std::ios::binary);
  if (!in) return InvalidArgument(std::string(key) + "_file: cannot read the file");
  SecretBytes buf(kMaxSecretFileBytes + 1);
  in.read(reinterpret_cast<char*>(buf.MutableData(SecretAccess::Get())),
          static_cast<std::streamsize>(kMaxSecretFileBytes + 1));
  size_t n = static_cast<size_t>(in.gcount());
  if (n > kMaxSecretFileBytes) return TooLarge(std::string(key) + "_file exceeds 4 KiB");
  const ByteView b = buf.Reveal(SecretAccess::Get());
  while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) --n;
  if (n == 0) return InvalidArgument(std::string(key) + "_file is empty");
  return SecretBytes::CopyFrom(b.first(n));
}

storage::embedded::EmbeddedOptions EmbeddedFor(const Config& config) {
  storage::embedded::EmbeddedOptions o;
  o.data_dir = config.data_dir;
  o.auto_migrate = config.storage.auto_migrate;
  o.record_limits.inline_max = config.storage.inline_max;
  o.record_limits.max_record_size = config.storage.max_record_size;
  return o;
}

Result<storage::postgres::PgOptions> PostgresFor(const Config& config) {
  const PostgresConfig& pg = config.storage.postgres;
  auto dsn = SecretFrom(pg.dsn, pg.dsn_file, "storage.postgres.dsn");
  if (!dsn) return std::move(dsn).error();
  storage::postgres::PgOptions o;
  o.dsn = std::move(*dsn);
  o.pool_size = pg.pool_size;
  o.connect_timeout = pg.connect_timeout;
  o.statement_timeout = pg.statement_timeout;
  o.auto_migrate = config.storage.auto_migrate;
  o.record_limits.inline_max = config.storage.inline_max;
  o.record_limits.max_record_size = config.storage.max_record_size;
  return o;
}

Result<std::shared_ptr<storage::BlobStore>> S3For(const Config& config) {
  const S3Config& c = config.storage.s3;
  auto secret = SecretFrom(c.secret_key, c.secret_key_file, "storage.s3.secret_key");
  if (!secret) return std::move(secret).error();
  storage::s3::S3Options o;
  o.endpoint = c.endpoint;
  o.region = c.region;
  o.bucket = c.bucket;
  o.prefix = c.prefix;
  o.access_key_id = c.access_key_id;
  o.secret_access_key = std::move(*secret);
  o.path_style = c.path_style;
  o.allow_http = c.allow_http;
  o.ca_file = c.ca_file;
  o.request_timeout = c.request_timeout;
  o.max_blob_size = config.storage.max_record_size;
  return storage::s3::CreateS3BlobStore(std::move(o));
}

}  // namespace

Result<std::unique_ptr<storage::Storage>> OpenStorage(const Config& config) {
  if (config.storage.kind != "hosted") {
    return storage::embedded::OpenEmbeddedStorage(EmbeddedFor(config));
  }
  auto pg = PostgresFor(config);
  if (!pg) return std::move(pg).error();
  auto blobs = S3For(config);
  if (!blobs) return std::move(blobs).error();
  return storage::postgres::OpenHostedStorage(*pg, std::move(*blobs));
}

Result<int> MigrateStorage(const Config& config) {
  if (config.storage.kind != "hosted") {
    return storage::embedded::MigrateEmbedded(EmbeddedFor(config));
  }
  auto pg = PostgresFor(config);
  if (!pg) return std::move(pg).error();
  return storage::postgres::MigratePostgres(*pg);
}

}  // namespace signet::server
