#pragma once

// GET /status-lists/{id}: a Token Status List (draft-ietf-oauth-status-list §8.1) as a freshly
// signed Status List Token:
//   200 Content-Type: application/statuslist+jwt  <compact JWT>
// 404 problem for an unknown list, 503 when the store is down (fail closed: a relying party that
// cannot fetch the list must not treat the credential as valid).

#include "api/http.h"
#include "credentials/status_service.h"

namespace signet::api {

// HandleStatusList serves the list named by the {id} path parameter from `service`.
Response HandleStatusList(const credentials::StatusListService& service, const Request& req);

}  // namespace signet::api
