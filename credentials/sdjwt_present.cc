#include "credentials/sdjwt_present.h"

#include <set>

#include "base/encoding.h"
#include "crypto/sha2.h"

namespace signet::credentials::sdjwt {
namespace {

std::string NormalisePath(const std::string& p) {
  if (!p.empty() && p[0] == '/') return p;
  std::string out;
  AppendPointerToken(out, p);
  return out;
}

}  // namespace

std::string SdHash(std::string_view sd_hash_input) {
  return Base64UrlEncode(crypto::Sha256(AsBytes(sd_hash_input)));
}

Result<HolderView> Inspect(std::string_view sd_jwt, const HolderLimits& limits) {
  if (sd_jwt.size() > limits.max_bytes) return TooLarge("SD-JWT too large");
  Result<SdJwtParts> parts = SplitSdJwt(sd_jwt, limits.max_disclosures);
  if (!parts) return std::move(parts).error();
  if (!parts->key_binding_jwt.empty()) return InvalidArgument("expected an SD-JWT without KB-JWT");
  Result<DecodedJws> jws = DecodeJws(parts->issuer_jwt, limits.json);
  if (!jws) return std::move(jws).error();
  HolderView view;
  view.issuer_jwt = parts->issuer_jwt;
  for (std::string_view d : parts->disclosures) {
    Result<Disclosure> parsed = ParseDisclosure(d, limits.json);
    if (!parsed) return std::move(parsed).error();
    view.disclosures.push_back(*std::move(parsed));
  }
  Result<Unpacked> unpacked = Unpack(jws->payload, view.disclosures, limits.max_claim_depth);
  if (!unpacked) return std::move(unpacked).error();
  view.header = std::move(jws->header);
  view.payload = std::move(jws->payload);
  view.unpacked = *std::move(unpacked);
  return view;
}

std::vector<std::string> DisclosablePaths(const HolderView& view) {
  std::vector<std::string> out;
  for (const Placement& p : view.unpacked.placements) out.push_back(p.path);
  return out;
}

Result<std::string> Present(std::string_view sd_jwt, std::span<const std::string> reveal,
                            const KeyBinding* kb, const HolderLimits& limits) {
  Result<HolderView> view = Inspect(sd_jwt, limits);
  if (!view) return std::move(view).error();
  std::vector<std::optional<size_t>> parent_of(view->disclosures.size());
  for (const Placement& p : view->unpacked.placements) parent_of[p.disclosure] = p.parent;
  std::set<size_t> selected;
  for (const std::string& raw : reveal) {
    const std::string path = NormalisePath(raw);
    if (ResolvePointer(view->unpacked.claims, path) == nullptr) {
      return InvalidArgument("no such claim: " + path);
    }
    for (const Placement& p : view->unpacked.placements) {
      if (path != p.path && path.rfind(p.path + "/", 0) != 0) continue;
      for (std::optional<size_t> d = p.disclosure; d; d = parent_of[*d]) selected.insert(*d);
    }
  }
  std::string out(view->issuer_jwt);
  out += '~';
  for (size_t i = 0; i < view->disclosures.size(); ++i) {
    if (selected.count(i) == 0) continue;
    out += view->disclosures[i].encoded;
    out += '~';
  }
  if (kb == nullptr) return out;
  Result<std::string> kb_jwt = MakeKeyBindingJwt(out, *kb);
  if (!kb_jwt) return std::move(kb_jwt).error();
  return out + *kb_jwt;
}

Result<std::string> MakeKeyBindingJwt(std::string_view sd_hash_input, const KeyBinding& kb) {
  if (kb.holder == nullptr) return InvalidArgument("key binding needs a holder signer");
  const Json payload = {{"iat", kb.issued_at},
                        {"aud", kb.audience},
                        {"nonce", kb.nonce},
                        {"sd_hash", SdHash(sd_hash_input)}};
  // The holder key is identified by cnf (give the holder signer no kid: it would only add a
  // linkable value to every presentation).
  return EncodeJws({{"typ", "kb+jwt"}}, payload, *kb.holder);
}

}  // namespace signet::credentials::sdjwt
