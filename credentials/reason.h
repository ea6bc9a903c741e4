#pragma once

// Stable machine-readable reasons for credential failures. Every error the credentials library
// returns for untrusted input carries one of these as the first word of its message
// ("<reason>" or "<reason>: <detail>"), so callers (the /verify endpoint, the CLI, tests) can
// branch on and report the exact cause without parsing prose. Details never contain secrets;
// cryptographic failures use the bare reason (e.g. "invalid_signature") and nothing else.

#include <string_view>

#include "base/result.h"

namespace signet::credentials {

namespace reason {
// Input shape and encoding.
inline constexpr std::string_view kTooLarge = "input_too_large";
inline constexpr std::string_view kJsonMalformed = "json_malformed";
inline constexpr std::string_view kJsonDuplicateKey = "json_duplicate_key";
inline constexpr std::string_view kJsonTooDeep = "json_too_deep";
inline constexpr std::string_view kBase64Malformed = "base64url_malformed";
inline constexpr std::string_view kMalformed = "malformed";
inline constexpr std::string_view kUnknownFormat = "unknown_format";
// Signatures, algorithms and keys.
inline constexpr std::string_view kUnsupportedAlgorithm = "unsupported_algorithm";
inline constexpr std::string_view kAlgorithmKeyMismatch = "algorithm_key_mismatch";
inline constexpr std::string_view kInvalidSignature = "invalid_signature";
inline constexpr std::string_view kUnknownIssuer = "unknown_issuer";
inline constexpr std::string_view kInvalidKey = "invalid_key";
inline constexpr std::string_view kWrongType = "wrong_typ";
inline constexpr std::string_view kCritUnsupported = "crit_unsupported";
// SD-JWT disclosures.
inline constexpr std::string_view kDisclosureMalformed = "disclosure_malformed";
inline constexpr std::string_view kDisclosureDuplicate = "disclosure_duplicate";
inline constexpr std::string_view kDisclosureUnreferenced = "disclosure_unreferenced";
inline constexpr std::string_view kDigestDuplicate = "digest_duplicate";
inline constexpr std::string_view kReservedClaimName = "reserved_claim_name";
inline constexpr std::string_view kClaimNameConflict = "claim_name_conflict";
inline constexpr std::string_view kDisclosureKindMismatch = "disclosure_kind_mismatch";
inline constexpr std::string_view kUnsupportedSdAlg = "unsupported_sd_alg";
inline constexpr std::string_view kMissingClaim = "missing_claim";
inline constexpr std::string_view kRequiredClaimMissing = "required_claim_missing";
// Time.
inline constexpr std::string_view kExpired = "expired";
inline constexpr std::string_view kNotYetValid = "not_yet_valid";
inline constexpr std::string_view kIssuedInFuture = "issued_in_future";
// Key binding.
inline constexpr std::string_view kKeyBindingMissing = "key_binding_missing";
inline constexpr std::string_view kKeyBindingMalformed = "key_binding_malformed";
inline constexpr std::string_view kKeyBindingInvalidSignature = "key_binding_invalid_signature";
inline constexpr std::string_view kKeyBindingStale = "key_binding_stale";
inline constexpr std::string_view kHolderKeyMissing = "holder_key_missing";
inline constexpr std::string_view kAudienceMismatch = "audience_mismatch";
inline constexpr std::string_view kNonceMismatch = "nonce_mismatch";
inline constexpr std::string_view kSdHashMismatch = "sd_hash_mismatch";
inline constexpr std::string_view kBindingHashMismatch = "binding_hash_mismatch";
// Status (revocation).
inline constexpr std::string_view kRevoked = "revoked";
inline constexpr std::string_view kSuspended = "suspended";
inline constexpr std::string_view kStatusUnknownValue = "status_unknown_value";
inline constexpr std::string_view kStatusUnavailable = "status_unavailable";
inline constexpr std::string_view kStatusListInvalid = "status_list_invalid";
inline constexpr std::string_view kStatusIndexOutOfRange = "status_index_out_of_range";
// PASETO and capability tokens.
inline constexpr std::string_view kWrongHeader = "wrong_header";
inline constexpr std::string_view kFooterMismatch = "footer_mismatch";
inline constexpr std::string_view kReplayed = "replayed";
inline constexpr std::string_view kPaywordInvalid = "payword_invalid";
inline constexpr std::string_view kPaywordReplayed = "payword_replayed";
inline constexpr std::string_view kBudgetExceeded = "budget_exceeded";
inline constexpr std::string_view kPermissionDenied = "permission_denied";
inline constexpr std::string_view kAmountExceedsLimit = "amount_exceeds_limit";
inline constexpr std::string_view kCurrencyMismatch = "currency_mismatch";
inline constexpr std::string_view kClauseUndisclosed = "clause_undisclosed";
inline constexpr std::string_view kLedgerUnavailable = "ledger_unavailable";
// Zero-knowledge proofs (BBS, range proofs).
inline constexpr std::string_view kInvalidProof = "invalid_proof";
inline constexpr std::string_view kCommitmentMismatch = "commitment_mismatch";
}  // namespace reason

// CredentialError builds an Error whose message is "<reason>" or "<reason>: <detail>".
Error CredentialError(ErrorCode code, std::string_view reason, std::string_view detail = {});

// IsReason reports whether `s` is one of the reasons above.
bool IsReason(std::string_view s);

// ReasonOf returns the reason of an Error made by CredentialError (the message up to the first
// ": "); for other errors it returns the whole message.
std::string_view ReasonOf(const Error& e);

}  // namespace signet::credentials
