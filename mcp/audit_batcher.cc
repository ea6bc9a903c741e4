#include "mcp/audit_batcher.h"

namespace signet::mcp {

Status AuditBatcher::Record(const Json& event) {
  std::string text = Dump(event);
  if (text.size() > kMaxEventBytes) {
    text = Dump(Json{{"truncated", text.substr(0, kMaxEventBytes - 64)}});
  }
  std::unique_lock<std::mutex> lock(mu_);
  if (pending_.size() >= kMaxBatch) {
    ++room_waiters_;
    room_cv_.wait(lock, [this] { return pending_.size() < kMaxBatch; });
    --room_waiters_;
  }
  const std::shared_ptr<Batch> mine = open_;
  pending_.push_back(std::move(text));
  while (!mine->done) {
    if (!flushing_) {
      Flush(lock);  // writes the open batch, which holds this event
      continue;
    }
    mine->cv.wait(lock);
  }
  return mine->status;
}

// Flush writes everything pending as one entry. Called with the lock held; releases it while
// writing. Wakes the batch's callers, then one caller of the batch that formed meanwhile (if
// any) to write that one.
void AuditBatcher::Flush(std::unique_lock<std::mutex>& lock) {
  flushing_ = true;
  std::vector<std::string> batch;
  batch.swap(pending_);
  const std::shared_ptr<Batch> writing = std::exchange(open_, std::make_shared<Batch>());
  if (room_waiters_ > 0) room_cv_.notify_all();
  lock.unlock();
  std::string detail = "[";
  for (size_t i = 0; i < batch.size(); ++i) {
    if (i != 0) detail += ',';
    detail += batch[i];
  }
  detail += ']';
  auto head = log_.Append(kAuditKind, std::nullopt, detail);
  lock.lock();
  writing->status = head ? OkStatus() : Status(head.error());
  writing->done = true;
  flushing_ = false;
  writing->cv.notify_all();
  if (!pending_.empty()) open_->cv.notify_one();
}

}  // namespace signet::mcp
