#pragma once

// GET /.well-known/jwt-vc-issuer[/<issuer path>]: the SD-JWT VC issuer metadata
// (draft-ietf-oauth-sd-jwt-vc §5) that lets relying parties find Signet's issuer keys:
//   200 application/json {"issuer": "https://host/path", "jwks": {"keys": [...]}}
// The composition root registers one route per issuer it serves (the path after the well-known
// segment is the issuer URL's path, see credentials::IssuerMetadataUrl).

#include "api/http.h"
#include "credentials/issuer_keys.h"

namespace signet::api {

// HandleIssuerMetadata renders `metadata` (public keys only). 500 problem if it cannot be
// serialised (never expected: keys are validated on construction).
Response HandleIssuerMetadata(const credentials::IssuerMetadata& metadata, const Request& req);

}  // namespace signet::api
