#include "vault/vault.h"

#include <algorithm>
#include <mutex>

#include "base/contention.h"
#include "crypto/random.h"
#include "vault/classification.h"
#include "vault/envelope.h"

namespace signet::vault {
namespace {

constexpr int kMaxIndexAttempts = 32;
constexpr size_t kMaxDecoys = 4096;

// RandomBelow returns a uniform value in [0, n) from the CSPRNG (n > 0).
uint64_t RandomBelow(uint64_t n) {
  const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  uint64_t v = 0;
  do {
    v = crypto::RandomUint64();
  } while (v >= limit);
  return v % n;
}

// DecoySize draws a plausible value size: log-uniform from 1 byte to 4 KiB.
size_t DecoySize() {
  const uint64_t exponent = RandomBelow(13);  // 2^0 .. 2^12
  const uint64_t base = uint64_t{1} << exponent;
  return static_cast<size_t>(base + RandomBelow(base));
}

std::string ItemName(std::string_view label, uint64_t index) {
  return std::string(label) + "[" + std::to_string(index) + "]";
}

// CheckQuota reports kResourceExhausted if writing `size` bytes to item `index` of `label`
// would take `idx` over `quota`.
Status CheckQuota(const VaultQuota& quota, const VaultIndex& idx, std::string_view label,
                  uint64_t index, uint64_t size) {
  if (quota.records == 0 && quota.bytes == 0) return OkStatus();
  VaultUsage after = Usage(idx);
  uint64_t old_size = 0;
  bool exists = false;
  if (auto it = idx.labels.find(std::string(label)); it != idx.labels.end()) {
    if (auto item = it->second.items.find(index); item != it->second.items.end()) {
      exists = true;
      old_size = item->second.size;
    }
  }
  if (!exists) ++after.records;
  after.bytes = after.bytes - old_size + size;
  if (quota.records != 0 && !exists && after.records > quota.records) {
    return ResourceExhausted("the vault's record quota (" + std::to_string(quota.records) +
                             " records) is used up; delete records first");
  }
  if (quota.bytes != 0 && size > old_size && after.bytes > quota.bytes) {
    return ResourceExhausted("the vault's storage quota (" + std::to_string(quota.bytes) +
                             " bytes) would be exceeded; delete records first");
  }
  return OkStatus();
}

}  // namespace

VaultUsage Usage(const VaultIndex& index) {
  VaultUsage u;
  for (const auto& [label, entry] : index.labels) {
    u.records += entry.items.size();
    for (const auto& [i, meta] : entry.items) u.bytes += meta.size;
  }
  return u;
}

struct Vault::IndexCache {
  std::mutex mu;
  Bytes sealed;      // guarded by mu; empty = nothing cached
  VaultIndex index;  // guarded by mu
};

Vault::Vault(storage::Storage& storage, const DelegatedKeyring& keyring, const Clock& clock,
             VaultOptions options)
    : storage_(storage),
      keyring_(keyring),
      clock_(clock),
      options_(options),
      audit_(storage.audit(), keyring, clock),
      index_id_(keyring.Address(kIndexLabel, 0)),
      index_cache_(std::make_shared<IndexCache>()) {}

Status Vault::Audit(std::string_view kind, const std::optional<BlindId>& target,
                    std::string_view detail) {
  auto head = audit_.Append(kind, target, detail);
  if (!head) return std::move(head).error();
  return OkStatus();
}

namespace {

Result<BlindId> SystemRecordId(const DelegatedKeyring& keyring, std::string_view name) {
  const auto* end = std::end(kSystemRecordNames);
  if (std::find(std::begin(kSystemRecordNames), end, name) == end) {
    return InvalidArgument("unknown system record");
  }
  return keyring.Address("_signet." + std::string(name), 0);
}

// OpenSystemRecord decrypts a system record's stored bytes (absent stays absent).
Result<std::optional<SecretBytes>> OpenSystemRecord(std::string_view name, const SecretBytes& key,
                                                    const BlindId& id,
                                                    const std::optional<Bytes>& sealed) {
  if (!sealed) return std::optional<SecretBytes>();
  auto plain = OpenRecord(key, id, *sealed);
  if (!plain) return DataLoss("the vault's " + std::string(name) + " record cannot be decrypted");
  return std::optional<SecretBytes>(std::move(*plain));
}

}  // namespace

Result<std::optional<SecretBytes>> Vault::GetSystemRecord(std::string_view name) {
  auto id = SystemRecordId(keyring_, name);
  if (!id) return std::move(id).error();
  auto sealed = storage_.records().Get(*id);
  if (!sealed) return std::move(sealed).error();
  return OpenSystemRecord(name, keyring_.RecordKey(*id), *id, *sealed);
}

Status Vault::PutSystemRecord(std::string_view name, ByteView value, std::string_view audit_kind) {
  auto id = SystemRecordId(keyring_, name);
  if (!id) return std::move(id).error();
  auto sealed = SealRecord(keyring_.RecordKey(*id), *id, value);
  if (!sealed) return std::move(sealed).error();
  if (Status s = storage_.records().Put(*id, *sealed); !s.ok()) return s;
  return Audit(audit_kind, *id, std::string(name) + " updated");
}

Status Vault::UpdateSystemRecord(std::string_view name, const SystemRecordChange& change,
                                 std::string_view audit_kind) {
  auto id = SystemRecordId(keyring_, name);
  if (!id) return std::move(id).error();
  const SecretBytes key = keyring_.RecordKey(*id);
  for (int attempt = 0; attempt < kMaxIndexAttempts; ++attempt) {
    auto sealed = storage_.records().Get(*id);
    if (!sealed) return std::move(sealed).error();
    auto current = OpenSystemRecord(name, key, *id, *sealed);
    if (!current) return std::move(current).error();
    auto next = change(*current);
    if (!next) return std::move(next).error();
    auto resealed = SealRecord(key, *id, *next);
    if (!resealed) return std::move(resealed).error();
    const std::optional<ByteView> expected =
        *sealed ? std::optional<ByteView>(ByteView(**sealed)) : std::nullopt;
    Status s = storage_.records().CompareAndSwap(*id, expected, *resealed);
    if (s.ok()) return Audit(audit_kind, *id, std::string(name) + " updated");
    if (s.error().code() != ErrorCode::kConflict) return s;
    PauseAfterConflict(attempt);
  }
  return Unavailable("the vault's " + std::string(name) + " record is contended; try again");
}

Result<bool> Vault::Exists() { return storage_.records().Exists(index_id_); }

Result<Vault::IndexSnapshot> Vault::LoadIndex() {
  auto sealed = storage_.records().Get(index_id_);
  if (!sealed) return std::move(sealed).error();
  if (!*sealed) return NotFound("no vault here: run `signet init` first");
  {
    std::lock_guard<std::mutex> lock(index_cache_->mu);
    if (!index_cache_->sealed.empty() && index_cache_->sealed == **sealed) {
      return IndexSnapshot{index_cache_->index, std::move(**sealed)};
    }
  }
  auto plain = OpenRecord(keyring_.RecordKey(index_id_), index_id_, **sealed);
  if (!plain) return DataLoss("the vault index cannot be decrypted with this keyring");
  auto index = VaultIndex::Parse(plain->Reveal(SecretAccess::Get()));
  if (!index) return std::move(index).error();
  {
    std::lock_guard<std::mutex> lock(index_cache_->mu);
    index_cache_->sealed = **sealed;
    index_cache_->index = *index;
  }
  return IndexSnapshot{std::move(*index), std::move(**sealed)};
}

Result<VaultIndex> Vault::ReadIndex() {
  auto snap = LoadIndex();
  if (!snap) return std::move(snap).error();
  return std::move(snap->index);
}

Status Vault::UpdateIndex(const std::function<Status(VaultIndex&)>& change) {
  for (int attempt = 0; attempt < kMaxIndexAttempts; ++attempt) {
    auto snap = LoadIndex();
    if (!snap) return std::move(snap).error();
    if (Status s = change(snap->index); !s.ok()) return s;
    ++snap->index.generation;
    const Bytes plain = snap->index.Serialize();
    if (plain.size() > kMaxIndexBytes) {
      // Parse refuses an index this large, so writing it would lock the owner out of the vault.
      return ResourceExhausted("the vault index would exceed " +
                               std::to_string(kMaxIndexBytes >> 20) +
                               " MiB; delete records before adding more");
    }
    auto sealed = SealRecord(keyring_.RecordKey(index_id_), index_id_, plain);
    if (!sealed) return std::move(sealed).error();
    Status s = storage_.records().CompareAndSwap(index_id_, ByteView(*snap->sealed), *sealed);
    if (s.ok() || s.error().code() != ErrorCode::kConflict) return s;
    PauseAfterConflict(attempt);
  }
  return Unavailable("the vault index is contended; try again");
}

Status Vault::WriteDecoy(const std::optional<BlindId>& reuse) {
  BlindId id;
  if (reuse) {
    id = *reuse;
  } else {
    BlindId::Array a{};
    crypto::FillRandom(a);
    id = BlindId(a);
  }
  const Bytes filler = crypto::RandomBytes(DecoySize());
  auto sealed = SealRecord(keyring_.RecordKey(id), id, filler);
  if (!sealed) return std::move(sealed).error();
  return storage_.records().Put(id, *sealed);
}

Status Vault::Initialize() {
  auto exists = Exists();
  if (!exists) return std::move(exists).error();
  if (*exists) return AlreadyExists("a vault already exists here");
  VaultIndex index;
  const int span = options_.max_initial_decoys - options_.min_initial_decoys;
  const int count = options_.min_initial_decoys +
                    (span > 0 ? static_cast<int>(RandomBelow(static_cast<uint64_t>(span) + 1)) : 0);
  for (int i = 0; i < count; ++i) {
    BlindId::Array a{};
    crypto::FillRandom(a);
    index.decoys.emplace_back(a);
    if (Status s = WriteDecoy(index.decoys.back()); !s.ok()) return s;
  }
  auto head = audit_.Append("vault.init", std::nullopt, "vault created");
  if (!head) return std::move(head).error();
  index.audit = *head;
  index.generation = 1;
  auto sealed = SealRecord(keyring_.RecordKey(index_id_), index_id_, index.Serialize());
  if (!sealed) return std::move(sealed).error();
  Status s = storage_.records().CompareAndSwap(index_id_, std::nullopt, *sealed);
  if (!s.ok() && s.error().code() == ErrorCode::kConflict) {
    return AlreadyExists("a vault already exists here");
  }
  return s;
}

Status Vault::TouchDecoys(VaultIndex& index) {
  if (!options_.decoys_on_write) return OkStatus();
  // Rewrite one existing decoy (a write the backend cannot tell from a real update) and, one
  // time in four, add a new one (so the record count grows without tracking real records).
  if (!index.decoys.empty()) {
    const BlindId reuse = index.decoys[RandomBelow(index.decoys.size())];
    if (Status s = WriteDecoy(reuse); !s.ok()) return s;
  }
  if (index.decoys.size() < kMaxDecoys && RandomBelow(4) == 0) {
    BlindId::Array a{};
    crypto::FillRandom(a);
    const BlindId id(a);
    if (Status s = WriteDecoy(id); !s.ok()) return s;
    index.decoys.push_back(id);
  }
  return OkStatus();
}

Result<SecretBytes> Vault::KeyFor(const LabelEntry& entry, const BlindId& id,
                                  const Tier3Access* tier3) const {
  if (entry.tier != 3) return keyring_.RecordKey(id);
  if (tier3 == nullptr) {
    return PermissionDenied(
        "tier 3 record: needs the vault root (signet unlock) or an approver's key release");
  }
  return tier3->KeyFor(entry.compartment, id);
}

Result<StoredRecord> Vault::Store(const StoreRequest& req, const Tier3Access* tier3) {
  if (Status s = ValidateLabel(req.label); !s.ok()) return std::move(s).error();
  if (req.value.size() > kMaxValueSize) {
    return TooLarge("value exceeds " + std::to_string(kMaxValueSize) + " bytes");
  }
  auto snap = LoadIndex();
  if (!snap) return std::move(snap).error();
  const auto existing = snap->index.labels.find(req.label);
  LabelEntry entry;
  if (existing != snap->index.labels.end()) {
    entry = existing->second;
  } else {
    const Classification c = DefaultClassification(req.label);
    entry.tier = c.tier;
    entry.compartment = c.compartment;
  }
  if (req.tier && *req.tier != entry.tier) {
    if (existing != snap->index.labels.end() && !entry.items.empty()) {
      return FailedPrecondition("label '" + req.label + "' is already tier " +
                                std::to_string(entry.tier) +
                                "; delete it before storing it at another tier");
    }
    entry.tier = *req.tier;
    entry.tier_set_by_owner = true;
    entry.compartment = entry.tier == 3 ? CompartmentFor(req.label) : "";
  }
  if (entry.tier == 3 && tier3 == nullptr) {
    return PermissionDenied("storing a tier 3 record needs the vault root (signet unlock)");
  }

  // Choose the item index. Appends claim a fresh address with compare-and-swap so that two
  // concurrent appenders never overwrite each other.
  uint64_t index = req.index.value_or(0);
  const bool claim = req.append;
  if (req.append) index = entry.items.empty() ? 0 : entry.items.rbegin()->first + 1;
  const uint64_t size = req.value.size();
  if (Status s = CheckQuota(options_.quota, snap->index, req.label, index, size); !s.ok()) {
    return std::move(s).error();
  }
  BlindId id;
  for (int attempt = 0;; ++attempt) {
    id = keyring_.Address(req.label, index);
    auto key = KeyFor(entry, id, tier3);
    if (!key) return std::move(key).error();
    auto sealed = SealRecord(*key, id, req.value);
    if (!sealed) return std::move(sealed).error();
    Status s = claim ? storage_.records().CompareAndSwap(id, std::nullopt, *sealed)
                     : storage_.records().Put(id, *sealed);
    if (s.ok()) break;
    if (!claim || s.error().code() != ErrorCode::kConflict || attempt >= kMaxIndexAttempts) {
      return std::move(s).error();
    }
    ++index;  // taken by a concurrent appender
  }
  if (Status s = TouchDecoys(snap->index); !s.ok()) return std::move(s).error();
  std::vector<BlindId> new_decoys = snap->index.decoys;

  auto head =
      audit_.Append("record.store", id,
                    "store " + ItemName(req.label, index) + " tier " + std::to_string(entry.tier));
  if (!head) return std::move(head).error();
  const int64_t now = clock_.UnixSeconds();
  bool refused_new_item = false;
  Status s = UpdateIndex([&](VaultIndex& idx) {
    // Re-check against the index this write will replace: a concurrent writer may have used
    // the quota since the snapshot. An overwrite already replaced the value, so only new items
    // can still be refused here.
    refused_new_item = false;
    if (Status q = CheckQuota(options_.quota, idx, req.label, index, size); !q.ok()) {
      const auto it = idx.labels.find(req.label);
      if (it == idx.labels.end() || !it->second.items.contains(index)) {
        refused_new_item = true;
        return q;
      }
    }
    LabelEntry& e = idx.labels[req.label];
    const bool fresh = e.items.empty();
    if (fresh) {
      e.tier = entry.tier;
      e.tier_set_by_owner = entry.tier_set_by_owner;
      e.compartment = entry.compartment;
    }
    ItemMeta& m = e.items[index];
    if (m.created == 0) m.created = now;
    m.updated = now;
    m.size = size;
    for (const BlindId& d : new_decoys) {
      if (std::find(idx.decoys.begin(), idx.decoys.end(), d) == idx.decoys.end()) {
        idx.decoys.push_back(d);
      }
    }
    if (!idx.audit || idx.audit->seq < head->seq) idx.audit = *head;
    return OkStatus();
  });
  if (!s.ok() && refused_new_item) {
    // The record never entered the index. An address this call claimed is removed again; a
    // fixed address is left for the label's next write (another writer may be storing it).
    if (claim) (void)storage_.records().Delete(id);
    (void)Audit("record.store_refused", id, "quota: " + ItemName(req.label, index));
  }
  if (!s.ok()) return std::move(s).error();
  return StoredRecord{req.label, index, entry.tier, id};
}

Result<RecordValue> Vault::Get(std::string_view label, uint64_t index, const Tier3Access* tier3,
                               std::string_view purpose) {
  auto snap = LoadIndex();
  if (!snap) return std::move(snap).error();
  const auto it = snap->index.labels.find(std::string(label));
  if (it == snap->index.labels.end() || !it->second.items.contains(index)) {
    return NotFound("no record " + ItemName(label, index));
  }
  const LabelEntry& entry = it->second;
  const BlindId id = keyring_.Address(label, index);
  auto key = KeyFor(entry, id, tier3);
  if (!key) {
    (void)Audit("record.get.denied", id, "get " + ItemName(label, index) + ": no tier 3 access");
    return std::move(key).error();
  }
  auto sealed = storage_.records().Get(id);
  if (!sealed) return std::move(sealed).error();
  if (!*sealed) return DataLoss("record " + ItemName(label, index) + " is missing from storage");
  auto value = OpenRecord(*key, id, **sealed);
  if (!value) return DataLoss("record " + ItemName(label, index) + " cannot be decrypted");
  std::string detail = "get " + ItemName(label, index);
  if (!purpose.empty()) detail += " purpose: " + std::string(purpose);
  if (Status s = Audit("record.get", id, detail); !s.ok()) return std::move(s).error();
  return RecordValue{std::string(label), index, entry.tier, std::move(*value),
                     entry.items.at(index)};
}

Result<std::vector<ListedLabel>> Vault::List() {
  auto snap = LoadIndex();
  if (!snap) return std::move(snap).error();
  std::vector<ListedLabel> out;
  for (const auto& [label, e] : snap->index.labels) {
    ListedLabel l{label, e.tier, e.tier_set_by_owner, e.compartment, {}, 0, 0};
    for (const auto& [i, m] : e.items) {
      l.indices.push_back(i);
      l.total_size += m.size;
      l.updated = std::max(l.updated, m.updated);
    }
    out.push_back(std::move(l));
  }
  if (Status s = Audit("vault.list", std::nullopt, std::to_string(out.size()) + " labels");
      !s.ok()) {
    return std::move(s).error();
  }
  return out;
}

Status Vault::Delete(std::string_view label, std::optional<uint64_t> index) {
  auto snap = LoadIndex();
  if (!snap) return std::move(snap).error();
  const auto it = snap->index.labels.find(std::string(label));
  if (it == snap->index.labels.end() || (index && !it->second.items.contains(*index))) {
    return NotFound("no record " + (index ? ItemName(label, *index) : std::string(label)));
  }
  std::vector<uint64_t> targets;
  if (index) {
    targets.push_back(*index);
  } else {
    for (const auto& [i, m] : it->second.items) targets.push_back(i);
  }
  for (uint64_t i : targets) {
    const BlindId id = keyring_.Address(label, i);
    if (Status s = storage_.records().Delete(id); !s.ok()) return s;
    if (Status s = Audit("record.delete", id, "delete " + ItemName(label, i)); !s.ok()) return s;
  }
  auto head = audit_.Append("vault.index", std::nullopt, "index updated after delete");
  if (!head) return std::move(head).error();
  return UpdateIndex([&](VaultIndex& idx) {
    auto e = idx.labels.find(std::string(label));
    if (e == idx.labels.end()) return OkStatus();
    for (uint64_t i : targets) e->second.items.erase(i);
    if (e->second.items.empty()) idx.labels.erase(e);
    if (!idx.audit || idx.audit->seq < head->seq) idx.audit = *head;
    return OkStatus();
  });
}

Result<EraseReport> Vault::Erase() {
  auto snap = LoadIndex();
  if (!snap) return std::move(snap).error();
  EraseReport report;
  for (const auto& [label, e] : snap->index.labels) {
    for (const auto& [i, m] : e.items) {
      if (Status s = storage_.records().Delete(keyring_.Address(label, i)); !s.ok()) {
        return std::move(s).error();
      }
      ++report.records;
    }
  }
  for (const BlindId& d : snap->index.decoys) {
    if (Status s = storage_.records().Delete(d); !s.ok()) return std::move(s).error();
    ++report.decoys;
  }
  for (std::string_view name : kSystemRecordNames) {
    auto id = SystemRecordId(keyring_, name);
    if (!id) return std::move(id).error();
    if (Status s = storage_.records().Delete(*id); !s.ok()) return std::move(s).error();
  }
  if (Status s = Audit("vault.erase", std::nullopt,
                       "erased " + std::to_string(report.records) + " records and " +
                           std::to_string(report.decoys) + " decoys");
      !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = storage_.records().Delete(index_id_); !s.ok()) return std::move(s).error();
  return report;
}

Result<AuditReport> Vault::VerifyAudit() {
  auto snap = LoadIndex();
  std::optional<AuditCheckpoint> checkpoint;
  if (snap) {
    checkpoint = snap->index.audit;
  } else if (snap.error().code() != ErrorCode::kNotFound) {
    return std::move(snap).error();
  }
  return audit_.Verify(checkpoint);
}

}  // namespace signet::vault
