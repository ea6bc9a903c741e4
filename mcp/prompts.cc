// The prompts: short guides a client can insert so a model uses the tools well.

#include "mcp/signet_tools.h"

namespace signet::mcp {
namespace {

std::string Arg(const Json& args, const char* name) {
  const std::string* v = credentials::StringMember(args, name);
  return v ? v->substr(0, 256) : std::string();
}

}  // namespace

void SignetFeatures::RegisterPrompts() {
  prompts_.Add(
      {"signet_overview",
       "How to use Signet",
       "Explains the vault's tiers and which Signet tool to use when.",
       {},
       [](const Json&) {
         return Json::array({TextMessage(
             "user", Instructions() +
                         "\n\nTools: signet_query (ask the vault), signet_negotiate_context "
                         "(agree what a counterparty may learn), signet_get_proof (sd-jwt, bbs "
                         "or range proof for a relying party), signet_request_capability (a "
                         "token to pay or act once), signet_check_status (poll approvals), "
                         "signet_store / signet_list (your own notes). Resources: "
                         "signet://vault/labels, signet://credentials/issued, "
                         "signet://audit/tail.")});
       }});
  prompts_.Add(
      {"prove_to_relying_party",
       "Prove something to a website",
       "Walks through proving a claim (e.g. age_over_18) to a relying party without "
       "revealing the underlying data.",
       {{"audience", "The relying party's domain", true},
        {"nonce", "The challenge it gave you", true},
        {"claim", "What to prove, e.g. age_over_18", true}},
       [](const Json& args) {
         return Json::array({TextMessage(
             "user", "Prove " + Arg(args, "claim") + " to " + Arg(args, "audience") +
                         ". First call signet_negotiate_context with counterparty " +
                         Arg(args, "audience") +
                         " and the requested item; then call "
                         "signet_get_proof with format sd-jwt, audience " +
                         Arg(args, "audience") + ", nonce " + Arg(args, "nonce") +
                         " and claims [\"" + Arg(args, "claim") +
                         "\"]. Hand the returned presentation to the relying party unchanged. "
                         "If the result is pending, poll signet_check_status with its "
                         "request_id.")});
       }});
  prompts_.Add(
      {"pay_with_capability",
       "Pay with a capability token",
       "Explains how to obtain a capability token for a purchase within a limit.",
       {{"audience", "The shop's domain", true},
        {"amount", "The most it may charge, e.g. 49.90", true},
        {"currency", "ISO 4217 code, e.g. EUR", true}},
       [](const Json& args) {
         return Json::array({TextMessage(
             "user", "Call signet_request_capability with audience " + Arg(args, "audience") +
                         ", purpose checkout, max_amount {value " + Arg(args, "amount") +
                         ", currency " + Arg(args, "currency") +
                         "} and one_time true. Give the shop the returned presentation. If "
                         "the result is pending, the owner is being asked: poll "
                         "signet_check_status.")});
       }});
}

}  // namespace signet::mcp
