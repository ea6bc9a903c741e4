#include "notify/dispatcher.h"

#include <algorithm>

#include "base/encoding.h"
#include "base/log.h"
#include "crypto/random.h"
#include "notify/url.h"

namespace signet::notify {
namespace {

constexpr size_t kMaxErrorText = 200;

bool IsSuccess(const Result<HttpReply>& r) { return r && r->status >= 200 && r->status < 300; }

// CountsForBreaker: the endpoint looks unhealthy (transport failure, 5xx, 408, 429). Other 4xx
// mean the endpoint is up but refuses this message.
bool CountsForBreaker(const Result<HttpReply>& r) {
  if (!r) return r.error().code() != ErrorCode::kPermissionDenied;
  return r->status >= 500 || r->status == 408 || r->status == 429;
}

bool IsPermanent(const Result<HttpReply>& r) {
  if (!r) {
    return r.error().code() == ErrorCode::kPermissionDenied ||
           r.error().code() == ErrorCode::kInvalidArgument;
  }
  return r->status == 410;
}

std::string ErrorText(const Result<HttpReply>& r) {
  std::string e = r ? "HTTP " + std::to_string(r->status) : r.error().message();
  return e.substr(0, kMaxErrorText);
}

}  // namespace

Result<std::unique_ptr<Dispatcher>> Dispatcher::Create(
    storage::StateStore& state, const vault::Kek& kek, const Clock& clock, HttpSender& sender,
    std::vector<WebhookSecret> secrets, DispatcherOptions options, ApprovalService* approvals) {
  if (secrets.size() > 2) return InvalidArgument("at most two webhook secrets may be active");
  if (options.max_attempts < 1 || options.max_in_flight < 1 || options.scan_batch < 1 ||
      options.scan_batch > 1000 || options.request_timeout.count() < 1) {
    return InvalidArgument("dispatcher options out of range");
  }
  if (options.lease <= options.request_timeout) {
    return InvalidArgument("dispatcher lease must exceed the request timeout");
  }
  return std::unique_ptr<Dispatcher>(
      new Dispatcher(state, kek, clock, sender, std::move(secrets), options, approvals));
}

Dispatcher::Dispatcher(storage::StateStore& state, const vault::Kek& kek, const Clock& clock,
                       HttpSender& sender, std::vector<WebhookSecret> secrets,
                       DispatcherOptions options, ApprovalService* approvals)
    : state_(state),
      kek_(kek),
      clock_(clock),
      sender_(sender),
      secrets_(std::move(secrets)),
      options_(options),
      approvals_(approvals),
      breakers_(options.breaker),
      owner_("dsp_" + HexEncode(crypto::RandomBytes(8))) {}

int64_t Dispatcher::NowMs() const { return storage::UnixMillis(clock_.Now()); }

void Dispatcher::SetWake(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(mu_);
  wake_ = std::move(wake);
}

DispatcherStats Dispatcher::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  DispatcherStats s = stats_;
  s.in_flight = in_flight_.load();
  return s;
}

CircuitBreaker::State Dispatcher::BreakerState(const std::string& endpoint) {
  return breakers_.State(endpoint, NowMs());
}

Millis Dispatcher::RunOnce() {
  ApplyCompletions();
  const int64_t now = NowMs();
  if (approvals_ != nullptr && now - last_expire_ms_ >= options_.expire_interval.count()) {
    last_expire_ms_ = now;
    if (auto n = approvals_->ExpireDue(100); !n) {
      log::Warn("expiring approval requests failed", {{"error", n.error().message()}});
    }
  }
  return ClaimAndSend();
}

void Dispatcher::ApplyCompletions() {
  std::deque<Done> batch;
  {
    std::lock_guard<std::mutex> lock(mu_);
    batch.swap(done_);
  }
  for (Done& d : batch) Apply(std::move(d));
}

void Dispatcher::Apply(Done d) {
  in_flight_.fetch_sub(1);
  const int64_t now = NowMs();
  if (IsSuccess(d.reply)) {
    breakers_.OnSuccess(d.endpoint);
    (void)state_.Delete(kOutboxNamespace, d.row.msg_id);
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.delivered;
    return;
  }
  if (CountsForBreaker(d.reply)) {
    breakers_.OnFailure(d.endpoint, now);
  } else {
    breakers_.OnSuccess(d.endpoint);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.failed_attempts;
  }
  const std::string error = ErrorText(d.reply);
  log::Warn("webhook delivery failed", {{"msg", d.row.msg_id},
                                        {"request", d.row.request_id},
                                        {"attempt", d.row.attempts + 1},
                                        {"error", error}});
  if (IsPermanent(d.reply) || d.row.attempts + 1 >= options_.max_attempts) {
    DeadLetter(d, error);
  } else {
    Reschedule(d, error, d.reply ? d.reply->retry_after_seconds : std::nullopt);
  }
}

void Dispatcher::Reschedule(const Done& d, const std::string& error,
                            std::optional<int> retry_after) {
  const int64_t now = NowMs();
  OutboxRow row = d.row;
  ++row.attempts;
  Millis delay = BackoffDelay(options_.initial_backoff, options_.max_backoff, row.attempts,
                              crypto::RandomUint64());
  if (retry_after) {
    delay = std::max(delay, std::min(Millis(int64_t{*retry_after} * 1000), options_.max_backoff));
  }
  row.next_at_ms = now + delay.count();
  row.lease_until_ms = 0;
  row.lease_owner.clear();
  row.last_error = error;
  if (row.deadline_ms <= now) {
    (void)state_.Delete(kOutboxNamespace, row.msg_id);
    return;
  }
  const Bytes desired = EncodeOutboxRow(row);
  // A conflict means another dispatcher took the row over after our lease ran out.
  (void)state_.CompareAndSwap(kOutboxNamespace, row.msg_id, ByteView(d.claimed), desired,
                              Millis(row.deadline_ms - now));
}

void Dispatcher::DeadLetter(const Done& d, const std::string& error) {
  OutboxRow row = d.row;
  ++row.attempts;
  row.last_error = error;
  row.lease_until_ms = 0;
  row.lease_owner.clear();
  if (Status s = state_.Put(kDeadLetterNamespace, row.msg_id, EncodeOutboxRow(row),
                            options_.dead_letter_retention);
      !s.ok()) {
    log::Error("dead-lettering a webhook failed",
               {{"msg", row.msg_id}, {"error", s.error().message()}});
    return;  // the row stays; its lease runs out and it is retried
  }
  (void)state_.Delete(kOutboxNamespace, row.msg_id);
  log::Error("webhook dead-lettered", {{"msg", row.msg_id},
                                       {"request", row.request_id},
                                       {"attempts", row.attempts},
                                       {"error", error}});
  std::lock_guard<std::mutex> lock(mu_);
  ++stats_.dead_lettered;
}

Millis Dispatcher::ClaimAndSend() {
  Millis next = options_.idle_poll;
  if (in_flight_.load() >= options_.max_in_flight) return next;
  auto rows = state_.Scan(kOutboxNamespace, cursor_, options_.scan_batch);
  if (!rows) {
    log::Warn("scanning the webhook outbox failed", {{"error", rows.error().message()}});
    return next;
  }
  const int64_t now = NowMs();
  for (const storage::StateEntry& e : *rows) {
    if (in_flight_.load() >= options_.max_in_flight) break;
    TryClaim(e, now, &next);
  }
  if (rows->size() < options_.scan_batch) {
    if (!cursor_.empty()) next = Millis(0);  // wrapped: look at the start at once
    cursor_.clear();
  } else {
    cursor_ = rows->back().key + '\x01';
  }
  return std::max(next, Millis(0));
}

bool Dispatcher::TryClaim(const storage::StateEntry& e, int64_t now, Millis* next) {
  auto row = DecodeOutboxRow(e.value);
  if (!row) {
    log::Error("malformed outbox row moved to dead letters", {{"msg", e.key}});
    (void)state_.Put(kDeadLetterNamespace, e.key, e.value, options_.dead_letter_retention);
    (void)state_.Delete(kOutboxNamespace, e.key);
    return false;
  }
  const int64_t wait_until = std::max(row->lease_until_ms, row->next_at_ms);
  if (wait_until > now) {
    *next = std::min(*next, Millis(wait_until - now));
    return false;
  }
  if (row->deadline_ms <= now) {
    log::Info("webhook dropped undelivered: its deadline passed", {{"msg", e.key}});
    (void)state_.Delete(kOutboxNamespace, e.key);
    return false;
  }
  auto content = OpenOutboxContent(kek_, row->msg_id, row->sealed);
  auto url = content ? ParseWebhookUrl(content->url) : Result<WebhookUrl>(content.error());
  if (!url) {
    Done bad{*row, e.value, "", Result<HttpReply>(url.error())};
    DeadLetter(bad, url.error().message());
    return false;
  }
  if (secrets_.empty()) {
    DeadLetter(Done{*row, e.value, "", Result<HttpReply>(FailedPrecondition("unsigned"))},
               "no webhook signing secret is configured");
    return false;
  }
  const std::string endpoint = url->EndpointKey();
  if (!breakers_.Allow(endpoint, now)) {
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.breaker_skips;
    return false;
  }
  OutboxRow claimed = *row;
  claimed.lease_until_ms = now + options_.lease.count();
  claimed.lease_owner = owner_;
  Bytes desired = EncodeOutboxRow(claimed);
  if (!state_
           .CompareAndSwap(kOutboxNamespace, e.key, ByteView(e.value), desired,
                           Millis(row->deadline_ms - now))
           .ok()) {
    breakers_.Release(endpoint);
    std::lock_guard<std::mutex> lock(mu_);
    ++stats_.claim_conflicts;
    return false;
  }
  Send(std::move(claimed), std::move(desired), std::move(*content), endpoint);
  return true;
}

void Dispatcher::Send(OutboxRow row, Bytes claimed, OutboxContent content, std::string endpoint) {
  const int64_t ts = clock_.UnixSeconds();
  HttpCall call;
  call.method = "POST";
  call.url = std::move(content.url);
  call.timeout = options_.request_timeout;
  call.headers = {{"Content-Type", "application/json"},
                  {"User-Agent", "signet-webhooks/1"},
                  {"webhook-id", row.msg_id},
                  {"webhook-timestamp", std::to_string(ts)},
                  {"webhook-signature", SignatureHeader(secrets_, row.msg_id, ts, content.body)}};
  call.body = std::move(content.body);
  in_flight_.fetch_add(1);
  sender_.Send(std::move(call), [this, row = std::move(row), claimed = std::move(claimed),
                                 endpoint = std::move(endpoint)](Result<HttpReply> reply) mutable {
    std::function<void()> wake;
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_.push_back(
          Done{std::move(row), std::move(claimed), std::move(endpoint), std::move(reply)});
      wake = wake_;
    }
    if (wake) wake();
  });
}

DispatcherThread::DispatcherThread(Dispatcher& dispatcher) : dispatcher_(dispatcher) {
  dispatcher_.SetWake([this] { Wake(); });
  thread_ = std::thread([this] { Loop(); });
}

DispatcherThread::~DispatcherThread() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  dispatcher_.SetWake(nullptr);
}

void DispatcherThread::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    wake_ = true;
  }
  cv_.notify_all();
}

void DispatcherThread::Loop() {
  for (;;) {
    const Millis sleep = dispatcher_.RunOnce();
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait_for(lock, sleep, [this] { return wake_ || stop_; });
    if (stop_) return;
    wake_ = false;
  }
}

}  // namespace signet::notify
