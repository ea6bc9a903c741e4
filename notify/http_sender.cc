#include "notify/http_sender.h"

#include <future>
#include <memory>

namespace signet::notify {

Result<HttpReply> SendAndWait(HttpSender& sender, HttpCall call) {
  auto promise = std::make_shared<std::promise<Result<HttpReply>>>();
  auto future = promise->get_future();
  const auto limit = call.timeout + std::chrono::seconds(5);
  sender.Send(std::move(call),
              [promise](Result<HttpReply> r) { promise->set_value(std::move(r)); });
  if (future.wait_for(limit) != std::future_status::ready) {
    return DeadlineExceeded("HTTP request timed out");
  }
  return future.get();
}

}  // namespace signet::notify
