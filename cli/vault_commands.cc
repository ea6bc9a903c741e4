#include "cli/vault_commands.h"

#include <unistd.h>

#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"
#include "cli/config_loading.h"
#include "cli/prompt.h"
#include "cli/tenant_commands.h"
#include "cli/vault_env.h"
#include "server/config.h"
#include "vault/classification.h"

namespace signet::cli {
namespace {

using nlohmann::json;
using crypto::SecretAccess;
using crypto::SecretBytes;

constexpr size_t kMaxValueFileBytes = size_t{16} << 20;

// Spec builds a FlagSpec with the configuration flags plus the command's own.
FlagSpec Spec(std::initializer_list<const char*> with_value,
              std::initializer_list<const char*> boolean = {}) {
  FlagSpec s;
  for (const char* f : kConfigFlags) s.with_value.insert(f);
  for (const char* f : with_value) s.with_value.insert(f);
  s.boolean.insert("json");
  for (const char* f : boolean) s.boolean.insert(f);
  return s;
}

// Emit prints `j` with --json, otherwise `text`.
void Emit(const Args& args, const json& j, const std::string& text) {
  if (args.Has("json")) {
    std::cout << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
  } else if (!text.empty()) {
    std::cout << text << (text.back() == '\n' ? "" : "\n");
  }
}

std::string Hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "device";
  return buf;
}

std::string IsoTime(int64_t unix_seconds) {
  const std::time_t t = unix_seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<uint64_t> ParseIndex(const std::string& s) {
  if (s.empty() || s.size() > 19 || s.find_first_not_of("0123456789") != std::string::npos) {
    return InvalidArgument("--index must be a non-negative integer");
  }
  return std::stoull(s);
}

Result<Bytes> ReadValue(const Args& args) {
  const auto value = args.Get("value");
  const auto file = args.Get("file");
  if (value.has_value() == file.has_value()) {
    return InvalidArgument("give exactly one of --value VALUE or --file FILE");
  }
  if (value) return ToBytes(*value);
  std::ifstream in(*file, std::ios::binary);
  if (!in) return InvalidArgument("cannot read '" + *file + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > kMaxValueFileBytes) return TooLarge("'" + *file + "' exceeds 16 MiB");
  return ToBytes(ss.str());
}

// ShowWords prints the mnemonic once, framed, on stdout (never to the log).
void ShowWords(const crypto::Bip39Mnemonic& m) {
  std::istringstream words{std::string(m.Phrase(SecretAccess::Get()))};
  std::string w;
  int i = 0;
  std::cout << "Your 24 recovery words (shown once; write them down, keep them offline):\n\n";
  while (words >> w) {
    std::cout << (i + 1 < 10 ? "   " : "  ") << (i + 1) << ". " << w << (i % 4 == 3 ? "\n" : "\t");
    ++i;
  }
  std::cout << "\nAnyone with these words controls the vault. Signet cannot show them again.\n";
}

Result<SecretBytes> OptionalSecretFile(const Args& args, const char* flag) {
  if (auto f = args.Get(flag)) return ReadSecretFile(*f);
  return SecretBytes();
}

// Register stores the delegated keyring under the KEK, creates the vault and the holder root.
Result<json> Provision(VaultEnv& env, const vault::RootKey& root, const SecretBytes& passphrase,
                       const std::string& device_name, bool fresh) {
  const vault::DelegatedKeyring keyring = root.DeriveDelegatedKeyring();
  auto tenant = env.tenants().Register(keyring);
  if (!tenant && tenant.error().code() == ErrorCode::kAlreadyExists && !fresh) {
    tenant = env.tenants().Get(vault::TenantIdFor(keyring.identity().public_key()));
  }
  if (!tenant) return std::move(tenant).error();
  vault::Vault v(env.storage(), keyring, env.clock());
  auto exists = v.Exists();
  if (!exists) return std::move(exists).error();
  if (!*exists) {
    if (Status s = v.Initialize(); !s.ok()) return std::move(s).error();
  } else if (fresh) {
    return AlreadyExists("a vault already exists here");
  }
  vault::HolderSecrets secrets{vault::RootKey::FromBytes(root.Export(SecretAccess::Get())).value(),
                               vault::DeviceKeys::Generate(device_name)};
  const std::string device_id = secrets.device.id;
  if (Status s = env.holder().Save(secrets, passphrase, tenant->id.value()); !s.ok()) {
    return std::move(s).error();
  }
  const std::string device_pub = HexEncode(secrets.device.signing.public_key().bytes());
  const std::string device_x = HexEncode(secrets.device.agreement.public_key().bytes());
  Status registered = v.UpdateIndex([&](vault::VaultIndex& idx) {
    for (const auto& d : idx.devices) {
      if (d.id == device_id) return OkStatus();
    }
    idx.devices.push_back({device_id, device_name, device_pub, device_x,
                           env.clock().UnixSeconds(), ""});
    return OkStatus();
  });
  if (!registered.ok()) return std::move(registered).error();
  (void)v.audit().Append(fresh ? "device.first" : "device.recover", std::nullopt,
                         "device " + device_id + " (" + device_name + ")");
  return json{{"tenant", tenant->id.value()},
              {"identity", tenant->identity_public},
              {"device", device_id},
              {"holder_dir", env.holder().dir()}};
}

// CmdInitRemote creates the vault root on this machine and registers the delegated keyring with
// a hosted server (`signet init --server URL`): no local storage or KEK is created.
int CmdInitRemote(const Args& args) {
  auto config = LoadConfig(args);
  if (!config) return Failure(config.error());
  vault::HolderStore holder(server::HolderDir(*config), SystemClock::Default(),
                            HolderKdf(*config));
  if (holder.Exists()) {
    return Failure(AlreadyExists("this device already holds a vault root (" + holder.dir() + ")"));
  }
  std::optional<std::string> invite;
  if (auto file = args.Get("invite-file")) {
    auto code = ReadSecretFile(*file);
    if (!code) return Failure(code.error());
    invite = std::string(AsStringView(code->Reveal(SecretAccess::Get())));
  }
  auto passphrase = ReadPassphrase(args.Get("passphrase-file"), /*confirm=*/true);
  if (!passphrase) return Failure(passphrase.error());
  auto bip39_pass = OptionalSecretFile(args, "bip39-passphrase-file");
  if (!bip39_pass) return Failure(bip39_pass.error());
  const crypto::Bip39Mnemonic mnemonic = crypto::Bip39Mnemonic::Generate();
  auto root = vault::RootKey::FromMnemonic(mnemonic, *bip39_pass);
  if (!root) return Failure(root.error());
  vault::HolderSecrets secrets{vault::RootKey::FromBytes(root->Export(SecretAccess::Get())).value(),
                               vault::DeviceKeys::Generate(
                                   args.Get("device-name").value_or(Hostname()))};
  auto answer = RegisterRemote(*args.Get("server"), *root, secrets.device, invite,
                               args.Get("ca-file"));
  if (!answer) return Failure(answer.error());
  const std::string tenant = answer->value("tenant", "");
  if (tenant != vault::TenantIdFor(root->DeriveDelegatedKeyring().identity().public_key()).value()) {
    return Failure(DataLoss("the server registered another tenant id than this vault's"));
  }
  if (Status s = holder.Save(secrets, *passphrase, tenant); !s.ok()) return Failure(s.error());
  (*answer)["holder_dir"] = holder.dir();
  if (args.Has("json")) {
    (*answer)["words"] = std::string(mnemonic.Phrase(SecretAccess::Get()));
    Emit(args, *answer, "");
    return kExitOk;
  }
  ShowWords(mnemonic);
  std::cout << "\nvault created on " << *args.Get("server") << ": tenant " << tenant
            << ", issuer " << answer->value("issuer", "") << "\n";
  return kExitOk;
}

int CmdInit(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({"passphrase-file", "bip39-passphrase-file", "device-name",
                                      "server", "invite-file", "ca-file"}));
  if (!args) return UsageError(args.error().message());
  if (args->Has("server")) return CmdInitRemote(*args);
  if (args->Has("invite-file") || args->Has("ca-file")) {
    return UsageError("--invite-file and --ca-file go with --server");
  }
  auto env = VaultEnv::Open(*args, /*create_kek=*/true);
  if (!env) return Failure(env.error());
  if ((*env)->holder().Exists()) {
    return Failure(AlreadyExists("this device already holds a vault root (" +
                                 (*env)->holder().dir() + ")"));
  }
  if (auto existing = (*env)->tenants().List(); existing && !existing->empty()) {
    return Failure(AlreadyExists("this server already holds a vault; use `signet recover`"));
  }
  auto passphrase = ReadPassphrase(args->Get("passphrase-file"), /*confirm=*/true);
  if (!passphrase) return Failure(passphrase.error());
  auto bip39_pass = OptionalSecretFile(*args, "bip39-passphrase-file");
  if (!bip39_pass) return Failure(bip39_pass.error());
  const crypto::Bip39Mnemonic mnemonic = crypto::Bip39Mnemonic::Generate();
  auto root = vault::RootKey::FromMnemonic(mnemonic, *bip39_pass);
  if (!root) return Failure(root.error());
  auto result = Provision(**env, *root, *passphrase,
                          args->Get("device-name").value_or(Hostname()), /*fresh=*/true);
  if (!result) return Failure(result.error());
  if (args->Has("json")) {
    (*result)["words"] = std::string(mnemonic.Phrase(SecretAccess::Get()));
    Emit(*args, *result, "");
    return kExitOk;
  }
  ShowWords(mnemonic);
  std::cout << "\nvault created: tenant " << (*result)["tenant"].get<std::string>()
            << ", identity " << (*result)["identity"].get<std::string>() << "\n";
  return kExitOk;
}

int CmdRecover(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({"words-file", "passphrase-file", "bip39-passphrase-file",
                                      "device-name"}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, /*create_kek=*/true);
  if (!env) return Failure(env.error());
  if ((*env)->holder().Exists()) {
    return Failure(AlreadyExists("this device already holds a vault root (" +
                                 (*env)->holder().dir() + "); remove it first"));
  }
  auto words = args->Get("words-file")
                   ? ReadSecretFile(*args->Get("words-file"))
                   : PromptSecret("recovery words", "--words-file FILE");
  if (!words) return Failure(words.error());
  auto mnemonic = crypto::Bip39Mnemonic::Parse(AsStringView(words->Reveal(SecretAccess::Get())));
  if (!mnemonic) return Failure(mnemonic.error());
  auto bip39_pass = OptionalSecretFile(*args, "bip39-passphrase-file");
  if (!bip39_pass) return Failure(bip39_pass.error());
  auto root = vault::RootKey::FromMnemonic(*mnemonic, *bip39_pass);
  if (!root) return Failure(root.error());
  auto passphrase = ReadPassphrase(args->Get("passphrase-file"), /*confirm=*/true);
  if (!passphrase) return Failure(passphrase.error());
  auto result = Provision(**env, *root, *passphrase,
                          args->Get("device-name").value_or(Hostname()), /*fresh=*/false);
  if (!result) return Failure(result.error());
  Emit(*args, *result,
       "vault recovered: tenant " + (*result)["tenant"].get<std::string>() + ", identity " +
           (*result)["identity"].get<std::string>());
  return kExitOk;
}

int CmdUnlock(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({"passphrase-file", "ttl"}));
  if (!args) return UsageError(args.error().message());
  auto ttl = server::ParseDuration(args->Get("ttl").value_or("15m"));
  if (!ttl || *ttl < std::chrono::seconds(1) || *ttl > std::chrono::hours(24)) {
    return UsageError("--ttl must be a duration between 1s and 24h (e.g. 15m)");
  }
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  if (!(*env)->holder().Exists()) {
    return Failure(FailedPrecondition("this device holds no vault root"));
  }
  auto pass = ReadPassphrase(args->Get("passphrase-file"), false);
  if (!pass) return Failure(pass.error());
  auto secrets = (*env)->holder().Unlock(*pass);
  if (!secrets) return Failure(secrets.error());
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(*ttl);
  auto token = (*env)->holder().StartSession(*secrets, seconds);
  if (!token) return Failure(token.error());
  if (auto v = (*env)->OpenVault(); v) {
    (void)(*v)->audit().Append("holder.unlock", std::nullopt,
                               "session for " + std::to_string(seconds.count()) + "s");
  }
  Emit(*args, {{"session", *token}, {"expires_at", IsoTime((*env)->clock().UnixSeconds() + seconds.count())}},
       "export SIGNET_SESSION=" + *token);
  return kExitOk;
}

int CmdLock(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto n = (*env)->holder().Lock();
  if (!n) return Failure(n.error());
  Emit(*args, {{"sessions_ended", *n}}, "locked (" + std::to_string(*n) + " session(s) ended)");
  return kExitOk;
}

// NeedsRoot reports whether a label is (or would be) Tier 3 for this store/get.
bool NeedsRoot(vault::Vault& v, const std::string& label, std::optional<int> tier) {
  if (tier) return *tier == 3;
  auto index = v.ReadIndex();
  if (index) {
    auto it = index->labels.find(label);
    if (it != index->labels.end()) return it->second.tier == 3;
  }
  return vault::DefaultClassification(label).tier == 3;
}

int CmdStore(const std::vector<std::string>& argv) {
  auto args = Args::Parse(
      argv, Spec({"label", "index", "tier", "value", "file", "passphrase-file"}, {"append"}));
  if (!args) return UsageError(args.error().message());
  if (!args->Get("label")) return UsageError("store needs --label LABEL");
  vault::StoreRequest req;
  req.label = *args->Get("label");
  req.append = args->Has("append");
  if (auto i = args->Get("index")) {
    if (req.append) return UsageError("--index and --append exclude each other");
    auto index = ParseIndex(*i);
    if (!index) return UsageError(index.error().message());
    req.index = *index;
  }
  if (auto t = args->Get("tier")) {
    auto tier = vault::ParseTier(*t);
    if (!tier) return UsageError(tier.error().message());
    req.tier = *tier;
  }
  auto value = ReadValue(*args);
  if (!value) return Failure(value.error());
  req.value = std::move(*value);
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  std::optional<vault::HolderTier3Access> tier3;
  if (NeedsRoot(**v, req.label, req.tier)) {
    auto secrets = (*env)->RootAccess(*args);
    if (!secrets) return Failure(secrets.error());
    tier3.emplace(secrets->root.DeriveCompartmentRoot());
  }
  auto stored = (*v)->Store(req, tier3 ? &*tier3 : nullptr);
  if (!stored) return Failure(stored.error());
  Emit(*args, {{"label", stored->label}, {"index", stored->index}, {"tier", stored->tier}},
       "stored " + stored->label + "[" + std::to_string(stored->index) + "] (tier " +
           std::to_string(stored->tier) + ")");
  return kExitOk;
}

int CmdGet(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({"label", "index", "purpose", "passphrase-file"}));
  if (!args) return UsageError(args.error().message());
  if (!args->Get("label")) return UsageError("get needs --label LABEL");
  uint64_t index = 0;
  if (auto i = args->Get("index")) {
    auto parsed = ParseIndex(*i);
    if (!parsed) return UsageError(parsed.error().message());
    index = *parsed;
  }
  const std::string label = *args->Get("label");
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  std::optional<vault::HolderTier3Access> tier3;
  if (NeedsRoot(**v, label, std::nullopt)) {
    auto secrets = (*env)->RootAccess(*args);
    if (!secrets) return Failure(secrets.error());
    tier3.emplace(secrets->root.DeriveCompartmentRoot());
  }
  auto rec = (*v)->Get(label, index, tier3 ? &*tier3 : nullptr,
                       args->Get("purpose").value_or("signet get (owner)"));
  if (!rec) return Failure(rec.error());
  const std::string value = ToString(rec->value.Reveal(SecretAccess::Get()));
  if (args->Has("json")) {
    const bool utf8 = IsValidUtf8(value);
    json j = {{"label", rec->label}, {"index", rec->index}, {"tier", rec->tier},
              {"updated", IsoTime(rec->meta.updated)}};
    j["value"] = utf8 ? json(value) : json(nullptr);
    if (!utf8) j["value_base64"] = Base64Encode(AsBytes(value));
    Emit(*args, j, "");
  } else {
    std::cout << value;
    if (isatty(STDOUT_FILENO) && (value.empty() || value.back() != '\n')) std::cout << "\n";
  }
  return kExitOk;
}

int CmdList(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  auto labels = (*v)->List();
  if (!labels) return Failure(labels.error());
  json arr = json::array();
  std::ostringstream text;
  text << "LABEL                            TIER  ITEMS  BYTES  UPDATED\n";
  for (const auto& l : *labels) {
    arr.push_back({{"label", l.label},
                   {"tier", l.tier},
                   {"tier_set_by_owner", l.tier_set_by_owner},
                   {"compartment", l.compartment},
                   {"indices", l.indices},
                   {"bytes", l.total_size},
                   {"updated", IsoTime(l.updated)}});
    char line[256];
    std::snprintf(line, sizeof line, "%-32s %4d  %5zu  %5llu  %s\n", l.label.c_str(), l.tier,
                  l.indices.size(), static_cast<unsigned long long>(l.total_size),
                  IsoTime(l.updated).c_str());
    text << line;
  }
  if (labels->empty()) text.str("(the vault is empty)\n");
  Emit(*args, {{"labels", arr}}, text.str());
  return kExitOk;
}

int CmdDelete(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, Spec({"label", "index"}));
  if (!args) return UsageError(args.error().message());
  if (!args->Get("label")) return UsageError("delete needs --label LABEL");
  std::optional<uint64_t> index;
  if (auto i = args->Get("index")) {
    auto parsed = ParseIndex(*i);
    if (!parsed) return UsageError(parsed.error().message());
    index = *parsed;
  }
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  if (Status s = (*v)->Delete(*args->Get("label"), index); !s.ok()) return Failure(s.error());
  Emit(*args, {{"deleted", *args->Get("label")}}, "deleted " + *args->Get("label"));
  return kExitOk;
}

int CmdAudit(const std::vector<std::string>& argv) {
  if (argv.empty() || (argv[0] != "verify" && argv[0] != "list")) {
    return UsageError("expected: signet audit verify|list");
  }
  const std::vector<std::string> rest(argv.begin() + 1, argv.end());
  auto args = Args::Parse(rest, Spec({"from", "limit"}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  if (argv[0] == "verify") {
    auto report = (*v)->VerifyAudit();
    if (!report) return Failure(report.error());
    json j = {{"ok", report->ok}, {"entries", report->entries}, {"problem", report->problem}};
    if (report->head) j["head"] = {{"seq", report->head->seq}, {"hash", report->head->hash}};
    if (!report->ok) {
      Emit(*args, j, "");
      if (!args->Has("json")) std::cerr << "signet: audit chain broken: " << report->problem << "\n";
      return kExitFailure;
    }
    Emit(*args, j,
         "audit chain ok: " + std::to_string(report->entries) + " entries, head " +
             (report->head ? std::to_string(report->head->seq) + " " + report->head->hash : "-"));
    return kExitOk;
  }
  auto from = ParseIndex(args->Get("from").value_or("0"));
  auto limit = ParseIndex(args->Get("limit").value_or("100"));
  if (!from || !limit || *limit == 0 || *limit > 1000) {
    return UsageError("--from must be >= 0 and --limit between 1 and 1000");
  }
  auto events = (*v)->audit().List(*from, *limit);
  if (!events) return Failure(events.error());
  json arr = json::array();
  std::ostringstream text;
  for (const auto& e : *events) {
    arr.push_back({{"seq", e.seq}, {"time", IsoTime(e.time)}, {"kind", e.kind},
                   {"target", e.target}, {"detail", e.detail}});
    text << e.seq << "  " << IsoTime(e.time) << "  " << e.kind << "  " << e.detail << "\n";
  }
  Emit(*args, {{"events", arr}}, text.str().empty() ? "(no events)" : text.str());
  return kExitOk;
}

int CmdKeys(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] != "show") return UsageError("expected: signet keys show");
  auto args = Args::Parse({argv.begin() + 1, argv.end()}, Spec({}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto tenant = (*env)->Tenant();
  if (!tenant) return Failure(tenant.error());
  json j = {{"tenant", tenant->id.value()}, {"identity_ed25519", tenant->identity_public},
            {"kek_file", server::KekPath((*env)->config())}};
  std::string text = "tenant            " + tenant->id.value() + "\nidentity (Ed25519) " +
                     tenant->identity_public + "\n";
  if (auto h = (*env)->holder().ReadHeader(); h) {
    j["device"] = {{"id", h->device_id}, {"name", h->device_name}, {"ed25519", h->device_ed25519},
                   {"x25519", h->device_x25519}};
    text += "device            " + h->device_id + " (" + h->device_name + ")\n" +
            "device Ed25519    " + h->device_ed25519 + "\ndevice X25519     " +
            h->device_x25519 + "\n";
  }
  Emit(*args, j, text);
  return kExitOk;
}

int CmdVault(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] != "erase") return UsageError("expected: signet vault erase");
  auto args = Args::Parse({argv.begin() + 1, argv.end()}, Spec({"passphrase-file"}, {"yes"}));
  if (!args) return UsageError(args.error().message());
  auto env = VaultEnv::Open(*args, false);
  if (!env) return Failure(env.error());
  auto secrets = (*env)->RootAccess(*args);  // only the owner may erase
  if (!secrets) return Failure(secrets.error());
  if (!args->Has("yes") &&
      !Confirm("Erase every record and destroy the keys? Type 'erase' to confirm:", "erase")) {
    return Failure(FailedPrecondition("not confirmed (type 'erase', or pass --yes)"));
  }
  auto tenant = (*env)->Tenant();
  if (!tenant) return Failure(tenant.error());
  auto v = (*env)->OpenVault();
  if (!v) return Failure(v.error());
  auto report = (*v)->Erase();
  if (!report) return Failure(report.error());
  if (Status s = (*env)->tenants().Remove(tenant->id); !s.ok()) return Failure(s.error());
  if (Status s = (*env)->holder().Remove(); !s.ok()) return Failure(s.error());
  Emit(*args,
       {{"records_deleted", report->records}, {"decoys_deleted", report->decoys},
        {"keys_destroyed", {"tenant keyring", "holder root"}}},
       "erased " + std::to_string(report->records) + " records and " +
           std::to_string(report->decoys) +
           " decoys, then destroyed the tenant keyring and this device's root");
  return kExitOk;
}

}  // namespace

int UsageError(std::string_view error) {
  std::cerr << "signet: " << error << "\n(run `signet help` for usage)\n";
  return kExitUsage;
}

int Failure(const Error& e) {
  std::cerr << "signet: " << e.message() << "\n";
  return kExitFailure;
}

std::optional<int> RunVaultCommand(const std::string& cmd, const std::vector<std::string>& rest) {
  if (cmd == "init") return CmdInit(rest);
  if (cmd == "recover") return CmdRecover(rest);
  if (cmd == "unlock") return CmdUnlock(rest);
  if (cmd == "lock") return CmdLock(rest);
  if (cmd == "store") return CmdStore(rest);
  if (cmd == "get") return CmdGet(rest);
  if (cmd == "list") return CmdList(rest);
  if (cmd == "delete") return CmdDelete(rest);
  if (cmd == "audit") return CmdAudit(rest);
  if (cmd == "keys") return CmdKeys(rest);
  if (cmd == "vault") return CmdVault(rest);
  if (cmd == "device") return RunDeviceCommand(rest);
  return std::nullopt;
}

}  // namespace signet::cli
