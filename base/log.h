#pragma once

// Structured logging: one JSON object per line on stderr.
//
//   log::Info("request done", {{"request_id", id}, {"status", 200}, {"ms", 1.5}});
//   => {"ts":"2026-11-22T10:00:00.123Z","level":"info","msg":"request done","request_id":"...",...}
//
// Only strings, integers, doubles and booleans can be logged, so key material (SecretBytes and
// friends, which convert to none of these) cannot reach a log line by accident. Never pass a
// secret through a string. Thread-safe: each line is written with one write(2) under a mutex.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace signet::log {

// Level orders log severities; lines below the configured level are dropped.
enum class Level { kDebug, kInfo, kWarn, kError, kFatal };

// ParseLevel maps "debug" | "info" | "warn" | "error" to a Level; false if unknown.
bool ParseLevel(std::string_view name, Level* out);

// Value is a loggable scalar.
class Value {
 public:
  Value(const char* s) : v_(std::string(s == nullptr ? "" : s)) {}  // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}                  // NOLINT
  Value(const std::string& s) : v_(s) {}                             // NOLINT
  Value(std::string&& s) : v_(std::move(s)) {}                       // NOLINT
  Value(bool b) : v_(b) {}                                           // NOLINT
  Value(int i) : v_(static_cast<int64_t>(i)) {}                      // NOLINT
  Value(unsigned i) : v_(static_cast<int64_t>(i)) {}                 // NOLINT
  Value(long i) : v_(static_cast<int64_t>(i)) {}                     // NOLINT
  Value(long long i) : v_(static_cast<int64_t>(i)) {}                // NOLINT
  Value(unsigned long i) : v_(static_cast<int64_t>(i)) {}            // NOLINT
  Value(unsigned long long i) : v_(static_cast<int64_t>(i)) {}       // NOLINT
  Value(double d) : v_(d) {}                                         // NOLINT

  // AppendJson appends the JSON encoding of this value to `out`.
  void AppendJson(std::string* out) const;

 private:
  std::variant<std::string, int64_t, double, bool> v_;
};

// Field is one key/value pair of a log line. Keys are snake_case literals.
struct Field {
  std::string_view key;
  Value value;
};

// Write emits one line at `level` if enabled.
void Write(Level level, std::string_view msg, std::initializer_list<Field> fields = {});

inline void Debug(std::string_view msg, std::initializer_list<Field> f = {}) {
  Write(Level::kDebug, msg, f);
}
inline void Info(std::string_view msg, std::initializer_list<Field> f = {}) {
  Write(Level::kInfo, msg, f);
}
inline void Warn(std::string_view msg, std::initializer_list<Field> f = {}) {
  Write(Level::kWarn, msg, f);
}
inline void Error(std::string_view msg, std::initializer_list<Field> f = {}) {
  Write(Level::kError, msg, f);
}

// SetLevel sets the minimum level written (default kInfo). Thread-safe.
void SetLevel(Level level);

// Enabled reports whether a line at `level` would be written.
bool Enabled(Level level);

// SetSinkForTesting redirects lines (without the trailing newline) to `sink`; an empty function
// restores stderr. Not for production use.
void SetSinkForTesting(std::function<void(std::string_view)> sink);

// AppendJsonString appends `s` as a quoted JSON string, escaping control characters, quotes,
// backslashes and invalid UTF-8 (replaced by U+FFFD) so a log line is always valid JSON.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace signet::log
