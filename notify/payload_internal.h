#pragma once

// Internal to signet_notify: building the webhook payload from a stored request.

#include <cstdint>
#include <string>

#include "notify/json_util.h"
#include "notify/records.h"

namespace signet::notify::internal {

// PayloadJson builds the approval.requested event for `r`, stamped `now` (Unix seconds).
json PayloadJson(const PendingRecord& r, int64_t now);
// BuildPayload renders PayloadJson compactly.
std::string BuildPayload(const PendingRecord& r, int64_t now);

}  // namespace signet::notify::internal
