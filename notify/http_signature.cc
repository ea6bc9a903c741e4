#include "notify/http_signature.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "base/encoding.h"
#include "crypto/ed25519_verify.h"
#include "crypto/sha2.h"
#include "notify/http_signature_fields.h"

namespace signet::notify {
namespace {

constexpr int64_t kSkewSeconds = 60;
constexpr int64_t kMaxValiditySeconds = 300;
constexpr size_t kMaxNonce = 128;
constexpr size_t kMaxKeyId = 128;
constexpr std::string_view kAlg = "ed25519";
constexpr std::string_view kLabel = "sig1";
// A nonce is kept until no signature carrying it can be accepted any more: created lies within
// 60 s of the checking replica's clock, so at most 120 s plus the clock spread between replicas.
constexpr auto kNonceTtl = std::chrono::seconds(kMaxValiditySeconds + kSkewSeconds + 5);

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool NameIs(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() && std::equal(a.begin(), a.end(), lower.begin(),
                                                [](char x, char y) { return Lower(x) == y; });
}

// FieldValues returns every field line named `lower` (compared case-insensitively).
std::vector<std::string_view> FieldValues(std::span<const HttpField> fields,
                                          std::string_view lower) {
  std::vector<std::string_view> out;
  for (const auto& [name, value] : fields) {
    if (NameIs(name, lower)) out.emplace_back(value);
  }
  return out;
}

Result<std::string_view> OneField(std::span<const HttpField> fields, std::string_view lower) {
  auto values = FieldValues(fields, lower);
  if (values.size() != 1) return InvalidArgument("missing or repeated " + std::string(lower));
  return values[0];
}

std::string_view Trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return v;
}

// IsFieldComponent reports whether `name` is a lower-case field name (RFC 9421 §2.1).
bool IsFieldComponent(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// ComponentValue derives one covered component (RFC 9421 §2.1, §2.2.1, §2.2.2).
Result<std::string> ComponentValue(const SignedRequest& req, std::string_view name) {
  if (name == "@method") return std::string(req.method);
  if (name == "@target-uri") return std::string(req.target_uri);
  if (!IsFieldComponent(name)) return InvalidArgument("unsupported component");
  auto value = OneField(req.fields, name);
  if (!value) return std::move(value).error();
  return std::string(Trim(*value));
}

// SignatureBase builds the RFC 9421 §2.5 signature base.
Result<std::string> SignatureBase(const SignedRequest& req, const SignatureInputMember& in) {
  std::string base;
  for (const std::string& component : in.components) {
    auto value = ComponentValue(req, component);
    if (!value) return std::move(value).error();
    base += "\"" + component + "\": " + *value + "\n";
  }
  return base + "\"@signature-params\": " + SerializeSignatureParams(in);
}

std::vector<std::string> ExpectedComponents(const HttpSignatureProfile& p, const SignedRequest& r) {
  std::vector<std::string> want(p.components.begin(), p.components.end());
  if (CoversContentDigest(p, r.method, r.body)) want.emplace_back("content-digest");
  return want;
}

// CheckCoverage requires exactly the profile's components, each once, in any order.
Status CheckCoverage(const HttpSignatureProfile& p, const SignedRequest& r,
                     const SignatureInputMember& in) {
  std::vector<std::string> want = ExpectedComponents(p, r);
  std::vector<std::string> got = in.components;
  std::sort(want.begin(), want.end());
  std::sort(got.begin(), got.end());
  if (got != want) return InvalidArgument("covered components differ from the profile");
  return OkStatus();
}

// CheckedParams are the parameters of a signature that passed CheckParams.
struct CheckedParams {
  std::string nonce;
  std::string keyid;
};

Result<CheckedParams> CheckParams(const HttpSignatureProfile& p, const SignatureInputMember& in,
                                  int64_t now) {
  std::optional<int64_t> created, expires;
  std::optional<std::string> nonce, keyid, alg, tag;
  for (const auto& [key, value] : in.params) {
    const int64_t* n = std::get_if<int64_t>(&value);
    const std::string* s = std::get_if<std::string>(&value);
    if (key == "created" && n) {
      created = *n;
    } else if (key == "expires" && n) {
      expires = *n;
    } else if (key == "nonce" && s) {
      nonce = *s;
    } else if (key == "keyid" && s) {
      keyid = *s;
    } else if (key == "alg" && s) {
      alg = *s;
    } else if (key == "tag" && s) {
      tag = *s;
    } else {
      return InvalidArgument("unexpected parameter " + key.substr(0, 16));
    }
  }
  if (alg != kAlg) return InvalidArgument("alg must be ed25519");
  if (tag ? (p.tag.empty() || *tag != p.tag) : p.tag_required) {
    return InvalidArgument("tag is not this profile's");
  }
  if (!created || *created > now + kSkewSeconds || *created < now - kSkewSeconds) {
    return InvalidArgument("created outside the accepted window");
  }
  if (!expires || *expires <= now || *expires - *created > kMaxValiditySeconds) {
    return InvalidArgument("expired or too long-lived");
  }
  if (!nonce || nonce->empty() || nonce->size() > kMaxNonce) return InvalidArgument("bad nonce");
  if (!keyid || keyid->empty() || keyid->size() > kMaxKeyId) return InvalidArgument("bad keyid");
  return CheckedParams{std::move(*nonce), std::move(*keyid)};
}

// CheckContentDigest verifies Content-Digest against the body whenever it is covered or sent.
Status CheckContentDigest(const SignedRequest& r, bool covered) {
  auto values = FieldValues(r.fields, "content-digest");
  if (values.empty()) {
    return covered ? InvalidArgument("no Content-Digest") : OkStatus();
  }
  if (values.size() > 1) return InvalidArgument("repeated Content-Digest");
  auto got = ParseContentDigestSha256(values[0]);
  if (!got) return std::move(got).error();
  const crypto::Sha256Digest want = crypto::Sha256(AsBytes(r.body));
  if (!std::equal(got->begin(), got->end(), want.begin(), want.end())) {
    return InvalidArgument("Content-Digest sha-256 does not match the body");
  }
  return OkStatus();
}

// Checked is a request whose signature is ready to verify.
struct Checked {
  CheckedParams params;
  Bytes signature;
  std::string base;
};

Result<Checked> Check(const SignedRequest& r, const HttpSignatureProfile& p, int64_t now) {
  auto input = OneField(r.fields, "signature-input");
  if (!input) return std::move(input).error();
  auto in = ParseSignatureInput(*input);
  if (!in) return std::move(in).error();
  if (Status s = CheckCoverage(p, r, *in); !s.ok()) return std::move(s).error();
  auto params = CheckParams(p, *in, now);
  if (!params) return std::move(params).error();
  if (Status s = CheckContentDigest(r, CoversContentDigest(p, r.method, r.body)); !s.ok()) {
    return std::move(s).error();
  }
  auto field = OneField(r.fields, "signature");
  if (!field) return std::move(field).error();
  auto sig = ParseSignatureField(*field, in->label);
  if (!sig) return std::move(sig).error();
  if (sig->size() != 64) return InvalidArgument("the signature is not 64 bytes");
  auto base = SignatureBase(r, *in);
  if (!base) return std::move(base).error();
  return Checked{std::move(*params), std::move(*sig), std::move(*base)};
}

Error Refuse(const HttpSignatureProfile& p, std::string reason) {
  return Error(ErrorCode::kUnauthenticated, std::string(p.refusal), std::move(reason));
}

}  // namespace

bool CoversContentDigest(const HttpSignatureProfile& p, std::string_view method,
                         std::string_view body) {
  if (!body.empty()) return true;
  return p.content_digest == ContentDigestRule::kWithBodyOrUnsafeMethod && method != "GET" &&
         method != "HEAD";
}

std::string ContentDigest(std::string_view body) {
  return "sha-256=:" + Base64Encode(crypto::Sha256(AsBytes(body))) + ":";
}

Result<VerifiedHttpSignature> VerifyHttpMessageSignature(const SignedRequest& req,
                                                         const HttpSignatureProfile& profile,
                                                         const HttpSignatureKeyLookup& lookup,
                                                         int64_t now, storage::StateStore& replay) {
  auto checked = Check(req, profile, now);
  if (!checked) return Refuse(profile, checked.error().message());
  auto key = lookup(checked->params.keyid);
  if (!key) {
    if (key.error().code() != ErrorCode::kUnauthenticated) return std::move(key).error();
    return Refuse(profile, "key lookup: " + key.error().message());
  }
  if (!crypto::Ed25519VerifyEncodedKey(*key, AsBytes(checked->base), checked->signature).ok()) {
    return Refuse(profile, "signature does not verify");
  }
  const std::string nonce_key = "sig:" + checked->params.keyid + ":" +
                                HexEncode(crypto::Sha256(AsBytes(checked->params.nonce)));
  Status fresh = replay.PutIfAbsent(storage::ns::kNonces, nonce_key, AsBytes("1"), kNonceTtl);
  if (!fresh.ok()) {
    if (fresh.error().code() == ErrorCode::kAlreadyExists) return Refuse(profile, "nonce replayed");
    return std::move(fresh).error();
  }
  return VerifiedHttpSignature(std::move(checked->params.keyid));
}

Result<HttpFieldList> SignHttpRequest(const SignedRequest& req, const HttpSignatureProfile& profile,
                                      const HttpSignatureParams& params,
                                      const crypto::Ed25519PrivateKey& key) {
  if (!IsSfStringContent(params.nonce) || !IsSfStringContent(params.keyid)) {
    return InvalidArgument("nonce and keyid must be printable ASCII");
  }
  HttpFieldList added;
  HttpFieldList fields(req.fields.begin(), req.fields.end());
  if (CoversContentDigest(profile, req.method, req.body)) {
    added.emplace_back("Content-Digest", ContentDigest(req.body));
    fields.push_back(added.back());
  }
  SignatureInputMember in;
  in.label = kLabel;
  for (const std::string& c : ExpectedComponents(profile, req)) in.components.push_back(c);
  in.params = {{"created", params.created},
               {"expires", params.expires},
               {"nonce", params.nonce},
               {"keyid", params.keyid},
               {"alg", std::string(kAlg)}};
  if (!profile.tag.empty()) in.params.emplace_back("tag", std::string(profile.tag));
  SignedRequest all = req;
  all.fields = fields;
  auto base = SignatureBase(all, in);
  if (!base) return std::move(base).error();
  const crypto::Ed25519Signature sig = key.Sign(AsBytes(*base));
  added.emplace_back("Signature-Input", std::string(kLabel) + "=" + SerializeSignatureParams(in));
  added.emplace_back("Signature", std::string(kLabel) + "=:" + Base64Encode(sig) + ":");
  return added;
}

std::string AcceptSignature(const HttpSignatureProfile& profile, std::string_view method,
                            std::string_view body) {
  SignatureInputMember in;
  SignedRequest r{method, "", {}, body};
  for (const std::string& c : ExpectedComponents(profile, r)) in.components.push_back(c);
  in.params = {{"alg", std::string(kAlg)}};
  if (!profile.tag.empty()) in.params.emplace_back("tag", std::string(profile.tag));
  return std::string(kLabel) + "=" + SerializeSignatureParams(in);
}

Result<std::string> HttpSignatureBaseForTesting(const SignedRequest& req) {
  auto input = OneField(req.fields, "signature-input");
  if (!input) return std::move(input).error();
  auto in = ParseSignatureInput(*input);
  if (!in) return std::move(in).error();
  return SignatureBase(req, *in);
}

}  // namespace signet::notify
