#include "notify/signing.h"

#include "base/encoding.h"
#include "crypto/hmac.h"
#include "crypto/random.h"

namespace signet::notify {

using crypto::SecretAccess;
using crypto::SecretBytes;

Result<WebhookSecret> WebhookSecret::FromBytes(SecretBytes key) {
  if (key.size() < kMinSecretBytes || key.size() > kMaxSecretBytes) {
    return InvalidArgument("webhook secret must be 24..64 bytes");
  }
  return WebhookSecret(std::move(key));
}

Result<WebhookSecret> WebhookSecret::Parse(std::string_view text) {
  if (text.starts_with(kSecretPrefix)) text.remove_prefix(kSecretPrefix.size());
  auto raw = Base64Decode(text);
  if (!raw) return InvalidArgument("webhook secret must be whsec_ followed by base64");
  SecretBytes key = SecretBytes::CopyFrom(*raw);
  crypto::SecureWipe(raw->data(), raw->size());
  return FromBytes(std::move(key));
}

WebhookSecret WebhookSecret::Generate() { return WebhookSecret(crypto::RandomSecret(32)); }

std::string WebhookSecret::Encode(SecretAccess access) const {
  return std::string(kSecretPrefix) + Base64Encode(key_.Reveal(access));
}

WebhookSecret WebhookSecret::Clone() const {
  return WebhookSecret(key_.Clone(SecretAccess::Get()));
}

std::string WebhookSecret::Sign(std::string_view id, int64_t timestamp,
                                std::string_view body) const {
  std::string message;
  message.reserve(id.size() + body.size() + 24);
  message.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  const auto mac = crypto::HmacSha256(key_.Reveal(SecretAccess::Get()), AsBytes(message));
  return "v1," + Base64Encode(ByteView(mac.data(), mac.size()));
}

std::string SignatureHeader(std::span<const WebhookSecret> secrets, std::string_view id,
                            int64_t timestamp, std::string_view body) {
  std::string header;
  for (const WebhookSecret& s : secrets) {
    if (!header.empty()) header += ' ';
    header += s.Sign(id, timestamp, body);
  }
  return header;
}

bool ValidWebhookId(std::string_view id) {
  if (id.empty() || id.size() > kMaxWebhookIdBytes) return false;
  for (char c : id) {
    if (c <= 0x20 || c > 0x7e) return false;
  }
  return true;
}

Result<int64_t> ParseUnixSeconds(std::string_view text) {
  if (text.empty() || text.size() > 12) return InvalidArgument("invalid timestamp");
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return InvalidArgument("invalid timestamp");
    v = v * 10 + (c - '0');
  }
  return v;
}

Status VerifyWebhook(std::span<const WebhookSecret> secrets, const WebhookHeaders& headers,
                     std::string_view body, int64_t now, int64_t tolerance_seconds) {
  if (!ValidWebhookId(headers.id)) return InvalidArgument("invalid webhook-id");
  auto ts = ParseUnixSeconds(headers.timestamp);
  if (!ts) return InvalidArgument("invalid webhook-timestamp");
  if (*ts < now - tolerance_seconds || *ts > now + tolerance_seconds) {
    return Unauthenticated("timestamp outside tolerance");
  }
  std::vector<std::string> expected;
  for (const WebhookSecret& s : secrets) expected.push_back(s.Sign(headers.id, *ts, body));
  bool match = false;
  size_t count = 0;
  std::string_view rest = headers.signature;
  while (!rest.empty() && count < kMaxSignatures) {
    const size_t sp = rest.find(' ');
    const std::string_view item = rest.substr(0, sp);
    rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    if (item.empty()) continue;
    ++count;
    if (!item.starts_with("v1,")) continue;  // other schemes (v1a) are ignored
    for (const std::string& e : expected)
      match |= crypto::ConstantTimeEquals(AsBytes(item), AsBytes(e));
  }
  if (!match) return Unauthenticated("invalid signature");
  return OkStatus();
}

}  // namespace signet::notify
