#include "mcp/signet_tools.h"

#include "mcp/resources.h"
#include "mcp/tools.h"

namespace signet::mcp {

std::string_view ApprovalStateName(ApprovalState state) {
  switch (state) {
    case ApprovalState::kPending:
      return "pending";
    case ApprovalState::kApproved:
      return "approved";
    case ApprovalState::kDenied:
      return "denied";
    case ApprovalState::kExpired:
      return "expired";
  }
  return "pending";
}

namespace {

constexpr std::string_view kProofDescription =
    "Create a cryptographic proof for a relying party (a website or service) instead of giving "
    "it personal data. Use it whenever a service asks you to prove something about the user "
    "(age, balance, a contact detail). Pass the service's audience (its domain) and the nonce it "
    "gave you; the proof only verifies for that audience and nonce, so never reuse it. format "
    "sd-jwt suits most services; bbs gives a zero-knowledge BBS proof; range proves that a "
    "number or date lies within bounds without revealing it. Ask for conclusions such as "
    "age_over_18 rather than raw values: Tier-2 values (birth date, balance) are never "
    "disclosed, only conclusions about them. If the owner's approval is needed the result has "
    "status pending and a request_id: poll signet_check_status.";
constexpr std::string_view kQueryDescription =
    "Answer a question from the user's vault for your own reasoning. ask=value returns the "
    "value of a Tier-1 label (name, email, preferences). For Tier-2 labels (birth date, "
    "address, balance) only yes/no conclusions are available: exists, age_at_least, at_least, "
    "at_most, equals, before, after. Tier-3 labels (passport, medical, IBAN) always need the "
    "owner's approval: the call returns status pending and a request_id for "
    "signet_check_status. The signet://vault/labels resource lists labels and tiers.";
constexpr std::string_view kCapabilityDescription =
    "Get a signed capability token (PASETO v4.public) that lets one relying party do one thing "
    "for the user, e.g. charge at most 50.00 EUR for a checkout, once, within 15 minutes. Give "
    "the relying party the returned presentation. The owner's policy decides; amounts over the "
    "owner's limits or unusual requests wait for the owner's approval (status pending, poll "
    "signet_check_status).";
constexpr std::string_view kNegotiateDescription =
    "Before proving anything, negotiate what a counterparty may learn. Send the items it "
    "requests; each is accepted, countered (a conclusion or zero-knowledge proof instead of the "
    "value, e.g. age_over_18 instead of the birth date) or rejected, following the vault's tier "
    "rules and the owner's policy. The agreement is remembered per counterparty. Nothing is "
    "disclosed by this tool: use signet_get_proof afterwards.";
constexpr std::string_view kStatusDescription =
    "Check a request that is waiting for the owner's approval (the request_id from a pending "
    "result). Returns pending, approved (with the finished result of the original call), "
    "denied or expired. Poll every few seconds; do not resubmit the original request.";
constexpr std::string_view kStoreDescription =
    "Save a note of your own in the user's vault (for example a preference you learned). Tier 1 "
    "(may be read back freely) or Tier 2 (default: sensitive, only for your own reasoning). "
    "Notes live under the label note.<key>; storing the same key again replaces it. If the "
    "vault's quota is used up the call fails with code resource_exhausted: replace an existing "
    "note instead of adding new ones, or ask the user to free space.";
constexpr std::string_view kListDescription =
    "List your notes saved with signet_store, with their text. Tier-2 notes are for your own "
    "reasoning only: never pass them to a relying party or another agent.";

Json ReadOnly() {
  return {{"readOnlyHint", true}, {"destructiveHint", false}, {"openWorldHint", false}};
}

}  // namespace

struct SignetFeatures::Impl {
  explicit Impl(const ToolServices& s)
      : kit(s),
        proof(kit),
        query(kit),
        capability(kit),
        negotiate(kit),
        notes(kit),
        resources(kit) {}
  ToolKit kit;
  ProofTool proof;
  QueryTool query;
  CapabilityTool capability;
  NegotiateTool negotiate;
  NotesTools notes;
  SignetResources resources;
  std::unique_ptr<StatusTool> status;
};

SignetFeatures::SignetFeatures(ToolServices services)
    : services_(std::move(services)), impl_(std::make_unique<Impl>(services_)) {
  Impl& i = *impl_;
  auto wrap = [](auto* tool) {
    return
        [tool](const CallContext& c, const Json& a, const Grant* g) { return tool->Run(c, a, g); };
  };
  const std::map<std::string, ToolFn, std::less<>> suspendable = {
      {std::string(ProofTool::kName), wrap(&i.proof)},
      {std::string(QueryTool::kName), wrap(&i.query)},
      {std::string(CapabilityTool::kName), wrap(&i.capability)},
      {std::string(NegotiateTool::kName), wrap(&i.negotiate)}};
  i.status = std::make_unique<StatusTool>(i.kit, suspendable);
  auto plain = [](const ToolFn& fn) {
    return [fn](const CallContext& c, const Json& a) { return fn(c, a, nullptr); };
  };
  tools_.Add({std::string(ProofTool::kName),
              "Prove to a relying party",
              std::string(kProofDescription),
              ProofTool::Schema(),
              {{"readOnlyHint", false}, {"destructiveHint", false}, {"openWorldHint", false}},
              std::string(kScopeProofs),
              plain(suspendable.at(std::string(ProofTool::kName)))});
  tools_.Add({std::string(QueryTool::kName), "Ask the vault", std::string(kQueryDescription),
              QueryTool::Schema(), ReadOnly(), std::string(kScopeQuery),
              plain(suspendable.at(std::string(QueryTool::kName)))});
  tools_.Add({std::string(CapabilityTool::kName),
              "Request a capability token",
              std::string(kCapabilityDescription),
              CapabilityTool::Schema(),
              {{"readOnlyHint", false}, {"destructiveHint", false}, {"openWorldHint", false}},
              std::string(kScopeCapabilities),
              plain(suspendable.at(std::string(CapabilityTool::kName)))});
  tools_.Add({std::string(NegotiateTool::kName),
              "Negotiate disclosure",
              std::string(kNegotiateDescription),
              NegotiateTool::Schema(),
              {{"readOnlyHint", false},
               {"destructiveHint", false},
               {"idempotentHint", true},
               {"openWorldHint", false}},
              std::string(kScopeProofs),
              plain(suspendable.at(std::string(NegotiateTool::kName)))});
  tools_.Add({std::string(StatusTool::kName), "Check an approval", std::string(kStatusDescription),
              StatusTool::Schema(), ReadOnly(), "",
              [&i](const CallContext& c, const Json& a) { return i.status->Run(c, a); }});
  tools_.Add({std::string(NotesTools::kStoreName),
              "Save a note",
              std::string(kStoreDescription),
              NotesTools::StoreSchema(),
              {{"readOnlyHint", false},
               {"destructiveHint", true},
               {"idempotentHint", true},
               {"openWorldHint", false}},
              std::string(kScopeNotes),
              [&i](const CallContext& c, const Json& a) { return i.notes.Store(c, a); }});
  tools_.Add({std::string(NotesTools::kListName), "List your notes", std::string(kListDescription),
              NotesTools::ListSchema(), ReadOnly(), std::string(kScopeNotes),
              [&i](const CallContext& c, const Json& a) { return i.notes.List(c, a); }});
  RegisterResources();
  RegisterPrompts();
}

SignetFeatures::~SignetFeatures() = default;

void SignetFeatures::RegisterResources() {
  Impl& i = *impl_;
  resources_.Add({std::string(kLabelsUri), "vault-labels", "Vault labels and tiers",
                  "The labels in the user's vault with their tiers (1: value may be returned, 2: "
                  "conclusions only, 3: owner approval) and data categories. Never values.",
                  "application/json", std::string(kScopeQuery),
                  [&i](const CallContext& c) { return i.resources.Labels(c); }});
  resources_.Add({std::string(kIssuedUri), "issued-credentials", "Issued credentials",
                  "Proofs and capability tokens this vault issued through MCP: format, audience, "
                  "claim names, times (from the audit chain; no values).",
                  "application/json", std::string(kScopeProofs),
                  [&i](const CallContext& c) { return i.resources.Issued(c); }});
  resources_.Add({std::string(kAuditUri), "audit-tail", "Audit log (latest entries)",
                  "The last 50 entries of the vault's signed, hash-chained audit log.",
                  "application/json", std::string(kScopeQuery),
                  [&i](const CallContext& c) { return i.resources.AuditTail(c); }});
}

std::string SignetFeatures::Instructions() {
  return "Signet holds the user's personal data in an encrypted vault and answers with proofs "
         "and conclusions instead of raw data. Tier 1 values (name, email) may be read; Tier 2 "
         "(birth date, address, balance) only as conclusions (age_over_18, at_least); Tier 3 "
         "(passport, medical, IBAN) needs the owner's approval every time. To satisfy a website: "
         "signet_negotiate_context, then signet_get_proof with its audience and nonce. To pay: "
         "signet_request_capability. A pending result means the owner is asked: poll "
         "signet_check_status. Everything you do is recorded in the vault's audit log.";
}

}  // namespace signet::mcp
