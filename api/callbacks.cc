#include "api/callbacks.h"

#include <string>

#include "api/problem.h"
#include "base/log.h"

namespace signet::api {
namespace {

constexpr size_t kDefaultLimit = 20;

// OneHeader returns the single value of `name`, or nullopt if absent or repeated.
std::optional<std::string> OneHeader(const Request& req, std::string_view name) {
  if (req.headers.Count(name) != 1) return std::nullopt;
  return std::string(*req.headers.Get(name));
}

bool IsJson(const Request& req) {
  auto ct = req.headers.Get("Content-Type");
  if (!ct) return false;
  const std::string_view v = ct->substr(0, ct->find(';'));
  return IEquals(v, "application/json");
}


std::string Entry(notify::ApprovalService& approvals, const notify::ApprovalStatus& s) {
  std::string out = "{\"status\":" + notify::StatusToJson(s);
  if (!s.decided()) {
    if (auto payload = approvals.Payload(s.tenant, s.id)) out += ",\"payload\":" + *payload;
  }
  return out + "}";
}

}  // namespace

Response OwnerUnauthorized(const Request& req, const Error& e) {
  Response r = FromError(e);
  if (r.status == 401) {
    r.headers.Set("WWW-Authenticate",
                  "Signature tag=\"" + std::string(notify::kOwnerSignatureTag) + "\"");
    r.headers.Set("Accept-Signature",
                  notify::AcceptSignature(notify::OwnerSignatureProfile(), req.method, req.body));
  }
  return r;
}

Result<notify::OwnerIdentity> AuthenticateOwner(const Request& req,
                                                const notify::OwnerAuthenticator& owners) {
  auto owner = owners.Authenticate({req.method, req.target, req.headers.fields(), req.body});
  if (!owner) {
    log::Info("owner request refused", {{"reason", owner.error().detail()},
                                        {"code", std::string(ErrorCodeName(owner.error().code()))},
                                        {"request_id", req.request_id}});
  }
  return owner;
}

Response HandleApprovalCallback(const Request& req, notify::ApprovalService& approvals) {
  if (!IsJson(req)) return HttpProblem(415, "the answer must be application/json");
  const auto id = OneHeader(req, "webhook-id");
  const auto ts = OneHeader(req, "webhook-timestamp");
  const auto sig = OneHeader(req, "webhook-signature");
  if (!id || !ts || !sig) {
    return FromError(
        Unauthenticated("webhook-id, webhook-timestamp and webhook-signature are "
                        "required once each"));
  }
  auto it = req.path_params.find("id");
  if (it == req.path_params.end()) return HttpProblem(404, "no such approval request");
  auto status = approvals.HandleCallback(it->second, {*id, *ts, *sig, req.body});
  if (!status) return FromError(status.error());
  return Response::Json(200, "{\"status\":" + notify::StatusToJson(*status) + "}");
}

Response HandleListApprovals(const Request& req, notify::ApprovalService& approvals,
                             const notify::OwnerAuthenticator& owners) {
  auto owner = AuthenticateOwner(req, owners);
  if (!owner) return OwnerUnauthorized(req, owner.error());
  size_t limit = kDefaultLimit;
  if (auto l = req.QueryParam("limit")) {
    if (l->empty() || l->size() > 3 || l->find_first_not_of("0123456789") != std::string::npos) {
      return FromError(InvalidArgument("limit must be 1..100"));
    }
    limit = std::stoul(*l);
  }
  auto list = approvals.ListPending(owner->tenant, limit);
  if (!list) return FromError(list.error());
  std::string body = "{\"approvals\":[";
  for (size_t i = 0; i < list->size(); ++i) {
    body += (i ? "," : "") + Entry(approvals, (*list)[i]);
  }
  return Response::Json(200, body + "]}");
}

Response HandleGetApproval(const Request& req, notify::ApprovalService& approvals,
                           const notify::OwnerAuthenticator& owners) {
  auto owner = AuthenticateOwner(req, owners);
  if (!owner) return OwnerUnauthorized(req, owner.error());
  auto it = req.path_params.find("id");
  if (it == req.path_params.end()) return HttpProblem(404, "no such approval request");
  auto status = approvals.Get(owner->tenant, it->second);
  if (!status) return FromError(status.error());
  return Response::Json(200, Entry(approvals, *status));
}

}  // namespace signet::api
