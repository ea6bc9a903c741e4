#include "vault/index.h"

#include <nlohmann/json.hpp>

namespace signet::vault {
namespace {

using nlohmann::json;

constexpr int kIndexVersion = 1;

json ItemsToJson(const std::map<uint64_t, ItemMeta>& items) {
  json out = json::array();
  for (const auto& [index, m] : items) {
    out.push_back({{"i", index}, {"created", m.created}, {"updated", m.updated}, {"size", m.size}});
  }
  return out;
}

Error Malformed(const std::string& what) { return DataLoss("vault index is malformed: " + what); }

// Get reads a typed member; false if missing or of the wrong type.
template <typename T>
bool Get(const json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it == j.end()) return false;
  if constexpr (std::is_same_v<T, std::string>) {
    if (!it->is_string()) return false;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!it->is_boolean()) return false;
  } else if constexpr (std::is_unsigned_v<T>) {
    if (!it->is_number_unsigned()) return false;
  } else {
    if (!it->is_number_integer()) return false;
  }
  *out = it->get<T>();
  return true;
}

Status ParseLabel(const json& j, LabelEntry* e) {
  if (!j.is_object() || !Get(j, "tier", &e->tier) || e->tier < 1 || e->tier > 3 ||
      !Get(j, "owner_tier", &e->tier_set_by_owner) || !Get(j, "compartment", &e->compartment)) {
    return Malformed("label entry");
  }
  auto items = j.find("items");
  if (items == j.end() || !items->is_array()) return Malformed("items");
  for (const auto& it : *items) {
    uint64_t index = 0;
    ItemMeta m;
    if (!it.is_object() || !Get(it, "i", &index) || !Get(it, "created", &m.created) ||
        !Get(it, "updated", &m.updated) || !Get(it, "size", &m.size)) {
      return Malformed("item");
    }
    e->items[index] = m;
  }
  return OkStatus();
}

Status ParseDevice(const json& j, DeviceEntry* d) {
  if (!j.is_object() || !Get(j, "id", &d->id) || !Get(j, "name", &d->name) ||
      !Get(j, "ed25519", &d->ed25519_public) || !Get(j, "x25519", &d->x25519_public) ||
      !Get(j, "added_at", &d->added_at) || !Get(j, "added_by", &d->added_by)) {
    return Malformed("device");
  }
  return OkStatus();
}

}  // namespace

Bytes VaultIndex::Serialize() const {
  json j = {{"v", kIndexVersion}, {"generation", generation}};
  json labels_json = json::object();
  for (const auto& [label, e] : labels) {
    labels_json[label] = {{"tier", e.tier},
                          {"owner_tier", e.tier_set_by_owner},
                          {"compartment", e.compartment},
                          {"items", ItemsToJson(e.items)}};
  }
  j["labels"] = std::move(labels_json);
  json decoys_json = json::array();
  for (const auto& d : decoys) decoys_json.push_back(d.Hex());
  j["decoys"] = std::move(decoys_json);
  json devices_json = json::array();
  for (const auto& d : devices) {
    devices_json.push_back({{"id", d.id},
                            {"name", d.name},
                            {"ed25519", d.ed25519_public},
                            {"x25519", d.x25519_public},
                            {"added_at", d.added_at},
                            {"added_by", d.added_by}});
  }
  j["devices"] = std::move(devices_json);
  if (audit) j["audit"] = {{"seq", audit->seq}, {"hash", audit->hash}};
  return ToBytes(j.dump());
}

Result<VaultIndex> VaultIndex::Parse(ByteView bytes) {
  if (bytes.size() > kMaxIndexBytes) return Malformed("too large");
  const json j = json::parse(AsStringView(bytes), nullptr, false);
  int version = 0;
  if (j.is_discarded() || !j.is_object() || !Get(j, "v", &version)) return Malformed("not JSON");
  if (version != kIndexVersion) return Malformed("unsupported version");
  VaultIndex idx;
  if (!Get(j, "generation", &idx.generation)) return Malformed("generation");
  auto labels = j.find("labels");
  auto decoys = j.find("decoys");
  auto devices = j.find("devices");
  if (labels == j.end() || !labels->is_object() || decoys == j.end() || !decoys->is_array() ||
      devices == j.end() || !devices->is_array()) {
    return Malformed("members");
  }
  for (const auto& [label, entry] : labels->items()) {
    if (Status s = ParseLabel(entry, &idx.labels[label]); !s.ok()) return s.error();
  }
  for (const auto& d : *decoys) {
    auto id = d.is_string() ? storage::BlindId::FromHex(d.get<std::string>())
                            : Result<storage::BlindId>(Malformed("decoy"));
    if (!id) return Malformed("decoy");
    idx.decoys.push_back(*id);
  }
  for (const auto& d : *devices) {
    DeviceEntry e;
    if (Status s = ParseDevice(d, &e); !s.ok()) return s.error();
    idx.devices.push_back(std::move(e));
  }
  if (auto a = j.find("audit"); a != j.end()) {
    AuditCheckpoint cp;
    if (!a->is_object() || !Get(*a, "seq", &cp.seq) || !Get(*a, "hash", &cp.hash)) {
      return Malformed("audit checkpoint");
    }
    idx.audit = cp;
  }
  return idx;
}

}  // namespace signet::vault
