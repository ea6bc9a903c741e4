#include "mcp/audit_batcher.h"

namespace signet::mcp {

Status AuditBatcher::Record(const Json& event) {
  std::string text = Dump(event);
  if (text.size() > kMaxEventBytes) {
    text = Dump(Json{{"truncated", text.substr(0, kMaxEventBytes - 64)}});
  }
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return pending_.size() < kMaxBatch; });
  const uint64_t mine = open_batch_;
  pending_.push_back(std::move(text));
  while (done_through_ <= mine) {
    if (!flushing_) {
      Flush(lock);
      continue;
    }
    cv_.wait(lock);
  }
  auto it = outcomes_.find(mine);
  Status result = it->second.status;
  if (--it->second.waiters == 0) outcomes_.erase(it);
  return result;
}

// Flush writes everything pending as one entry. Called with the lock held; releases it while
// writing. Leaves the outcome for the batch's waiters (including the caller).
void AuditBatcher::Flush(std::unique_lock<std::mutex>& lock) {
  flushing_ = true;
  std::vector<std::string> batch;
  batch.swap(pending_);
  const uint64_t id = open_batch_++;
  cv_.notify_all();  // room in pending_ again
  lock.unlock();
  std::string detail = "[";
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i != 0) detail += ',';
    detail += batch[i];
  }
  detail += ']';
  auto head = log_.Append(kAuditKind, std::nullopt, detail);
  lock.lock();
  outcomes_[id] = Outcome{head ? OkStatus() : Status(head.error()), batch.size()};
  done_through_ = id + 1;
  flushing_ = false;
  cv_.notify_all();
}

}  // namespace signet::mcp
