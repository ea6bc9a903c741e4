#include "server/rate_limiter.h"

#include <algorithm>

#include "server/forwarded.h"

namespace signet::server {
namespace {

constexpr size_t kMaxSubject = 200;

}  // namespace

RateLimiter::Local* RateLimiter::Entry(const std::string& subject, int64_t window) {
  auto it = local_.find(subject);
  if (it == local_.end()) {
    if (local_.size() >= kMaxSubjects) {
      std::erase_if(local_, [window](const auto& e) { return e.second.window != window; });
    }
    if (local_.size() >= kMaxSubjects) return nullptr;  // too many subjects: no local state
    it = local_.emplace(subject, Local{window, 0, 0, false, {}}).first;
  }
  if (it->second.window != window) it->second = Local{window, 0, 0, false, {}};
  return &it->second;
}

Result<RateDecision> RateLimiter::Hit(std::string_view subject, uint64_t limit_per_window) {
  if (subject.empty() || subject.size() > kMaxSubject) {
    return InvalidArgument("rate-limit subject must be 1-200 bytes");
  }
  if (limit_per_window == 0) return InvalidArgument("rate limit must be positive");
  const int64_t now = clock_.UnixSeconds();
  const int64_t window = now / kWindowSeconds;
  const auto mono = clock_.Monotonic();
  const auto limit = static_cast<int64_t>(limit_per_window);
  const auto max_batch =
      static_cast<int64_t>(std::max<uint64_t>(1, limit_per_window / kBatchDivisor));
  RateDecision d;
  d.retry_after_seconds =
      static_cast<int>(std::max<int64_t>(1, (window + 1) * kWindowSeconds - now));
  const std::string name(subject);
  int64_t batch = 1;
  bool refused = false;
  {
    std::lock_guard lock(mu_);
    if (Local* e = Entry(name, window)) {
      d.count = e->shared + e->pending + 1;
      if (d.count > limit) {
        // Refused on the local estimate. Refusals are not counted; what this limiter admitted
        // and has not written yet is written now, so other replicas see the full count.
        d.allowed = false;
        if (e->pending == 0) return d;
        refused = true;
      } else {
        ++e->pending;
        if (e->wrote && e->pending < max_batch && mono - e->written < kFlushInterval) return d;
      }
      batch = e->pending;
      e->pending = 0;
      e->wrote = true;
      e->written = mono;
    }
  }
  const std::string key = name + ":" + std::to_string(window);
  auto count =
      state_.Increment(storage::ns::kRate, key, batch, std::chrono::seconds(2 * kWindowSeconds));
  if (!count) return std::move(count).error();
  {
    std::lock_guard lock(mu_);
    if (auto it = local_.find(name); it != local_.end() && it->second.window == window) {
      it->second.shared = std::max(it->second.shared, *count);
    }
  }
  if (refused) return d;
  // This request is the last of the batch just added to the shared count.
  d.count = *count;
  d.allowed = d.count <= limit;
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
