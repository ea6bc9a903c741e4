#ifndef SIGNET_BASE_ALLOCATOR_H_
#define SIGNET_BASE_ALLOCATOR_H_

// Which general-purpose allocator serves malloc/new in this process. The `signet` binary links
// mimalloc (docs/adr/0005-mimalloc.md); libraries and tests do not depend on it, so this is a
// runtime check rather than a build flag: it asks mimalloc (if loaded) whether a fresh malloc'd
// block lies in its heap, i.e. whether mimalloc really overrides malloc rather than just being
// loaded.

#include <string>

namespace signet {

// AllocatorName returns "mimalloc <major>.<minor>.<patch>" when mimalloc serves malloc, otherwise
// "system malloc".
std::string AllocatorName();

}  // namespace signet

#endif  // SIGNET_BASE_ALLOCATOR_H_
