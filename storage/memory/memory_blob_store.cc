// MemoryBlobStore: digests verified on put, bytes shared immutably between readers.

#include <map>
#include <mutex>

#include "crypto/sha2.h"
#include "storage/memory/memory_storage.h"

namespace signet::storage::memory {
namespace {

class MemoryBlobStore final : public BlobStore {
 public:
  explicit MemoryBlobStore(const MemoryOptions& o) : clock_(*o.clock), max_(o.max_blob_size) {}

  Result<BlobDigest> Put(ByteView data) override {
    if (data.size() > max_) return TooLarge("blob is too large");
    BlobDigest d = crypto::Sha256(data);
    Store(d, std::make_shared<const Bytes>(data.begin(), data.end()));
    return d;
  }

  Status PutStream(const BlobDigest& expected, uint64_t size, ByteSource& source) override {
    if (size > max_) return TooLarge("blob is too large");
    auto data = std::make_shared<Bytes>();
    crypto::Sha256Hasher h;
    Bytes buf(size_t{64} * 1024);
    for (;;) {
      Result<size_t> n = source.Read(buf);
      if (!n) return std::move(n).error();
      if (*n == 0) break;
      if (data->size() + *n > size) return InvalidArgument("blob is longer than declared");
      ByteView chunk(buf.data(), *n);
      h.Update(chunk);
      Append(data.get(), chunk);
    }
    if (data->size() != size) return InvalidArgument("blob is shorter than declared");
    if (h.Finish() != expected) return InvalidArgument("blob does not match its digest");
    Store(expected, std::move(data));
    return OkStatus();
  }

  Result<Bytes> Get(const BlobDigest& digest) override {
    std::shared_ptr<const Bytes> data = Find(digest);
    if (!data) return NotFound("blob not found");
    if (crypto::Sha256(*data) != digest) return DataLoss("blob does not match its digest");
    return *data;
  }

  Status GetStream(const BlobDigest& digest, ByteSink& sink) override {
    Result<Bytes> data = Get(digest);
    if (!data) return std::move(data).error();
    constexpr size_t kChunk = 1 << 20;
    for (size_t pos = 0; pos < data->size(); pos += kChunk) {
      Status s = sink.Write(ByteView(*data).subspan(pos, std::min(kChunk, data->size() - pos)));
      if (!s) return s;
    }
    return OkStatus();
  }

  Status Delete(const BlobDigest& digest) override {
    std::lock_guard lock(mu_);
    blobs_.erase(digest);
    return OkStatus();
  }

  Result<bool> Exists(const BlobDigest& digest) override { return Find(digest) != nullptr; }

  Result<std::vector<BlobInfo>> List(const std::optional<BlobDigest>& after,
                                     size_t limit) override {
    std::lock_guard lock(mu_);
    std::vector<BlobInfo> out;
    auto it = after ? blobs_.upper_bound(*after) : blobs_.begin();
    for (; it != blobs_.end() && out.size() < limit; ++it) {
      out.push_back({it->first, it->second.data->size(), it->second.modified});
    }
    return out;
  }

  Status Ping() override { return OkStatus(); }

  // CorruptForTesting flips one bit of a stored blob.
  void Corrupt(const BlobDigest& digest) {
    std::lock_guard lock(mu_);
    auto it = blobs_.find(digest);
    if (it == blobs_.end() || it->second.data->empty()) return;
    auto copy = std::make_shared<Bytes>(*it->second.data);
    (*copy)[0] ^= 1;
    it->second.data = std::move(copy);
  }

 private:
  struct Entry {
    std::shared_ptr<const Bytes> data;
    Time modified;
  };

  void Store(const BlobDigest& d, std::shared_ptr<const Bytes> data) {
    std::lock_guard lock(mu_);
    blobs_[d] = Entry{std::move(data), clock_.Now()};
  }

  std::shared_ptr<const Bytes> Find(const BlobDigest& d) {
    std::lock_guard lock(mu_);
    auto it = blobs_.find(d);
    return it == blobs_.end() ? nullptr : it->second.data;
  }

  const Clock& clock_;
  const uint64_t max_;
  std::mutex mu_;
  std::map<BlobDigest, Entry> blobs_;  // guarded by mu_
};

}  // namespace

std::shared_ptr<BlobStore> CreateMemoryBlobStore(const MemoryOptions& options) {
  return std::make_shared<MemoryBlobStore>(options);
}

void CorruptMemoryBlobForTesting(BlobStore& store, const BlobDigest& digest) {
  static_cast<MemoryBlobStore&>(store).Corrupt(digest);
}

}  // namespace signet::storage::memory
