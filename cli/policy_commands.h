#pragma once

// `signet policy show|set|test|suggestions`: the owner's view of the policy engine
// (docs/policy.md). The commands are plain functions over a PolicyCommandEnv, which the vault
// layer implements (the rule document and the MAC'd pattern counters live in the vault); tests
// use an in-memory one.
//
//   signet policy show [--json]                  print the stored rules
//   signet policy set FILE|- [--dry-run]         validate and store a rule document
//   signet policy test FILE|- [--json] [--policy FILE]
//                                                evaluate a request; print decision and reasons
//   signet policy suggestions [--json] [--apply RULE_ID]
//                                                list suggested rules; --apply adds one
//
// Exit codes follow cli/commands.h: 0 success (for `test`, whatever the decision), 1 failure
// (one-line message on stderr), 2 usage error.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "policy/tracker.h"

namespace signet::cli {

// PolicyCommandEnv gives the policy commands their storage, input and output. Implementations
// decide where things live; the commands never touch files or keys themselves.
class PolicyCommandEnv {
 public:
  virtual ~PolicyCommandEnv() = default;
  // LoadPolicy returns the stored rule document (JSON), or nullopt if none was ever stored.
  virtual Result<std::optional<std::string>> LoadPolicy() = 0;
  // StorePolicy replaces the stored document with `json` (validated, canonical form).
  virtual Status StorePolicy(const std::string& json) = 0;
  // LoadPatternTracker returns the owner's answer counters (empty if none stored yet; kDataLoss
  // if their MAC does not verify — policy::PatternTracker::Load).
  virtual Result<policy::PatternTracker> LoadPatternTracker() = 0;
  // ReadInput returns the contents of `path`, or of standard input for "-" (ReadFileOrStdin).
  virtual Result<std::string> ReadInput(const std::string& path) = 0;
  // NowUnix is the time given to requests that carry none.
  virtual int64_t NowUnix() = 0;
  virtual std::ostream& Out() = 0;
  virtual std::ostream& Err() = 0;
};

// kPolicyUsage is the usage text of the policy commands (for the top-level help).
extern const std::string_view kPolicyUsage;

// RunPolicyCommand runs `signet policy ARGS...` (`args` starts after "policy").
int RunPolicyCommand(const std::vector<std::string>& args, PolicyCommandEnv& env);

// ReadFileOrStdin reads a file (or stdin for "-") of at most `max_bytes`: TooLarge beyond it,
// NotFound / Unavailable when it cannot be read. A helper for PolicyCommandEnv::ReadInput.
Result<std::string> ReadFileOrStdin(const std::string& path, size_t max_bytes);

}  // namespace signet::cli
