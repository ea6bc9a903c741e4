#include "credentials/sdjwt_disclosure.h"

#include <deque>
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

// Unpacker walks the payload once and rewrites it in place: digests are replaced by the
// disclosed values (moved out of the disclosures) and _sd / _sd_alg are removed. Nothing is
// copied; the digest strings it has seen stay alive in spent_ until the walk ends, so seen_ can
// hold views of them.
class Unpacker {
 public:
  Unpacker(std::span<Disclosure> ds, size_t max_depth)
      : ds_(ds), used_(ds.size(), false), max_depth_(max_depth) {}

  Status Index() {
    by_digest_.reserve(ds_.size());
    for (size_t i = 0; i < ds_.size(); ++i) {
      if (!by_digest_.emplace(ds_[i].digest, i).second) return Fail(reason::kDisclosureDuplicate);
    }
    return OkStatus();
  }

  Status Value(Json& v, std::string& path, std::optional<size_t> parent, size_t depth) {
    if (depth > max_depth_) return Fail(reason::kJsonTooDeep, "disclosures nested too deeply");
    if (v.is_object()) return Object(v, path, parent, depth);
    if (v.is_array()) return Array(v, path, parent, depth);
    return OkStatus();
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
  // The string must stay alive until the walk ends (it is in the payload or in spent_).
  Result<std::optional<size_t>> Claim(const Json& digest) {
    if (!digest.is_string()) return Fail(reason::kMalformed, "digest is not a string");
    const std::string& d = digest.get_ref<const std::string&>();
    if (!seen_.insert(d).second) return Fail(reason::kDigestDuplicate);
    auto it = by_digest_.find(d);
    if (it == by_digest_.end()) return std::optional<size_t>();
    used_[it->second] = true;
    return std::optional<size_t>(it->second);
  }

  Status Object(Json& obj, std::string& path, std::optional<size_t> parent, size_t depth) {
    Json::object_t& members = obj.get_ref<Json::object_t&>();
    const Json* digests = nullptr;
    if (auto it = members.find(std::string(kDigestsKey)); it != members.end()) {
      spent_.push_back(std::move(it->second));
      members.erase(it);
      digests = &spent_.back();
    }
    if (depth == 0) members.erase(std::string(kSdAlgKey));
    for (auto& [k, v] : members) {
      if (k == kArrayDigestKey || k == kSdAlgKey) return Fail(reason::kReservedClaimName, k);
      const size_t mark = path.size();
      AppendPointerToken(path, k);
      Status s = Value(v, path, parent, depth + 1);
      path.resize(mark);
      if (!s) return s;
    }
    if (digests == nullptr) return OkStatus();
    if (!digests->is_array()) return Fail(reason::kMalformed, "_sd is not an array");
    for (const Json& digest : *digests) {
      Result<std::optional<size_t>> hit = Claim(digest);
      if (!hit) return std::move(hit).error();
      if (!*hit) continue;
      Disclosure& d = ds_[**hit];
      if (!d.name) return Fail(reason::kDisclosureKindMismatch);
      if (IsReservedName(*d.name)) return Fail(reason::kReservedClaimName, *d.name);
      if (members.contains(*d.name)) return Fail(reason::kClaimNameConflict, *d.name);
      const size_t mark = path.size();
      AppendPointerToken(path, *d.name);
      placements_.push_back({**hit, path, parent});
      Status s = Value(d.value, path, **hit, depth + 1);
      path.resize(mark);
      if (!s) return s;
      members.emplace(*d.name, std::move(d.value));
    }
    return OkStatus();
  }

  Status Array(Json& arr, std::string& path, std::optional<size_t> parent, size_t depth) {
    Json::array_t& in = arr.get_ref<Json::array_t&>();
    Json::array_t out;
    out.reserve(in.size());
    for (Json& e : in) {
      std::optional<size_t> source = parent;
      Json* value = &e;
      if (IsArrayDigest(e)) {
        Result<std::optional<size_t>> hit = Claim(e.at(kArrayDigestKey));
        if (!hit) return std::move(hit).error();
        if (!*hit) {
          spent_.push_back(std::move(e));  // keeps the digest that seen_ now holds
          continue;
        }
        Disclosure& d = ds_[**hit];
        if (d.name) return Fail(reason::kDisclosureKindMismatch);
        spent_.push_back(std::move(e));
        source = **hit;
        value = &d.value;
      }
      const size_t mark = path.size();
      AppendPointerToken(path, std::to_string(out.size()));
      if (source != parent) placements_.push_back({*source, path, parent});
      Status s = Value(*value, path, source, depth + 1);
      path.resize(mark);
      if (!s) return s;
      out.push_back(std::move(*value));
    }
    in = std::move(out);
    return OkStatus();
  }

  std::span<Disclosure> ds_;
  std::vector<bool> used_;
  size_t max_depth_;
  std::unordered_map<std::string_view, size_t> by_digest_;
  std::unordered_set<std::string_view> seen_;
  std::deque<Json> spent_;  // _sd arrays and array digests taken out of the payload
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
  d.salt = std::move((*j)[0].get_ref<std::string&>());
  if (j->size() == 3) d.name = std::move((*j)[1].get_ref<std::string&>());
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

Result<Unpacked> UnpackMoving(Json&& payload, std::span<Disclosure> disclosures, size_t max_depth) {
  if (!payload.is_object()) return Fail(reason::kMalformed, "payload is not an object");
  if (const Json* alg = Member(payload, kSdAlgKey); alg != nullptr && *alg != kSdAlg) {
    return Fail(reason::kUnsupportedSdAlg);
  }
  Unpacker u(disclosures, max_depth);
  if (Status s = u.Index(); !s) return std::move(s).error();
  std::string path;
  if (Status s = u.Value(payload, path, std::nullopt, 0); !s) return std::move(s).error();
  if (Status s = u.CheckAllUsed(); !s) return std::move(s).error();
  return Unpacked{std::move(payload), u.TakePlacements()};
}

Result<Unpacked> Unpack(const Json& payload, std::span<const Disclosure> disclosures,
                        size_t max_depth) {
  std::vector<Disclosure> copies(disclosures.begin(), disclosures.end());
  return UnpackMoving(Json(payload), copies, max_depth);
}

}  // namespace signet::credentials::sdjwt
