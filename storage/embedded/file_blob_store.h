#pragma once

// FileBlobStore: content-addressed blobs as files under <dir>/<first two hex digits>/<hex>.
// A put writes a temporary file in <dir>/tmp, fsyncs it, renames it into place and fsyncs the
// directory, so after a crash a blob is either absent or complete (a stray temporary file is
// removed on the next open). Reads verify the SHA-256 while streaming.

#include <memory>
#include <string>

#include "storage/blob_store.h"

namespace signet::storage::embedded {

// FileBlobOptions configures a FileBlobStore.
struct FileBlobOptions {
  std::string dir;  // created if missing (mode 0700)
  uint64_t max_blob_size = 64ull * 1024 * 1024;
};

// OpenFileBlobStore creates the directory layout and removes leftover temporary files.
// Thread-safe store; several processes may share the directory.
Result<std::shared_ptr<BlobStore>> OpenFileBlobStore(const FileBlobOptions& options);

// BlobPath returns where `digest` lives under `dir` (for tests that corrupt a blob).
std::string BlobPath(const std::string& dir, const BlobDigest& digest);

}  // namespace signet::storage::embedded
