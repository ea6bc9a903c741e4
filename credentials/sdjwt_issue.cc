#include "credentials/sdjwt_issue.h"

#include <algorithm>

#include "base/encoding.h"
#include "crypto/random.h"
#include "crypto/sha2.h"

namespace signet::credentials::sdjwt {
namespace {

constexpr size_t kMaxDecoys = 64;
constexpr const char* kRegistered[] = {"iss", "nbf", "exp", "cnf", "vct", "vct#integrity",
                                       "status", "iat", "sub", "_sd", "_sd_alg", "..."};

std::string DecoyDigest() {
  return Base64UrlEncode(crypto::Sha256(AsBytes(RandomSalt())));
}

// Packer applies a frame to a claims value, collecting disclosures.
class Packer {
 public:
  explicit Packer(const SaltSource& salts) : salts_(salts) {}

  Result<Json> Pack(const Json& value, const DisclosureFrame& frame) {
    if (value.is_object()) return PackObject(value, frame);
    if (value.is_array()) return PackArray(value, frame);
    if (!frame.sd.empty() || !frame.sd_items.empty() || !frame.properties.empty() ||
        !frame.items.empty() || frame.decoys > 0) {
      return InvalidArgument("disclosure frame applied to a scalar claim");
    }
    return value;
  }

  std::vector<Disclosure> TakeDisclosures() { return std::move(disclosures_); }

 private:
  Result<Json> PackObject(const Json& obj, const DisclosureFrame& frame) {
    // (`items` may mirror numeric property names of a parsed frame; objects use `properties`.)
    if (!frame.sd_items.empty()) return InvalidArgument("array indexes in the frame of an object");
    if (frame.decoys > kMaxDecoys) return InvalidArgument("too many decoys");
    for (const auto& [name, sub] : frame.properties) {
      if (!obj.contains(name)) return InvalidArgument("frame names a missing claim: " + name);
    }
    Json out = Json::object();
    std::vector<std::string> digests;
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      auto sub = frame.properties.find(it.key());
      Result<Json> v = sub == frame.properties.end() ? Result<Json>(it.value())
                                                      : Pack(it.value(), sub->second);
      if (!v) return std::move(v).error();
      if (std::find(frame.sd.begin(), frame.sd.end(), it.key()) == frame.sd.end()) {
        out[it.key()] = *std::move(v);
        continue;
      }
      Result<Disclosure> d = MakeDisclosure(salts_(), it.key(), *std::move(v));
      if (!d) return std::move(d).error();
      digests.push_back(d->digest);
      disclosures_.push_back(*std::move(d));
    }
    for (const std::string& name : frame.sd) {
      if (!obj.contains(name)) return InvalidArgument("frame names a missing claim: " + name);
    }
    for (size_t i = 0; i < frame.decoys; ++i) digests.push_back(DecoyDigest());
    if (!digests.empty()) {
      // Sorted, so the order reveals nothing about which claims or decoys are where (§4.2.4.1).
      std::sort(digests.begin(), digests.end());
      out[std::string(kDigestsKey)] = digests;
    }
    return out;
  }

  Result<Json> PackArray(const Json& arr, const DisclosureFrame& frame) {
    if (!frame.sd.empty()) return InvalidArgument("property names in the frame of an array");
    for (const auto& [name, sub] : frame.properties) {
      const bool mirrored = std::any_of(frame.items.begin(), frame.items.end(),
                                        [&](const auto& item) { return std::to_string(item.first) == name; });
      if (!mirrored) return InvalidArgument("property names in the frame of an array");
    }
    for (const auto& [index, sub] : frame.items) {
      if (index >= arr.size()) return InvalidArgument("frame index out of range");
    }
    if (frame.decoys > kMaxDecoys) return InvalidArgument("too many decoys");
    for (size_t i : frame.sd_items) {
      if (i >= arr.size()) return InvalidArgument("frame index out of range");
    }
    Json out = Json::array();
    for (size_t i = 0; i < arr.size(); ++i) {
      auto sub = frame.items.find(i);
      Result<Json> v = sub == frame.items.end() ? Result<Json>(arr[i]) : Pack(arr[i], sub->second);
      if (!v) return std::move(v).error();
      if (std::find(frame.sd_items.begin(), frame.sd_items.end(), i) == frame.sd_items.end()) {
        out.push_back(*std::move(v));
        continue;
      }
      Result<Disclosure> d = MakeDisclosure(salts_(), std::nullopt, *std::move(v));
      if (!d) return std::move(d).error();
      out.push_back(Json{{std::string(kArrayDigestKey), d->digest}});
      disclosures_.push_back(*std::move(d));
    }
    // Decoy elements go to random positions so they cannot be told apart by place.
    for (size_t i = 0; i < frame.decoys; ++i) {
      const size_t pos = static_cast<size_t>(crypto::RandomUint64() % (out.size() + 1));
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(pos),
                 Json{{std::string(kArrayDigestKey), DecoyDigest()}});
    }
    return out;
  }

  const SaltSource& salts_;
  std::vector<Disclosure> disclosures_;
};

Result<DisclosureFrame> ParseFrameMember(const Json& j, size_t depth);

Status ParseSdList(const Json& list, DisclosureFrame* out) {
  if (!list.is_array()) return InvalidArgument("frame: _sd must be an array");
  for (const Json& e : list) {
    if (e.is_string()) {
      out->sd.push_back(e.get<std::string>());
    } else if (e.is_number_unsigned()) {
      out->sd_items.push_back(e.get<size_t>());
    } else {
      return InvalidArgument("frame: _sd entries are names or indexes");
    }
  }
  return OkStatus();
}

Result<DisclosureFrame> ParseFrameMember(const Json& j, size_t depth) {
  if (depth > 32) return InvalidArgument("frame nested too deeply");
  if (!j.is_object()) return InvalidArgument("frame must be an object");
  DisclosureFrame out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "_sd") {
      if (Status s = ParseSdList(it.value(), &out); !s) return std::move(s).error();
    } else if (k == "_sd_decoy") {
      if (!it.value().is_number_unsigned()) return InvalidArgument("frame: bad _sd_decoy");
      out.decoys = it.value().get<size_t>();
    } else {
      Result<DisclosureFrame> sub = ParseFrameMember(it.value(), depth + 1);
      if (!sub) return std::move(sub).error();
      const bool numeric = !k.empty() && k.size() < 10 &&
                           std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (numeric) out.items.emplace(std::stoul(k), *sub);
      out.properties.emplace(k, *std::move(sub));
    }
  }
  return out;
}

}  // namespace

std::string RandomSalt() { return Base64UrlEncode(crypto::RandomBytes(16)); }

Result<DisclosureFrame> ParseDisclosureFrame(const Json& frame) { return ParseFrameMember(frame, 0); }

std::string Issued::Serialize() const {
  std::string out = issuer_jwt;
  out += '~';
  for (const Disclosure& d : disclosures) {
    out += d.encoded;
    out += '~';
  }
  return out;
}

Result<Issued> Issue(const Json& header, const Json& claims, const DisclosureFrame& frame,
                     const JwsSigner& signer, const SaltSource& salts) {
  if (!claims.is_object()) return InvalidArgument("claims must be a JSON object");
  if (claims.contains(kSdAlgKey) || claims.contains(kDigestsKey)) {
    return InvalidArgument("claims must not contain _sd or _sd_alg");
  }
  Packer packer(salts);
  Result<Json> payload = packer.Pack(claims, frame);
  if (!payload) return std::move(payload).error();
  (*payload)[std::string(kSdAlgKey)] = std::string(kSdAlg);
  Result<std::string> jwt = EncodeJws(header, *payload, signer);
  if (!jwt) return std::move(jwt).error();
  return Issued{*std::move(jwt), packer.TakeDisclosures()};
}

Result<Issued> IssueVc(const VcClaims& vc, const DisclosureFrame& frame, const JwsSigner& signer,
                       const SaltSource& salts) {
  if (vc.issuer.empty() || vc.vct.empty()) return InvalidArgument("SD-JWT VC needs iss and vct");
  if (!vc.claims.is_object()) return InvalidArgument("claims must be a JSON object");
  for (const char* name : kRegistered) {
    if (vc.claims.contains(name)) return InvalidArgument(std::string("claims repeat ") + name);
    if (std::find(frame.sd.begin(), frame.sd.end(), name) != frame.sd.end()) {
      return InvalidArgument(std::string("claim may not be selectively disclosable: ") + name);
    }
  }
  Json claims = vc.claims;
  claims["iss"] = vc.issuer;
  claims["vct"] = vc.vct;
  claims["iat"] = vc.issued_at;
  if (vc.not_before) claims["nbf"] = *vc.not_before;
  if (vc.expires_at) claims["exp"] = *vc.expires_at;
  if (vc.holder_key) claims["cnf"] = {{"jwk", vc.holder_key->ToJson()}};
  if (vc.subject) claims["sub"] = *vc.subject;
  if (vc.status) claims["status"] = StatusClaim(*vc.status);
  return Issue({{"typ", std::string(kVcType)}}, claims, frame, signer, salts);
}

}  // namespace signet::credentials::sdjwt
