#include "notify/callback.h"

#include "base/encoding.h"
#include "crypto/sealed_box.h"
#include "notify/json_util.h"
#include "notify/records.h"

namespace signet::notify {
namespace {

using internal::Fields;
using internal::json;

constexpr size_t kMaxItemBytes = kMaxLabelBytes + 24;
constexpr size_t kMaxSealedBytes = 256;

Bytes KeyAad(std::string_view request_id, std::string_view item) {
  Bytes aad(kReleaseKeyAad.begin(), kReleaseKeyAad.end());
  aad.push_back(0);
  Append(&aad, AsBytes(request_id));
  aad.push_back(0);
  Append(&aad, AsBytes(item));
  return aad;
}

void AppendString(Bytes* out, std::string_view s) {
  AppendU32BE(out, static_cast<uint32_t>(s.size()));
  Append(out, AsBytes(s));
}

Result<std::vector<std::string>> ParseItems(const json& arr, const std::string& path) {
  std::vector<std::string> out;
  for (const json& v : arr) {
    if (!v.is_string() || v.get_ref<const std::string&>().empty() ||
        v.get_ref<const std::string&>().size() > kMaxItemBytes) {
      return InvalidArgument(path + ": items must be non-empty strings");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<DeviceRelease> ParseDevice(const json& j) {
  auto f = Fields::Open(j, "/device", {"id", "keys", "signature"});
  if (!f) return std::move(f).error();
  auto id = f->String("id", 64);
  auto keys = f->Array("keys", kMaxScopeItems);
  auto sig = f->String("signature", 128);
  if (Status s = internal::FirstError(id, keys, sig); !s.ok()) return std::move(s).error();
  DeviceRelease d;
  d.device_id = *id;
  auto raw_sig = Base64UrlDecode(*sig);
  if (!raw_sig || raw_sig->size() != d.signature.size()) {
    return f->ErrorAt("signature", "must be a base64url Ed25519 signature");
  }
  std::copy(raw_sig->begin(), raw_sig->end(), d.signature.begin());
  for (size_t i = 0; i < (*keys)->size(); ++i) {
    auto kf = Fields::Open((**keys)[i], "/device/keys/" + std::to_string(i), {"item", "sealed"});
    if (!kf) return std::move(kf).error();
    auto item = kf->String("item", kMaxItemBytes);
    auto sealed = kf->String("sealed", 2 * kMaxSealedBytes);
    if (Status s = internal::FirstError(item, sealed); !s.ok()) return std::move(s).error();
    auto box = Base64UrlDecode(*sealed);
    if (!box || box->size() > kMaxSealedBytes) return kf->ErrorAt("sealed", "malformed");
    d.keys.push_back({*item, std::move(*box)});
  }
  return d;
}

}  // namespace

std::string_view CallbackDecisionName(CallbackDecision d) {
  switch (d) {
    case CallbackDecision::kApprove:
      return "approve";
    case CallbackDecision::kDeny:
      return "deny";
    case CallbackDecision::kModify:
      return "modify";
  }
  return "deny";
}

Result<CallbackBody> ParseCallbackBody(std::string_view text) {
  auto doc = internal::ParseStrictJson(text, kMaxCallbackBytes, 8);
  if (!doc) return std::move(doc).error();
  auto f =
      Fields::Open(*doc, "", {"request_id", "decision", "scope", "note", "remember", "device"});
  if (!f) return std::move(f).error();
  CallbackBody b;
  auto id = f->String("request_id", 64);
  auto decision = f->String("decision", 16);
  auto note = f->OptString("note", kMaxReasonBytes);
  auto remember = f->OptBool("remember");
  if (Status s = internal::FirstError(id, decision, note, remember); !s.ok()) {
    return std::move(s).error();
  }
  b.request_id = *id;
  if (*decision == "approve") {
    b.decision = CallbackDecision::kApprove;
  } else if (*decision == "deny") {
    b.decision = CallbackDecision::kDeny;
  } else if (*decision == "modify") {
    b.decision = CallbackDecision::kModify;
  } else {
    return f->ErrorAt("decision", "must be approve, deny or modify");
  }
  if (!IsValidUtf8(*note)) return f->ErrorAt("note", "must be UTF-8");
  b.note = *note;
  b.remember = *remember;
  if ((b.decision == CallbackDecision::kModify) != f->Has("scope")) {
    return f->ErrorAt("scope", "is required for modify and only there");
  }
  if (f->Has("scope")) {
    auto arr = f->Array("scope", kMaxScopeItems);
    if (!arr) return std::move(arr).error();
    auto items = ParseItems(**arr, f->Member("scope"));
    if (!items) return std::move(items).error();
    b.scope = std::move(*items);
  }
  if (f->Has("device")) {
    auto dev = f->Get("device");
    auto d = ParseDevice(**dev);
    if (!d) return std::move(d).error();
    b.device = std::move(*d);
  }
  return b;
}

std::string CallbackBodyToJson(const CallbackBody& b) {
  json j{{"request_id", b.request_id}, {"decision", CallbackDecisionName(b.decision)}};
  if (b.decision == CallbackDecision::kModify) j["scope"] = b.scope;
  if (!b.note.empty()) j["note"] = b.note;
  if (b.remember) j["remember"] = true;
  if (b.device) {
    json keys = json::array();
    for (const ReleasedKey& k : b.device->keys) {
      keys.push_back(json{{"item", k.item}, {"sealed", Base64UrlEncode(k.sealed)}});
    }
    j["device"] =
        json{{"id", b.device->device_id},
             {"keys", std::move(keys)},
             {"signature",
              Base64UrlEncode(ByteView(b.device->signature.data(), b.device->signature.size()))}};
  }
  return internal::Dump(j);
}

Bytes DeviceSignedMessage(const CallbackBody& body, const std::vector<std::string>& granted,
                          ByteView ephemeral_public, int64_t deadline) {
  Bytes m(kDeviceSignatureLabel.begin(), kDeviceSignatureLabel.end());
  m.push_back(0);
  AppendString(&m, body.request_id);
  m.push_back(static_cast<uint8_t>(body.decision));
  AppendU32BE(&m, static_cast<uint32_t>(granted.size()));
  for (const std::string& g : granted) AppendString(&m, g);
  const size_t nkeys = body.device ? body.device->keys.size() : 0;
  AppendU32BE(&m, static_cast<uint32_t>(nkeys));
  for (size_t i = 0; i < nkeys; ++i) {
    AppendString(&m, body.device->keys[i].item);
    AppendString(&m, AsStringView(body.device->keys[i].sealed));
  }
  AppendString(&m, body.note);
  m.push_back(body.remember ? 1 : 0);
  Append(&m, ephemeral_public);
  AppendU64BE(&m, static_cast<uint64_t>(deadline));
  AppendString(&m, body.device ? body.device->device_id : "");
  return m;
}

Result<Bytes> SealReleasedKey(const crypto::X25519PublicKey& ephemeral, std::string_view request_id,
                              std::string_view item, const crypto::SecretBytes& key) {
  return crypto::SealedBoxSeal(ephemeral, key.Reveal(crypto::SecretAccess::Get()),
                               KeyAad(request_id, item));
}

Result<crypto::SecretBytes> OpenReleasedKey(const crypto::X25519PrivateKey& ephemeral,
                                            std::string_view request_id, std::string_view item,
                                            ByteView sealed) {
  auto key = crypto::SealedBoxOpen(ephemeral, sealed, KeyAad(request_id, item));
  if (!key || key->size() != 32) return DataLoss("released key does not open");
  return key;
}

}  // namespace signet::notify
