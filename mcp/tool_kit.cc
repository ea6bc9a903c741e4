#include "mcp/tool_kit.h"

#include <algorithm>

#include "base/encoding.h"
#include "base/log.h"
#include "crypto/secret_bytes.h"
#include "mcp/policy_history.h"
#include "policy/domain.h"
#include "vault/envelope.h"

namespace signet::mcp {
namespace {

std::string Summary(const Verdict& verdict) {
  std::string out;
  for (const policy::Decision& d : verdict.decisions) {
    if (d.effect != policy::Effect::kAnomaly || !d.anomaly) continue;
    if (!out.empty()) out += " ";
    out += d.anomaly->Summary();
  }
  return out.empty() ? "the request needs the owner's approval" : out;
}

Json ReasonsJson(const policy::Decision& d) {
  Json reasons = Json::array();
  for (const policy::Reason& r : d.reasons) {
    reasons.push_back(
        {{"code", policy::ReasonCodeName(r.code)}, {"rule", r.rule_id}, {"message", r.Message()}});
  }
  return reasons;
}

}  // namespace

Result<crypto::SecretBytes> CombinedTier3Access::KeyFor(std::string_view compartment,
                                                        const storage::BlindId& id) const {
  for (const auto& part : parts_) {
    auto key = part->KeyFor(compartment, id);
    if (key) return key;
  }
  return PermissionDenied("no released key for this record");
}

SecretText::~SecretText() {
  if (!s_.empty()) crypto::SecureWipe(s_.data(), s_.size());
}

ToolKit::ToolKit(const ToolServices& services)
    : s_(services),
      pending_(services.state, services.clock, services.options.approval_timeout_seconds + 86400) {}

Result<std::shared_ptr<TenantVault>> ToolKit::OpenVault(const Principal& principal) const {
  return s_.vaults.Open(principal.tenant);
}

Result<Verdict> ToolKit::Decide(const Principal& principal, std::vector<Ask> asks,
                                const Grant* grant) const {
  auto engine = s_.policy.EngineFor(principal.tenant);
  if (!engine) return std::move(engine).error();
  Verdict verdict;
  verdict.outcome = Outcome::kPermit;
  // The agent's earlier requests, for rate limits and first-request triggers (only what the
  // tenant's policy uses is read and written).
  const policy::HistoryUse& needs = (*engine)->history_use();
  PolicyHistory history(s_.state, principal.tenant, principal.agent_id, needs, Now());
  for (const Ask& a : asks) {
    policy::Request r;
    r.actor.id = principal.agent_id;
    r.actor.domain = principal.domain;
    r.predicate.attribute = a.attribute.empty() ? AttributeFor(a.label) : a.attribute;
    r.predicate.category = a.category.value_or(CategoryFor(r.predicate.attribute));
    r.predicate.operation = a.operation;
    r.predicate.tier = static_cast<policy::Tier>(std::clamp(a.tier, 1, 3));
    r.context.purpose = a.purpose;
    r.context.domain = a.destination;
    r.context.time = Now();
    r.context.session = principal.grant_id;
    r.context.amount = a.amount;
    if (grant != nullptr) {
      for (const policy::Approval& ap : grant->approvals) {
        if (ap.attribute == r.predicate.attribute && ap.operation == a.operation) {
          r.context.approval = ap;
        }
      }
    }
    if (needs.any()) {
      auto h = history.For(r.predicate.attribute);
      if (!h) return std::move(h).error();
      r.context.history = *std::move(h);
    }
    policy::Decision d = (*engine)->Evaluate(
        r, {.clock = &s_.clock, .deadline = s_.clock.Monotonic() + s_.options.policy_deadline});
    history.Count(r.predicate.attribute);
    if (s_.on_decision) s_.on_decision(d.effect);
    if (d.effect == policy::Effect::kDeny) {
      verdict.outcome = Outcome::kDeny;
    } else if (d.effect == policy::Effect::kAnomaly && verdict.outcome == Outcome::kPermit) {
      verdict.outcome = Outcome::kSuspend;
    }
    verdict.decisions.push_back(std::move(d));
  }
  if (needs.any()) {
    if (Status s = history.Save(); !s.ok()) return std::move(s).error();
  }
  verdict.asks = std::move(asks);
  return verdict;
}

Json VerdictJson(const Verdict& verdict) {
  Json out = Json::array();
  for (size_t i = 0; i < verdict.decisions.size(); ++i) {
    const policy::Decision& d = verdict.decisions[i];
    const Ask& a = verdict.asks[i];
    out.push_back({{"label", a.label},
                   {"attribute", a.attribute.empty() ? AttributeFor(a.label) : a.attribute},
                   {"operation", policy::OperationName(a.operation)},
                   {"tier", a.tier},
                   {"effect", policy::EffectName(d.effect)},
                   {"reasons", ReasonsJson(d)}});
  }
  return out;
}

ToolResult ToolKit::Refused(const Verdict& verdict) const {
  std::string why;
  for (const policy::Decision& d : verdict.decisions) {
    if (d.effect != policy::Effect::kDeny) continue;
    for (const policy::Reason& r : d.reasons) {
      if (!why.empty()) why += "; ";
      why += r.Message();
    }
  }
  return ToolResult::Fail("denied by the owner's policy: " + why,
                          {{"status", "denied"}, {"decisions", VerdictJson(verdict)}});
}

ToolResult ToolKit::Suspend(const CallContext& ctx, std::string_view tool, const Json& args,
                            const Verdict& verdict, const vault::VaultIndex* index) {
  const std::string summary = Summary(verdict);
  if (s_.approvals == nullptr) {
    return ToolResult::Fail(
        "this request needs the owner's approval (" + summary +
            "), but this server has no approval channel configured: nothing was released. Ask "
            "the owner to add a policy rule that permits it.",
        {{"status", "approval_unavailable"}, {"decisions", VerdictJson(verdict)}});
  }
  auto vault = OpenVault(ctx.principal);
  if (!vault) return Failed(vault.error(), tool);
  PendingCall call;
  int64_t deadline = 0;
  for (size_t i = 0; i < verdict.decisions.size(); ++i) {
    const policy::Decision& d = verdict.decisions[i];
    if (d.effect != policy::Effect::kAnomaly || !d.anomaly) continue;
    const Ask& a = verdict.asks[i];
    ApprovalScopeItem item{a.label, 0, a.tier, ""};
    if (index != nullptr) {
      if (auto it = index->labels.find(a.label);
          it != index->labels.end() && !it->second.items.empty()) {
        item.index = it->second.items.begin()->first;
        item.compartment = it->second.compartment;
      }
    }
    auto submitted = s_.approvals->Submit(ApprovalRequest{
        ctx.principal.tenant, *d.anomaly, {item}, s_.options.approval_timeout_seconds});
    if (!submitted) return Failed(submitted.error(), tool);
    call.approval_ids.push_back(submitted->id);
    deadline = std::max(deadline, submitted->deadline);
  }
  call.tenant = ctx.principal.tenant.value();
  call.agent_id = ctx.principal.agent_id;
  call.tool = std::string(tool);
  call.arguments = args;
  call.deadline = deadline;
  auto created = pending_.Create(std::move(call));
  if (!created) return Failed(created.error(), tool);
  if (Status s = Audit(**vault, ctx.principal, tool,
                       {{"outcome", "suspended"},
                        {"request_id", created->id},
                        {"approvals", created->approval_ids},
                        {"decisions", VerdictJson(verdict)}});
      !s.ok()) {
    return Failed(s.error(), tool);
  }
  return ToolResult::Ok(
      {{"status", "pending"},
       {"request_id", created->id},
       {"expires_at", created->deadline},
       {"reason", summary},
       {"next",
        "Call signet_check_status with this request_id until it is approved, denied or "
        "expired. Nothing has been released yet."}},
      "pending owner approval: " + summary + " (request_id " + created->id + ")");
}

Status ToolKit::Audit(TenantVault& vault, const Principal& principal, std::string_view tool,
                      Json event) const {
  event["t"] = Now();
  event["tool"] = tool;
  event["agent"] = principal.agent_id;
  if (!principal.grant_id.empty()) event["grant"] = principal.grant_id;
  return vault.audit().Record(event);
}

Result<SecretText> ToolKit::ReadValue(TenantVault& vault, const vault::VaultIndex& index,
                                      std::string_view label, const Grant* grant) const {
  const auto it = index.labels.find(std::string(label));
  if (it == index.labels.end() || it->second.items.empty()) {
    return NotFound("the vault holds no " + std::string(label));
  }
  const vault::LabelEntry& entry = it->second;
  const uint64_t item = entry.items.begin()->first;
  crypto::SecretBytes value;
  if (entry.tier >= 3) {
    if (grant == nullptr || grant->tier3 == nullptr) {
      return PermissionDenied(std::string(label) + " is Tier 3: it needs the owner's approval");
    }
    auto got = vault.vault().Get(label, item, grant->tier3.get(), "mcp approved request");
    if (!got) return std::move(got).error();
    value = std::move(got->value);
  } else {
    const storage::BlindId id = vault.keyring().Address(label, item);
    auto sealed = vault.storage().records().Get(id);
    if (!sealed) return std::move(sealed).error();
    if (!*sealed) return DataLoss("record " + std::string(label) + " is missing from storage");
    auto opened = vault::OpenRecord(vault.keyring().RecordKey(id), id, **sealed);
    if (!opened) return DataLoss("record " + std::string(label) + " cannot be decrypted");
    value = std::move(*opened);
  }
  const std::string_view text = AsStringView(value.Reveal(crypto::SecretAccess::Get()));
  if (!IsValidUtf8(text))
    return InvalidArgument("the value of " + std::string(label) + " is not text");
  return SecretText(std::string(text));
}

ToolResult ToolKit::Failed(const Error& error, std::string_view tool) const {
  switch (error.code()) {
    case ErrorCode::kInternal:
    case ErrorCode::kDataLoss:
      log::Error("mcp tool failed",
                 {{"tool", tool}, {"error", error.ToString()}, {"detail", error.detail()}});
      return ToolResult::Fail("internal error: nothing was released",
                              {{"status", "error"}, {"code", ErrorCodeName(error.code())}});
    case ErrorCode::kUnavailable:
      return ToolResult::Fail(
          "the vault is temporarily unavailable; try again later. Nothing was "
          "released.",
          {{"status", "error"}, {"code", "unavailable"}});
    default:
      return ToolResult::Fail(error.message(),
                              {{"status", "error"}, {"code", ErrorCodeName(error.code())}});
  }
}

Result<std::string> AudienceDomain(std::string_view audience) {
  std::string_view host = audience;
  for (std::string_view scheme : {"https://", "http://"}) {
    if (host.starts_with(scheme)) {
      host.remove_prefix(scheme.size());
      host = host.substr(0, host.find_first_of("/?#"));
      if (const size_t at = host.rfind('@'); at != std::string_view::npos) {
        return InvalidArgument("the audience must not carry user information");
      }
      if (const size_t colon = host.rfind(':'); colon != std::string_view::npos) {
        host = host.substr(0, colon);
      }
      break;
    }
  }
  auto normalised = policy::NormalizeDomain(host);
  if (!normalised) return InvalidArgument("the audience must be a domain name or an https URL");
  return normalised;
}

}  // namespace signet::mcp
