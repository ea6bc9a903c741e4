// In-memory RecordIndex and AuditChainStore, and the CreateMemoryStorage bundle.

#include <map>
#include <mutex>

#include "storage/memory/memory_storage.h"
#include "storage/record_index.h"

namespace signet::storage::memory {
namespace {

class MemoryRecordIndex final : public RecordIndex {
 public:
  Status Upsert(const BlindId& id, const RecordRow& row) override {
    std::lock_guard lock(mu_);
    rows_[id] = row;
    return OkStatus();
  }
  Result<std::optional<RecordRow>> Find(const BlindId& id) override {
    std::lock_guard lock(mu_);
    auto it = rows_.find(id);
    if (it == rows_.end()) return std::optional<RecordRow>();
    return std::optional<RecordRow>(it->second);
  }
  Status Remove(const BlindId& id) override {
    std::lock_guard lock(mu_);
    rows_.erase(id);
    return OkStatus();
  }
  Result<bool> Contains(const BlindId& id) override {
    std::lock_guard lock(mu_);
    return rows_.contains(id);
  }
  Status Swap(const BlindId& id, const std::optional<ByteView>& expected,
              const RecordRow& desired) override {
    std::lock_guard lock(mu_);
    auto it = rows_.find(id);
    bool match =
        expected ? (it != rows_.end() && RowMatches(it->second, *expected)) : it == rows_.end();
    if (!match) return Conflict("record changed concurrently");
    rows_[id] = desired;
    return OkStatus();
  }
  Result<bool> References(const BlobDigest& digest) override {
    std::lock_guard lock(mu_);
    for (const auto& [id, row] : rows_) {
      if (row.is_blob() && row.digest == digest) return true;
    }
    return false;
  }
  Status Ping() override { return OkStatus(); }

 private:
  std::mutex mu_;
  std::map<BlindId, RecordRow> rows_;  // guarded by mu_
};

class MemoryAuditChainStore final : public AuditChainStore {
 public:
  explicit MemoryAuditChainStore(AuditLimits limits) : limits_(limits) {}

  Status Append(const BlindId& chain, uint64_t expected_seq, ByteView entry) override {
    Status s = CheckAppend(limits_, entry);
    if (!s) return s;
    std::lock_guard lock(mu_);
    std::vector<Bytes>& c = chains_[chain];
    if (expected_seq < c.size()) return Conflict("audit sequence number already taken");
    if (expected_seq > c.size()) return FailedPrecondition("audit sequence number leaves a gap");
    c.emplace_back(entry.begin(), entry.end());
    return OkStatus();
  }
  Result<std::vector<AuditEntry>> Read(const BlindId& chain, uint64_t from_seq,
                                       size_t limit) override {
    Status s = CheckRead(limits_, limit);
    if (!s) return std::move(s).error();
    std::lock_guard lock(mu_);
    std::vector<AuditEntry> out;
    auto it = chains_.find(chain);
    if (it == chains_.end()) return out;
    for (uint64_t i = from_seq; i < it->second.size() && out.size() < limit; ++i) {
      out.push_back({i, it->second[i]});
    }
    return out;
  }
  Result<std::optional<AuditEntry>> Head(const BlindId& chain) override {
    std::lock_guard lock(mu_);
    auto it = chains_.find(chain);
    if (it == chains_.end() || it->second.empty()) return std::optional<AuditEntry>();
    return std::optional<AuditEntry>(AuditEntry{it->second.size() - 1, it->second.back()});
  }
  Status Ping() override { return OkStatus(); }

 private:
  const AuditLimits limits_;
  std::mutex mu_;
  std::map<BlindId, std::vector<Bytes>> chains_;  // guarded by mu_
};

}  // namespace

std::shared_ptr<AuditChainStore> CreateMemoryAuditChainStore(const MemoryOptions& options) {
  return std::make_shared<MemoryAuditChainStore>(options.audit_limits);
}

std::unique_ptr<Storage> CreateMemoryStorage(const MemoryOptions& options) {
  std::shared_ptr<BlobStore> blobs = CreateMemoryBlobStore(options);
  auto records = std::make_shared<BlobBackedRecordStore>(
      std::make_shared<MemoryRecordIndex>(), blobs, options.record_limits, *options.clock);
  return std::make_unique<Storage>(records, blobs, CreateMemoryAuditChainStore(options),
                                   CreateMemoryStateStore(options));
}

}  // namespace signet::storage::memory
