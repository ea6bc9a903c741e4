// signet_query: one question about one vault label, within the tier rules.
//   Tier 1: the value may be returned ("value") or any conclusion.
//   Tier 2: conclusions only (invariant 4): "value" is refused before the policy is asked.
//   Tier 3: everything suspends for the owner's approval (the policy never permits Tier 3
//           without one); once approved, the released key opens the record for this one call.

#include "mcp/tools.h"
#include "vault/classification.h"

namespace signet::mcp {

Json QueryTool::Schema() {
  return {
      {"type", "object"},
      {"properties",
       {{"label",
         {{"type", "string"},
          {"minLength", 1},
          {"maxLength", 128},
          {"description",
           "The vault label to ask about (see the signet://vault/labels resource)."}}},
        {"ask",
         {{"type", "string"},
          {"enum",
           {"value", "exists", "age_at_least", "at_least", "at_most", "equals", "before", "after"}},
          {"description",
           "value: the value itself (Tier 1 only). The others return only true/false: exists; "
           "age_at_least (operand = years, label holds a birth date); at_least / at_most "
           "(operand = a number); equals (operand = text); before / after (operand = a date "
           "YYYY-MM-DD)."}}},
        {"operand",
         {{"type", "string"},
          {"maxLength", 128},
          {"description", "The threshold or comparison value for the conclusions."}}},
        {"purpose",
         {{"type", "string"},
          {"maxLength", 256},
          {"description", "Why you need it, in a few words (shown to the owner)."}}}}},
      {"required", {"label", "ask"}},
      {"additionalProperties", false}};
}

ToolResult QueryTool::Run(const CallContext& ctx, const Json& args, const Grant* grant) {
  const std::string label = args.at("label").get<std::string>();
  const std::string ask_name = args.at("ask").get<std::string>();
  const std::string operand = args.value("operand", "");
  const QueryKind kind = *ParseQueryKind(ask_name);
  if (kind != QueryKind::kValue && kind != QueryKind::kExists && operand.empty()) {
    return ToolResult::Fail(ask_name + " needs an operand");
  }
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return kit_.Failed(vault.error(), kName);
  auto index = (*vault)->vault().ReadIndex();
  if (!index) return kit_.Failed(index.error(), kName);
  const auto it = index->labels.find(label);
  const bool present = it != index->labels.end() && !it->second.items.empty();
  const int tier = present ? it->second.tier : vault::DefaultClassification(label).tier;
  Json event = {{"label", label}, {"ask", ask_name}, {"tier", tier}};
  if (kind == QueryKind::kValue && tier == 2) {
    event["outcome"] = "refused";
    if (Status s = kit_.Audit(**vault, ctx.principal, kName, event); !s.ok()) {
      return kit_.Failed(s.error(), kName);
    }
    return ToolResult::Fail(
        label +
            " is Tier 2: its value never leaves the vault. Ask for a conclusion instead "
            "(exists, age_at_least, at_least, at_most, equals, before, after).",
        {{"status", "refused"}, {"tier", 2}});
  }
  const policy::Operation op =
      kind == QueryKind::kValue ? policy::Operation::kRead : policy::Operation::kProve;
  auto verdict = kit_.Decide(
      ctx.principal,
      {Ask{.label = label, .tier = tier, .operation = op, .purpose = args.value("purpose", "")}},
      grant);
  if (!verdict) return kit_.Failed(verdict.error(), kName);
  if (verdict->outcome == Outcome::kDeny) return kit_.Refused(*verdict);
  if (verdict->outcome == Outcome::kSuspend)
    return kit_.Suspend(ctx, kName, args, *verdict, &*index);

  Json out = {{"label", label}, {"ask", ask_name}, {"tier", tier}};
  if (!present) {
    if (kind != QueryKind::kExists) return ToolResult::Fail("the vault holds no " + label);
    out["answer"] = false;
  } else {
    auto value = kit_.ReadValue(**vault, *index, label, grant);
    if (!value) return kit_.Failed(value.error(), kName);
    if (kind == QueryKind::kValue) {
      out["value"] = value->str();
    } else {
      auto answer = AnswerQuery(kind, value->str(), operand, TodayUtc(kit_.Now()));
      if (!answer) return ToolResult::Fail(label + ": " + answer.error().message());
      out["operand"] = operand;
      out["answer"] = *answer;
    }
  }
  event["outcome"] = "released";
  if (Status s = kit_.Audit(**vault, ctx.principal, kName, event); !s.ok()) {
    return kit_.Failed(s.error(), kName);
  }
  const std::string text = kind == QueryKind::kValue
                               ? label + ": " + out["value"].get<std::string>()
                               : label + " " + ask_name + (operand.empty() ? "" : " " + operand) +
                                     ": " + (out["answer"].get<bool>() ? "true" : "false");
  return ToolResult::Ok(std::move(out), text);
}

}  // namespace signet::mcp
