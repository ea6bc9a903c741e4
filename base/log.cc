#include "base/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace signet::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::mutex g_mu;
std::function<void(std::string_view)>* g_sink = nullptr;  // guarded by g_mu

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kFatal: return "fatal";
  }
  return "info";
}

void AppendTimestamp(std::string* out) {
  const auto now = std::chrono::system_clock::now();
  const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now - secs).count();
  const std::time_t t = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms));
  out->append(buf);
}

// Utf8SequenceLength returns the length of the valid UTF-8 sequence at s[i], or 0 if invalid.
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2, min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3, min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

bool ParseLevel(std::string_view name, Level* out) {
  static constexpr std::pair<std::string_view, Level> kLevels[] = {
      {"debug", Level::kDebug}, {"info", Level::kInfo}, {"warn", Level::kWarn},
      {"error", Level::kError}};
  for (const auto& [n, l] : kLevels) {
    if (n == name) {
      *out = l;
      return true;
    }
  }
  return false;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = Utf8SequenceLength(s, i);
      if (n == 0) {
        out->append("\xEF\xBF\xBD");  // U+FFFD
        ++i;
      } else {
        out->append(s.substr(i, n));
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    ++i;
  }
  out->push_back('"');
}

void Value::AppendJson(std::string* out) const {
  if (const auto* s = std::get_if<std::string>(&v_)) {
    AppendJsonString(*s, out);
  } else if (const auto* i = std::get_if<int64_t>(&v_)) {
    out->append(std::to_string(*i));
  } else if (const auto* d = std::get_if<double>(&v_)) {
    if (!std::isfinite(*d)) {
      out->append("null");
      return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", *d);
    out->append(buf);
  } else {
    out->append(std::get<bool>(v_) ? "true" : "false");
  }
}

void SetLevel(Level level) { g_level.store(static_cast<int>(level)); }

bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void SetSinkForTesting(std::function<void(std::string_view)> sink) {
  std::lock_guard<std::mutex> lock(g_mu);
  delete g_sink;
  g_sink = sink ? new std::function<void(std::string_view)>(std::move(sink)) : nullptr;
}

void Write(Level level, std::string_view msg, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(128);
  line.append("{\"ts\":\"");
  AppendTimestamp(&line);
  line.append("\",\"level\":\"").append(LevelName(level)).append("\",\"msg\":");
  AppendJsonString(msg, &line);
  for (const Field& f : fields) {
    line.push_back(',');
    AppendJsonString(f.key, &line);
    line.push_back(':');
    f.value.AppendJson(&line);
  }
  line.push_back('}');

  std::lock_guard<std::mutex> lock(g_mu);
  if (g_sink != nullptr) {
    (*g_sink)(line);
    return;
  }
  line.push_back('\n');
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, p, left);
    if (n <= 0) break;  // stderr is gone; nothing better to do
    p += n;
    left -= static_cast<size_t>(n);
  }
}

}  // namespace signet::log
