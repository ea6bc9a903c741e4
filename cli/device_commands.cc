#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"
#include "cli/config_loading.h"
#include "cli/prompt.h"
#include "cli/vault_commands.h"
#include "cli/vault_env.h"
#include "vault/devices.h"
#include "vault/rotation.h"

namespace signet::cli {
namespace {

using crypto::SecretAccess;
using nlohmann::json;

FlagSpec DeviceSpec(std::initializer_list<const char*> extra, bool with_yes = false) {
  FlagSpec s;
  for (const char* f : kConfigFlags) s.with_value.insert(f);
  s.with_value.insert("passphrase-file");
  for (const char* f : extra) s.with_value.insert(f);
  s.boolean.insert("json");
  if (with_yes) s.boolean.insert("yes");
  return s;
}

void Emit(const Args& args, const json& j, const std::string& text) {
  if (args.Has("json")) {
    std::cout << j.dump() << "\n";
  } else {
    std::cout << text << (text.empty() || text.back() == '\n' ? "" : "\n");
  }
}

// OneArg parses `argv` and requires exactly one positional argument (a code).
Result<std::pair<Args, std::string>> OneArg(const std::vector<std::string>& argv,
                                            const FlagSpec& spec, const char* what) {
  auto args = Args::Parse(argv, spec);
  if (!args) return std::move(args).error();
  if (args->positional().size() != 1) return InvalidArgument(std::string("expected ") + what);
  std::string code = args->positional()[0];
  return std::make_pair(std::move(*args), std::move(code));
}

int CmdRequest(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, DeviceSpec({"name"}));
  if (!args) return UsageError(args.error().message());
  auto config = LoadConfig(*args);
  if (!config) return Failure(config.error());
  const std::string dir = server::HolderDir(*config);
  vault::HolderStore holder(dir, SystemClock::Default(), HolderKdf(*config));
  if (holder.Exists()) {
    return Failure(AlreadyExists("this device already holds a vault root (" + dir + ")"));
  }
  auto pass = ReadPassphrase(args->Get("passphrase-file"), /*confirm=*/true);
  if (!pass) return Failure(pass.error());
  const vault::DeviceKeys device = vault::DeviceKeys::Generate(args->Get("name").value_or("device"));
  if (Status s = vault::SavePendingDevice(dir, device, *pass, HolderKdf(*config)); !s.ok()) {
    return Failure(s.error());
  }
  const vault::DeviceRequest req = vault::RequestFor(device);
  Emit(*args, {{"request", req.Encode()}, {"fingerprint", req.Fingerprint()}, {"device", device.id}},
       "device request (run `signet device add CODE` on a device that holds the vault):\n\n" +
           req.Encode() + "\n\nfingerprint: " + req.Fingerprint() +
           "  (check that the approving device shows the same)");
  return kExitOk;
}

int CmdAdd(const std::vector<std::string>& argv) {
  auto parsed = OneArg(argv, DeviceSpec({}, true), "signet device add REQUEST_CODE");
  if (!parsed) return UsageError(parsed.error().message());
  auto& [args, code] = *parsed;
  auto request = vault::DeviceRequest::Decode(code);
  if (!request) return Failure(request.error());
  auto env = VaultEnv::Open(args, false);
  if (!env) return Failure(env.error());
  auto secrets = (*env)->RootAccess(args);
  if (!secrets) return Failure(secrets.error());
  if (!args.Has("yes") && !args.Has("json")) {
    std::cerr << "adding device '" << request->name << "' with fingerprint "
              << request->Fingerprint() << "\n";
    if (!Confirm("Does the new device show the same fingerprint? Type 'yes':", "yes")) {
      return Failure(FailedPrecondition("not confirmed (compare the fingerprints, or pass --yes)"));
    }
  }
  auto tenant = (*env)->Tenant();
  auto v = (*env)->OpenVault();
  if (!tenant || !v) return Failure(!tenant ? tenant.error() : v.error());
  Status registered = (*v)->UpdateIndex([&](vault::VaultIndex& idx) {
    for (const auto& d : idx.devices) {
      if (d.id == request->id) return Status(AlreadyExists("device " + d.id + " is already added"));
    }
    idx.devices.push_back({request->id, request->name, HexEncode(request->ed25519.bytes()),
                           HexEncode(request->x25519.bytes()), (*env)->clock().UnixSeconds(),
                           secrets->device.id});
    return OkStatus();
  });
  if (!registered.ok()) return Failure(registered.error());
  auto package = vault::CreateHandover(secrets->root, tenant->id.value(), *request, secrets->device);
  if (!package) return Failure(package.error());
  (void)(*v)->audit().Append("device.add", std::nullopt,
                             "device " + request->id + " (" + request->name + ") added by " +
                                 secrets->device.id);
  Emit(args, {{"package", package->Encode()}, {"device", request->id}},
       "device added. On the new device run:\n\n  signet device join " + package->Encode());
  return kExitOk;
}

// SaveRoot stores `root` for this device (keys `device`) under `passphrase`.
Status SaveRoot(VaultEnv& env, vault::RootKey root, vault::DeviceKeys device,
                const crypto::SecretBytes& passphrase, const std::string& tenant) {
  vault::HolderSecrets secrets{std::move(root), std::move(device)};
  return env.holder().Save(secrets, passphrase, tenant);
}

// CheckMembership verifies, in the vault the root opens, that `approver` and `device` are
// registered devices with the keys the package announces.
Status CheckMembership(VaultEnv& env, const vault::RootKey& root,
                       const vault::HandoverPackage& p) {
  const vault::DelegatedKeyring keyring = root.DeriveDelegatedKeyring();
  vault::Vault v(env.storage(), keyring, env.clock());
  auto index = v.ReadIndex();
  if (!index) return std::move(index).error();
  bool approver_ok = false, device_ok = false;
  for (const auto& d : index->devices) {
    approver_ok |= d.id == p.approver_id && d.ed25519_public == HexEncode(p.approver_key.bytes());
    device_ok |= d.id == p.device.id && d.x25519_public == HexEncode(p.device.x25519.bytes());
  }
  if (!approver_ok) return PermissionDenied("the approving device is not a device of this vault");
  if (!device_ok) return PermissionDenied("this device is not registered in the vault");
  return OkStatus();
}

int CmdJoin(const std::vector<std::string>& argv) {
  auto parsed = OneArg(argv, DeviceSpec({}), "signet device join PACKAGE");
  if (!parsed) return UsageError(parsed.error().message());
  auto& [args, code] = *parsed;
  auto package = vault::HandoverPackage::Decode(code);
  if (!package) return Failure(package.error());
  auto env = VaultEnv::Open(args, false);
  if (!env) return Failure(env.error());
  if ((*env)->holder().Exists()) return Failure(AlreadyExists("this device already holds a root"));
  auto pass = ReadPassphrase(args.Get("passphrase-file"), false);
  if (!pass) return Failure(pass.error());
  auto device = vault::LoadPendingDevice((*env)->holder().dir(), *pass, HolderKdf((*env)->config()));
  if (!device) return Failure(device.error());
  auto root = vault::OpenHandover(*package, *device);
  if (!root) return Failure(root.error());
  if (Status s = CheckMembership(**env, *root, *package); !s.ok()) return Failure(s.error());
  const std::string id = device->id;
  if (Status s = SaveRoot(**env, std::move(*root), std::move(*device), *pass, package->tenant);
      !s.ok()) {
    return Failure(s.error());
  }
  (void)vault::RemovePendingDevice((*env)->holder().dir());
  if (auto v = (*env)->OpenVault(); v) {
    (void)(*v)->audit().Append("device.join", std::nullopt, "device " + id + " joined");
  }
  Emit(args, {{"device", id}, {"tenant", package->tenant}},
       "this device (" + id + ") now holds the vault root");
  return kExitOk;
}

int CmdList(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, DeviceSpec({}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  auto index = (*v)->ReadIndex();
  if (!index) return Failure(index.error());
  std::string self;
  if (auto h = (*env)->holder().ReadHeader(); h) self = h->device_id;
  json arr = json::array();
  std::ostringstream text;
  for (const auto& d : index->devices) {
    arr.push_back({{"id", d.id}, {"name", d.name}, {"ed25519", d.ed25519_public},
                   {"added_by", d.added_by}, {"this_device", d.id == self}});
    text << (d.id == self ? "* " : "  ") << d.id << "  " << d.name << "  " << d.ed25519_public
         << "\n";
  }
  Emit(*args, {{"devices", arr}}, text.str());
  return kExitOk;
}

int CmdRemove(const std::vector<std::string>& argv) {
  auto parsed = OneArg(argv, DeviceSpec({}, true), "signet device remove DEVICE_ID");
  if (!parsed) return UsageError(parsed.error().message());
  auto& [args, removed] = *parsed;
  auto env = VaultEnv::Open(args, false);
  if (!env) return Failure(env.error());
  auto secrets = (*env)->RootAccess(args);
  if (!secrets) return Failure(secrets.error());
  auto pass = ReadPassphrase(args.Get("passphrase-file"), false);  // to reseal the new root
  if (!pass) return Failure(pass.error());
  if (!args.Has("yes") &&
      !Confirm("Removing a device moves the vault to a new root with new recovery words. "
               "Type 'rotate' to continue:", "rotate")) {
    return Failure(FailedPrecondition("not confirmed (type 'rotate', or pass --yes)"));
  }
  const crypto::Bip39Mnemonic words = crypto::Bip39Mnemonic::Generate();
  auto new_root = vault::RootKey::FromMnemonic(words, crypto::SecretBytes());
  if (!new_root) return Failure(new_root.error());
  auto result = vault::RotateRoot((*env)->storage(), (*env)->tenants(), secrets->root, *new_root,
                                  removed, secrets->device, (*env)->clock());
  if (!result) return Failure(result.error());
  if (Status s = SaveRoot(**env, std::move(*new_root), std::move(secrets->device), *pass,
                          result->tenant.id.value());
      !s.ok()) {
    return Failure(s.error());
  }
  json j = {{"removed", removed}, {"tenant", result->tenant.id.value()},
            {"records_reencrypted", result->records}, {"devices_to_sync", result->pending}};
  if (args.Has("json")) {
    j["words"] = std::string(words.Phrase(SecretAccess::Get()));
    Emit(args, j, "");
  } else {
    std::cout << "device " << removed << " removed; the vault moved to a new root ("
              << result->records << " records re-encrypted).\nNew recovery words (shown once):\n\n"
              << words.Phrase(SecretAccess::Get()) << "\n\n";
    for (const auto& d : result->pending) std::cout << "device " << d << " must run `signet device sync`\n";
  }
  return kExitOk;
}

int CmdSync(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, DeviceSpec({}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto pass = ReadPassphrase(args->Get("passphrase-file"), false);
  if (!pass) return Failure(pass.error());
  auto secrets = (*env)->holder().Unlock(*pass);
  if (!secrets) return Failure(secrets.error());
  auto package = vault::TakeHandover((*env)->storage().state(), secrets->device.id);
  if (!package) return Failure(package.error());
  if (!*package) {
    Emit(*args, {{"synced", false}}, "nothing to sync: this device's root is current");
    return kExitOk;
  }
  auto root = vault::OpenHandover(**package, secrets->device);
  if (!root) return Failure(root.error());
  if (Status s = CheckMembership(**env, *root, **package); !s.ok()) return Failure(s.error());
  const std::string id = secrets->device.id;
  const std::string tenant = (*package)->tenant;
  if (Status s = SaveRoot(**env, std::move(*root), std::move(secrets->device), *pass, tenant);
      !s.ok()) {
    return Failure(s.error());
  }
  (void)(*env)->storage().state().Delete(vault::kHandoverNamespace, id);
  Emit(*args, {{"synced", true}, {"tenant", tenant}}, "this device now holds the new root");
  return kExitOk;
}

}  // namespace

int RunDeviceCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return UsageError("expected: signet device request|add|join|list|remove|sync");
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  const std::string& sub = argv[0];
  if (sub == "request") return CmdRequest(rest);
  if (sub == "add") return CmdAdd(rest);
  if (sub == "join") return CmdJoin(rest);
  if (sub == "list") return CmdList(rest);
  if (sub == "remove") return CmdRemove(rest);
  if (sub == "sync") return CmdSync(rest);
  return UsageError("unknown device command '" + sub + "'");
}

}  // namespace signet::cli
