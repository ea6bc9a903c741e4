#include "server/rate_limiter.h"

#include <algorithm>

#include "server/forwarded.h"

namespace signet::server {
namespace {

constexpr size_t kMaxSubject = 200;

}  // namespace

Result<RateDecision> RateLimiter::Hit(std::string_view subject, uint64_t limit_per_window) {
  if (subject.empty() || subject.size() > kMaxSubject) {
    return InvalidArgument("rate-limit subject must be 1-200 bytes");
  }
  if (limit_per_window == 0) return InvalidArgument("rate limit must be positive");
  const int64_t now = clock_.UnixSeconds();
  const int64_t window = now / kWindowSeconds;
  const std::string key = std::string(subject) + ":" + std::to_string(window);
  auto count =
      state_.Increment(storage::ns::kRate, key, 1, std::chrono::seconds(2 * kWindowSeconds));
  if (!count) return std::move(count).error();
  RateDecision d;
  d.count = *count;
  d.allowed = *count > 0 && static_cast<uint64_t>(*count) <= limit_per_window;
  d.retry_after_seconds =
      static_cast<int>(std::max<int64_t>(1, (window + 1) * kWindowSeconds - now));
  return d;
}

std::string IpSubject(std::string_view client_ip) {
  auto ip = IpAddress::Parse(client_ip);
  if (!ip) return "ip:" + std::string(client_ip.substr(0, kMaxSubject - 3));
  if (ip->v4) return "ip:" + ip->ToString();
  IpAddress prefix = *ip;
  std::fill(prefix.bytes.begin() + 8, prefix.bytes.end(), uint8_t{0});
  return "ip:" + prefix.ToString() + "/64";
}

std::string TenantSubject(std::string_view tenant_id) {
  return "tenant:" + std::string(tenant_id.substr(0, kMaxSubject - 7));
}

}  // namespace signet::server
