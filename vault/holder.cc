#include "vault/holder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/encoding.h"
#include "crypto/aead.h"
#include "crypto/random.h"

namespace signet::vault {
namespace {

using crypto::SecretAccess;
using nlohmann::json;

constexpr int kFormatVersion = 1;
constexpr size_t kSecretsSize = RootKey::kSize + 32 + 32;
constexpr size_t kMaxFileBytes = 64 * 1024;
constexpr std::string_view kRootAad = "signet/v1/root";
constexpr std::string_view kSessionAad = "signet/v1/session";

std::string RootPath(const std::string& dir) { return dir + "/root.json"; }
std::string SessionDir(const std::string& dir) { return dir + "/sessions"; }

Result<std::string> ReadSmallFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot read '" + path + "'");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (ss.str().size() > kMaxFileBytes) return DataLoss("'" + path + "' is too large");
  return ss.str();
}

// PackSecrets lays out root || device seed || device scalar in wiped memory.
crypto::SecretBytes PackSecrets(const HolderSecrets& s) {
  const auto a = SecretAccess::Get();
  crypto::SecretBytes out(kSecretsSize);
  uint8_t* p = out.MutableData(a);
  for (const crypto::SecretBytes& part :
       {s.root.Export(a), s.device.signing.ExportSeed(a), s.device.agreement.Export(a)}) {
    const ByteView v = part.Reveal(a);
    std::copy(v.begin(), v.end(), p);
    p += v.size();
  }
  return out;
}

Result<HolderSecrets> UnpackSecrets(const crypto::SecretBytes& packed, const HolderHeader& h) {
  const auto a = SecretAccess::Get();
  const ByteView b = packed.Reveal(a);
  if (b.size() != kSecretsSize) return DataLoss("holder secrets have the wrong size");
  auto root = RootKey::FromBytes(crypto::SecretBytes::CopyFrom(b.first(RootKey::kSize)));
  auto signing = crypto::Ed25519PrivateKey::FromSeed(
      crypto::SecretBytes::CopyFrom(b.subspan(RootKey::kSize, 32)));
  auto agreement = crypto::X25519PrivateKey::FromBytes(
      crypto::SecretBytes::CopyFrom(b.subspan(RootKey::kSize + 32, 32)));
  if (!root || !signing || !agreement) return DataLoss("holder secrets are malformed");
  return HolderSecrets{std::move(*root),
                       DeviceKeys{h.device_id, h.device_name, std::move(*signing),
                                  std::move(*agreement)}};
}

json HeaderJson(const HolderHeader& h) {
  return {{"vault", {{"identity", h.identity_public}, {"tenant", h.tenant}}},
          {"device",
           {{"id", h.device_id},
            {"name", h.device_name},
            {"ed25519", h.device_ed25519},
            {"x25519", h.device_x25519}}}};
}

Result<HolderHeader> ParseHeader(const json& j) {
  HolderHeader h;
  try {
    h.identity_public = j.at("vault").at("identity").get<std::string>();
    h.tenant = j.at("vault").at("tenant").get<std::string>();
    const json& d = j.at("device");
    h.device_id = d.at("id").get<std::string>();
    h.device_name = d.at("name").get<std::string>();
    h.device_ed25519 = d.at("ed25519").get<std::string>();
    h.device_x25519 = d.at("x25519").get<std::string>();
  } catch (const json::exception&) {
    return DataLoss("root.json is malformed");
  }
  return h;
}

Bytes AadFor(std::string_view prefix, const std::string& header) {
  Bytes aad(prefix.begin(), prefix.end());
  Append(&aad, AsBytes(header));
  return aad;
}

}  // namespace

DeviceKeys DeviceKeys::Generate(std::string name) {
  return DeviceKeys{"d_" + HexEncode(crypto::RandomBytes(8)), std::move(name),
                    crypto::Ed25519PrivateKey::Generate(), crypto::X25519PrivateKey::Generate()};
}

Status WriteFileAtomically(const std::string& path, ByteView data, int mode) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return Unavailable("cannot write '" + tmp + "'");
  ::fchmod(fd, static_cast<mode_t>(mode));
  size_t off = 0;
  while (off < data.size()) {
    const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
  const bool ok = off == data.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Unavailable("cannot write '" + path + "'");
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return OkStatus();
}

HolderStore::HolderStore(std::string dir, const Clock& clock, crypto::Argon2idParams kdf)
    : dir_(std::move(dir)), clock_(clock), kdf_(kdf) {}

bool HolderStore::Exists() const { return ::access(RootPath(dir_).c_str(), F_OK) == 0; }

Status HolderStore::Save(const HolderSecrets& secrets, const crypto::SecretBytes& passphrase,
                         const std::string& tenant) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Unavailable("cannot create holder directory '" + dir_ + "'");
  ::chmod(dir_.c_str(), 0700);
  const DelegatedKeyring keyring = secrets.root.DeriveDelegatedKeyring();
  const HolderHeader header{HexEncode(keyring.identity().public_key().bytes()),
                            tenant,
                            secrets.device.id,
                            secrets.device.name,
                            HexEncode(secrets.device.signing.public_key().bytes()),
                            HexEncode(secrets.device.agreement.public_key().bytes())};
  const Bytes salt = crypto::RandomBytes(crypto::kArgon2idSaltSize);
  json j = HeaderJson(header);
  j["v"] = kFormatVersion;
  j["kdf"] = {{"alg", "argon2id13"},
              {"ops", kdf_.ops},
              {"mem", kdf_.mem_bytes},
              {"salt", Base64UrlEncode(salt)}};
  auto key = crypto::Argon2idDeriveKey(passphrase, salt, kdf_);
  if (!key) return std::move(key).error();
  auto aead = crypto::Aes256Gcm::Create(*key);
  if (!aead) return std::move(aead).error();
  const crypto::SecretBytes packed = PackSecrets(secrets);
  auto sealed = aead->Seal(packed.Reveal(SecretAccess::Get()), AadFor(kRootAad, j.dump()));
  if (!sealed) return std::move(sealed).error();
  j["sealed"] = Base64UrlEncode(*sealed);
  return WriteFileAtomically(RootPath(dir_), AsBytes(j.dump(2) + "\n"), 0600);
}

Result<HolderHeader> HolderStore::ReadHeader() const {
  auto text = ReadSmallFile(RootPath(dir_));
  if (!text) return NotFound("no vault root on this device (" + RootPath(dir_) + ")");
  const json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return DataLoss("root.json is malformed");
  return ParseHeader(j);
}

Result<HolderSecrets> HolderStore::Unlock(const crypto::SecretBytes& passphrase) const {
  auto text = ReadSmallFile(RootPath(dir_));
  if (!text) return NotFound("no vault root on this device (" + RootPath(dir_) + ")");
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return DataLoss("root.json is malformed");
  auto header = ParseHeader(j);
  if (!header) return std::move(header).error();
  crypto::Argon2idParams params;
  Bytes sealed;
  try {
    if (j.at("v").get<int>() != kFormatVersion || j.at("kdf").at("alg") != "argon2id13") {
      return DataLoss("root.json has an unsupported format");
    }
    params.ops = j.at("kdf").at("ops").get<uint32_t>();
    params.mem_bytes = j.at("kdf").at("mem").get<uint64_t>();
    params.allow_weak_for_testing = kdf_.allow_weak_for_testing;
    auto salt = Base64UrlDecode(j.at("kdf").at("salt").get<std::string>());
    auto s = Base64UrlDecode(j.at("sealed").get<std::string>());
    if (!salt || !s) return DataLoss("root.json is malformed");
    sealed = std::move(*s);
    j.erase("sealed");
    auto key = crypto::Argon2idDeriveKey(passphrase, *salt, params);
    if (!key) return std::move(key).error();
    auto aead = crypto::Aes256Gcm::Create(*key);
    if (!aead) return std::move(aead).error();
    auto packed = aead->Open(sealed, AadFor(kRootAad, j.dump()));
    if (!packed) return Unauthenticated("wrong passphrase (or root.json was modified)");
    return UnpackSecrets(*packed, *header);
  } catch (const json::exception&) {
    return DataLoss("root.json is malformed");
  }
}

Result<std::string> HolderStore::StartSession(const HolderSecrets& secrets,
                                              std::chrono::seconds ttl) {
  std::error_code ec;
  std::filesystem::create_directories(SessionDir(dir_), ec);
  if (ec) return Unavailable("cannot create the session directory");
  ::chmod(SessionDir(dir_).c_str(), 0700);
  const std::string id = HexEncode(crypto::RandomBytes(8));
  const crypto::SecretBytes key = crypto::RandomSecret(32);
  const int64_t expires = clock_.UnixSeconds() + ttl.count();
  const std::string header = id + "|" + std::to_string(expires);
  auto aead = crypto::Aes256Gcm::Create(key);
  if (!aead) return std::move(aead).error();
  const crypto::SecretBytes packed = PackSecrets(secrets);
  auto sealed = aead->Seal(packed.Reveal(SecretAccess::Get()), AadFor(kSessionAad, header));
  if (!sealed) return std::move(sealed).error();
  const json j = {{"v", kFormatVersion}, {"expires", expires}, {"sealed", Base64UrlEncode(*sealed)}};
  if (Status s = WriteFileAtomically(SessionDir(dir_) + "/" + id + ".json", AsBytes(j.dump()), 0600);
      !s.ok()) {
    return std::move(s).error();
  }
  return id + "." + Base64UrlEncode(key.Reveal(SecretAccess::Get()));
}

Result<HolderSecrets> HolderStore::OpenSession(std::string_view token) const {
  const size_t dot = token.find('.');
  const std::string_view id = token.substr(0, dot);
  if (dot == std::string_view::npos || id.size() != 16 ||
      id.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return Unauthenticated("SIGNET_SESSION is malformed");
  }
  auto key_bytes = Base64UrlDecode(token.substr(dot + 1));
  if (!key_bytes || key_bytes->size() != 32) return Unauthenticated("SIGNET_SESSION is malformed");
  const std::string path = SessionDir(dir_) + "/" + std::string(id) + ".json";
  auto text = ReadSmallFile(path);
  if (!text) return Unauthenticated("the session has ended (signet lock) or never existed");
  const json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.contains("expires") || !j["expires"].is_number_integer() ||
      !j.contains("sealed") || !j["sealed"].is_string()) {
    return DataLoss("session file is malformed");
  }
  const int64_t expires = j["expires"].get<int64_t>();
  if (clock_.UnixSeconds() >= expires) {
    ::unlink(path.c_str());
    return Unauthenticated("the session expired: run signet unlock again");
  }
  auto sealed = Base64UrlDecode(j["sealed"].get<std::string>());
  if (!sealed) return DataLoss("session file is malformed");
  auto aead = crypto::Aes256Gcm::Create(crypto::SecretBytes::CopyFrom(*key_bytes));
  if (!aead) return std::move(aead).error();
  auto packed = aead->Open(*sealed, AadFor(kSessionAad, std::string(id) + "|" +
                                                            std::to_string(expires)));
  if (!packed) return Unauthenticated("SIGNET_SESSION does not open this session");
  auto header = ReadHeader();
  if (!header) return std::move(header).error();
  return UnpackSecrets(*packed, *header);
}

Result<int> HolderStore::Lock() {
  int removed = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(SessionDir(dir_), ec)) {
    if (e.path().extension() == ".json" && std::filesystem::remove(e.path(), ec)) ++removed;
  }
  return removed;
}

Status HolderStore::Remove() {
  if (auto locked = Lock(); !locked) return std::move(locked).error();
  std::error_code ec;
  std::filesystem::remove(RootPath(dir_), ec);
  if (ec) return Unavailable("cannot remove root.json");
  return OkStatus();
}

}  // namespace signet::vault
