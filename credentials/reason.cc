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

std::string_view ReasonOf(const Error& e) {
  std::string_view m = e.message();
  const size_t colon = m.find(": ");
  return colon == std::string_view::npos ? m : m.substr(0, colon);
}

}  // namespace signet::credentials
