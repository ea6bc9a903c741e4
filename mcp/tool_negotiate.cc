// signet_negotiate_context: decide, item by item, what a counterparty may get, before anything
// is proven. Each requested item is accepted (as asked), countered (a conclusion or a
// zero-knowledge proof instead of the value) or rejected, following the tier rules and the
// owner's policy for this counterparty. The outcome is remembered per counterparty (StateStore,
// namespace "mcp_negotiations") and merged with what was agreed before. Nothing is disclosed here.

#include <chrono>

#include "mcp/tools.h"

namespace signet::mcp {
namespace {

// CounterOffer suggests what to offer instead of a Tier-2 value.
Json CounterOffer(const std::string& label) {
  const std::string attr = AttributeFor(label);
  if (attr == "birthdate" || attr == "birth_date" || attr == "date_of_birth") {
    return {{"mode", "conclusion"},
            {"offer", "age_over_<N> via signet_get_proof (sd-jwt or bbs)"},
            {"alternative", "range proof: signet_get_proof format range, op age_at_least"}};
  }
  if (attr == "balance") {
    return {{"mode", "conclusion"},
            {"offer", "balance_above_<X> via signet_get_proof"},
            {"alternative", "range proof: signet_get_proof format range, op at_least"}};
  }
  return {{"mode", "zk"},
          {"offer", "a range proof (signet_get_proof format range) or a yes/no answer"}};
}

struct ItemDecision {
  std::string decision;  // accept | counter | reject
  Json detail;
};

ItemDecision Judge(const std::string& mode, const ClaimPlan& plan, policy::Effect effect) {
  const bool wants_value = mode == "value" && plan.kind == ClaimKind::kValue;
  if (effect == policy::Effect::kDeny && !(wants_value && plan.tier == 2)) {
    return {"reject", {{"reason", "the owner's policy does not allow it for this counterparty"}}};
  }
  if (plan.tier >= 3) {
    return {"reject",
            {{"reason",
              "Tier 3: every use needs the owner's approval; request it with "
              "signet_get_proof, which waits for the owner"}}};
  }
  if (wants_value && plan.tier == 2) {
    Json offer = CounterOffer(plan.label);
    offer["reason"] = "Tier 2: the value never leaves the vault, only conclusions";
    return {"counter", std::move(offer)};
  }
  if (effect == policy::Effect::kAnomaly) {
    return {"reject",
            {{"reason",
              "unusual for this counterparty: the owner would have to approve "
              "it; ask through signet_get_proof to start an approval"}}};
  }
  return {"accept", {{"mode", plan.kind == ClaimKind::kValue ? mode : "conclusion"}}};
}

}  // namespace

Json NegotiateTool::Schema() {
  return {{"type", "object"},
          {"properties",
           {{"counterparty",
             {{"type", "string"},
              {"minLength", 1},
              {"maxLength", 253},
              {"description", "The counterparty's domain (or https origin)."}}},
            {"purpose",
             {{"type", "string"},
              {"maxLength", 256},
              {"description", "What the counterparty says it needs the data for."}}},
            {"requests",
             {{"type", "array"},
              {"minItems", 1},
              {"maxItems", 16},
              {"items",
               {{"type", "object"},
                {"properties",
                 {{"item",
                   {{"type", "string"},
                    {"minLength", 1},
                    {"maxLength", 128},
                    {"description", "A vault label (birthdate) or a conclusion (age_over_18)."}}},
                  {"mode",
                   {{"type", "string"},
                    {"enum", {"value", "conclusion", "zk"}},
                    {"description", "What the counterparty asks for (default value)."}}}}},
                {"required", {"item"}},
                {"additionalProperties", false}}},
              {"description", "What the counterparty requests."}}}}},
          {"required", {"counterparty", "requests"}},
          {"additionalProperties", false}};
}

ToolResult NegotiateTool::Run(const CallContext& ctx, const Json& args, const Grant* grant) {
  auto domain = AudienceDomain(args.at("counterparty").get<std::string>());
  if (!domain) return ToolResult::Fail(domain.error().message());
  const std::string purpose = args.value("purpose", "");
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return kit_.Failed(vault.error(), kName);
  auto index = (*vault)->vault().ReadIndex();
  if (!index) return kit_.Failed(index.error(), kName);

  Json decisions = Json::array();
  std::vector<Ask> asks;
  std::vector<std::pair<Json, std::optional<ClaimPlan>>> items;
  for (const Json& r : args.at("requests")) {
    const std::string item = r.at("item").get<std::string>();
    const std::string mode = r.value("mode", "value");
    auto plan = PlanClaim(item, *index);
    if (!plan) {
      decisions.push_back(
          {{"item", item}, {"decision", "reject"}, {"reason", plan.error().message()}});
      continue;
    }
    const bool value = mode == "value" && plan->kind == ClaimKind::kValue;
    asks.push_back(
        Ask{.label = plan->label,
            .tier = plan->tier,
            .operation = value ? policy::Operation::kDisclose : policy::Operation::kProve,
            .purpose = purpose,
            .destination = *domain});
    items.push_back({r, std::move(*plan)});
  }
  auto verdict = kit_.Decide(ctx.principal, asks, grant);
  if (!verdict) return kit_.Failed(verdict.error(), kName);
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string item = items[i].first.at("item").get<std::string>();
    const std::string mode = items[i].first.value("mode", "value");
    ItemDecision d = Judge(mode, *items[i].second, verdict->decisions[i].effect);
    Json entry = {{"item", item}, {"decision", d.decision}, {"tier", items[i].second->tier}};
    entry.update(d.detail);
    decisions.push_back(std::move(entry));
  }

  // Merge with what was agreed before and remember it.
  const std::string key = ctx.principal.tenant.value() + "/" + *domain;
  Json agreement = {{"counterparty", *domain}, {"items", Json::object()}};
  auto stored = kit_.services().state.Get(kNamespace, key);
  if (!stored) return kit_.Failed(stored.error(), kName);
  if (*stored) {
    if (auto prev = credentials::ParseJson(AsStringView(**stored));
        prev && prev->is_object() && prev->contains("items")) {
      agreement = *prev;
    }
  }
  const bool known = stored->has_value();
  for (const Json& d : decisions) agreement["items"][d.at("item").get<std::string>()] = d;
  agreement["updated"] = kit_.Now();
  agreement["purpose"] = purpose;
  if (Status s = kit_.services().state.Put(
          kNamespace, key, AsBytes(Dump(agreement)),
          std::chrono::seconds(kit_.services().options.negotiation_ttl_seconds));
      !s.ok()) {
    return kit_.Failed(s.error(), kName);
  }
  Json event = {{"outcome", "negotiated"}, {"counterparty", *domain}, {"decisions", Json::array()}};
  for (const Json& d : decisions) {
    event["decisions"].push_back({{"item", d.at("item")}, {"decision", d.at("decision")}});
  }
  if (Status s = kit_.Audit(**vault, ctx.principal, kName, event); !s.ok()) {
    return kit_.Failed(s.error(), kName);
  }
  Json out = {{"counterparty", *domain},
              {"decisions", decisions},
              {"previously_negotiated", known},
              {"agreement", agreement["items"]},
              {"next", "Use signet_get_proof for the accepted items and the counter-offers."}};
  return ToolResult::Ok(std::move(out));
}

}  // namespace signet::mcp
