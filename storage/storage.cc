#include "storage/storage.h"

namespace signet::storage {

Status Storage::Ping() const {
  for (Status s : {records_->Ping(), blobs_->Ping(), audit_->Ping(), state_->Ping()}) {
    if (!s) return s;
  }
  return OkStatus();
}

}  // namespace signet::storage
