#pragma once

// VaultIndex: the vault's own encrypted table of contents, stored as a record at the blind id of
// the reserved label "_signet.index" (so a backend cannot tell it from any other record). It lets
// the vault list its labels without the backend learning them, and it remembers what the blind
// ids cannot say: tiers, compartments, collection indices, which records are decoys, the
// registered devices and a checkpoint of the audit chain head (to detect a truncated chain).
//
// Updated with CompareAndSwap on the sealed bytes; `generation` increases on every write.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "storage/blind_id.h"

namespace signet::vault {

inline constexpr char kIndexLabel[] = "_signet.index";
inline constexpr size_t kMaxIndexBytes = size_t{8} << 20;

// ItemMeta describes one stored item of a label (a label with several items is a collection).
struct ItemMeta {
  int64_t created = 0;  // unix seconds
  int64_t updated = 0;
  uint64_t size = 0;    // value bytes (before padding)
};

// LabelEntry describes one label.
struct LabelEntry {
  int tier = 2;
  bool tier_set_by_owner = false;
  std::string compartment;            // Tier 3 only
  std::map<uint64_t, ItemMeta> items;  // by collection index
};

// DeviceEntry is one holder device allowed to hold the root.
struct DeviceEntry {
  std::string id;
  std::string name;
  std::string ed25519_public;  // hex
  std::string x25519_public;   // hex
  int64_t added_at = 0;
  std::string added_by;  // device id of the approver ("" for the first device)
};

// AuditCheckpoint is the last audit head the vault saw (seq and entry hash, hex).
struct AuditCheckpoint {
  uint64_t seq = 0;
  std::string hash;
};

// VaultIndex is the decoded index document.
struct VaultIndex {
  uint64_t generation = 0;
  std::map<std::string, LabelEntry> labels;
  std::vector<storage::BlindId> decoys;
  std::vector<DeviceEntry> devices;
  std::optional<AuditCheckpoint> audit;

  // Serialize encodes the index as JSON bytes.
  Bytes Serialize() const;
  // Parse decodes Serialize's output strictly (kDataLoss on anything unexpected: the index was
  // decrypted and authenticated, so a malformed one means a bug or a different version).
  static Result<VaultIndex> Parse(ByteView json);
};

}  // namespace signet::vault
