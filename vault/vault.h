#pragma once

// Vault: one tenant's records over blind storage (ARCHITECTURE.md §2-3, §5.1).
//
// - A record (label, index) lives at blind id Address(label, index) as a padded AES-256-GCM
//   envelope (envelope.h). Tier-1/2 keys come from the delegated keyring; Tier-3 keys only
//   through a Tier3Access (the holder's compartment root, or keys an approver released for one
//   request), so a server holding only the keyring cannot read Tier 3.
// - The encrypted index (index.h) maps labels to tiers and items; it is updated by
//   compare-and-swap, so concurrent writers (CLI and server, or two replicas) never lose an
//   update: a writer that loses the race re-reads and re-applies its change.
// - Decoys: random records at creation (16-48) and on writes (an existing decoy is rewritten or a
//   new one added with each store), indistinguishable to the backend from real ones, so record
//   counts, sizes and write times do not reveal what the vault holds.
// - Every operation appends to the audit chain (audit.h); reads are audited too.
//
// Tier 2 values are returned by Get: Get is the owner's and the trusted domain code's read path.
// The egress rule (conclusions only for Tier 2) is enforced where data leaves: MCP tools and
// credential issuance.
//
// Thread-safety: a Vault may be used from several threads; consistency between processes comes
// from the storage's atomic operations.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/storage.h"
#include "vault/audit.h"
#include "vault/index.h"
#include "vault/keys.h"

namespace signet::vault {

// Tier3Access yields Tier-3 record keys: either the holder's compartment root or keys released
// by an approver for a single request.
class Tier3Access {
 public:
  virtual ~Tier3Access() = default;
  // KeyFor returns the key of the Tier-3 record `id` in `compartment`, or kPermissionDenied.
  virtual Result<SecretBytes> KeyFor(std::string_view compartment, const BlindId& id) const = 0;
};

// HolderTier3Access derives keys from the compartment root (holder devices).
class HolderTier3Access final : public Tier3Access {
 public:
  explicit HolderTier3Access(CompartmentRoot root) : root_(std::move(root)) {}
  Result<SecretBytes> KeyFor(std::string_view compartment, const BlindId& id) const override {
    return root_.RecordKey(compartment, id);
  }

 private:
  CompartmentRoot root_;
};

// StoreRequest describes one write.
struct StoreRequest {
  std::string label;
  std::optional<uint64_t> index;  // nullopt: 0 for a new label, or append with `append`
  bool append = false;            // add as the next item of the collection
  std::optional<int> tier;        // owner override; nullopt = keep / default classification
  Bytes value;
};

// StoredRecord is what Store reports.
struct StoredRecord {
  std::string label;
  uint64_t index = 0;
  int tier = 2;
  BlindId id;
};

// RecordValue is a decrypted value with its metadata. The value is secret.
struct RecordValue {
  std::string label;
  uint64_t index = 0;
  int tier = 2;
  SecretBytes value;
  ItemMeta meta;
};

// ListedLabel is one row of List.
struct ListedLabel {
  std::string label;
  int tier = 2;
  bool tier_set_by_owner = false;
  std::string compartment;
  std::vector<uint64_t> indices;
  uint64_t total_size = 0;
  int64_t updated = 0;
};

// EraseReport is what Erase deleted.
struct EraseReport {
  uint64_t records = 0;  // real records
  uint64_t decoys = 0;
};

// VaultQuota caps what Store may add (0 = no cap). Counted from the index: `records` is the
// number of real items over all labels (decoys and system records excluded), `bytes` the sum of
// their value sizes before padding. The server sets it per tenant (limits.tenant_records,
// limits.tenant_bytes); the owner's own CLI vault has none.
struct VaultQuota {
  uint64_t records = 0;
  uint64_t bytes = 0;
};

// VaultUsage is what a vault holds, counted like VaultQuota.
struct VaultUsage {
  uint64_t records = 0;
  uint64_t bytes = 0;
};

// Usage counts `index` like VaultQuota.
VaultUsage Usage(const VaultIndex& index);

// VaultOptions tunes decoys (tests pin them) and the write quota.
struct VaultOptions {
  int min_initial_decoys = 16;
  int max_initial_decoys = 48;
  bool decoys_on_write = true;
  VaultQuota quota;
};

// kSystemRecordNames lists the vault's own records besides the index.
inline constexpr std::string_view kSystemRecordNames[] = {"policy", "policy.patterns",
                                                          "credentials", "credentials.bbs"};

class Vault {
 public:
  // The vault uses `storage`, `keyring` and `clock`, which must outlive it.
  Vault(storage::Storage& storage, const DelegatedKeyring& keyring, const Clock& clock,
        VaultOptions options = {});

  // Initialize writes the empty index and the initial decoys and audits "vault.init".
  // kAlreadyExists if the vault already has an index.
  Status Initialize();
  // Exists reports whether the vault has been initialised in this storage.
  Result<bool> Exists();

  // Store writes a value (Tier 3 needs `tier3`). With a quota, a write that would take the
  // vault over it fails with kResourceExhausted and leaves the vault as it was. The check runs
  // on the index before anything is written and again inside the index compare-and-swap, so
  // concurrent writers (threads, replicas) cannot together pass the record count; only
  // concurrent overwrites of existing items can each pass the byte check once (at most one value
  // each over), because an overwritten value cannot be taken back.
  Result<StoredRecord> Store(const StoreRequest& req, const Tier3Access* tier3 = nullptr);
  // Get reads a value (Tier 3 needs `tier3`; `purpose` goes to the audit log).
  Result<RecordValue> Get(std::string_view label, uint64_t index, const Tier3Access* tier3,
                          std::string_view purpose);
  // List returns the labels (audited as "vault.list").
  Result<std::vector<ListedLabel>> List();
  // Delete removes one item, or every item of the label when `index` is nullopt.
  Status Delete(std::string_view label, std::optional<uint64_t> index);
  // Erase deletes every record and decoy the index lists, then the index itself. The caller
  // then destroys the keys (crypto-erasure). The audit chain is kept (it records the erasure).
  Result<EraseReport> Erase();

  // ReadIndex returns the decrypted index (for devices and tools).
  Result<VaultIndex> ReadIndex();
  // UpdateIndex applies `change` to the index with compare-and-swap, retrying on conflicts.
  Status UpdateIndex(const std::function<Status(VaultIndex&)>& change);

  // GetSystemRecord reads the vault's own record "_signet.<name>" (e.g. the policy document),
  // kept outside the index and List, sealed like a Tier-2 record. nullopt if never written.
  Result<std::optional<SecretBytes>> GetSystemRecord(std::string_view name);
  // PutSystemRecord replaces "_signet.<name>" with `value` and appends an audit entry of kind
  // `audit_kind`. `name` must be one of kSystemRecordNames (Erase deletes exactly those).
  Status PutSystemRecord(std::string_view name, ByteView value, std::string_view audit_kind);
  // UpdateSystemRecord replaces "_signet.<name>" with change(current) atomically
  // (compare-and-swap, retried on a concurrent update); `current` is nullopt if never written.
  // An error from `change` is returned as is and nothing is written.
  using SystemRecordChange =
      std::function<Result<Bytes>(const std::optional<SecretBytes>& current)>;
  Status UpdateSystemRecord(std::string_view name, const SystemRecordChange& change,
                            std::string_view audit_kind);

  AuditLog& audit() { return audit_; }
  // VerifyAudit checks the chain against the index's checkpoint.
  Result<AuditReport> VerifyAudit();
  const DelegatedKeyring& keyring() const { return keyring_; }

 private:
  struct IndexSnapshot {
    VaultIndex index;
    std::optional<Bytes> sealed;  // the stored bytes, for compare-and-swap
  };
  Result<IndexSnapshot> LoadIndex();
  Status WriteDecoy(const std::optional<BlindId>& reuse);
  Status TouchDecoys(VaultIndex& index);
  Result<SecretBytes> KeyFor(const LabelEntry& entry, const BlindId& id,
                             const Tier3Access* tier3) const;
  Status Audit(std::string_view kind, const std::optional<BlindId>& target,
               std::string_view detail);

  storage::Storage& storage_;
  const DelegatedKeyring& keyring_;
  const Clock& clock_;
  VaultOptions options_;
  AuditLog audit_;
  BlindId index_id_;
  // The last index this object decrypted, keyed by its sealed bytes: when the stored bytes are
  // unchanged, LoadIndex reuses the parsed copy instead of decrypting and parsing again (the
  // bytes are still read from storage every time, so other writers are always seen).
  struct IndexCache;
  std::shared_ptr<IndexCache> index_cache_;
};

}  // namespace signet::vault
