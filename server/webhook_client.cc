#include "server/webhook_client.h"

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>
#include <thread>

#include "notify/url.h"

namespace signet::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyTime = std::chrono::steady_clock::time_point;

struct WebhookClient::Impl {
  explicit Impl(WebhookClientOptions o) : options(std::move(o)) {}
  WebhookClientOptions options;
  asio::io_context ioc{1};
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  ssl::context tls{ssl::context::tls_client};
  std::thread thread;
  std::atomic<bool> stopped{false};
};

namespace {

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kMaxResponseHeader = 16 * 1024;

Error TransportError(const beast::error_code& ec, std::string_view step) {
  if (ec == beast::error::timeout || ec == asio::error::operation_aborted) {
    return DeadlineExceeded(std::string("webhook ") + std::string(step) + " timed out");
  }
  return Unavailable(std::string("webhook ") + std::string(step) + " failed: " + ec.message());
}

std::string HostHeader(const notify::WebhookUrl& url) {
  std::string h = url.ipv6_literal ? "[" + url.host + "]" : url.host;
  if (url.port != (url.tls ? 443 : 80)) h += ":" + std::to_string(url.port);
  return h;
}

Bytes AddressBytes(const asio::ip::address& a) {
  if (a.is_v4()) {
    const auto b = a.to_v4().to_bytes();
    return Bytes(b.begin(), b.end());
  }
  const auto b = a.to_v6().to_bytes();
  return Bytes(b.begin(), b.end());
}

std::optional<int> RetryAfter(const http::response<http::string_body>& res) {
  const auto it = res.find(http::field::retry_after);
  if (it == res.end() || it->value().empty() || it->value().size() > 9) return std::nullopt;
  int v = 0;
  for (char c : it->value()) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Resolve looks the host up with the deadline and runs the SSRF guard on every address.
asio::awaitable<Result<std::vector<tcp::endpoint>>> Resolve(const notify::WebhookUrl& url,
                                                            SteadyTime deadline,
                                                            const notify::TargetPolicy& policy) {
  auto ex = co_await asio::this_coro::executor;
  auto resolver = std::make_shared<tcp::resolver>(ex);
  asio::steady_timer timer(ex, deadline);
  timer.async_wait([weak = std::weak_ptr<tcp::resolver>(resolver)](beast::error_code ec) {
    if (auto r = weak.lock(); r && !ec) r->cancel();
  });
  auto [ec, results] = co_await resolver->async_resolve(url.host, std::to_string(url.port), kTuple);
  timer.cancel();
  if (ec) co_return TransportError(ec, "name resolution");
  std::vector<tcp::endpoint> checked;
  for (const auto& entry : results) {
    if (Status s = notify::CheckTargetAddress(AddressBytes(entry.endpoint().address()), policy);
        !s.ok()) {
      co_return std::move(s).error();  // one bad address refuses the whole host
    }
    checked.push_back(entry.endpoint());
  }
  if (checked.empty()) co_return Unavailable("webhook host has no address");
  co_return checked;
}

template <typename Stream>
asio::awaitable<Result<notify::HttpReply>> Exchange(Stream& stream, const notify::HttpCall& call,
                                                    const notify::WebhookUrl& url,
                                                    size_t max_body) {
  http::request<http::string_body> req;
  req.method_string(call.method);
  req.target(url.target);
  req.version(11);
  req.set(http::field::host, HostHeader(url));
  req.set(http::field::connection, "close");
  for (const auto& [name, value] : call.headers) req.set(name, value);
  req.body() = call.body;
  req.prepare_payload();
  auto [wec, wn] = co_await http::async_write(stream, req, kTuple);
  if (wec) co_return TransportError(wec, "write");
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxResponseHeader);
  parser.body_limit(max_body);
  auto [rec, rn] = co_await http::async_read(stream, buffer, parser, kTuple);
  if (rec == http::error::body_limit) co_return TooLarge("webhook response too large");
  if (rec) co_return TransportError(rec, "read");
  const auto& res = parser.get();
  co_return notify::HttpReply{static_cast<int>(res.result_int()), res.body(), RetryAfter(res)};
}

asio::awaitable<Result<notify::HttpReply>> Run(WebhookClient::Impl& impl, notify::HttpCall call,
                                               notify::WebhookUrl url) {
  const SteadyTime deadline = std::chrono::steady_clock::now() + call.timeout;
  auto endpoints = co_await Resolve(url, deadline, impl.options.targets);
  if (!endpoints) co_return std::move(endpoints).error();
  beast::tcp_stream tcp_stream(co_await asio::this_coro::executor);
  tcp_stream.expires_at(deadline);
  auto [cec, ep] = co_await tcp_stream.async_connect(*endpoints, kTuple);
  if (cec) co_return TransportError(cec, "connect");
  if (!url.tls) co_return co_await Exchange(tcp_stream, call, url, impl.options.max_response_bytes);
  beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp_stream), impl.tls);
  boost::system::error_code ip_ec;
  (void)asio::ip::make_address(url.host, ip_ec);
  if (ip_ec && !SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    co_return Internal("webhook TLS: cannot set SNI");
  }
  stream.set_verify_mode(ssl::verify_peer);
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  auto [hec] = co_await stream.async_handshake(ssl::stream_base::client, kTuple);
  if (hec) co_return TransportError(hec, "TLS handshake");
  co_return co_await Exchange(stream, call, url, impl.options.max_response_bytes);
}

// Report runs one exchange and hands the outcome to `done` (unless the client was shut down).
asio::awaitable<void> Report(WebhookClient::Impl& impl, notify::HttpCall call,
                             notify::WebhookUrl url, std::shared_ptr<notify::HttpDone> done) {
  Result<notify::HttpReply> r = co_await Run(impl, std::move(call), std::move(url));
  if (impl.stopped.load() || !*done) co_return;
  notify::HttpDone d = std::move(*done);
  *done = nullptr;
  d(std::move(r));
}

}  // namespace

Result<std::unique_ptr<WebhookClient>> WebhookClient::Create(WebhookClientOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  if (impl->options.ca_file.empty()) {
    impl->tls.set_default_verify_paths(ec);
  } else {
    impl->tls.load_verify_file(impl->options.ca_file, ec);
  }
  if (ec) return InvalidArgument("webhook trust store: " + ec.message());
  impl->work.emplace(impl->ioc.get_executor());
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->ioc.run(); });
  return std::unique_ptr<WebhookClient>(new WebhookClient(std::move(impl)));
}

WebhookClient::WebhookClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

WebhookClient::~WebhookClient() { Shutdown(); }

void WebhookClient::Shutdown() {
  if (impl_->stopped.exchange(true)) return;
  impl_->work.reset();
  impl_->ioc.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void WebhookClient::Send(notify::HttpCall call, notify::HttpDone done) {
  if (impl_->stopped.load()) return done(Unavailable("webhook client is shut down"));
  auto url = notify::ParseWebhookUrl(call.url);
  if (!url) return done(std::move(url).error());
  if (!url->tls && !impl_->options.allow_http) {
    return done(PermissionDenied("plain http webhook targets are not allowed"));
  }
  Impl& impl = *impl_;
  auto shared = std::make_shared<notify::HttpDone>(std::move(done));
  asio::co_spawn(impl.ioc, Report(impl, std::move(call), std::move(*url), shared),
                 [&impl, shared](std::exception_ptr e) {
                   if (!e || impl.stopped.load() || !*shared) return;
                   notify::HttpDone d = std::move(*shared);
                   *shared = nullptr;
                   d(Internal("webhook client failure"));
                 });
}

}  // namespace signet::server
