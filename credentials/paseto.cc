#include "credentials/paseto.h"

#include <algorithm>
#include <array>
#include <functional>

#include "base/encoding.h"
#include "credentials/reason.h"
#include "credentials/time_format.h"
#include "crypto/blake2b.h"
#include "crypto/ed25519_verify.h"
#include "crypto/random.h"
#include "crypto/xchacha20.h"

namespace signet::credentials::paseto {
namespace {

constexpr size_t kSigSize = 64;
constexpr size_t kNonceSize = 32;
constexpr size_t kTagSize = 32;
constexpr std::string_view kEncKeyInfo = "paseto-encryption-key";
constexpr std::string_view kAuthKeyInfo = "paseto-auth-key-for-aead";

Error Fail(std::string_view why, std::string_view detail = {}) {
  return CredentialError(ErrorCode::kInvalidArgument, why, detail);
}

void AppendLe64(Bytes* out, uint64_t v) {
  v &= ~(uint64_t{1} << 63);
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Parsed splits "<header><payload>[.<footer>]" after checking the header and footer.
struct Parsed {
  Bytes payload;
  Bytes footer;
};

Result<Parsed> ParseToken(std::string_view token, std::string_view header, size_t min_payload,
                          std::optional<ByteView> expected_footer) {
  if (token.size() > kMaxTokenBytes) return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge);
  if (token.substr(0, header.size()) != header) return Fail(reason::kWrongHeader);
  const std::string_view body = token.substr(header.size());
  const size_t dot = body.find('.');
  if (dot != std::string_view::npos && body.find('.', dot + 1) != std::string_view::npos) {
    return Fail(reason::kMalformed, "too many parts");
  }
  Parsed out;
  Result<Bytes> payload = Base64UrlDecode(body.substr(0, dot));
  if (!payload) return Fail(reason::kBase64Malformed);
  if (dot != std::string_view::npos) {
    Result<Bytes> footer = Base64UrlDecode(body.substr(dot + 1));
    if (!footer || footer->empty()) return Fail(reason::kBase64Malformed, "footer");
    out.footer = *std::move(footer);
  }
  if (payload->size() < min_payload) return Fail(reason::kMalformed, "payload too short");
  if (expected_footer && !crypto::ConstantTimeEquals(out.footer, *expected_footer)) {
    return Fail(reason::kFooterMismatch);
  }
  out.payload = *std::move(payload);
  return out;
}

std::string Assemble(std::string_view header, ByteView payload, ByteView footer) {
  std::string out(header);
  out += Base64UrlEncode(payload);
  if (!footer.empty()) {
    out += '.';
    out += Base64UrlEncode(footer);
  }
  return out;
}

// Derived holds the v4.local subkeys for one nonce, wiped on destruction.
struct Derived {
  std::array<uint8_t, 56> enc{};  // Ek (32) || n2 (24)
  std::array<uint8_t, 32> auth{};
  ~Derived() {
    crypto::SecureWipe(enc.data(), enc.size());
    crypto::SecureWipe(auth.data(), auth.size());
  }
};

void DeriveKeys(ByteView key, ByteView nonce, Derived* d) {
  crypto::Blake2bHasher::Create(key, d->enc.size()).value()
      .Update(AsBytes(kEncKeyInfo)).Update(nonce).Finish(d->enc);
  crypto::Blake2bHasher::Create(key, d->auth.size()).value()
      .Update(AsBytes(kAuthKeyInfo)).Update(nonce).Finish(d->auth);
}

std::array<uint8_t, kTagSize> Mac(const Derived& d, ByteView nonce, ByteView c, ByteView footer,
                                  ByteView implicit) {
  const ByteView pieces[] = {AsBytes(kLocalHeader), nonce, c, footer, implicit};
  std::array<uint8_t, kTagSize> tag{};
  crypto::Blake2bHasher::Create(d.auth, tag.size()).value().Update(Pae(pieces)).Finish(tag);
  return tag;
}

Result<Token> VerifyPublicWith(const std::function<Status(ByteView, ByteView)>& verify,
                               std::string_view token, ByteView implicit,
                               std::optional<ByteView> expected_footer) {
  Result<Parsed> p = ParseToken(token, kPublicHeader, kSigSize, expected_footer);
  if (!p) return std::move(p).error();
  const ByteView payload(p->payload);
  const ByteView message = payload.first(payload.size() - kSigSize);
  const ByteView pieces[] = {AsBytes(kPublicHeader), message, p->footer, implicit};
  if (!verify(Pae(pieces), payload.last(kSigSize))) {
    return CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidSignature);
  }
  return Token{Bytes(message.begin(), message.end()), std::move(p->footer)};
}

// SecretString wraps an ASCII secret string in SecretBytes.
crypto::SecretBytes SecretString(std::string_view prefix, ByteView raw) {
  std::string s(prefix);
  s += Base64UrlEncode(raw);
  crypto::SecretBytes out = crypto::SecretBytes::CopyFrom(AsBytes(s));
  crypto::SecureWipe(s.data(), s.size());
  return out;
}

Result<Bytes> ParsePaserk(std::string_view paserk, std::string_view prefix, size_t size) {
  if (paserk.substr(0, prefix.size()) != prefix) return Fail(reason::kWrongHeader, "PASERK type");
  Result<Bytes> raw = Base64UrlDecode(paserk.substr(prefix.size()));
  if (!raw || raw->size() != size) return Fail(reason::kInvalidKey, "PASERK length");
  return raw;
}

// TimeClaim reads an RFC 3339 registered time claim (nullopt if absent).
Result<std::optional<int64_t>> TimeClaim(const Json& claims, std::string_view name) {
  const Json* v = Member(claims, name);
  if (v == nullptr) return std::optional<int64_t>();
  if (!v->is_string()) return Fail(reason::kMalformed, std::string(name) + " must be a string");
  Result<int64_t> t = ParseRfc3339(v->get_ref<const std::string&>());
  if (!t) return Fail(reason::kMalformed, std::string(name) + " is not RFC 3339");
  return std::optional<int64_t>(*t);
}

}  // namespace

Bytes Pae(std::span<const ByteView> pieces) {
  size_t total = 8;
  for (ByteView p : pieces) total += 8 + p.size();
  Bytes out;
  out.reserve(total);
  AppendLe64(&out, pieces.size());
  for (ByteView p : pieces) {
    AppendLe64(&out, p.size());
    out.insert(out.end(), p.begin(), p.end());
  }
  return out;
}

std::string SignPublic(const crypto::Ed25519PrivateKey& key, ByteView message, ByteView footer,
                       ByteView implicit_assertion) {
  const ByteView pieces[] = {AsBytes(kPublicHeader), message, footer, implicit_assertion};
  const crypto::Ed25519Signature sig = key.Sign(Pae(pieces));
  Bytes payload(message.begin(), message.end());
  payload.insert(payload.end(), sig.begin(), sig.end());
  return Assemble(kPublicHeader, payload, footer);
}

Result<Token> VerifyPublic(const crypto::Ed25519PublicKey& key, std::string_view token,
                           ByteView implicit_assertion, std::optional<ByteView> expected_footer) {
  return VerifyPublicWith([&](ByteView m2, ByteView sig) { return key.Verify(m2, sig); }, token,
                          implicit_assertion, expected_footer);
}

Result<Token> VerifyPublicEncodedKey(ByteView public_key, std::string_view token,
                                     ByteView implicit_assertion,
                                     std::optional<ByteView> expected_footer) {
  return VerifyPublicWith(
      [&](ByteView m2, ByteView sig) { return crypto::Ed25519VerifyEncodedKey(public_key, m2, sig); },
      token, implicit_assertion, expected_footer);
}

Result<LocalKey> LocalKey::FromBytes(const crypto::SecretBytes& key) {
  if (key.size() != kSize) return Fail(reason::kInvalidKey, "v4.local keys are 32 bytes");
  return LocalKey(key.Clone(crypto::SecretAccess::Get()));
}

LocalKey LocalKey::Generate() { return LocalKey(crypto::RandomSecret(kSize)); }

std::string Encrypt(const LocalKey& key, ByteView message, ByteView footer,
                    ByteView implicit_assertion) {
  const Bytes nonce = crypto::RandomBytes(kNonceSize);
  return EncryptWithNonce(key, nonce, message, footer, implicit_assertion).value();
}

Result<std::string> EncryptWithNonce(const LocalKey& key, ByteView nonce, ByteView message,
                                     ByteView footer, ByteView implicit_assertion) {
  if (nonce.size() != kNonceSize) return InvalidArgument("v4.local nonce must be 32 bytes");
  Derived d;
  DeriveKeys(key.key_.Reveal(crypto::SecretAccess::Get()), nonce, &d);
  Bytes payload(nonce.begin(), nonce.end());
  payload.resize(kNonceSize + message.size());
  const ByteView enc(d.enc);
  if (Status s = crypto::XChaCha20Xor(enc.first(32), enc.subspan(32), message,
                                      std::span<uint8_t>(payload).subspan(kNonceSize));
      !s) {
    return std::move(s).error();
  }
  const std::array<uint8_t, kTagSize> tag =
      Mac(d, nonce, ByteView(payload).subspan(kNonceSize), footer, implicit_assertion);
  payload.insert(payload.end(), tag.begin(), tag.end());
  return Assemble(kLocalHeader, payload, footer);
}

Result<Token> Decrypt(const LocalKey& key, std::string_view token, ByteView implicit_assertion,
                      std::optional<ByteView> expected_footer) {
  Result<Parsed> p = ParseToken(token, kLocalHeader, kNonceSize + kTagSize, expected_footer);
  if (!p) return std::move(p).error();
  const ByteView payload(p->payload);
  const ByteView nonce = payload.first(kNonceSize);
  const ByteView c = payload.subspan(kNonceSize, payload.size() - kNonceSize - kTagSize);
  Derived d;
  DeriveKeys(key.key_.Reveal(crypto::SecretAccess::Get()), nonce, &d);
  const std::array<uint8_t, kTagSize> tag = Mac(d, nonce, c, p->footer, implicit_assertion);
  if (!crypto::ConstantTimeEquals(tag, payload.last(kTagSize))) {
    return CredentialError(ErrorCode::kUnauthenticated, reason::kInvalidSignature);
  }
  Token out{Bytes(c.size()), std::move(p->footer)};
  const ByteView enc(d.enc);
  if (Status s = crypto::XChaCha20Xor(enc.first(32), enc.subspan(32), c, out.message); !s) {
    return std::move(s).error();
  }
  return out;
}

std::string PaserkPublic(const crypto::Ed25519PublicKey& key) {
  return "k4.public." + Base64UrlEncode(key.bytes());
}

Result<crypto::Ed25519PublicKey> ParsePaserkPublic(std::string_view paserk) {
  Result<Bytes> raw = ParsePaserk(paserk, "k4.public.", 32);
  if (!raw) return std::move(raw).error();
  Result<crypto::Ed25519PublicKey> key = crypto::Ed25519PublicKey::FromBytes(*raw);
  if (!key) return Fail(reason::kInvalidKey);
  return key;
}

crypto::SecretBytes PaserkSecret(const crypto::Ed25519PrivateKey& key) {
  const crypto::SecretAccess access = crypto::SecretAccess::Get();
  crypto::SecretBytes seed = key.ExportSeed(access);
  crypto::SecretBytes sk(64);
  std::copy(seed.Reveal(access).begin(), seed.Reveal(access).end(), sk.MutableData(access));
  std::copy(key.public_key().bytes().begin(), key.public_key().bytes().end(),
            sk.MutableData(access) + 32);
  return SecretString("k4.secret.", sk.Reveal(access));
}

Result<crypto::Ed25519PrivateKey> ParsePaserkSecret(std::string_view paserk) {
  Result<Bytes> raw = ParsePaserk(paserk, "k4.secret.", 64);
  if (!raw) return std::move(raw).error();
  crypto::SecretBytes seed = crypto::SecretBytes::CopyFrom(ByteView(*raw).first(32));
  Result<crypto::Ed25519PrivateKey> key = crypto::Ed25519PrivateKey::FromSeed(seed);
  const bool matches =
      key && std::equal(raw->begin() + 32, raw->end(), key->public_key().bytes().begin());
  crypto::SecureWipe(raw->data(), raw->size());
  if (!matches) return Fail(reason::kInvalidKey, "public half does not match the seed");
  return key;
}

crypto::SecretBytes PaserkLocal(const LocalKey& key) {
  const crypto::SecretAccess access = crypto::SecretAccess::Get();
  return SecretString("k4.local.", key.Export(access).Reveal(access));
}

Result<LocalKey> ParsePaserkLocal(std::string_view paserk) {
  Result<Bytes> raw = ParsePaserk(paserk, "k4.local.", 32);
  if (!raw) return std::move(raw).error();
  crypto::SecretBytes key = crypto::SecretBytes::CopyFrom(*raw);
  crypto::SecureWipe(raw->data(), raw->size());
  return LocalKey::FromBytes(key);
}

Result<Json> ParseClaims(ByteView message, const ClaimsCheck& check) {
  Result<Json> claims = ParseJson(AsStringView(message), check.json);
  if (!claims) return std::move(claims).error();
  if (Status s = CheckClaims(*claims, check); !s) return std::move(s).error();
  return claims;
}

Status CheckClaims(const Json& claims, const ClaimsCheck& check) {
  if (!claims.is_object()) return Fail(reason::kMalformed, "claims must be an object");
  for (const char* name : {"iss", "sub", "aud", "jti"}) {
    if (claims.contains(name) && !claims[name].is_string()) {
      return Fail(reason::kMalformed, std::string(name) + " must be a string");
    }
  }
  Result<std::optional<int64_t>> exp = TimeClaim(claims, "exp");
  Result<std::optional<int64_t>> nbf = TimeClaim(claims, "nbf");
  Result<std::optional<int64_t>> iat = TimeClaim(claims, "iat");
  if (!exp) return std::move(exp).error();
  if (!nbf) return std::move(nbf).error();
  if (!iat) return std::move(iat).error();
  const int64_t now = check.clock->UnixSeconds();
  const int64_t skew = check.clock_skew_seconds;
  if (!*exp && check.require_expiration) return Fail(reason::kMissingClaim, "exp");
  if (*exp && now > **exp + skew) return Fail(reason::kExpired);
  if (*nbf && now + skew < **nbf) return Fail(reason::kNotYetValid);
  if (*iat && now + skew < **iat) return Fail(reason::kIssuedInFuture);
  const std::string* aud = StringMember(claims, "aud");
  if (check.audience && (aud == nullptr || *aud != *check.audience)) {
    return Fail(reason::kAudienceMismatch);
  }
  const std::string* iss = StringMember(claims, "iss");
  if (check.issuer && (iss == nullptr || *iss != *check.issuer)) {
    return CredentialError(ErrorCode::kUnauthenticated, reason::kUnknownIssuer);
  }
  return OkStatus();
}

}  // namespace signet::credentials::paseto
