#include "api/issuer_metadata.h"

#include "api/problem.h"

namespace signet::api {

Response HandleIssuerMetadata(const credentials::IssuerMetadata& metadata, const Request& /*req*/) {
  Result<std::string> doc = credentials::BuildIssuerMetadataDocument(metadata);
  if (!doc) return FromError(Internal("issuer metadata", doc.error().message()));
  Response r = Response::Json(200, *std::move(doc));
  r.headers.Set("Cache-Control", "public, max-age=300");
  return r;
}

}  // namespace signet::api
