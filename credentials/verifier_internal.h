#pragma once

// Helpers shared by the presentation verifier's files (verifier.cc, proof_bundles.cc). Not part
// of the library's interface.

#include <string_view>

#include "credentials/verifier.h"

namespace signet::credentials::internal {

// Malformed is InvalidArgument with the reason "malformed" and `detail`.
Error Malformed(std::string_view detail);

// Reject marks `r` invalid, clears its claims and records `e` as an issue.
VerifyResult Reject(VerifyResult r, const Error& e);

}  // namespace signet::credentials::internal
