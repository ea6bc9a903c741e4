#include "mcp/pending.h"

#include <chrono>

#include "base/encoding.h"
#include "crypto/random.h"

namespace signet::mcp {
namespace {

std::string Key(std::string_view tenant, std::string_view id) {
  return std::string(tenant) + "/" + std::string(id);
}

bool ValidRequestId(std::string_view id) {
  return id.size() == 26 && id.starts_with("req_") && Base64UrlDecode(id.substr(4)).has_value();
}

}  // namespace

Json PendingCall::ToJson() const {
  return {{"id", id},           {"tenant", tenant},     {"agent", agent_id},
          {"tool", tool},       {"args", arguments},    {"approvals", approval_ids},
          {"created", created}, {"deadline", deadline}, {"done", done},
          {"state", state},     {"result", result}};
}

Result<PendingCall> PendingCall::FromJson(const Json& j) {
  PendingCall c;
  const auto* id = credentials::StringMember(j, "id");
  const auto* tenant = credentials::StringMember(j, "tenant");
  const auto* agent = credentials::StringMember(j, "agent");
  const auto* tool = credentials::StringMember(j, "tool");
  const Json* approvals = credentials::Member(j, "approvals");
  const auto* state = credentials::StringMember(j, "state");
  const auto created = credentials::IntegerMember(j, "created");
  const auto deadline = credentials::IntegerMember(j, "deadline");
  const Json* done = credentials::Member(j, "done");
  const Json* args = credentials::Member(j, "args");
  if (!id || !tenant || !agent || !tool || !approvals || !approvals->is_array() || !state ||
      !created || !deadline || !done || !done->is_boolean() || !args || !args->is_object() ||
      !j.contains("result")) {
    return DataLoss("stored pending call is malformed");
  }
  c.id = *id;
  c.tenant = *tenant;
  c.agent_id = *agent;
  c.tool = *tool;
  c.arguments = *args;
  for (const Json& a : *approvals) {
    if (!a.is_string()) return DataLoss("stored pending call is malformed");
    c.approval_ids.push_back(a.get<std::string>());
  }
  c.created = *created;
  c.deadline = *deadline;
  c.done = done->get<bool>();
  c.state = *state;
  c.result = j.at("result");
  return c;
}

PendingCalls::PendingCalls(storage::StateStore& state, const Clock& clock, int64_t keep_seconds)
    : state_(state), clock_(clock), keep_seconds_(keep_seconds) {}

Result<PendingCall> PendingCalls::Create(PendingCall call) {
  call.id = "req_" + Base64UrlEncode(crypto::RandomBytes(16));
  call.created = clock_.UnixSeconds();
  const std::string value = Dump(call.ToJson());
  if (Status s = state_.PutIfAbsent(kPendingNamespace, Key(call.tenant, call.id), AsBytes(value),
                                    std::chrono::seconds(keep_seconds_));
      !s.ok()) {
    return std::move(s).error();
  }
  return call;
}

Result<std::optional<PendingCall>> PendingCalls::Get(std::string_view tenant, std::string_view id) {
  if (!ValidRequestId(id)) return std::optional<PendingCall>();
  auto stored = state_.Get(kPendingNamespace, Key(tenant, id));
  if (!stored) return std::move(stored).error();
  if (!*stored) return std::optional<PendingCall>();
  auto doc = credentials::ParseJson(AsStringView(**stored),
                                    {.max_bytes = 1 << 20, .max_depth = 48, .max_values = 1 << 16});
  if (!doc) return DataLoss("stored pending call is malformed");
  auto call = PendingCall::FromJson(*doc);
  if (!call) return std::move(call).error();
  call->stored = std::string(AsStringView(**stored));
  return std::optional<PendingCall>(std::move(*call));
}

Status PendingCalls::Finish(const PendingCall& before, const PendingCall& after) {
  const std::string new_value = Dump(after.ToJson());
  return state_.CompareAndSwap(kPendingNamespace, Key(after.tenant, after.id),
                               std::optional<ByteView>(AsBytes(before.stored)), AsBytes(new_value),
                               std::chrono::seconds(keep_seconds_));
}

}  // namespace signet::mcp
