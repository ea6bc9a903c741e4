#pragma once

// OpenStorage builds the storage backend the configuration selects. The composition root and the
// CLI are the only callers; nothing else knows concrete backends.

#include <memory>

#include "base/result.h"
#include "server/config.h"
#include "storage/storage.h"

namespace signet::server {

// OpenStorage opens (and migrates, when configured) the configured backend.
Result<std::unique_ptr<storage::Storage>> OpenStorage(const Config& config);

}  // namespace signet::server
