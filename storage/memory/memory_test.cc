// Runs the storage conformance suite against the in-memory stores.

#include "storage/memory/memory_storage.h"
#include "storage/testing/conformance.h"

namespace signet::storage::memory {
namespace {

using storage::testing::BackendFactory;
using storage::testing::StorageConformanceTest;

BackendFactory MemoryBackend() {
  BackendFactory f;
  f.name = "Memory";
  f.open = [](const Clock& clock) -> Result<std::unique_ptr<Storage>> {
    MemoryOptions o;
    o.clock = &clock;
    return CreateMemoryStorage(o);
  };
  f.corrupt_blob = [](Storage& s, const BlobDigest& d) {
    CorruptMemoryBlobForTesting(s.blobs(), d);
  };
  return f;
}

INSTANTIATE_TEST_SUITE_P(Memory, StorageConformanceTest, ::testing::Values(MemoryBackend()),
                         storage::testing::BackendName);

}  // namespace
}  // namespace signet::storage::memory
