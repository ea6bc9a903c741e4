#pragma once

// Root rotation (issue 4 item 7: "removing a device rotates what it could reach"). A removed
// device held the root, so everything derived from it must move to a new root:
//
//   1. a new vault is created under the new root's keyring (new blind ids, new decoys, a new
//      audit chain whose first events name the old identity and the old chain head);
//   2. every record is read with the old keys and written with the new ones (same labels,
//      indices, tiers, compartments), and the device list is carried over minus the removed
//      device;
//   3. the new tenant is registered; a handover package of the new root is left for every
//      remaining device except the approver (StateStore namespace "handover");
//   4. the old vault audits "vault.rotated" (naming the new identity), its records and decoys are
//      erased and its tenant keyring removed.
//
// Steps 1-3 complete before anything old is deleted, so a failure leaves the old vault intact.
// The new root comes with new 24 words; the old words no longer open anything that remains.

#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "storage/storage.h"
#include "vault/devices.h"
#include "vault/holder.h"
#include "vault/tenants.h"

namespace signet::vault {

// RotationResult reports a rotation.
struct RotationResult {
  TenantInfo tenant;                 // the new tenant
  uint64_t records = 0;              // records re-encrypted
  std::vector<std::string> pending;  // device ids that must run `signet device sync`
};

// RotateRoot moves the vault from `old_root` to `new_root`, dropping `removed_device_id`.
// `approver` is the device performing the rotation.
Result<RotationResult> RotateRoot(storage::Storage& storage, TenantRegistry& tenants,
                                  const RootKey& old_root, const RootKey& new_root,
                                  const std::string& removed_device_id,
                                  const DeviceKeys& approver, const Clock& clock);

// TakeHandover returns the handover package left for `device_id`, if any. The caller deletes it
// (StateStore::Delete) once the new root is safely stored.
Result<std::optional<HandoverPackage>> TakeHandover(storage::StateStore& state,
                                                    const std::string& device_id);

}  // namespace signet::vault
