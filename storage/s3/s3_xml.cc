// Minimal, bounded parsing of the two S3 XML documents we read: ListObjectsV2 results and error
// documents. Keys we write are plain hex, so no entity decoding is needed; anything we do not
// recognise is skipped, never expanded.

#include <charconv>
#include <ctime>

#include "storage/s3/s3_blob_store.h"

namespace signet::storage::s3 {
namespace {

// Element returns the text of the first <tag>...</tag> in `xml` at or after `from`.
std::optional<std::string_view> Element(std::string_view xml, std::string_view tag,
                                        size_t from = 0) {
  std::string open = "<" + std::string(tag) + ">";
  std::string close = "</" + std::string(tag) + ">";
  size_t a = xml.find(open, from);
  if (a == std::string_view::npos) return std::nullopt;
  a += open.size();
  size_t b = xml.find(close, a);
  if (b == std::string_view::npos) return std::nullopt;
  return xml.substr(a, b - a);
}

template <typename T>
bool ParseNum(std::string_view s, T* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

Result<Time> ParseIso8601(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fff]Z
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
      s.back() != 'Z') {
    return InvalidArgument("bad timestamp");
  }
  std::tm tm{};
  int y = 0;
  int mo = 0;
  int d = 0;
  int h = 0;
  int mi = 0;
  int sec = 0;
  if (!ParseNum(s.substr(0, 4), &y) || !ParseNum(s.substr(5, 2), &mo) ||
      !ParseNum(s.substr(8, 2), &d) || !ParseNum(s.substr(11, 2), &h) ||
      !ParseNum(s.substr(14, 2), &mi) || !ParseNum(s.substr(17, 2), &sec)) {
    return InvalidArgument("bad timestamp");
  }
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  return Time(std::chrono::seconds(t));
}

Result<ListResult> ParseListObjects(std::string_view xml) {
  ListResult out;
  std::optional<std::string_view> trunc = Element(xml, "IsTruncated");
  out.truncated = trunc && *trunc == "true";
  size_t pos = 0;
  for (;;) {
    size_t start = xml.find("<Contents>", pos);
    if (start == std::string_view::npos) break;
    size_t end = xml.find("</Contents>", start);
    if (end == std::string_view::npos) return InvalidArgument("truncated list response");
    std::string_view item = xml.substr(start, end - start);
    std::optional<std::string_view> key = Element(item, "Key");
    std::optional<std::string_view> size = Element(item, "Size");
    std::optional<std::string_view> mod = Element(item, "LastModified");
    if (!key || !size || !mod) return InvalidArgument("malformed list entry");
    ListResult::Object o;
    o.key = std::string(*key);
    if (!ParseNum(*size, &o.size)) return InvalidArgument("malformed object size");
    Result<Time> t = ParseIso8601(*mod);
    if (!t) return std::move(t).error();
    o.last_modified = *t;
    out.objects.push_back(std::move(o));
    pos = end;
  }
  return out;
}

std::string ErrorCodeOf(std::string_view xml) {
  std::optional<std::string_view> code = Element(xml, "Code");
  return code ? std::string(code->substr(0, 64)) : std::string();
}

std::string UriEncode(std::string_view s, bool keep_slash) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '.' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace signet::storage::s3
