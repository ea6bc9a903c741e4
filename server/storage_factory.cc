#include "server/storage_factory.h"

#include "storage/embedded/embedded_storage.h"

namespace signet::server {

Result<std::unique_ptr<storage::Storage>> OpenStorage(const Config& config) {
  storage::embedded::EmbeddedOptions options;
  options.data_dir = config.data_dir;
  return storage::embedded::OpenEmbeddedStorage(options);
}

}  // namespace signet::server
