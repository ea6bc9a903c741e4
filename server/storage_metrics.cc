#include "server/storage_metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace signet::server {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Instruments holds the two families and caches one histogram per (store, op).
class Instruments {
 public:
  explicit Instruments(prometheus::Registry& registry)
      : latency_(prometheus::BuildHistogram()
                     .Name("signet_storage_operation_duration_seconds")
                     .Help("Storage call latency by store (records, blobs, audit, state) and "
                           "operation")
                     .Register(registry)),
        errors_(prometheus::BuildCounter()
                    .Name("signet_storage_errors_total")
                    .Help("Storage calls that returned an error, by store, operation and code")
                    .Register(registry)) {}

  // Observe records one call of `op` on `store` that took `seconds` and ended with `status`.
  void Observe(const char* store, const char* op, double seconds, const Status& status) {
    static const prometheus::Histogram::BucketBoundaries kBuckets = {
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
    prometheus::Histogram* h;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto [it, inserted] = histograms_.try_emplace({store, op}, nullptr);
      if (inserted) it->second = &latency_.Add({{"store", store}, {"op", op}}, kBuckets);
      h = it->second;
    }
    h->Observe(seconds);
    if (status.ok()) return;
    errors_
        .Add({{"store", store},
              {"op", op},
              {"code", std::string(ErrorCodeName(status.error().code()))}})
        .Increment();
  }

 private:
  prometheus::Family<prometheus::Histogram>& latency_;
  prometheus::Family<prometheus::Counter>& errors_;
  std::mutex mu_;
  std::map<std::pair<const char*, const char*>, prometheus::Histogram*> histograms_;
};

// StatusOf views any Result/Status as a Status for the error counter.
Status StatusOf(const Status& s) { return s; }
template <typename T>
Status StatusOf(const Result<T>& r) {
  if (r) return OkStatus();
  return r.error();
}

// Measured is the base of the four decorators: it times a call and reports it.
class Measured {
 public:
  Measured(std::shared_ptr<Instruments> in, std::shared_ptr<storage::Storage> owner,
           const char* store)
      : in_(std::move(in)), owner_(std::move(owner)), store_(store) {}

 protected:
  template <typename Fn>
  auto Time(const char* op, Fn&& fn) {
    const auto start = SteadyClock::now();
    auto r = fn();
    in_->Observe(store_, op, std::chrono::duration<double>(SteadyClock::now() - start).count(),
                 StatusOf(r));
    return r;
  }
  storage::Storage& inner() const { return *owner_; }

 private:
  std::shared_ptr<Instruments> in_;
  std::shared_ptr<storage::Storage> owner_;  // keeps the backend alive
  const char* store_;
};

class Records final : public storage::RecordStore, Measured {
 public:
  using Measured::Measured;
  Status Put(const storage::BlindId& id, ByteView v) override {
    return Time("put", [&] { return inner().records().Put(id, v); });
  }
  Result<std::optional<Bytes>> Get(const storage::BlindId& id) override {
    return Time("get", [&] { return inner().records().Get(id); });
  }
  Status Delete(const storage::BlindId& id) override {
    return Time("delete", [&] { return inner().records().Delete(id); });
  }
  Result<bool> Exists(const storage::BlindId& id) override {
    return Time("exists", [&] { return inner().records().Exists(id); });
  }
  Status CompareAndSwap(const storage::BlindId& id, const std::optional<ByteView>& expected,
                        ByteView desired) override {
    return Time("compare_and_swap",
                [&] { return inner().records().CompareAndSwap(id, expected, desired); });
  }
  Result<storage::SweepStats> SweepOrphanBlobs(Duration grace) override {
    return Time("sweep_orphan_blobs", [&] { return inner().records().SweepOrphanBlobs(grace); });
  }
  Status Ping() override {
    return Time("ping", [&] { return inner().records().Ping(); });
  }
};

class Blobs final : public storage::BlobStore, Measured {
 public:
  using Measured::Measured;
  Result<storage::BlobDigest> Put(ByteView data) override {
    return Time("put", [&] { return inner().blobs().Put(data); });
  }
  Status PutStream(const storage::BlobDigest& expected, uint64_t size,
                   storage::ByteSource& source) override {
    return Time("put_stream", [&] { return inner().blobs().PutStream(expected, size, source); });
  }
  Result<Bytes> Get(const storage::BlobDigest& digest) override {
    return Time("get", [&] { return inner().blobs().Get(digest); });
  }
  Status GetStream(const storage::BlobDigest& digest, storage::ByteSink& sink) override {
    return Time("get_stream", [&] { return inner().blobs().GetStream(digest, sink); });
  }
  Status Delete(const storage::BlobDigest& digest) override {
    return Time("delete", [&] { return inner().blobs().Delete(digest); });
  }
  Result<bool> Exists(const storage::BlobDigest& digest) override {
    return Time("exists", [&] { return inner().blobs().Exists(digest); });
  }
  Result<std::vector<storage::BlobInfo>> List(const std::optional<storage::BlobDigest>& after,
                                              size_t limit) override {
    return Time("list", [&] { return inner().blobs().List(after, limit); });
  }
  Status Ping() override {
    return Time("ping", [&] { return inner().blobs().Ping(); });
  }
};

class Audit final : public storage::AuditChainStore, Measured {
 public:
  using Measured::Measured;
  Status Append(const storage::BlindId& chain, uint64_t seq, ByteView entry) override {
    return Time("append", [&] { return inner().audit().Append(chain, seq, entry); });
  }
  Result<std::vector<storage::AuditEntry>> Read(const storage::BlindId& chain, uint64_t from,
                                                size_t limit) override {
    return Time("read", [&] { return inner().audit().Read(chain, from, limit); });
  }
  Result<std::optional<storage::AuditEntry>> Head(const storage::BlindId& chain) override {
    return Time("head", [&] { return inner().audit().Head(chain); });
  }
  Status Ping() override {
    return Time("ping", [&] { return inner().audit().Ping(); });
  }
};

class State final : public storage::StateStore, Measured {
 public:
  using Measured::Measured;
  Status PutIfAbsent(std::string_view ns, std::string_view key, ByteView value,
                     Duration ttl) override {
    return Time("put_if_absent", [&] { return inner().state().PutIfAbsent(ns, key, value, ttl); });
  }
  Status Put(std::string_view ns, std::string_view key, ByteView value, Duration ttl) override {
    return Time("put", [&] { return inner().state().Put(ns, key, value, ttl); });
  }
  Status CompareAndSwap(std::string_view ns, std::string_view key,
                        const std::optional<ByteView>& expected, ByteView desired,
                        Duration ttl) override {
    return Time("compare_and_swap",
                [&] { return inner().state().CompareAndSwap(ns, key, expected, desired, ttl); });
  }
  Result<std::optional<Bytes>> Get(std::string_view ns, std::string_view key) override {
    return Time("get", [&] { return inner().state().Get(ns, key); });
  }
  Result<bool> Delete(std::string_view ns, std::string_view key) override {
    return Time("delete", [&] { return inner().state().Delete(ns, key); });
  }
  Result<std::optional<Bytes>> ConsumeOnce(std::string_view ns, std::string_view key) override {
    return Time("consume_once", [&] { return inner().state().ConsumeOnce(ns, key); });
  }
  Status PutAllIfAbsent(std::span<const storage::StateWrite> batch) override {
    return Time("put_all_if_absent", [&] { return inner().state().PutAllIfAbsent(batch); });
  }
  Result<std::vector<storage::StateEntry>> Scan(std::string_view ns, std::string_view start,
                                                size_t limit) override {
    return Time("scan", [&] { return inner().state().Scan(ns, start, limit); });
  }
  Result<int64_t> Increment(std::string_view ns, std::string_view key, int64_t delta,
                            Duration ttl) override {
    return Time("increment", [&] { return inner().state().Increment(ns, key, delta, ttl); });
  }
  Result<uint64_t> PurgeExpired() override {
    return Time("purge_expired", [&] { return inner().state().PurgeExpired(); });
  }
  Status Ping() override {
    return Time("ping", [&] { return inner().state().Ping(); });
  }
};

}  // namespace

std::unique_ptr<storage::Storage> InstrumentStorage(std::unique_ptr<storage::Storage> inner,
                                                    Metrics& metrics) {
  auto in = std::make_shared<Instruments>(metrics.registry());
  std::shared_ptr<storage::Storage> owner = std::move(inner);
  return std::make_unique<storage::Storage>(
      std::make_shared<Records>(in, owner, "records"), std::make_shared<Blobs>(in, owner, "blobs"),
      std::make_shared<Audit>(in, owner, "audit"), std::make_shared<State>(in, owner, "state"));
}

}  // namespace signet::server
