// The read-only resources: the vault's labels and tiers, the credentials this vault issued
// through MCP (from the audit chain: every issuance is an audit event, so there is no second
// record to keep in sync), and the tail of the audit chain. Every read is itself audited.

#include "mcp/resources.h"

#include <algorithm>

namespace signet::mcp {
namespace {

constexpr size_t kTailEvents = 50;
constexpr size_t kIssuedScan = 200;

Result<std::vector<vault::AuditEvent>> Tail(TenantVault& vault, size_t n) {
  auto head = vault.storage().audit().Head(vault.vault().audit().chain());
  if (!head) return std::move(head).error();
  if (!*head) return std::vector<vault::AuditEvent>();
  const uint64_t last = (*head)->seq;
  const uint64_t from = last + 1 > n ? last + 1 - n : 0;
  return vault.vault().audit().List(from, n);
}

Result<ResourceContent> Json_(const Json& j) {
  return ResourceContent{"application/json", Dump(j)};
}

}  // namespace

Result<ResourceContent> SignetResources::Labels(const CallContext& ctx) {
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return std::move(vault).error();
  auto index = (*vault)->vault().ReadIndex();
  if (!index) return std::move(index).error();
  Json labels = Json::array();
  for (const auto& [label, entry] : index->labels) {
    if (entry.items.empty()) continue;
    Json l = {{"label", label},
              {"tier", entry.tier},
              {"items", entry.items.size()},
              {"category", policy::CategoryName(CategoryFor(label))}};
    if (!entry.compartment.empty()) l["compartment"] = entry.compartment;
    labels.push_back(std::move(l));
  }
  if (Status s = kit_.Audit(**vault, ctx.principal, "resources/read",
                            {{"uri", kLabelsUri}, {"outcome", "released"}});
      !s.ok()) {
    return std::move(s).error();
  }
  return Json_({{"labels", std::move(labels)},
                {"tiers",
                 {{"1", "value may be returned"},
                  {"2", "conclusions only (age_over_N, at_least, ...)"},
                  {"3", "every use needs the owner's approval"}}}});
}

Result<ResourceContent> SignetResources::Issued(const CallContext& ctx) {
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return std::move(vault).error();
  auto events = Tail(**vault, kIssuedScan);
  if (!events) return std::move(events).error();
  Json issued = Json::array();
  for (auto it = events->rbegin(); it != events->rend(); ++it) {
    if (it->kind != kAuditKind) continue;
    auto batch = credentials::ParseJson(
        it->detail, {.max_bytes = 1 << 20, .max_depth = 16, .max_values = 1 << 16});
    if (!batch || !batch->is_array()) continue;
    for (const Json& e : *batch) {
      const std::string* tool = credentials::StringMember(e, "tool");
      const std::string* outcome = credentials::StringMember(e, "outcome");
      if (!tool || !outcome || *outcome != "released") continue;
      if (*tool != "signet_get_proof" && *tool != "signet_request_capability") continue;
      Json entry = e;
      entry["audit_seq"] = it->seq;
      issued.push_back(std::move(entry));
    }
  }
  if (Status s = kit_.Audit(**vault, ctx.principal, "resources/read",
                            {{"uri", kIssuedUri}, {"outcome", "released"}});
      !s.ok()) {
    return std::move(s).error();
  }
  return Json_({{"issued", std::move(issued)},
                {"note", "newest first, from the last " + std::to_string(kIssuedScan) +
                             " audit entries; values are never recorded"}});
}

Result<ResourceContent> SignetResources::AuditTail(const CallContext& ctx) {
  auto vault = kit_.OpenVault(ctx.principal);
  if (!vault) return std::move(vault).error();
  auto events = Tail(**vault, kTailEvents);
  if (!events) return std::move(events).error();
  Json out = Json::array();
  for (const vault::AuditEvent& e : *events) {
    out.push_back({{"seq", e.seq},
                   {"time", e.time},
                   {"kind", e.kind},
                   {"detail", e.detail},
                   {"hash", e.hash}});
  }
  if (Status s = kit_.Audit(**vault, ctx.principal, "resources/read",
                            {{"uri", kAuditUri}, {"outcome", "released"}});
      !s.ok()) {
    return std::move(s).error();
  }
  return Json_({{"events", std::move(out)}});
}

}  // namespace signet::mcp
