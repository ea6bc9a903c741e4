#include "storage/blob_store.h"

#include <algorithm>

namespace signet::storage {

Result<size_t> ViewSource::Read(std::span<uint8_t> buf) {
  size_t n = std::min(buf.size(), data_.size() - pos_);
  std::copy_n(data_.begin() + static_cast<std::ptrdiff_t>(pos_), n, buf.begin());
  pos_ += n;
  return n;
}

Status BytesSink::Write(ByteView data) {
  if (out_.size() + data.size() > limit_) return TooLarge("blob exceeds the read limit");
  Append(&out_, data);
  return OkStatus();
}

Result<Bytes> GetIntoBytes(BlobStore& store, const BlobDigest& digest, uint64_t limit,
                           uint64_t expected_size) {
  BytesSink sink(limit, expected_size);
  Status s = store.GetStream(digest, sink);
  if (!s) return std::move(s).error();
  return std::move(sink.bytes());
}

}  // namespace signet::storage
