#pragma once

// Helpers shared by the credential commands (credential_commands.cc, credential_present.cc).
// Internal to cli/.

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "cli/args.h"
#include "cli/credential_commands.h"
#include "credentials/json.h"

namespace signet::cli {

// CredentialFlags is a FlagSpec with the configuration flags, --json and `with_value`.
FlagSpec CredentialFlags(std::initializer_list<const char*> with_value);

// SplitList splits "a,b,c" (empty items are dropped).
std::vector<std::string> SplitList(std::string_view s);
// JoinList joins with ",".
std::string JoinList(const std::vector<std::string>& items);

// ReadInputFile reads a file (or stdin for "-"), at most 512 KiB.
Result<std::string> ReadInputFile(const std::string& path);
// WritePrivateFile creates `path` with mode 0600 (refusing to overwrite) and writes `text`.
Status WritePrivateFile(const std::string& path, std::string_view text);

// EmitResult prints `j` with --json, otherwise `text`.
void EmitResult(const Args& args, const credentials::Json& j, const std::string& text);

// EntryJson renders a registry entry.
credentials::Json EntryJson(const IssuedCredential& c);

// RunPresent / RunVerify run `signet present` / `signet verify`.
int RunPresent(const std::vector<std::string>& argv);
int RunVerify(const std::vector<std::string>& argv);

}  // namespace signet::cli
