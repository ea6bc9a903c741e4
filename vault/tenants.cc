#include "vault/tenants.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/contention.h"
#include "base/encoding.h"
#include "crypto/aead.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::vault {
namespace {

using nlohmann::json;

constexpr size_t kKekSize = 32;
constexpr std::string_view kKeyringAad = "signet/v1/tenant-keyring";

Bytes KeyringAad(const TenantId& id) {
  Bytes aad(kKeyringAad.begin(), kKeyringAad.end());
  Append(&aad, AsBytes(id.value()));
  return aad;
}

Result<TenantInfo> ParseInfo(const std::string& key, ByteView value, Bytes* sealed) {
  const json j = json::parse(AsStringView(value), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("identity") || !j["identity"].is_string() ||
      !j.contains("created") || !j["created"].is_number_integer() || !j.contains("status") ||
      !j["status"].is_string() || !j.contains("sealed") || !j["sealed"].is_string()) {
    return DataLoss("tenant record is malformed");
  }
  TenantInfo info{TenantId(key), j["identity"].get<std::string>(), j["created"].get<int64_t>(),
                  j["status"].get<std::string>()};
  if (sealed != nullptr) {
    auto b = Base64UrlDecode(j["sealed"].get<std::string>());
    if (!b) return DataLoss("tenant record is malformed");
    *sealed = std::move(*b);
  }
  return info;
}

}  // namespace

Result<Kek> Kek::Load(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return FailedPrecondition("cannot open KEK file '" + path + "'");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return FailedPrecondition("KEK file '" + path + "' is not a regular file");
  }
  if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid()) {
    ::close(fd);
    return FailedPrecondition("KEK file '" + path +
                              "' must be owned by this user with mode 0600 (chmod 600)");
  }
  SecretBytes key(kKekSize);
  uint8_t extra = 0;
  const ssize_t n = ::read(fd, key.MutableData(crypto::SecretAccess::Get()), kKekSize);
  const ssize_t more = ::read(fd, &extra, 1);
  ::close(fd);
  if (n != static_cast<ssize_t>(kKekSize) || more != 0) {
    return FailedPrecondition("KEK file '" + path + "' must hold exactly 32 bytes");
  }
  return Kek(std::move(key));
}

Result<Kek> Kek::Create(const std::string& path) {
  // A fresh data directory (e.g. a hosted deployment's, which holds nothing else) is made
  // owner-only.
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return FailedPrecondition("cannot create directory '" + parent.string() +
                                "': " + ec.message());
    }
    std::filesystem::permissions(parent, std::filesystem::perms::owner_all, ec);
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return FailedPrecondition("cannot create KEK file '" + path + "': " + std::strerror(errno));
  }
  SecretBytes key = crypto::RandomSecret(kKekSize);
  const ByteView k = key.Reveal(crypto::SecretAccess::Get());
  const bool ok =
      ::write(fd, k.data(), k.size()) == static_cast<ssize_t>(k.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return Unavailable("cannot write KEK file '" + path + "'");
  }
  return Kek(std::move(key));
}

Result<Kek> Kek::LoadOrCreate(const std::string& path) {
  if (::access(path.c_str(), F_OK) == 0) return Load(path);
  return Create(path);
}

Result<Bytes> Kek::Seal(ByteView plaintext, ByteView aad) const {
  auto aead = crypto::Aes256Gcm::Create(key_);
  if (!aead) return std::move(aead).error();
  return aead->Seal(plaintext, aad);
}

Result<SecretBytes> Kek::Open(ByteView sealed, ByteView aad) const {
  auto aead = crypto::Aes256Gcm::Create(key_);
  if (!aead) return std::move(aead).error();
  auto plain = aead->Open(sealed, aad);
  if (!plain) return DataLoss("sealed data does not open under this KEK");
  return plain;
}

TenantId TenantIdFor(const crypto::Ed25519PublicKey& identity) {
  Bytes msg = ToBytes("signet/v1/tenant");
  Append(&msg, identity.bytes());
  return TenantId("t_" + HexEncode(crypto::Sha256(msg)).substr(0, 20));
}

TenantRegistry::TenantRegistry(storage::StateStore& state, const Kek& kek, const Clock& clock)
    : state_(state), kek_(kek), clock_(clock) {}

Result<TenantInfo> TenantRegistry::Register(const DelegatedKeyring& keyring) {
  const TenantInfo info{TenantIdFor(keyring.identity().public_key()),
                        HexEncode(keyring.identity().public_key().bytes()), clock_.UnixSeconds(),
                        "active"};
  const SecretBytes plain = keyring.Serialize(crypto::SecretAccess::Get());
  auto sealed = kek_.Seal(plain.Reveal(crypto::SecretAccess::Get()), KeyringAad(info.id));
  if (!sealed) return std::move(sealed).error();
  const json j = {{"identity", info.identity_public},
                  {"created", info.created},
                  {"status", info.status},
                  {"sealed", Base64UrlEncode(*sealed)}};
  Status s =
      state_.PutIfAbsent(kTenantsNamespace, info.id.value(), AsBytes(j.dump()), storage::kNoExpiry);
  if (!s.ok()) {
    if (s.error().code() == ErrorCode::kAlreadyExists) {
      return AlreadyExists("tenant " + info.id.value() + " already exists");
    }
    return std::move(s).error();
  }
  return info;
}

Result<DelegatedKeyring> TenantRegistry::Open(const TenantId& id) { return Unseal(id, false); }

Result<DelegatedKeyring> TenantRegistry::OpenForOwner(const TenantId& id) {
  return Unseal(id, true);
}

Status TenantRegistry::SetStatus(const TenantId& id, std::string_view status) {
  if (status != "active" && status != "suspended") {
    return InvalidArgument("a tenant's status is active or suspended");
  }
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto value = state_.Get(kTenantsNamespace, id.value());
    if (!value) return std::move(value).error();
    if (!*value) return NotFound("no tenant " + id.value());
    json j = json::parse(AsStringView(**value), nullptr, false);
    if (!j.is_object()) return DataLoss("tenant record " + id.value() + " is malformed");
    j["status"] = std::string(status);
    Status s = state_.CompareAndSwap(kTenantsNamespace, id.value(), ByteView(**value), AsBytes(j.dump()),
                                     storage::kNoExpiry);
    if (s.ok() || s.error().code() != ErrorCode::kConflict) return s;
    PauseAfterConflict(attempt);
  }
  return Conflict("tenant " + id.value() + " is being changed concurrently; try again");
}

Result<DelegatedKeyring> TenantRegistry::Unseal(const TenantId& id, bool any_status) {
  auto value = state_.Get(kTenantsNamespace, id.value());
  if (!value) return std::move(value).error();
  if (!*value) return NotFound("no tenant " + id.value());
  Bytes sealed;
  auto info = ParseInfo(id.value(), **value, &sealed);
  if (!info) return std::move(info).error();
  if (!any_status && info->status != "active") {
    return PermissionDenied("tenant " + id.value() + " is suspended");
  }
  auto plain = kek_.Open(sealed, KeyringAad(id));
  if (!plain) return std::move(plain).error();
  return DelegatedKeyring::Deserialize(*plain);
}

Result<TenantInfo> TenantRegistry::Get(const TenantId& id) {
  auto value = state_.Get(kTenantsNamespace, id.value());
  if (!value) return std::move(value).error();
  if (!*value) return NotFound("no tenant " + id.value());
  return ParseInfo(id.value(), **value, nullptr);
}

Result<std::vector<TenantInfo>> TenantRegistry::List() {
  std::vector<TenantInfo> out;
  std::string start;
  for (;;) {
    auto page = state_.Scan(kTenantsNamespace, start, 500);
    if (!page) return std::move(page).error();
    for (const auto& e : *page) {
      auto info = ParseInfo(e.key, e.value, nullptr);
      if (!info) return std::move(info).error();
      out.push_back(std::move(*info));
    }
    if (page->size() < 500) break;
    start = page->back().key + '\0';
  }
  return out;
}

Status TenantRegistry::Remove(const TenantId& id) {
  auto removed = state_.Delete(kTenantsNamespace, id.value());
  if (!removed) return std::move(removed).error();
  if (!*removed) return NotFound("no tenant " + id.value());
  return OkStatus();
}

Result<TenantInfo> TenantRegistry::SoleTenant() {
  auto all = List();
  if (!all) return std::move(all).error();
  if (all->empty()) return NotFound("no vault on this server: run `signet init` first");
  if (all->size() > 1) {
    return FailedPrecondition("this server holds " + std::to_string(all->size()) +
                              " tenants; name one with --tenant");
  }
  return all->front();
}

}  // namespace signet::vault
