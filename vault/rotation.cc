#include "vault/rotation.h"

#include "base/encoding.h"
#include "vault/vault.h"

namespace signet::vault {
namespace {

// CopyRecords re-encrypts every record of `from` into `to`.
Result<uint64_t> CopyRecords(Vault& from, const Tier3Access& from_t3, Vault& to,
                             const Tier3Access& to_t3, const VaultIndex& index) {
  uint64_t copied = 0;
  for (const auto& [label, entry] : index.labels) {
    for (const auto& [i, meta] : entry.items) {
      auto value = from.Get(label, i, &from_t3, "root rotation");
      if (!value) return std::move(value).error();
      StoreRequest req{label, i, false,
                       entry.tier_set_by_owner ? std::optional<int>(entry.tier) : std::nullopt,
                       ToBytes(AsStringView(value->value.Reveal(SecretAccess::Get())))};
      auto stored = to.Store(req, &to_t3);
      if (!stored) return std::move(stored).error();
      ++copied;
    }
  }
  return copied;
}

}  // namespace

Result<RotationResult> RotateRoot(storage::Storage& storage, TenantRegistry& tenants,
                                  const RootKey& old_root, const RootKey& new_root,
                                  const std::string& removed_device_id,
                                  const DeviceKeys& approver, const Clock& clock) {
  const DelegatedKeyring old_keys = old_root.DeriveDelegatedKeyring();
  const DelegatedKeyring new_keys = new_root.DeriveDelegatedKeyring();
  const HolderTier3Access old_t3(old_root.DeriveCompartmentRoot());
  const HolderTier3Access new_t3(new_root.DeriveCompartmentRoot());
  Vault old_vault(storage, old_keys, clock);
  Vault new_vault(storage, new_keys, clock);

  auto index = old_vault.ReadIndex();
  if (!index) return std::move(index).error();
  bool found = false;
  std::vector<DeviceEntry> remaining;
  for (const auto& d : index->devices) {
    if (d.id == removed_device_id) {
      found = true;
    } else {
      remaining.push_back(d);
    }
  }
  if (!found) return NotFound("no device " + removed_device_id + " in this vault");
  if (removed_device_id == approver.id) {
    return InvalidArgument("a device cannot remove itself; remove it from another device");
  }
  auto head = old_vault.audit().Append("vault.rotate.begin", std::nullopt,
                                       "removing device " + removed_device_id);
  if (!head) return std::move(head).error();

  // 1-2: the new vault with every record re-encrypted.
  if (Status s = new_vault.Initialize(); !s.ok()) return std::move(s).error();
  (void)new_vault.audit().Append(
      "vault.rotated.from", std::nullopt,
      "previous identity " + HexEncode(old_keys.identity().public_key().bytes()) +
          ", previous audit head " + std::to_string(head->seq) + " " + head->hash);
  auto copied = CopyRecords(old_vault, old_t3, new_vault, new_t3, *index);
  if (!copied) return std::move(copied).error();
  if (Status s = new_vault.UpdateIndex([&](VaultIndex& idx) {
        idx.devices = remaining;
        return OkStatus();
      });
      !s.ok()) {
    return std::move(s).error();
  }

  // 3: the new tenant and the handover packages for the other devices.
  auto tenant = tenants.Register(new_keys);
  if (!tenant) return std::move(tenant).error();
  RotationResult result{*tenant, *copied, {}};
  for (const auto& d : remaining) {
    if (d.id == approver.id) continue;
    auto ed = HexDecode(d.ed25519_public);
    auto x = HexDecode(d.x25519_public);
    if (!ed || !x) return DataLoss("device " + d.id + " has malformed keys in the index");
    auto edk = crypto::Ed25519PublicKey::FromBytes(*ed);
    auto xk = crypto::X25519PublicKey::FromBytes(*x);
    if (!edk || !xk) return DataLoss("device " + d.id + " has malformed keys in the index");
    auto package = CreateHandover(new_root, tenant->id.value(), {d.id, d.name, *edk, *xk},
                                  approver);
    if (!package) return std::move(package).error();
    Status s = storage.state().Put(kHandoverNamespace, d.id, AsBytes(package->Encode()),
                                   storage::kNoExpiry);
    if (!s.ok()) return std::move(s).error();
    result.pending.push_back(d.id);
  }
  (void)new_vault.audit().Append("device.remove", std::nullopt,
                                 "device " + removed_device_id + " removed by " + approver.id);

  // 4: retire the old vault.
  (void)old_vault.audit().Append(
      "vault.rotated", std::nullopt,
      "moved to identity " + HexEncode(new_keys.identity().public_key().bytes()));
  auto erased = old_vault.Erase();
  if (!erased) return std::move(erased).error();
  if (Status s = tenants.Remove(TenantIdFor(old_keys.identity().public_key())); !s.ok()) {
    return std::move(s).error();
  }
  return result;
}

Result<std::optional<HandoverPackage>> TakeHandover(storage::StateStore& state,
                                                    const std::string& device_id) {
  auto value = state.Get(kHandoverNamespace, device_id);
  if (!value) return std::move(value).error();
  if (!*value) return std::optional<HandoverPackage>();
  auto package = HandoverPackage::Decode(AsStringView(**value));
  if (!package) return std::move(package).error();
  return std::optional<HandoverPackage>(std::move(*package));
}

}  // namespace signet::vault
