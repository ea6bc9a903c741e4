#include "storage/s3/s3_blob_store.h"

#include "base/encoding.h"
#include "crypto/sha2.h"
#include "storage/s3/s3_client.h"

namespace signet::storage::s3 {
namespace {

// HashingSource forwards a ByteSource, hashing and counting; it refuses to deliver the last
// chunk (aborting the upload) if the bytes do not match the declared digest and size.
class HashingSource final : public ByteSource {
 public:
  HashingSource(ByteSource& inner, const BlobDigest& expected, uint64_t size)
      : inner_(inner), expected_(expected), size_(size) {}

  Result<size_t> Read(std::span<uint8_t> buf) override {
    if (done_) return size_t{0};
    Result<size_t> n = inner_.Read(buf.first(std::min<uint64_t>(buf.size(), size_ - total_ + 1)));
    if (!n) return n;
    total_ += *n;
    if (total_ > size_) return InvalidArgument("blob is longer than declared");
    hasher_.Update(ByteView(buf.data(), *n));
    if (total_ == size_ || *n == 0) {
      done_ = true;
      if (total_ != size_) return InvalidArgument("blob is shorter than declared");
      if (hasher_.Finish() != expected_) return InvalidArgument("blob does not match its digest");
    }
    return n;
  }

 private:
  ByteSource& inner_;
  const BlobDigest expected_;
  const uint64_t size_;
  uint64_t total_ = 0;
  bool done_ = false;
  crypto::Sha256Hasher hasher_;
};

// HashingSink forwards to a ByteSink and hashes what passed.
class HashingSink final : public ByteSink {
 public:
  explicit HashingSink(ByteSink& inner) : inner_(inner) {}
  Status Write(ByteView data) override {
    hasher_.Update(data);
    return inner_.Write(data);
  }
  BlobDigest Finish() { return hasher_.Finish(); }

 private:
  ByteSink& inner_;
  crypto::Sha256Hasher hasher_;
};

Duration TransferTime(uint64_t size, uint64_t rate) {
  return std::chrono::milliseconds(size * 1000 / std::max<uint64_t>(rate, 1));
}

class S3BlobStore final : public BlobStore {
 public:
  explicit S3BlobStore(std::unique_ptr<S3Client> client) : c_(std::move(client)) {}

  Result<BlobDigest> Put(ByteView data) override {
    BlobDigest d = crypto::Sha256(data);
    if (data.size() > c_->options().max_blob_size) return TooLarge("blob is too large");
    // A view can be re-read, so unlike PutStream this put is retried on transient failures.
    for (int attempt = 0;; ++attempt) {
      ViewSource src(data);
      Status s = Upload(d, data.size(), src);
      if (s || attempt >= c_->options().max_retries ||
          s.error().code() != ErrorCode::kUnavailable) {
        if (!s) return std::move(s).error();
        return d;
      }
    }
  }

  Status PutStream(const BlobDigest& expected, uint64_t size, ByteSource& source) override {
    if (size > c_->options().max_blob_size) return TooLarge("blob is too large");
    return Upload(expected, size, source);
  }

  Result<Bytes> Get(const BlobDigest& digest) override {
    return GetIntoBytes(*this, digest, c_->options().max_blob_size);
  }

  Status GetStream(const BlobDigest& digest, ByteSink& sink) override {
    HashingSink hashing(sink);
    S3Request r;
    r.method = "GET";
    r.key = ObjectKey(c_->options().prefix, digest);
    r.sink = &hashing;
    r.extra_time = TransferTime(c_->options().max_blob_size, c_->options().min_transfer_rate);
    Result<S3Response> resp = c_->Send(r);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return StatusError(*resp, "get");
    if (hashing.Finish() != digest) return DataLoss("blob does not match its digest");
    return OkStatus();
  }

  Status Delete(const BlobDigest& digest) override {
    S3Request r;
    r.method = "DELETE";
    r.key = ObjectKey(c_->options().prefix, digest);
    Result<S3Response> resp = c_->Send(r);
    if (!resp) return std::move(resp).error();
    if (resp->status / 100 != 2 && resp->status != 404) return StatusError(*resp, "delete");
    return OkStatus();
  }

  Result<bool> Exists(const BlobDigest& digest) override {
    S3Request r;
    r.method = "HEAD";
    r.key = ObjectKey(c_->options().prefix, digest);
    Result<S3Response> resp = c_->Send(r);
    if (!resp) return std::move(resp).error();
    if (resp->status == 200) return true;
    if (resp->status == 404) return false;
    return StatusError(*resp, "head");
  }

  Result<std::vector<BlobInfo>> List(const std::optional<BlobDigest>& after, size_t limit) override;

  Status Ping() override {
    S3Request r;
    r.method = "HEAD";
    Result<S3Response> resp = c_->Send(r);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return StatusError(*resp, "head bucket");
    return OkStatus();
  }

  Status CreateBucket() {
    S3Request r;
    r.method = "PUT";
    Result<S3Response> resp = c_->Send(r);
    if (!resp) return std::move(resp).error();
    std::string code = ErrorCodeOf(resp->body);
    if (resp->status == 200 || code == "BucketAlreadyOwnedByYou") return OkStatus();
    return StatusError(*resp, "create bucket");
  }

 private:
  Status Upload(const BlobDigest& expected, uint64_t size, ByteSource& source) {
    HashingSource hashing(source, expected, size);
    S3Request r;
    r.method = "PUT";
    r.key = ObjectKey(c_->options().prefix, expected);
    r.payload_sha256_hex = DigestHex(expected);  // the payload hash is the blob's name
    r.body = &hashing;
    r.body_size = size;
    r.extra_time = TransferTime(size, c_->options().min_transfer_rate);
    Result<S3Response> resp = c_->Send(r);
    if (!resp) return std::move(resp).error();
    if (resp->status != 200) return StatusError(*resp, "put");
    return OkStatus();
  }

  std::unique_ptr<S3Client> c_;
};

Result<std::vector<BlobInfo>> S3BlobStore::List(const std::optional<BlobDigest>& after,
                                                size_t limit) {
  std::string prefix = c_->options().prefix + "blobs/";
  limit = std::min<size_t>(limit, 1000);
  // Query parameters in SigV4 canonical order (sorted by name), values URI-encoded.
  std::string query =
      "list-type=2&max-keys=" + std::to_string(limit) + "&prefix=" + UriEncode(prefix, false);
  if (after) query += "&start-after=" + UriEncode(prefix + DigestHex(*after), false);
  S3Request r;
  r.method = "GET";
  r.query = query;
  Result<S3Response> resp = c_->Send(r);
  if (!resp) return std::move(resp).error();
  if (resp->status != 200) return StatusError(*resp, "list");
  Result<ListResult> parsed = ParseListObjects(resp->body);
  if (!parsed) return std::move(parsed).error();
  std::vector<BlobInfo> out;
  for (const ListResult::Object& o : parsed->objects) {
    if (!o.key.starts_with(prefix)) continue;
    Result<BlobDigest> d = DigestFromHex(std::string_view(o.key).substr(prefix.size()));
    if (!d) continue;  // not one of ours
    out.push_back({*d, o.size, o.last_modified});
  }
  return out;
}

}  // namespace

std::string ObjectKey(const std::string& prefix, const BlobDigest& digest) {
  return prefix + "blobs/" + DigestHex(digest);
}

Result<std::shared_ptr<BlobStore>> CreateS3BlobStore(S3Options options) {
  Result<std::unique_ptr<S3Client>> client = S3Client::Create(std::move(options));
  if (!client) return std::move(client).error();
  return std::shared_ptr<BlobStore>(std::make_shared<S3BlobStore>(std::move(*client)));
}

Status EnsureBucket(BlobStore& s3_store) {
  return static_cast<S3BlobStore&>(s3_store).CreateBucket();
}

}  // namespace signet::storage::s3
