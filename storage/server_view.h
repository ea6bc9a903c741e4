#pragma once

// ServerView: everything a storage backend holds, rendered as text, as an operator (or an
// attacker with a full dump of the database and the bucket) would see it. Used by tests that
// prove invariant 1 (blind storage): the view must contain only opaque ids, sizes, digests and
// ciphertext, never a label, a tenant or a plaintext value.
//
// Backends fill it: embedded::DumpServerView, postgres::DumpServerView, plus AddBlobListing for
// any BlobStore. Bytes are rendered as lowercase hex.

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/blob_store.h"

namespace signet::storage {

// ServerView is a snapshot of tables and blob objects.
struct ServerView {
  struct Table {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;  // one rendered cell per column
  };
  std::vector<Table> tables;
  std::vector<BlobInfo> blobs;

  // ToText renders the view as "table name(cols)" headers followed by tab-separated rows, then
  // one "blob <digest> <size>" line per blob.
  std::string ToText() const;
};

// AddBlobListing appends every blob of `store` to `view` (up to `limit` blobs).
Status AddBlobListing(BlobStore& store, ServerView* view, size_t limit = 100000);

}  // namespace signet::storage
