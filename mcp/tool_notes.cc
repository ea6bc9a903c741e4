// signet_store / signet_list: the agent's own notes in the vault, as labels "note.<key>" of
// Tier 1 or 2 (never Tier 3: the agent cannot write or read compartment records). The vault
// audits every store itself; both tools also record an MCP event naming the agent.

#include "mcp/tools.h"

namespace signet::mcp {
namespace {

constexpr std::string_view kPrefix = "note.";
constexpr size_t kMaxNotesListed = 100;

bool ValidKey(std::string_view key) {
  if (key.empty() || key.size() > 64) return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Json NotesTools::StoreSchema() {
  return {{"type", "object"},
          {"properties",
           {{"key",
             {{"type", "string"},
              {"minLength", 1},
              {"maxLength", 64},
              {"description", "Name of the note: letters, digits, '_', '-', '.'."}}},
            {"value",
             {{"type", "string"},
              {"maxLength", 8192},
              {"description", "The note's text (replaces an earlier note of that key)."}}},
            {"tier",
             {{"type", "integer"},
              {"enum", {1, 2}},
              {"description",
               "1: may be read back freely; 2 (default): sensitive, only for your own "
               "reasoning, never to be passed to third parties."}}}}},
          {"required", {"key", "value"}},
          {"additionalProperties", false}};
}

Json NotesTools::ListSchema() {
  return {
      {"type", "object"},
      {"properties",
       {{"include_values",
         {{"type", "boolean"}, {"description", "Return the notes' text too (default true)."}}}}},
      {"additionalProperties", false}};
}

ToolResult NotesTools::Store(const CallContext& ctx, const Json& args) {
  const std::string key = args.at("key").get<std::string>();
  if (!ValidKey(key))
    return ToolResult::Fail("key may only contain letters, digits, '_', '-', '.'");
  const int tier = args.value("tier", 2);
  const std::string label = std::string(kPrefix) + key;
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return kit_.Failed(vault.error(), kStoreName);
  auto index = (*vault)->vault().ReadIndex();
  if (!index) return kit_.Failed(index.error(), kStoreName);
  if (auto it = index->labels.find(label); it != index->labels.end() && it->second.tier >= 3) {
    return ToolResult::Fail(label + " is a Tier-3 record of the owner; agents cannot write it");
  }
  vault::StoreRequest req;
  req.label = label;
  req.index = 0;
  req.tier = tier;
  req.value = ToBytes(args.at("value").get<std::string>());
  auto stored = (*vault)->vault().Store(req);
  if (!stored && stored.error().code() == ErrorCode::kResourceExhausted) {
    // Over the tenant's quota (limits.tenant_records / tenant_bytes): audited, nothing written.
    (void)kit_.Audit(**vault, ctx.principal, kStoreName,
                     {{"outcome", "refused_quota"}, {"label", label}, {"tier", tier}});
  }
  if (!stored) return kit_.Failed(stored.error(), kStoreName);
  if (Status s = kit_.Audit(**vault, ctx.principal, kStoreName,
                            {{"outcome", "stored"}, {"label", label}, {"tier", tier}});
      !s.ok()) {
    return kit_.Failed(s.error(), kStoreName);
  }
  return ToolResult::Ok({{"stored", true}, {"key", key}, {"label", label}, {"tier", stored->tier}},
                        "stored note " + key + " (tier " + std::to_string(stored->tier) + ")");
}

ToolResult NotesTools::List(const CallContext& ctx, const Json& args) {
  const bool values = args.value("include_values", true);
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return kit_.Failed(vault.error(), kListName);
  auto index = (*vault)->vault().ReadIndex();
  if (!index) return kit_.Failed(index.error(), kListName);
  Json notes = Json::array();
  std::vector<std::string> keys;
  for (auto it = index->labels.lower_bound(std::string(kPrefix));
       it != index->labels.end() && it->first.starts_with(kPrefix); ++it) {
    if (it->second.tier >= 3 || it->second.items.empty()) continue;
    if (notes.size() >= kMaxNotesListed) break;
    Json note = {{"key", it->first.substr(kPrefix.size())},
                 {"tier", it->second.tier},
                 {"updated", it->second.items.begin()->second.updated}};
    if (values) {
      auto value = kit_.ReadValue(**vault, *index, it->first, nullptr);
      if (!value) return kit_.Failed(value.error(), kListName);
      note["value"] = value->str();
    }
    keys.push_back(it->first);
    notes.push_back(std::move(note));
  }
  if (Status s = kit_.Audit(**vault, ctx.principal, kListName,
                            {{"outcome", "listed"}, {"labels", keys}, {"values", values}});
      !s.ok()) {
    return kit_.Failed(s.error(), kListName);
  }
  return ToolResult::Ok({{"notes", std::move(notes)},
                         {"reminder",
                          "Tier-2 notes are for your own reasoning only: never pass "
                          "their text to a relying party or another agent."}});
}

}  // namespace signet::mcp
