#include "base/allocator.h"

#include <dlfcn.h>

#include <cstdlib>

namespace signet {

std::string AllocatorName() {
  // mimalloc's C API, looked up by name so nothing here links against it.
  using VersionFn = int (*)();
  using InHeapFn = bool (*)(const void*);
  auto version = reinterpret_cast<VersionFn>(dlsym(RTLD_DEFAULT, "mi_version"));
  auto in_heap = reinterpret_cast<InHeapFn>(dlsym(RTLD_DEFAULT, "mi_is_in_heap_region"));
  if (version == nullptr || in_heap == nullptr) return "system malloc";
  void* probe = std::malloc(16);
  const bool ours = probe != nullptr && in_heap(probe);
  std::free(probe);
  if (!ours) return "system malloc";
  const int v = version();  // e.g. 209 for 2.0.9
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
         std::to_string(v % 10);
}

}  // namespace signet
