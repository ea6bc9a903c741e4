#include "cli/policy_commands.h"

#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/args.h"
#include "policy/choices.h"
#include "policy/engine.h"
#include "policy/request_json.h"
#include "policy/rules_json.h"

namespace signet::cli {

const std::string_view kPolicyUsage =
    "  policy show [--json]  print the stored policy rules\n"
    "  policy set FILE|- [--dry-run]\n"
    "                        validate a rule document and store it\n"
    "  policy test FILE|- [--json] [--policy FILE]\n"
    "                        evaluate a request against the rules; print decision and reasons\n"
    "  policy suggestions [--json] [--apply RULE_ID]\n"
    "                        list rules suggested by the owner's past answers; --apply adds one\n";

namespace {

constexpr int kOk = 0;
constexpr int kFailure = 1;
constexpr int kUsage = 2;

int Usage(PolicyCommandEnv& env, std::string_view error) {
  env.Err() << "signet policy: " << error << "\n\nusage:\n" << kPolicyUsage;
  return kUsage;
}

int Fail(PolicyCommandEnv& env, const Error& e) {
  env.Err() << "signet policy: " << e.message() << "\n";
  return kFailure;
}

// LoadDocument returns the stored document, or an empty one (no rules) if none is stored.
Result<policy::PolicyDocument> LoadDocument(PolicyCommandEnv& env) {
  auto stored = env.LoadPolicy();
  if (!stored) return std::move(stored).error();
  if (!*stored) return policy::PolicyDocument{};
  auto doc = policy::ParsePolicyDocument(**stored);
  if (!doc) return DataLoss("stored policy is invalid: " + doc.error().message());
  return doc;
}

void PrintRules(const policy::PolicyDocument& doc, std::ostream& out) {
  out << "policy version " << policy::PolicyDocument::kVersion << ", " << doc.rules.size()
      << " rules, default ttl " << doc.settings.default_ttl_seconds << " s\n";
  for (const policy::ActorRoleEntry& a : doc.actors) {
    out << "actor  " << a.actor << " = " << policy::RoleName(a.role) << "\n";
  }
  for (const policy::DomainRoleEntry& d : doc.domain_roles) {
    out << "domain " << d.domain << (d.subdomains ? " (and subdomains)" : "") << " = "
        << policy::RoleName(d.role) << "\n";
  }
  for (const policy::Rule& r : doc.rules) out << "rule   " << policy::SerializeRule(r) << "\n";
  if (doc.rules.empty()) out << "no rules: every request escalates to the owner\n";
}

int CmdShow(const std::vector<std::string>& argv, PolicyCommandEnv& env) {
  auto args = Args::Parse(argv, {.with_value = {}, .boolean = {"json"}});
  if (!args) return Usage(env, args.error().message());
  if (!args->positional().empty()) return Usage(env, "show takes no arguments");
  auto doc = LoadDocument(env);
  if (!doc) return Fail(env, doc.error());
  if (args->Has("json")) {
    env.Out() << policy::SerializePolicyDocument(*doc, 2) << "\n";
  } else {
    PrintRules(*doc, env.Out());
  }
  return kOk;
}

int CmdSet(const std::vector<std::string>& argv, PolicyCommandEnv& env) {
  auto args = Args::Parse(argv, {.with_value = {}, .boolean = {"dry-run"}});
  if (!args) return Usage(env, args.error().message());
  if (args->positional().size() != 1) return Usage(env, "expected: policy set FILE|-");
  auto text = env.ReadInput(args->positional()[0]);
  if (!text) return Fail(env, text.error());
  auto doc = policy::ParsePolicyDocument(*text);
  if (!doc) return Fail(env, doc.error());
  const std::string canonical = policy::SerializePolicyDocument(*doc);
  const size_t rules = doc->rules.size();
  auto engine = policy::PolicyEngine::Create(std::move(*doc));
  if (!engine) return Fail(env, engine.error());
  if (args->Has("dry-run")) {
    env.Out() << "policy ok: " << rules << " rules (not stored)\n";
    return kOk;
  }
  if (Status s = env.StorePolicy(canonical); !s.ok()) return Fail(env, s.error());
  env.Out() << "policy stored: " << rules << " rules\n";
  return kOk;
}

int CmdTest(const std::vector<std::string>& argv, PolicyCommandEnv& env) {
  auto args = Args::Parse(argv, {.with_value = {"policy"}, .boolean = {"json"}});
  if (!args) return Usage(env, args.error().message());
  if (args->positional().size() != 1) return Usage(env, "expected: policy test FILE|-");
  Result<policy::PolicyDocument> doc = policy::PolicyDocument{};
  if (auto file = args->Get("policy")) {
    auto text = env.ReadInput(*file);
    if (!text) return Fail(env, text.error());
    doc = policy::ParsePolicyDocument(*text);
  } else {
    doc = LoadDocument(env);
  }
  if (!doc) return Fail(env, doc.error());
  auto engine = policy::PolicyEngine::Create(std::move(*doc));
  if (!engine) return Fail(env, engine.error());
  auto text = env.ReadInput(args->positional()[0]);
  if (!text) return Fail(env, text.error());
  auto request = policy::ParseRequestJson(*text, env.NowUnix());
  if (!request) return Fail(env, request.error());
  const policy::Decision d = engine->Evaluate(*request);
  env.Out() << (args->Has("json") ? policy::DecisionToJson(d) : policy::DecisionToText(d)) << "\n";
  return kOk;
}

void PrintSuggestions(const std::vector<policy::Suggestion>& list, std::ostream& out) {
  if (list.empty()) out << "no suggestions\n";
  for (const policy::Suggestion& s : list) {
    out << policy::OwnerChoiceName(s.choice) << ": " << s.key.actor_id << " "
        << policy::OperationName(s.key.operation) << " " << s.key.attribute << " (tier "
        << static_cast<int>(s.key.tier) << ") - " << s.rationale << "\n  apply with: signet "
        << "policy suggestions --apply " << s.rule.id
        << "\n  rule: " << policy::SerializeRule(s.rule) << "\n";
  }
}

int CmdSuggestions(const std::vector<std::string>& argv, PolicyCommandEnv& env) {
  auto args = Args::Parse(argv, {.with_value = {"apply"}, .boolean = {"json"}});
  if (!args) return Usage(env, args.error().message());
  if (!args->positional().empty()) return Usage(env, "suggestions takes no arguments");
  auto tracker = env.LoadPatternTracker();
  if (!tracker) return Fail(env, tracker.error());
  auto doc = LoadDocument(env);
  if (!doc) return Fail(env, doc.error());
  const std::vector<policy::Suggestion> list = tracker->Suggest(*doc);
  const std::optional<std::string> apply = args->Get("apply");
  if (!apply) {
    if (args->Has("json")) {
      env.Out() << policy::SuggestionsToJson(list) << "\n";
    } else {
      PrintSuggestions(list, env.Out());
    }
    return kOk;
  }
  for (const policy::Suggestion& s : list) {
    if (s.rule.id != *apply) continue;
    auto updated = policy::AddRule(std::move(*doc), s.rule);
    if (!updated) return Fail(env, updated.error());
    if (Status st = env.StorePolicy(policy::SerializePolicyDocument(*updated)); !st.ok()) {
      return Fail(env, st.error());
    }
    env.Out() << "added rule " << s.rule.id << "\n";
    return kOk;
  }
  return Fail(env, NotFound("no current suggestion has rule id " + *apply));
}

}  // namespace

int RunPolicyCommand(const std::vector<std::string>& args, PolicyCommandEnv& env) {
  if (args.empty()) return Usage(env, "missing subcommand");
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "show") return CmdShow(rest, env);
  if (args[0] == "set") return CmdSet(rest, env);
  if (args[0] == "test") return CmdTest(rest, env);
  if (args[0] == "suggestions") return CmdSuggestions(rest, env);
  return Usage(env, "unknown subcommand '" + args[0] + "'");
}

Result<std::string> ReadFileOrStdin(const std::string& path, size_t max_bytes) {
  std::string out;
  auto read_all = [&](std::istream& in) -> Status {
    char buf[8192];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      out.append(buf, static_cast<size_t>(in.gcount()));
      if (out.size() > max_bytes)
        return TooLarge(path + ": larger than " + std::to_string(max_bytes) + " bytes");
    }
    if (in.bad()) return Unavailable(path + ": read failed");
    return OkStatus();
  };
  if (path == "-") {
    if (Status s = read_all(std::cin); !s.ok()) return std::move(s).error();
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open");
  if (Status s = read_all(in); !s.ok()) return std::move(s).error();
  return out;
}

}  // namespace signet::cli
