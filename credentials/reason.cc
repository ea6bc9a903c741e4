#include "credentials/reason.h"

#include <string>

namespace signet::credentials {

Error CredentialError(ErrorCode code, std::string_view reason, std::string_view detail) {
  std::string message(reason);
  if (!detail.empty()) {
    message += ": ";
    message += detail;
  }
  return Error(code, std::move(message));
}

bool IsReason(std::string_view s) {
  static constexpr std::string_view kAll[] = {reason::kTooLarge,
                                              reason::kJsonMalformed,
                                              reason::kJsonDuplicateKey,
                                              reason::kJsonTooDeep,
                                              reason::kBase64Malformed,
                                              reason::kMalformed,
                                              reason::kUnknownFormat,
                                              reason::kUnsupportedAlgorithm,
                                              reason::kAlgorithmKeyMismatch,
                                              reason::kInvalidSignature,
                                              reason::kUnknownIssuer,
                                              reason::kInvalidKey,
                                              reason::kWrongType,
                                              reason::kCritUnsupported,
                                              reason::kDisclosureMalformed,
                                              reason::kDisclosureDuplicate,
                                              reason::kDisclosureUnreferenced,
                                              reason::kDigestDuplicate,
                                              reason::kReservedClaimName,
                                              reason::kClaimNameConflict,
                                              reason::kDisclosureKindMismatch,
                                              reason::kUnsupportedSdAlg,
                                              reason::kMissingClaim,
                                              reason::kRequiredClaimMissing,
                                              reason::kExpired,
                                              reason::kNotYetValid,
                                              reason::kIssuedInFuture,
                                              reason::kKeyBindingMissing,
                                              reason::kKeyBindingMalformed,
                                              reason::kKeyBindingInvalidSignature,
                                              reason::kKeyBindingStale,
                                              reason::kHolderKeyMissing,
                                              reason::kAudienceMismatch,
                                              reason::kNonceMismatch,
                                              reason::kSdHashMismatch,
                                              reason::kBindingHashMismatch,
                                              reason::kRevoked,
                                              reason::kSuspended,
                                              reason::kStatusUnknownValue,
                                              reason::kStatusUnavailable,
                                              reason::kStatusListInvalid,
                                              reason::kStatusIndexOutOfRange,
                                              reason::kWrongHeader,
                                              reason::kFooterMismatch,
                                              reason::kReplayed,
                                              reason::kPaywordInvalid,
                                              reason::kPaywordReplayed,
                                              reason::kBudgetExceeded,
                                              reason::kPermissionDenied,
                                              reason::kAmountExceedsLimit,
                                              reason::kCurrencyMismatch,
                                              reason::kClauseUndisclosed,
                                              reason::kLedgerUnavailable,
                                              reason::kInvalidProof,
                                              reason::kCommitmentMismatch};
  for (std::string_view r : kAll) {
    if (r == s) return true;
  }
  return false;
}

std::string_view ReasonOf(const Error& e) {
  std::string_view m = e.message();
  const size_t colon = m.find(": ");
  return colon == std::string_view::npos ? m : m.substr(0, colon);
}

}  // namespace signet::credentials
