// signet_check_status: the state of a suspended call. Pending while any of its approvals is;
// denied or expired as soon as one is; once all are approved, the first status check takes the
// grants (exactly once), runs the tool with them and stores the result, which this and every
// later check returns.

#include "base/log.h"
#include "mcp/tools.h"

namespace signet::mcp {

Json StatusTool::Schema() {
  return {{"type", "object"},
          {"properties",
           {{"request_id",
             {{"type", "string"},
              {"minLength", 1},
              {"maxLength", 64},
              {"description", "The request_id a suspended tool call returned."}}}}},
          {"required", {"request_id"}},
          {"additionalProperties", false}};
}

ToolResult StatusTool::Run(const CallContext& ctx, const Json& args) {
  const std::string id = args.at("request_id").get<std::string>();
  auto found = kit_.pending().Get(ctx.principal.tenant.value(), id);
  if (!found) return kit_.Failed(found.error(), kName);
  if (!*found || (*found)->agent_id != ctx.principal.agent_id) {
    return ToolResult::Fail("unknown request_id " + id.substr(0, 64));
  }
  PendingCall call = std::move(**found);
  if (call.done) {
    Json out = {{"status", call.state}, {"request_id", call.id}};
    if (!call.result.is_null()) out["result"] = call.result;
    return {out, {}, call.result.value("isError", false)};
  }
  ApprovalGateway* gateway = kit_.services().approvals;
  if (gateway == nullptr) return ToolResult::Fail("this server has no approval channel");
  ApprovalState overall = ApprovalState::kApproved;
  std::string note;
  for (const std::string& approval : call.approval_ids) {
    auto status = gateway->Status(ctx.principal.tenant, approval);
    if (!status) return kit_.Failed(status.error(), kName);
    if (!status->note.empty()) note = status->note;
    if (status->state == ApprovalState::kDenied || status->state == ApprovalState::kExpired) {
      overall = status->state;
      break;
    }
    if (status->state == ApprovalState::kPending) overall = ApprovalState::kPending;
  }
  if (overall == ApprovalState::kPending && kit_.Now() > call.deadline) {
    overall = ApprovalState::kExpired;
  }
  if (overall == ApprovalState::kPending) {
    return ToolResult::Ok(
        {{"status", "pending"}, {"request_id", call.id}, {"expires_at", call.deadline}},
        "still waiting for the owner");
  }
  if (overall != ApprovalState::kApproved) {
    PendingCall after = call;
    after.done = true;
    after.state = std::string(ApprovalStateName(overall));
    if (Status s = kit_.pending().Finish(call, after);
        !s.ok() && s.error().code() != ErrorCode::kConflict) {
      return kit_.Failed(s.error(), kName);
    }
    Json out = {{"status", after.state}, {"request_id", call.id}};
    if (!note.empty()) out["note"] = note;
    return ToolResult::Ok(std::move(out), "the owner did not approve: " + after.state);
  }
  return Complete(ctx, std::move(call), note);
}

ToolResult StatusTool::Complete(const CallContext& ctx, PendingCall call, const std::string& note) {
  Grant grant;
  auto keys = std::make_shared<CombinedTier3Access>();
  for (const std::string& approval : call.approval_ids) {
    auto taken = kit_.services().approvals->TakeGrant(ctx.principal.tenant, approval);
    if (!taken) {
      if (taken.error().code() == ErrorCode::kAlreadyExists) {
        return ToolResult::Ok(
            {{"status", "approved"}, {"request_id", call.id}, {"completing", true}},
            "approved; the result is being prepared, check again");
      }
      return kit_.Failed(taken.error(), kName);
    }
    grant.approvals.push_back(taken->approval);
    if (taken->keys) keys->Add(taken->keys);
  }
  if (!keys->empty()) grant.tier3 = keys;
  const auto fn = tools_.find(call.tool);
  if (fn == tools_.end()) return ToolResult::Fail("the suspended tool no longer exists");
  const ToolResult result = fn->second(ctx, call.arguments, &grant);
  PendingCall after = call;
  after.done = true;
  after.state = "approved";
  after.result = result.ToJson(ctx.protocol_version);
  if (Status s = kit_.pending().Finish(call, after); !s.ok()) {
    log::Warn("storing an approved call's result failed", {{"error", s.error().ToString()}});
  }
  Json out = {{"status", "approved"}, {"request_id", call.id}, {"result", after.result}};
  if (!note.empty()) out["note"] = note;
  return {std::move(out), result.text, result.is_error};
}

}  // namespace signet::mcp
