#pragma once

// Device ceremonies (issue 4 item 7). Every holder device has its own Ed25519 (signing) and
// X25519 (agreement) keys. Adding a device:
//
//   new device:      signet device request  -> a request code {id, name, ed25519, x25519}
//   existing device: signet device add CODE -> checks the fingerprint with the owner, registers
//                    the device in the vault index and returns a handover package: the root
//                    sealed to the new device's X25519 key (crypto/sealed_box.h, AAD binds the
//                    device id and the vault identity), signed with the approver's device key
//   new device:      signet device join PKG -> verifies the signature, that the approver is a
//                    registered device of the vault the root belongs to, and that the root
//                    derives the announced vault identity; then seals the root under its own
//                    passphrase.
//
// Removing a device rotates what it could reach: it held the root, so the vault moves to a new
// root (new words), every record is re-encrypted under the new keys, and the new root is sealed
// to each remaining device as a handover package kept in the StateStore (namespace "handover")
// until that device runs `signet device sync`. See rotation.h.

#include <optional>
#include <string>

#include "base/result.h"
#include "crypto/ed25519.h"
#include "crypto/x25519.h"
#include "storage/state_store.h"
#include "vault/holder.h"
#include "vault/keys.h"

namespace signet::vault {

inline constexpr char kHandoverNamespace[] = "handover";

// DeviceRequest is what a new device announces.
struct DeviceRequest {
  std::string id;
  std::string name;
  crypto::Ed25519PublicKey ed25519;
  crypto::X25519PublicKey x25519;

  // Encode renders the request as a base64url code for copy-paste or a QR code.
  std::string Encode() const;
  // Decode parses a request code strictly.
  static Result<DeviceRequest> Decode(std::string_view code);
  // Fingerprint is a short code both screens show (first 8 bytes of SHA-256 of the request,
  // as 4 groups of 4 hex digits) so the owner can confirm the right device is being added.
  std::string Fingerprint() const;
};

// HandoverPackage carries the root from an approving device to a new one.
struct HandoverPackage {
  std::string tenant;
  crypto::Ed25519PublicKey vault_identity;
  DeviceRequest device;            // the device the root is sealed to
  std::string approver_id;
  crypto::Ed25519PublicKey approver_key;
  Bytes sealed_root;               // sealed box to device.x25519
  crypto::Ed25519Signature signature{};

  std::string Encode() const;
  static Result<HandoverPackage> Decode(std::string_view code);
};

// RequestFor builds the request of a device.
DeviceRequest RequestFor(const DeviceKeys& device);

// CreateHandover seals `root` to `request` and signs the package with the approver's device key.
Result<HandoverPackage> CreateHandover(const RootKey& root, const std::string& tenant,
                                       const DeviceRequest& request, const DeviceKeys& approver);

// OpenHandover checks the package signature and that it is addressed to `device`, opens the root
// and checks that it derives the announced vault identity. (The caller still checks that the
// approver is a registered device of that vault.)
Result<RootKey> OpenHandover(const HandoverPackage& package, const DeviceKeys& device);

// PendingDevice keeps a new device's keys (sealed under its passphrase) between `request` and
// `join`, in <holder_dir>/pending-device.json.
Status SavePendingDevice(const std::string& holder_dir, const DeviceKeys& device,
                         const crypto::SecretBytes& passphrase, const crypto::Argon2idParams& kdf);
Result<DeviceKeys> LoadPendingDevice(const std::string& holder_dir,
                                     const crypto::SecretBytes& passphrase,
                                     const crypto::Argon2idParams& kdf);
Status RemovePendingDevice(const std::string& holder_dir);

}  // namespace signet::vault
