#include "storage/audit_chain_store.h"

namespace signet::storage {

Status CheckAppend(const AuditLimits& limits, ByteView entry) {
  if (entry.size() > limits.max_entry_size) return TooLarge("audit entry is too large");
  return OkStatus();
}

Status CheckRead(const AuditLimits& limits, size_t limit) {
  if (limit == 0 || limit > limits.max_read)
    return InvalidArgument("audit read limit out of range");
  return OkStatus();
}

}  // namespace signet::storage
