#include "notify/owner_auth.h"

#include <map>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"
#include "notify/signing.h"
#include "vault/vault.h"

namespace signet::notify {
namespace {

constexpr size_t kMaxHeader = 1024;

Error Invalid() { return Unauthenticated("invalid owner signature"); }

// ParseParams reads `k="v", k="v", ...` after the scheme; values may not contain quotes,
// backslashes or control characters.
Result<std::map<std::string, std::string>> ParseParams(std::string_view s) {
  std::map<std::string, std::string> out;
  while (!s.empty()) {
    while (!s.empty() && (s.front() == ' ' || s.front() == ',')) s.remove_prefix(1);
    if (s.empty()) break;
    const size_t eq = s.find("=\"");
    if (eq == std::string_view::npos || eq == 0) return Invalid();
    const std::string key(s.substr(0, eq));
    s.remove_prefix(eq + 2);
    const size_t close = s.find('"');
    if (close == std::string_view::npos) return Invalid();
    const std::string_view value = s.substr(0, close);
    for (char c : value) {
      if (c <= 0x20 || c > 0x7e || c == '\\') return Invalid();
    }
    if (!out.emplace(key, std::string(value)).second) return Invalid();
    s.remove_prefix(close + 1);
    if (!s.empty() && s.front() != ',') return Invalid();
  }
  if (out.size() != 5 || !out.contains("tenant") || !out.contains("device") ||
      !out.contains("ts") || !out.contains("nonce") || !out.contains("sig")) {
    return Invalid();
  }
  return out;
}

}  // namespace

std::string OwnerSignedMessage(std::string_view method, std::string_view target,
                               std::string_view tenant, std::string_view device, int64_t ts,
                               std::string_view nonce, std::string_view body) {
  const auto digest = crypto::Sha256(AsBytes(body));
  std::string m = "signet/v1/owner-request\n";
  m.append(method).append("\n").append(target).append("\n").append(tenant).append("\n");
  m.append(device).append("\n").append(std::to_string(ts)).append("\n").append(nonce);
  m.append("\n").append(HexEncode(ByteView(digest.data(), digest.size())));
  return m;
}

std::string OwnerAuthorization(const vault::DeviceKeys& device, const TenantId& tenant,
                               std::string_view method, std::string_view target,
                               std::string_view body, int64_t now) {
  const std::string nonce = Base64UrlEncode(crypto::RandomBytes(16));
  const std::string msg =
      OwnerSignedMessage(method, target, tenant.value(), device.id, now, nonce, body);
  const auto sig = device.signing.Sign(AsBytes(msg));
  return std::string(kOwnerAuthScheme) + " tenant=\"" + tenant.value() + "\", device=\"" +
         device.id + "\", ts=\"" + std::to_string(now) + "\", nonce=\"" + nonce + "\", sig=\"" +
         Base64UrlEncode(ByteView(sig.data(), sig.size())) + "\"";
}

Result<OwnerIdentity> OwnerAuthenticator::Authenticate(const OwnerRequest& req) {
  std::string_view h = req.authorization;
  if (h.size() > kMaxHeader || !h.starts_with(kOwnerAuthScheme) ||
      h.substr(kOwnerAuthScheme.size(), 1) != " ") {
    return Invalid();
  }
  auto p = ParseParams(h.substr(kOwnerAuthScheme.size() + 1));
  if (!p) return std::move(p).error();
  auto ts = ParseUnixSeconds((*p)["ts"]);
  const int64_t now = clock_.UnixSeconds();
  if (!ts || *ts < now - window_.count() || *ts > now + window_.count()) return Invalid();
  auto sig = Base64UrlDecode((*p)["sig"]);
  auto nonce = Base64UrlDecode((*p)["nonce"]);
  if (!sig || !nonce || nonce->size() < 16 || nonce->size() > 64) return Invalid();
  const TenantId tenant((*p)["tenant"]);
  auto keyring = tenants_.OpenForOwner(tenant);
  if (!keyring) {
    return keyring.error().code() == ErrorCode::kUnavailable ? std::move(keyring).error()
                                                             : Invalid();
  }
  vault::Vault vault(storage_, *keyring, clock_);
  auto index = vault.ReadIndex();
  if (!index) return std::move(index).error();
  const std::string& device = (*p)["device"];
  for (const vault::DeviceEntry& d : index->devices) {
    if (d.id != device) continue;
    auto raw = HexDecode(d.ed25519_public);
    auto key = raw ? crypto::Ed25519PublicKey::FromBytes(*raw)
                   : Result<crypto::Ed25519PublicKey>(raw.error());
    if (!key) return Invalid();
    const std::string msg = OwnerSignedMessage(req.method, req.target, tenant.value(), device, *ts,
                                               (*p)["nonce"], req.body);
    if (!key->Verify(AsBytes(msg), *sig).ok()) return Invalid();
    Status fresh = storage_.state().PutIfAbsent("nonces", "own/" + device + "/" + (*p)["nonce"], {},
                                                2 * window_ + std::chrono::seconds(1));
    if (!fresh.ok()) {
      return fresh.error().code() == ErrorCode::kAlreadyExists ? Invalid()
                                                               : std::move(fresh).error();
    }
    return OwnerIdentity{tenant, device};
  }
  return Invalid();
}

}  // namespace signet::notify
