#include "storage/record_index.h"

#include <algorithm>

#include "crypto/sha2.h"

namespace signet::storage {

bool RowMatches(const RecordRow& row, ByteView expected) {
  if (row.size != expected.size()) return false;
  if (!row.is_blob()) return std::ranges::equal(*row.inline_value, expected);
  return crypto::Sha256(expected) == row.digest;
}

BlobBackedRecordStore::BlobBackedRecordStore(std::shared_ptr<RecordIndex> index,
                                             std::shared_ptr<BlobStore> blobs, RecordLimits limits,
                                             const Clock& clock)
    : index_(std::move(index)), blobs_(std::move(blobs)), limits_(limits), clock_(clock) {}

Result<RecordRow> BlobBackedRecordStore::MakeRow(ByteView value) {
  if (value.size() > limits_.max_record_size) return TooLarge("record value is too large");
  RecordRow row;
  row.size = value.size();
  if (value.size() <= limits_.inline_max) {
    row.inline_value = Bytes(value.begin(), value.end());
    return row;
  }
  Result<BlobDigest> digest = blobs_->Put(value);
  if (!digest) return std::move(digest).error();
  row.digest = *digest;
  return row;
}

Status BlobBackedRecordStore::Put(const BlindId& id, ByteView value) {
  Result<RecordRow> row = MakeRow(value);
  if (!row) return std::move(row).error();
  return index_->Upsert(id, *row);
}

Result<std::optional<Bytes>> BlobBackedRecordStore::Get(const BlindId& id) {
  Result<std::optional<RecordRow>> row = index_->Find(id);
  if (!row) return std::move(row).error();
  if (!row->has_value()) return std::optional<Bytes>();
  RecordRow& r = **row;
  if (!r.is_blob()) return std::optional<Bytes>(std::move(*r.inline_value));
  Result<Bytes> value = GetIntoBytes(*blobs_, r.digest, limits_.max_record_size, r.size);
  if (!value) {
    if (value.error().code() == ErrorCode::kNotFound) {
      return DataLoss("record references a missing blob");
    }
    return std::move(value).error();
  }
  if (value->size() != r.size) return DataLoss("record size does not match its blob");
  return std::optional<Bytes>(std::move(*value));
}

Status BlobBackedRecordStore::Delete(const BlindId& id) { return index_->Remove(id); }

Result<bool> BlobBackedRecordStore::Exists(const BlindId& id) { return index_->Contains(id); }

Status BlobBackedRecordStore::CompareAndSwap(const BlindId& id,
                                             const std::optional<ByteView>& expected,
                                             ByteView desired) {
  Result<RecordRow> row = MakeRow(desired);
  if (!row) return std::move(row).error();
  return index_->Swap(id, expected, *row);
}

Result<SweepStats> BlobBackedRecordStore::SweepOrphanBlobs(Duration grace) {
  constexpr size_t kPage = 500;
  SweepStats stats;
  const Time cutoff = clock_.Now() - std::chrono::duration_cast<Time::duration>(grace);
  std::optional<BlobDigest> after;
  for (;;) {
    Result<std::vector<BlobInfo>> page = blobs_->List(after, kPage);
    if (!page) return std::move(page).error();
    for (const BlobInfo& info : *page) {
      ++stats.examined;
      if (info.modified > cutoff) continue;
      Result<bool> used = index_->References(info.digest);
      if (!used) return std::move(used).error();
      if (*used) continue;
      Status s = blobs_->Delete(info.digest);
      if (!s) return std::move(s).error();
      ++stats.deleted;
    }
    if (page->size() < kPage) return stats;
    after = page->back().digest;
  }
}

Status BlobBackedRecordStore::Ping() {
  Status s = index_->Ping();
  if (!s) return s;
  return blobs_->Ping();
}

}  // namespace signet::storage
