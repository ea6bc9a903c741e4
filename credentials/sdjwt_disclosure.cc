#include "credentials/sdjwt_disclosure.h"

#include <unordered_map>
#include <unordered_set>

#include "base/encoding.h"
#include "credentials/reason.h"
#include "crypto/sha2.h"

namespace signet::credentials::sdjwt {
namespace {

Error Fail(std::string_view why, std::string_view detail = {}) {
  return CredentialError(ErrorCode::kInvalidArgument, why, detail);
}

bool IsReservedName(std::string_view name) { return name == kDigestsKey || name == kArrayDigestKey; }

// IsArrayDigest reports whether `v` has the form {"...": <anything>}.
bool IsArrayDigest(const Json& v) {
  return v.is_object() && v.size() == 1 && v.contains(kArrayDigestKey);
}

// Unpacker walks the payload once, resolving digests against the disclosures.
class Unpacker {
 public:
  Unpacker(std::span<const Disclosure> ds, size_t max_depth)
      : ds_(ds), used_(ds.size(), false), max_depth_(max_depth) {}

  Status Index() {
    for (size_t i = 0; i < ds_.size(); ++i) {
      if (!by_digest_.emplace(ds_[i].digest, i).second) return Fail(reason::kDisclosureDuplicate);
    }
    return OkStatus();
  }

  Result<Json> Value(const Json& v, std::string& path, std::optional<size_t> parent, size_t depth) {
    if (depth > max_depth_) return Fail(reason::kJsonTooDeep, "disclosures nested too deeply");
    if (v.is_object()) return Object(v, path, parent, depth);
    if (v.is_array()) return Array(v, path, parent, depth);
    return v;
  }

  Status CheckAllUsed() const {
    for (bool u : used_) {
      if (!u) return Fail(reason::kDisclosureUnreferenced);
    }
    return OkStatus();
  }

  std::vector<Placement> TakePlacements() { return std::move(placements_); }

 private:
  // Claim looks up a digest: nullopt if undisclosed (or a decoy); error if it was seen before.
  Result<std::optional<size_t>> Claim(const Json& digest) {
    if (!digest.is_string()) return Fail(reason::kMalformed, "digest is not a string");
    const std::string& d = digest.get_ref<const std::string&>();
    if (!seen_.insert(d).second) return Fail(reason::kDigestDuplicate);
    auto it = by_digest_.find(d);
    if (it == by_digest_.end()) return std::optional<size_t>();
    used_[it->second] = true;
    return std::optional<size_t>(it->second);
  }

  Result<Json> Object(const Json& obj, std::string& path, std::optional<size_t> parent,
                      size_t depth) {
    Json out = Json::object();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const std::string& k = it.key();
      if (k == kDigestsKey || (k == kSdAlgKey && depth == 0)) continue;
      if (k == kArrayDigestKey || k == kSdAlgKey) return Fail(reason::kReservedClaimName, k);
      const size_t mark = path.size();
      AppendPointerToken(path, k);
      Result<Json> v = Value(it.value(), path, parent, depth + 1);
      path.resize(mark);
      if (!v) return std::move(v).error();
      out.emplace(k, *std::move(v));
    }
    const Json* digests = Member(obj, kDigestsKey);
    if (digests == nullptr) return out;
    if (!digests->is_array()) return Fail(reason::kMalformed, "_sd is not an array");
    for (const Json& digest : *digests) {
      Result<std::optional<size_t>> hit = Claim(digest);
      if (!hit) return std::move(hit).error();
      if (!*hit) continue;
      const Disclosure& d = ds_[**hit];
      if (!d.name) return Fail(reason::kDisclosureKindMismatch);
      if (IsReservedName(*d.name)) return Fail(reason::kReservedClaimName, *d.name);
      if (out.contains(*d.name)) return Fail(reason::kClaimNameConflict, *d.name);
      const size_t mark = path.size();
      AppendPointerToken(path, *d.name);
      placements_.push_back({**hit, path, parent});
      Result<Json> v = Value(d.value, path, **hit, depth + 1);
      path.resize(mark);
      if (!v) return std::move(v).error();
      out.emplace(*d.name, *std::move(v));
    }
    return out;
  }

  Result<Json> Array(const Json& arr, std::string& path, std::optional<size_t> parent,
                     size_t depth) {
    Json out = Json::array();
    for (const Json& e : arr) {
      std::optional<size_t> source = parent;
      const Json* value = &e;
      if (IsArrayDigest(e)) {
        Result<std::optional<size_t>> hit = Claim(e.at(kArrayDigestKey));
        if (!hit) return std::move(hit).error();
        if (!*hit) continue;
        const Disclosure& d = ds_[**hit];
        if (d.name) return Fail(reason::kDisclosureKindMismatch);
        source = **hit;
        value = &d.value;
      }
      const size_t mark = path.size();
      AppendPointerToken(path, std::to_string(out.size()));
      if (source != parent) placements_.push_back({*source, path, parent});
      Result<Json> v = Value(*value, path, source, depth + 1);
      path.resize(mark);
      if (!v) return std::move(v).error();
      out.push_back(*std::move(v));
    }
    return out;
  }

  std::span<const Disclosure> ds_;
  std::vector<bool> used_;
  size_t max_depth_;
  std::unordered_map<std::string_view, size_t> by_digest_;
  std::unordered_set<std::string> seen_;
  std::vector<Placement> placements_;
};

}  // namespace

std::string DisclosureDigest(std::string_view encoded) {
  return Base64UrlEncode(crypto::Sha256(AsBytes(encoded)));
}

Result<Disclosure> MakeDisclosure(std::string salt, std::optional<std::string> name, Json value) {
  if (name && IsReservedName(*name)) return InvalidArgument("reserved claim name: " + *name);
  Json array = Json::array({salt});
  if (name) array.push_back(*name);
  array.push_back(value);
  Result<std::string> text = DumpJson(array);
  if (!text) return std::move(text).error();
  Disclosure d;
  d.encoded = Base64UrlEncode(AsBytes(*text));
  d.digest = DisclosureDigest(d.encoded);
  d.salt = std::move(salt);
  d.name = std::move(name);
  d.value = std::move(value);
  return d;
}

Result<Disclosure> ParseDisclosure(std::string_view encoded, const JsonLimits& limits) {
  Result<Bytes> raw = Base64UrlDecode(encoded);
  if (!raw) return Fail(reason::kBase64Malformed, "disclosure");
  Result<Json> j = ParseJson(AsStringView(*raw), limits);
  if (!j) return std::move(j).error();
  if (!j->is_array() || (j->size() != 2 && j->size() != 3) || !(*j)[0].is_string() ||
      (j->size() == 3 && !(*j)[1].is_string())) {
    return Fail(reason::kDisclosureMalformed);
  }
  Disclosure d;
  d.encoded = std::string(encoded);
  d.digest = DisclosureDigest(encoded);
  d.salt = (*j)[0].get<std::string>();
  if (j->size() == 3) d.name = (*j)[1].get<std::string>();
  d.value = std::move((*j)[j->size() - 1]);
  return d;
}

Result<SdJwtParts> SplitSdJwt(std::string_view sd_jwt, size_t max_disclosures) {
  const size_t first = sd_jwt.find('~');
  if (first == std::string_view::npos || first == 0) {
    return Fail(reason::kMalformed, "an SD-JWT is <issuer JWT>~...~[KB-JWT]");
  }
  SdJwtParts parts;
  parts.issuer_jwt = sd_jwt.substr(0, first);
  const size_t last = sd_jwt.rfind('~');
  parts.key_binding_jwt = sd_jwt.substr(last + 1);
  parts.sd_hash_input = sd_jwt.substr(0, last + 1);
  size_t pos = first + 1;
  while (pos <= last && pos < sd_jwt.size()) {
    const size_t next = sd_jwt.find('~', pos);
    if (next == pos) return Fail(reason::kMalformed, "empty disclosure");
    if (parts.disclosures.size() == max_disclosures) {
      return CredentialError(ErrorCode::kTooLarge, reason::kTooLarge, "too many disclosures");
    }
    parts.disclosures.push_back(sd_jwt.substr(pos, next - pos));
    pos = next + 1;
  }
  return parts;
}

Result<Unpacked> Unpack(const Json& payload, std::span<const Disclosure> disclosures,
                        size_t max_depth) {
  if (!payload.is_object()) return Fail(reason::kMalformed, "payload is not an object");
  if (const Json* alg = Member(payload, kSdAlgKey); alg != nullptr && *alg != kSdAlg) {
    return Fail(reason::kUnsupportedSdAlg);
  }
  Unpacker u(disclosures, max_depth);
  if (Status s = u.Index(); !s) return std::move(s).error();
  std::string path;
  Result<Json> claims = u.Value(payload, path, std::nullopt, 0);
  if (!claims) return std::move(claims).error();
  if (Status s = u.CheckAllUsed(); !s) return std::move(s).error();
  return Unpacked{*std::move(claims), u.TakePlacements()};
}

}  // namespace signet::credentials::sdjwt
