#include "base/check.h"

#include <cstdio>
#include <cstdlib>

#include "base/log.h"

namespace signet::internal {

CheckFailure::CheckFailure(const char* file, int line, const char* condition)
    : file_(file), line_(line), condition_(condition) {}

CheckFailure::~CheckFailure() {
  log::Write(log::Level::kFatal, "CHECK failed",
             {{"condition", condition_},
              {"file", file_},
              {"line", static_cast<int64_t>(line_)},
              {"message", stream_.str()}});
  std::fflush(stderr);
  std::abort();
}

}  // namespace signet::internal
