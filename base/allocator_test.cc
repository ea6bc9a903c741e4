#include "base/allocator.h"

#include <dlfcn.h>
#include <gtest/gtest.h>

namespace signet {
namespace {

// The test binaries do not link mimalloc (only the `signet` executable does; its report is
// checked end to end in ServerCliTest.VersionReportsTheAllocatorInUse).
TEST(AllocatorTest, ReportsTheSystemAllocatorWhenMimallocIsNotLinked) {
  EXPECT_EQ(AllocatorName(), "system malloc");
}

// Loading mimalloc after start-up makes its API visible but leaves malloc with glibc: the report
// must follow who serves malloc, not which library happens to be loaded.
TEST(AllocatorTest, AMimallocThatIsLoadedButDoesNotServeMallocIsNotReported) {
  void* lib = dlopen("libmimalloc.so.2", RTLD_NOW | RTLD_GLOBAL);
  if (lib == nullptr) GTEST_SKIP() << "libmimalloc.so.2 not installed: " << dlerror();
  ASSERT_NE(dlsym(RTLD_DEFAULT, "mi_version"), nullptr);
  EXPECT_EQ(AllocatorName(), "system malloc");
  // Deliberately not dlclose'd: mimalloc keeps process-wide state once initialised.
}

}  // namespace
}  // namespace signet
