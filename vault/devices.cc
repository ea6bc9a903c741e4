#include "vault/devices.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"
#include "crypto/aead.h"
#include "crypto/random.h"
#include "crypto/sealed_box.h"
#include "crypto/sha2.h"

namespace signet::vault {
namespace {

using crypto::SecretAccess;
using crypto::SecretBytes;
using nlohmann::json;

constexpr std::string_view kHandoverAad = "signet/v1/device-handover";
constexpr std::string_view kHandoverSig = "signet/v1/device-handover-sig";
constexpr std::string_view kPendingAad = "signet/v1/pending-device";
constexpr size_t kMaxCodeBytes = 8192;

Error BadCode(std::string_view what) {
  return InvalidArgument(std::string(what) + " is not a valid code");
}

// DecodeJson base64url-decodes `code` and parses it as a JSON object.
Result<json> DecodeJson(std::string_view code, std::string_view what) {
  if (code.size() > kMaxCodeBytes) return BadCode(what);
  auto raw = Base64UrlDecode(code);
  if (!raw) return BadCode(what);
  json j = json::parse(AsStringView(*raw), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return BadCode(what);
  return j;
}

Result<std::string> Str(const json& j, const char* key, std::string_view what) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return BadCode(what);
  return it->get<std::string>();
}

Result<Bytes> HexField(const json& j, const char* key, size_t size, std::string_view what) {
  auto s = Str(j, key, what);
  if (!s) return std::move(s).error();
  auto b = HexDecode(*s);
  if (!b || b->size() != size) return BadCode(what);
  return b;
}

json RequestJson(const DeviceRequest& r) {
  return {{"v", 1},
          {"id", r.id},
          {"name", r.name},
          {"ed25519", HexEncode(r.ed25519.bytes())},
          {"x25519", HexEncode(r.x25519.bytes())}};
}

Result<DeviceRequest> RequestFromJson(const json& j) {
  auto id = Str(j, "id", "device request");
  auto name = Str(j, "name", "device request");
  auto ed = HexField(j, "ed25519", 32, "device request");
  auto x = HexField(j, "x25519", 32, "device request");
  if (!id || !name || !ed || !x || id->size() != 18 || !id->starts_with("d_") || name->empty() ||
      name->size() > 64) {
    return BadCode("device request");
  }
  auto edk = crypto::Ed25519PublicKey::FromBytes(*ed);
  auto xk = crypto::X25519PublicKey::FromBytes(*x);
  if (!edk || !xk) return BadCode("device request");
  return DeviceRequest{*id, *name, *edk, *xk};
}

Bytes HandoverAad(const std::string& device_id, const crypto::Ed25519PublicKey& identity) {
  Bytes aad(kHandoverAad.begin(), kHandoverAad.end());
  Append(&aad, AsBytes(device_id));
  Append(&aad, identity.bytes());
  return aad;
}

// SignedBytes is what the approver signs: every field of the package except the signature.
Bytes SignedBytes(const HandoverPackage& p) {
  const json j = {{"tenant", p.tenant},
                  {"identity", HexEncode(p.vault_identity.bytes())},
                  {"device", RequestJson(p.device)},
                  {"approver", p.approver_id},
                  {"approver_key", HexEncode(p.approver_key.bytes())},
                  {"sealed_root", Base64UrlEncode(p.sealed_root)}};
  Bytes msg(kHandoverSig.begin(), kHandoverSig.end());
  Append(&msg, AsBytes(j.dump()));
  return msg;
}

std::string PendingPath(const std::string& dir) { return dir + "/pending-device.json"; }

}  // namespace

std::string DeviceRequest::Encode() const { return Base64UrlEncode(AsBytes(RequestJson(*this).dump())); }

Result<DeviceRequest> DeviceRequest::Decode(std::string_view code) {
  auto j = DecodeJson(code, "device request");
  if (!j) return std::move(j).error();
  return RequestFromJson(*j);
}

std::string DeviceRequest::Fingerprint() const {
  const std::string hex = HexEncode(crypto::Sha256(AsBytes(RequestJson(*this).dump())));
  return hex.substr(0, 4) + "-" + hex.substr(4, 4) + "-" + hex.substr(8, 4) + "-" +
         hex.substr(12, 4);
}

DeviceRequest RequestFor(const DeviceKeys& device) {
  return DeviceRequest{device.id, device.name, device.signing.public_key(),
                       device.agreement.public_key()};
}

std::string HandoverPackage::Encode() const {
  const json j = {{"v", 1},
                  {"tenant", tenant},
                  {"identity", HexEncode(vault_identity.bytes())},
                  {"device", RequestJson(device)},
                  {"approver", approver_id},
                  {"approver_key", HexEncode(approver_key.bytes())},
                  {"sealed_root", Base64UrlEncode(sealed_root)},
                  {"sig", Base64UrlEncode(signature)}};
  return Base64UrlEncode(AsBytes(j.dump()));
}

Result<HandoverPackage> HandoverPackage::Decode(std::string_view code) {
  auto j = DecodeJson(code, "handover package");
  if (!j) return std::move(j).error();
  auto device_json = j->find("device");
  if (device_json == j->end() || !device_json->is_object()) return BadCode("handover package");
  auto device = RequestFromJson(*device_json);
  auto tenant = Str(*j, "tenant", "handover package");
  auto approver = Str(*j, "approver", "handover package");
  auto identity = HexField(*j, "identity", 32, "handover package");
  auto approver_key = HexField(*j, "approver_key", 32, "handover package");
  auto sealed = Str(*j, "sealed_root", "handover package");
  auto sig = Str(*j, "sig", "handover package");
  if (!device || !tenant || !approver || !identity || !approver_key || !sealed || !sig) {
    return BadCode("handover package");
  }
  auto identity_key = crypto::Ed25519PublicKey::FromBytes(*identity);
  auto approver_pub = crypto::Ed25519PublicKey::FromBytes(*approver_key);
  auto sealed_bytes = Base64UrlDecode(*sealed);
  auto sig_bytes = Base64UrlDecode(*sig);
  if (!identity_key || !approver_pub || !sealed_bytes || !sig_bytes || sig_bytes->size() != 64) {
    return BadCode("handover package");
  }
  HandoverPackage p{*tenant, *identity_key, *device, *approver, *approver_pub,
                    std::move(*sealed_bytes), {}};
  std::copy(sig_bytes->begin(), sig_bytes->end(), p.signature.begin());
  return p;
}

Result<HandoverPackage> CreateHandover(const RootKey& root, const std::string& tenant,
                                       const DeviceRequest& request, const DeviceKeys& approver) {
  const DelegatedKeyring keyring = root.DeriveDelegatedKeyring();
  const SecretBytes material = root.Export(SecretAccess::Get());
  auto sealed = crypto::SealedBoxSeal(request.x25519, material.Reveal(SecretAccess::Get()),
                                      HandoverAad(request.id, keyring.identity().public_key()));
  if (!sealed) return std::move(sealed).error();
  HandoverPackage p{tenant,      keyring.identity().public_key(), request,
                    approver.id, approver.signing.public_key(),   std::move(*sealed),
                    {}};
  p.signature = approver.signing.Sign(SignedBytes(p));
  return p;
}

Result<RootKey> OpenHandover(const HandoverPackage& p, const DeviceKeys& device) {
  if (p.device.id != device.id ||
      p.device.x25519.bytes() != device.agreement.public_key().bytes() ||
      p.device.ed25519.bytes() != device.signing.public_key().bytes()) {
    return PermissionDenied("this handover package is addressed to another device");
  }
  if (!p.approver_key.Verify(SignedBytes(p), p.signature).ok()) {
    return PermissionDenied("the handover package signature is invalid");
  }
  auto material = crypto::SealedBoxOpen(device.agreement, p.sealed_root,
                                        HandoverAad(device.id, p.vault_identity));
  if (!material) return PermissionDenied("the handover package cannot be opened");
  auto root = RootKey::FromBytes(*material);
  if (!root) return std::move(root).error();
  if (root->DeriveDelegatedKeyring().identity().public_key().bytes() != p.vault_identity.bytes()) {
    return PermissionDenied("the handed-over root does not belong to the announced vault");
  }
  return root;
}

Status SavePendingDevice(const std::string& holder_dir, const DeviceKeys& device,
                         const SecretBytes& passphrase, const crypto::Argon2idParams& kdf) {
  std::error_code ec;
  std::filesystem::create_directories(holder_dir, ec);
  const Bytes salt = crypto::RandomBytes(crypto::kArgon2idSaltSize);
  auto key = crypto::Argon2idDeriveKey(passphrase, salt, kdf);
  if (!key) return std::move(key).error();
  auto aead = crypto::Aes256Gcm::Create(*key);
  if (!aead) return std::move(aead).error();
  const auto a = SecretAccess::Get();
  SecretBytes packed(64);
  const SecretBytes seed = device.signing.ExportSeed(a);
  const SecretBytes scalar = device.agreement.Export(a);
  std::copy(seed.Reveal(a).begin(), seed.Reveal(a).end(), packed.MutableData(a));
  std::copy(scalar.Reveal(a).begin(), scalar.Reveal(a).end(), packed.MutableData(a) + 32);
  json j = {{"v", 1},
            {"id", device.id},
            {"name", device.name},
            {"ops", kdf.ops},
            {"mem", kdf.mem_bytes},
            {"salt", Base64UrlEncode(salt)}};
  Bytes aad(kPendingAad.begin(), kPendingAad.end());
  Append(&aad, AsBytes(j.dump()));
  auto sealed = aead->Seal(packed.Reveal(a), aad);
  if (!sealed) return std::move(sealed).error();
  j["sealed"] = Base64UrlEncode(*sealed);
  return WriteFileAtomically(PendingPath(holder_dir), AsBytes(j.dump()), 0600);
}

Result<DeviceKeys> LoadPendingDevice(const std::string& holder_dir, const SecretBytes& passphrase,
                                     const crypto::Argon2idParams& kdf) {
  std::ifstream in(PendingPath(holder_dir));
  if (!in) return FailedPrecondition("no pending device here: run `signet device request` first");
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("sealed") || !j["sealed"].is_string() ||
      !j.contains("salt") || !j["salt"].is_string() || !j.contains("id") || !j["id"].is_string() ||
      !j.contains("name") || !j["name"].is_string() || !j.contains("ops") ||
      !j["ops"].is_number_unsigned() || !j.contains("mem") || !j["mem"].is_number_unsigned()) {
    return DataLoss("pending-device.json is malformed");
  }
  auto sealed = Base64UrlDecode(j["sealed"].get<std::string>());
  auto salt = Base64UrlDecode(j["salt"].get<std::string>());
  if (!sealed || !salt) return DataLoss("pending-device.json is malformed");
  crypto::Argon2idParams params = kdf;
  params.ops = j["ops"].get<uint32_t>();
  params.mem_bytes = j["mem"].get<uint64_t>();
  j.erase("sealed");
  auto key = crypto::Argon2idDeriveKey(passphrase, *salt, params);
  if (!key) return std::move(key).error();
  auto aead = crypto::Aes256Gcm::Create(*key);
  if (!aead) return std::move(aead).error();
  Bytes aad(kPendingAad.begin(), kPendingAad.end());
  Append(&aad, AsBytes(j.dump()));
  auto packed = aead->Open(*sealed, aad);
  if (!packed) return Unauthenticated("wrong passphrase (or pending-device.json was modified)");
  const ByteView p = packed->Reveal(SecretAccess::Get());
  auto signing = crypto::Ed25519PrivateKey::FromSeed(SecretBytes::CopyFrom(p.first(32)));
  auto agreement = crypto::X25519PrivateKey::FromBytes(SecretBytes::CopyFrom(p.subspan(32, 32)));
  if (p.size() != 64 || !signing || !agreement) return DataLoss("pending device keys are malformed");
  return DeviceKeys{j["id"].get<std::string>(), j["name"].get<std::string>(), std::move(*signing),
                    std::move(*agreement)};
}

Status RemovePendingDevice(const std::string& holder_dir) {
  std::error_code ec;
  std::filesystem::remove(PendingPath(holder_dir), ec);
  return OkStatus();
}

}  // namespace signet::vault
