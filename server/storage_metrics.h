#pragma once

// InstrumentStorage: a thin decorator around every store of a storage::Storage that measures
// each call for operators (issue 11 point 6), without the storage/ folder knowing about
// Prometheus:
//
//   signet_storage_operation_duration_seconds{store, op}   histogram of every call
//   signet_storage_errors_total{store, op, code}           calls that returned an error
//
// store is records | blobs | audit | state; op is the interface method (put, get, scan, ...);
// code is the ErrorCode name. Expected outcomes such as conflict (a lost CompareAndSwap race) or
// already_exists are counted too, under their own code, so alerts select the codes that mean
// trouble (unavailable, data_loss, internal). Labels are fixed sets: never a key or a tenant.
//
// The decorators forward every call unchanged and keep the original Storage alive. Thread-safe.

#include <memory>

#include "server/metrics.h"
#include "storage/storage.h"

namespace signet::server {

// InstrumentStorage returns a Storage whose stores record metrics in `metrics` (which must
// outlive it) and forward to `inner`.
std::unique_ptr<storage::Storage> InstrumentStorage(std::unique_ptr<storage::Storage> inner,
                                                    Metrics& metrics);

}  // namespace signet::server
