#pragma once

// Identifiers shared across layers. Each is a StrongId so they cannot be mixed up.

#include <string>

#include "base/strong_id.h"

namespace signet {

// RequestId names one HTTP request in logs and the X-Request-Id header (not secret).
using RequestId = StrongId<struct RequestIdTag>;
// TenantId names one hosted vault (its delegated keyring) on a server.
using TenantId = StrongId<struct TenantIdTag>;

// NewRequestId returns a fresh random 16-hex-digit request id. Not a secret and not from the
// CSPRNG: request ids only correlate log lines.
RequestId NewRequestId();

// IsValidRequestId reports whether `s` may be adopted from a client's X-Request-Id header:
// 1-64 characters from [A-Za-z0-9._-].
bool IsValidRequestId(std::string_view s);

}  // namespace signet
