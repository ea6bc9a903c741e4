#pragma once

// CHECK(cond) << "context": aborts the process when a programmer error is detected. It is for
// invariants, never for bad input (bad input gets a Result error). The message goes to stderr
// as one JSON log line before abort().

#include <sstream>
#include <string>

namespace signet::internal {

// CheckFailure collects the streamed message and aborts in its destructor.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;
  [[noreturn]] ~CheckFailure();

  template <typename T>
  CheckFailure& operator<<(const T& v) {
    stream_ << v;
    return *this;
  }

 private:
  const char* file_;
  int line_;
  const char* condition_;
  std::ostringstream stream_;
};

// Voidify lets CHECK be used as an expression statement with a streamed message.
struct Voidify {
  void operator&(const CheckFailure&) {}
};

}  // namespace signet::internal

#define CHECK(condition)                  \
  (condition) ? static_cast<void>(0)      \
              : ::signet::internal::Voidify() & \
                    ::signet::internal::CheckFailure(__FILE__, __LINE__, #condition)
