#pragma once

// Standard Webhooks signatures (https://www.standardwebhooks.com/, spec "Signature scheme"):
//
//   webhook-id:        a unique message id, the same on every retry (idempotency key)
//   webhook-timestamp: integer Unix seconds of this attempt
//   webhook-signature: "v1,<base64(HMAC-SHA256(key, id + "." + timestamp + "." + body))>",
//                      several space-separated when more than one secret is active (rotation)
//
// A secret is written "whsec_" + standard base64 of 24..64 random bytes. Verification accepts a
// message when any "v1" signature matches any active secret, compared in constant time, and the
// timestamp is within the tolerance either way. Used both for webhooks we send and for the
// approver's callbacks we receive (signed with the per-request callback secret).

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::notify {

inline constexpr std::string_view kSecretPrefix = "whsec_";
inline constexpr size_t kMinSecretBytes = 24;
inline constexpr size_t kMaxSecretBytes = 64;
inline constexpr size_t kMaxWebhookIdBytes = 128;
inline constexpr size_t kMaxSignatures = 8;

// WebhookSecret is one HMAC key. Move-only; never printed.
class WebhookSecret {
 public:
  // Parse reads "whsec_<base64>" (the prefix may be omitted). InvalidArgument on bad base64 or a
  // key outside 24..64 bytes; the message never echoes the input.
  static Result<WebhookSecret> Parse(std::string_view text);
  // Generate makes a 32-byte secret from the CSPRNG.
  static WebhookSecret Generate();
  // FromBytes wraps raw key bytes (24..64).
  static Result<WebhookSecret> FromBytes(crypto::SecretBytes key);

  // Encode renders "whsec_<base64>" (secret: only for sealed storage or the approver).
  std::string Encode(crypto::SecretAccess access) const;
  // Sign returns "v1,<base64 signature>" of (id, timestamp, body).
  std::string Sign(std::string_view id, int64_t timestamp, std::string_view body) const;
  WebhookSecret Clone() const;

 private:
  explicit WebhookSecret(crypto::SecretBytes key) : key_(std::move(key)) {}
  crypto::SecretBytes key_;
};

// SignatureHeader returns the webhook-signature value: one "v1,..." per secret, space-separated.
std::string SignatureHeader(std::span<const WebhookSecret> secrets, std::string_view id,
                            int64_t timestamp, std::string_view body);

// WebhookHeaders are the three header values of a received message.
struct WebhookHeaders {
  std::string_view id;
  std::string_view timestamp;
  std::string_view signature;
};

// VerifyWebhook checks a received message against the active `secrets`: id 1..128 printable
// ASCII, timestamp an integer within `tolerance_seconds` of `now` (Unix seconds), and one v1
// signature that matches. Unauthenticated("invalid signature") for a bad or missing signature,
// InvalidArgument for malformed headers, Unauthenticated("timestamp outside tolerance").
Status VerifyWebhook(std::span<const WebhookSecret> secrets, const WebhookHeaders& headers,
                     std::string_view body, int64_t now, int64_t tolerance_seconds);

// ValidWebhookId reports whether `id` is 1..128 printable ASCII characters without spaces.
bool ValidWebhookId(std::string_view id);

// ParseUnixSeconds reads a decimal integer timestamp (no sign, at most 12 digits).
Result<int64_t> ParseUnixSeconds(std::string_view text);

}  // namespace signet::notify
