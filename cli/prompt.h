#pragma once

// Secret input for the CLI. Passphrases and mnemonics never come from argv: they are read from a
// file named by a flag, or typed at the terminal with echo off.

#include <optional>
#include <string>

#include "base/result.h"
#include "crypto/secret_bytes.h"

namespace signet::cli {

// kMinPassphraseLength is the shortest passphrase `signet init` accepts.
inline constexpr size_t kMinPassphraseLength = 8;

// ReadSecretFile reads a secret from a file (at most 4 KiB; one trailing newline is removed).
Result<crypto::SecretBytes> ReadSecretFile(const std::string& path);

// PromptSecret asks on the controlling terminal with echo off. kFailedPrecondition if there is
// no terminal (the message tells the caller which flag to use instead).
Result<crypto::SecretBytes> PromptSecret(const std::string& prompt, const std::string& flag_hint);

// ReadPassphrase takes the passphrase from `file` if given, else from the terminal. With
// `confirm`, the terminal asks twice and the passphrase must be at least kMinPassphraseLength.
Result<crypto::SecretBytes> ReadPassphrase(const std::optional<std::string>& file, bool confirm);

// Confirm asks a yes/no question on the terminal; false without a terminal.
bool Confirm(const std::string& question, const std::string& expected_answer);

}  // namespace signet::cli
