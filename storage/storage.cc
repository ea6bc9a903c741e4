#include "storage/storage.h"

namespace signet::storage {

Status Storage::Ping() const {
  // Stops at the first failure: with a dependency down every further ping would only wait for
  // its own timeout. The record store pings its index and the blob store.
  Status s = records_->Ping();
  if (s) s = audit_->Ping();
  if (s) s = state_->Ping();
  return s;
}

}  // namespace signet::storage
