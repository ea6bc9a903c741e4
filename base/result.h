#pragma once

// Result<T> / Status: Signet's error idiom. The API follows std::expected (which g++ 12 in C++20
// mode lacks): a Result holds either a value or an Error; callers test it and propagate
// explicitly:
//
//   Result<Record> r = store.Get(id);
//   if (!r) return std::move(r).error();
//
// Exceptions never cross a Result-returning boundary; adapters to throwing libraries catch and
// convert at the boundary.

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/check.h"

namespace signet {

// ErrorCode classifies an Error for callers that branch on it (api/ maps it to an HTTP status).
// The set follows the usual canonical codes; add one only when a caller needs to tell it apart.
enum class ErrorCode {
  kInvalidArgument,     // the caller's input is malformed or out of range
  kNotFound,            // the addressed thing does not exist
  kAlreadyExists,       // create-if-absent found it present
  kConflict,            // a concurrent writer won (CAS mismatch, audit sequence taken)
  kFailedPrecondition,  // the system is not in a state where the call can succeed
  kUnauthenticated,     // missing or invalid credentials
  kPermissionDenied,    // authenticated but not allowed
  kResourceExhausted,   // a limit or quota was hit; retry later may help
  kTooLarge,            // a size limit on the input was exceeded
  kUnavailable,         // a dependency is down or overloaded; retry later
  kDeadlineExceeded,    // the operation ran out of time
  kUnimplemented,       // the feature is not built; never simulated
  kDataLoss,            // stored data is corrupt or was tampered with
  kInternal,            // a bug or an invariant violation
};

// ErrorCodeName returns a stable snake_case name for `code` ("invalid_argument", ...).
std::string_view ErrorCodeName(ErrorCode code);

// Error is a failure with a code, a message that is safe to show to the caller, and an optional
// internal detail that is only logged. Neither may contain secrets: crypto failures use one
// generic message ("invalid signature").
class Error {
 public:
  Error(ErrorCode code, std::string message, std::string internal_detail = {})
      : code_(code), message_(std::move(message)), detail_(std::move(internal_detail)) {}

  ErrorCode code() const { return code_; }
  // message is the external text, shown to clients.
  const std::string& message() const { return message_; }
  // detail is internal text for logs (empty if none).
  const std::string& detail() const { return detail_; }

  // WithContext returns this error with "context: " prefixed to its message.
  Error WithContext(std::string_view context) const;

  // ToString renders "code: message" for logs and CLI output.
  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::string detail_;
};

// Helpers for the common codes.
inline Error InvalidArgument(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
inline Error NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
inline Error AlreadyExists(std::string m) { return {ErrorCode::kAlreadyExists, std::move(m)}; }
inline Error Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
inline Error FailedPrecondition(std::string m) {
  return {ErrorCode::kFailedPrecondition, std::move(m)};
}
inline Error Unauthenticated(std::string m) { return {ErrorCode::kUnauthenticated, std::move(m)}; }
inline Error PermissionDenied(std::string m) {
  return {ErrorCode::kPermissionDenied, std::move(m)};
}
inline Error ResourceExhausted(std::string m) {
  return {ErrorCode::kResourceExhausted, std::move(m)};
}
inline Error TooLarge(std::string m) { return {ErrorCode::kTooLarge, std::move(m)}; }
inline Error Unavailable(std::string m, std::string detail = {}) {
  return {ErrorCode::kUnavailable, std::move(m), std::move(detail)};
}
inline Error DeadlineExceeded(std::string m) {
  return {ErrorCode::kDeadlineExceeded, std::move(m)};
}
inline Error Unimplemented(std::string m) { return {ErrorCode::kUnimplemented, std::move(m)}; }
inline Error DataLoss(std::string m) { return {ErrorCode::kDataLoss, std::move(m)}; }
inline Error Internal(std::string m, std::string detail = {}) {
  return {ErrorCode::kInternal, std::move(m), std::move(detail)};
}

// Result<T> holds a T or an Error. Accessing the wrong alternative is a programmer error and
// aborts (CHECK), it is never undefined behaviour.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_reference_v<T>, "Result<T&> is not supported");
  static_assert(!std::is_same_v<std::remove_cv_t<T>, Error>, "Result<Error> is ambiguous");

 public:
  using value_type = T;

  // Implicit from a value or an Error, like std::expected.
  Result(const T& value) : v_(std::in_place_index<0>, value) {}  // NOLINT(google-explicit-constructor)
  Result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  template <typename U>
    requires(std::is_constructible_v<T, U &&> && !std::is_same_v<std::decay_t<U>, Result> &&
             !std::is_same_v<std::decay_t<U>, Error> && !std::is_same_v<std::decay_t<U>, T>)
  Result(U&& value) : v_(std::in_place_index<0>, T(std::forward<U>(value))) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    CHECK(has_value()) << "Result::value() on error: " << std::get<1>(v_).ToString();
    return std::get<0>(v_);
  }
  const T& value() const& {
    CHECK(has_value()) << "Result::value() on error: " << std::get<1>(v_).ToString();
    return std::get<0>(v_);
  }
  T&& value() && {
    CHECK(has_value()) << "Result::value() on error: " << std::get<1>(v_).ToString();
    return std::get<0>(std::move(v_));
  }
  const Error& error() const& {
    CHECK(!has_value()) << "Result::error() on a value";
    return std::get<1>(v_);
  }
  Error&& error() && {
    CHECK(!has_value()) << "Result::error() on a value";
    return std::get<1>(std::move(v_));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // value_or returns the value, or `fallback` on error.
  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, Error> v_;
};

// Status is the result of an operation with no value: OkStatus() or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }

  const Error& error() const& {
    CHECK(!ok_) << "Status::error() on OK";
    return error_;
  }
  Error&& error() && {
    CHECK(!ok_) << "Status::error() on OK";
    return std::move(error_);
  }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

using Status = Result<void>;

// OkStatus returns a successful Status.
inline Status OkStatus() { return {}; }

}  // namespace signet
