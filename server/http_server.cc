#include "server/http_server.h"

#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <ctime>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_set>

#include "api/problem.h"
#include "base/ids.h"
#include "base/log.h"
#include "server/forwarded.h"
#include "server/wire.h"

namespace signet::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);
constexpr size_t kReadChunk = 16 * 1024;
constexpr size_t kMaxLoggedPath = 128;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool IsDisconnect(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == http::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted || ec == asio::error::broken_pipe ||
         ec == asio::error::not_connected || ec == beast::error::timeout ||
         ec == ssl::error::stream_truncated;
}

bool IsResourceExhaustion(const beast::error_code& ec) {
  return ec == asio::error::no_descriptors ||
         ec == boost::system::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

IpAddress PeerAddress(const tcp::socket& socket) {
  beast::error_code ec;
  const auto ep = socket.remote_endpoint(ec);
  IpAddress ip;
  if (ec) return ip;
  if (ep.address().is_v4()) {
    const auto b = ep.address().to_v4().to_bytes();
    ip.v4 = true;
    ip.bytes[10] = ip.bytes[11] = 0xff;
    std::copy(b.begin(), b.end(), ip.bytes.begin() + 12);
    return ip;
  }
  const auto v6 = ep.address().to_v6();
  const auto b = v6.to_bytes();
  std::copy(b.begin(), b.end(), ip.bytes.begin());
  ip.v4 = v6.is_v4_mapped();
  return ip;
}

// Connection is the part of a connection that the control strand can reach: shutdown closes it
// when it is idle between requests, and the deadline sweeper cancels its pending operation when
// the current phase (header, body, write, idle) runs out of time. One deadline per connection,
// checked every kSweepInterval, replaces a timer per operation: arming costs an atomic store.
struct Connection {
  asio::any_io_executor executor;
  std::function<void()> close;          // closes the socket; only called on `executor`
  std::function<void()> cancel;         // cancels pending operations; only called on `executor`
  bool idle = false;                    // between requests; only touched on `executor`
  bool timed_out = false;               // the last deadline fired; only touched on `executor`
  std::atomic<int64_t> deadline_ns{0};  // steady-clock deadline of the current phase; 0 = none

  void Arm(std::chrono::milliseconds d) {
    timed_out = false;
    deadline_ns.store((Clock::now() + d).time_since_epoch().count(), std::memory_order_relaxed);
  }
  void Disarm() { deadline_ns.store(0, std::memory_order_relaxed); }
};

constexpr std::chrono::milliseconds kSweepInterval{100};

constexpr size_t kNoSlot = static_cast<size_t>(-1);

// Exchange is one request/response as the transport sees it, for the response write, the access
// log and metrics.
struct Exchange {
  Clock::time_point start = Clock::now();
  std::string method = "-";
  std::string path;
  std::string route = "unmatched";
  size_t slot = kNoSlot;  // metrics slot of the matched route
  std::string request_id;
  std::string client_ip;
  unsigned version = 11;
  bool head = false;
  bool keep_alive = false;
  bool quiet = false;
  api::Response response;
};

// PoolTask is the work a request hands to the worker pool: run the handler, return the response.
using PoolTask = std::function<std::optional<api::Response>()>;

// RunOnPool returns an awaitable that runs `fn` on the worker pool and resumes the coroutine on
// `ex` with the result, or with nullopt if the pool refused the task (queue full or shutting
// down). Deliberately not a coroutine itself: g++ 12 mishandles class-type temporaries passed as
// by-value coroutine parameters (objects were destroyed without having been move-constructed),
// so the task travels inside Asio's own operation state instead.
auto RunOnPool(WorkerPool& pool, asio::any_io_executor ex, PoolTask fn) {
  auto init = [&pool](auto handler, asio::any_io_executor exec, PoolTask f) {
    using Handler = decltype(handler);
    struct State {
      Handler handler;
      asio::any_io_executor work;  // keeps the io_context running while the task is queued
    };
    auto st = std::make_shared<State>(
        State{std::move(handler), asio::prefer(exec, asio::execution::outstanding_work.tracked)});
    WorkerPool::Task task = [st, f = std::move(f), exec]() mutable {
      std::optional<api::Response> r = f();
      asio::post(exec, [st, r = std::move(r)]() mutable { st->handler(std::move(r)); });
    };
    if (!pool.TrySubmit(task)) {
      asio::post(exec, [st]() mutable { st->handler(std::nullopt); });
    }
  };
  return asio::async_initiate<const asio::use_awaitable_t<>, void(std::optional<api::Response>)>(
      std::move(init), asio::use_awaitable, std::move(ex), std::move(fn));
}

// CallHandler runs a handler, converting an escaped exception into a 500 (a handler bug must not
// take the process down).
api::Response CallHandler(const Handler& h, const api::Request& req) {
  try {
    return h(req);
  } catch (const std::exception& e) {
    log::Error("handler threw", {{"request_id", req.request_id}, {"error", e.what()}});
  } catch (...) {
    log::Error("handler threw", {{"request_id", req.request_id}});
  }
  return api::FromError(Internal("handler failed"));
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, const Router& r, WorkerPool& p, Metrics& m)
      : opt(std::move(o)), router(r), pool(p), metrics(m) {}
  ~Impl() { destroying = true; }

  Status Bind();
  void Start();
  void BeginShutdown();
  void ConnectionDone();
  void Register(const std::shared_ptr<Connection>& c);
  void Unregister(const std::shared_ptr<Connection>& c);

  asio::awaitable<void> Accept(tcp::acceptor& acceptor);
  asio::awaitable<void> Session(tcp::socket socket);
  asio::awaitable<void> Sweep();
  template <class Stream>
  asio::awaitable<void> Serve(Stream& stream, Connection& conn, const IpAddress& peer);
  template <class Stream>
  asio::awaitable<void> ReadAndDispatch(Stream& stream, beast::flat_buffer& buffer,
                                        Connection& conn, const IpAddress& peer, Exchange& ex);
  template <class Stream>
  asio::awaitable<bool> Respond(Stream& stream, Connection& conn, Exchange& ex);
  void Observe(const Exchange& ex);
  void AccessLog(const Exchange& ex);
  void RejectBusy(tcp::socket& socket);

  HttpServerOptions opt;
  const Router& router;
  std::vector<size_t> route_slots;  // metrics slot per router.routes() index
  size_t unmatched_slot = 0;
  WorkerPool& pool;
  WorkerPool* compute = nullptr;  // cpu_bound routes; null = `pool`
  Metrics& metrics;
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};
  std::atomic<size_t> open{0};
  std::mutex conns_mu;
  std::unordered_set<std::shared_ptr<Connection>> conns;  // guarded by conns_mu
  // Declared after the members the coroutine frames touch, so it is destroyed before them.
  asio::io_context ioc;
  // `control` serialises the accept loops, signal handling and shutdown: acceptors are not
  // thread-safe and several I/O threads run the io_context.
  asio::strand<asio::io_context::executor_type> control{asio::make_strand(ioc)};
  bool shutdown_begun = false;  // only touched on `control`
  std::optional<ssl::context> tls;
  std::vector<tcp::acceptor> acceptors;
  asio::signal_set signals{control};
  asio::steady_timer grace_timer{control};
};

Status HttpServer::Impl::Bind() {
  if (opt.tls.enabled()) {
    tls.emplace(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls->use_certificate_chain_file(opt.tls.cert_file, ec);
    if (!ec) tls->use_private_key_file(opt.tls.key_file, ssl::context::pem, ec);
    if (ec) return InvalidArgument("cannot load TLS certificate or key: " + ec.message());
  }
  for (const Endpoint& e : opt.listen) {
    beast::error_code ec;
    const auto addr = asio::ip::make_address(e.host, ec);
    if (ec) return InvalidArgument("invalid listen address " + e.ToString());
    tcp::acceptor acc(ioc);
    const tcp::endpoint ep(addr, e.port);
    if (!acc.open(ep.protocol(), ec) &&
        !acc.set_option(asio::socket_base::reuse_address(true), ec) && !acc.bind(ep, ec) &&
        !acc.listen(asio::socket_base::max_listen_connections, ec)) {
      acceptors.push_back(std::move(acc));
      continue;
    }
    return Unavailable("cannot listen on " + e.ToString() + ": " + ec.message());
  }
  return OkStatus();
}

void HttpServer::Impl::Start() {
  for (const Route& r : router.routes()) route_slots.push_back(metrics.RegisterRoute(r.pattern));
  unmatched_slot = metrics.RegisterRoute("unmatched");
  for (auto& acc : acceptors) asio::co_spawn(control, Accept(acc), asio::detached);
  asio::co_spawn(control, Sweep(), asio::detached);
  if (!opt.handle_signals) return;
  signals.add(SIGINT);
  signals.add(SIGTERM);
  signals.async_wait([this](const beast::error_code& ec, int sig) {
    if (ec) return;
    log::Info("signal received, shutting down gracefully", {{"signal", sig}});
    BeginShutdown();
    // A second signal during the drain stops at once.
    signals.async_wait([this](const beast::error_code& ec2, int) {
      if (ec2) return;
      log::Warn("second signal, stopping now");
      ioc.stop();
    });
  });
}

void HttpServer::Impl::Register(const std::shared_ptr<Connection>& c) {
  std::lock_guard<std::mutex> lock(conns_mu);
  conns.insert(c);
}

void HttpServer::Impl::Unregister(const std::shared_ptr<Connection>& c) {
  c->close = nullptr;
  std::lock_guard<std::mutex> lock(conns_mu);
  conns.erase(c);
}

void HttpServer::Impl::BeginShutdown() {
  if (shutdown_begun) return;
  shutdown_begun = true;
  stopping = true;
  for (auto& acc : acceptors) {
    beast::error_code ec;
    acc.close(ec);
  }
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    std::lock_guard<std::mutex> lock(conns_mu);
    snapshot.assign(conns.begin(), conns.end());
  }
  log::Info("draining connections", {{"open", open.load()}});
  for (auto& c : snapshot) {
    asio::post(c->executor, [c] {
      if (c->idle && c->close) c->close();
    });
  }
  grace_timer.expires_after(opt.timeouts.shutdown_grace);
  grace_timer.async_wait([this](const beast::error_code& ec) {
    if (ec) return;
    log::Warn("shutdown grace period over, closing remaining connections", {{"open", open.load()}});
    ioc.stop();
  });
  if (open.load() == 0) ioc.stop();
}

void HttpServer::Impl::ConnectionDone() {
  metrics.ConnectionClosed();
  if (--open == 0 && stopping && !destroying) ioc.stop();
}

void HttpServer::Impl::RejectBusy(tcp::socket& socket) {
  static const std::string kBusy = [] {
    const std::string body = R"({"type":"about:blank","title":"Service Unavailable","status":503,)"
                             R"("detail":"too many connections"})";
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\n"
           "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  beast::error_code ec;
  socket.non_blocking(true, ec);
  socket.write_some(asio::buffer(kBusy), ec);  // best effort: never wait on a refused client
  socket.close(ec);
}

asio::awaitable<void> HttpServer::Impl::Accept(tcp::acceptor& acceptor) {
  std::chrono::milliseconds backoff{0};
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    auto [ec, accepted] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
    tcp::socket socket(std::move(accepted));
    if (stopping || ec == asio::error::operation_aborted) co_return;
    if (ec) {
      if (!IsResourceExhaustion(ec)) continue;
      backoff =
          std::clamp(backoff * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
      metrics.ConnectionRejected("resources");
      log::Warn("accept failed, backing off",
                {{"error", ec.message()}, {"backoff_ms", static_cast<int64_t>(backoff.count())}});
      timer.expires_after(backoff);
      co_await timer.async_wait(kTuple);
      continue;
    }
    backoff = std::chrono::milliseconds(0);
    if (open.load() >= opt.limits.max_connections) {
      metrics.ConnectionRejected("limit");
      RejectBusy(socket);
      continue;
    }
    ++open;
    metrics.ConnectionOpened();
    auto ex = socket.get_executor();
    asio::co_spawn(ex, Session(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> HttpServer::Impl::Sweep() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  std::vector<std::shared_ptr<Connection>> expired;
  while (!destroying) {
    timer.expires_after(kSweepInterval);
    auto [ec] = co_await timer.async_wait(kTuple);
    if (ec) co_return;
    const int64_t now = Clock::now().time_since_epoch().count();
    expired.clear();
    {
      std::lock_guard<std::mutex> lock(conns_mu);
      for (const auto& c : conns) {
        const int64_t d = c->deadline_ns.load(std::memory_order_relaxed);
        if (d != 0 && d <= now) expired.push_back(c);
      }
    }
    for (auto& c : expired) {
      asio::post(c->executor, [c] {
        const int64_t d = c->deadline_ns.load(std::memory_order_relaxed);
        if (d == 0 || d > Clock::now().time_since_epoch().count() || !c->cancel) return;
        c->Disarm();
        c->timed_out = true;
        c->cancel();
      });
    }
  }
}

asio::awaitable<void> HttpServer::Impl::Session(tcp::socket socket) {
  struct Done {
    Impl* self;
    ~Done() { self->ConnectionDone(); }
  } done{this};
  const IpAddress peer = PeerAddress(socket);
  beast::error_code ec;
  socket.set_option(tcp::no_delay(true), ec);
  auto conn = std::make_shared<Connection>();
  conn->executor = socket.get_executor();
  struct Registration {
    Impl* self;
    std::shared_ptr<Connection> c;
    ~Registration() { self->Unregister(c); }
  };
  if (tls) {
    ssl::stream<tcp::socket> stream(std::move(socket), *tls);
    conn->close = [&stream] {
      beast::error_code e;
      stream.lowest_layer().close(e);
    };
    conn->cancel = [&stream] {
      beast::error_code e;
      stream.lowest_layer().cancel(e);
    };
    Register(conn);
    Registration reg{this, conn};
    conn->Arm(opt.timeouts.header);
    auto [hec] = co_await stream.async_handshake(ssl::stream_base::server, kTuple);
    conn->Disarm();
    if (hec) co_return;
    co_await Serve(stream, *conn, peer);
    conn->Arm(std::chrono::seconds(1));
    co_await stream.async_shutdown(kTuple);
    conn->Disarm();
  } else {
    conn->close = [&socket] {
      beast::error_code e;
      socket.close(e);
    };
    conn->cancel = [&socket] {
      beast::error_code e;
      socket.cancel(e);
    };
    Register(conn);
    Registration reg{this, conn};
    co_await Serve(socket, *conn, peer);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }
}

template <class Stream>
asio::awaitable<void> HttpServer::Impl::Serve(Stream& stream, Connection& conn,
                                              const IpAddress& peer) {
  beast::flat_buffer buffer(opt.limits.header_bytes + kReadChunk);
  bool first = true;
  for (;;) {
    if (stopping) co_return;
    if (buffer.size() == 0) {
      // Wait for the first byte of the next request: the header timeout for a new connection,
      // the idle timeout between keep-alive requests. Shutdown may close the connection here.
      conn.idle = true;
      conn.Arm(first ? opt.timeouts.header : opt.timeouts.idle);
      auto [ec, n] = co_await stream.async_read_some(buffer.prepare(kReadChunk), kTuple);
      conn.Disarm();
      conn.idle = false;
      if (ec) co_return;
      buffer.commit(n);
    }
    first = false;
    Exchange ex;
    metrics.RequestStarted();
    co_await ReadAndDispatch(stream, buffer, conn, peer, ex);
    Observe(ex);  // before the write, so a client that saw the response also sees the metric
    const bool keep = co_await Respond(stream, conn, ex);
    metrics.RequestFinished();
    AccessLog(ex);
    if (!keep) co_return;
  }
}

template <class Stream>
asio::awaitable<void> HttpServer::Impl::ReadAndDispatch(Stream& stream, beast::flat_buffer& buffer,
                                                        Connection& conn, const IpAddress& peer,
                                                        Exchange& ex) {
  auto fail = [&ex](int status, std::string detail) {
    ex.response = api::HttpProblem(status, std::move(detail));
    ex.keep_alive = false;
  };
  ex.client_ip = peer.ToString();

  http::request_parser<http::empty_body> header_parser;
  header_parser.header_limit(static_cast<std::uint32_t>(opt.limits.header_bytes));
  // Beast's own default (1 MiB) would refuse a larger Content-Length while the header is read,
  // before the route and its limit are known; the route's limit is applied below.
  header_parser.body_limit(boost::none);
  {
    conn.Arm(opt.timeouts.header);
    auto [ec, n] = co_await http::async_read_header(stream, buffer, header_parser, kTuple);
    conn.Disarm();
    if (conn.timed_out) co_return fail(408, "request header not received in time");
    if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
      co_return fail(
          431, "request header larger than " + std::to_string(opt.limits.header_bytes) + " bytes");
    }
    if (ec && IsDisconnect(ec)) {
      ex.response.status = 0;  // nothing to answer: the client went away
      co_return;
    }
    if (ec) co_return fail(400, "malformed request: " + ec.message());
  }
  const auto& h = header_parser.get();
  api::Headers headers;
  for (const auto& f : h) headers.Add(std::string(f.name_string()), std::string(f.value()));
  ex.client_ip = ClientAddress(peer, headers, opt.trusted_proxies);
  const auto client_id = headers.Get("X-Request-Id");
  ex.request_id =
      client_id && IsValidRequestId(*client_id) ? std::string(*client_id) : NewRequestId().value();
  ex.method = std::string(h.method_string());
  ex.version = h.version();
  ex.head = h.method() == http::verb::head;
  const bool has_body = header_parser.chunked() || header_parser.content_length().value_or(0) > 0;

  if (h.version() != 10 && h.version() != 11) co_return fail(505, "only HTTP/1.0 and 1.1");
  const size_t te_count = h.count(http::field::transfer_encoding);
  if (te_count > 0 && (te_count != 1 || h.version() != 11 ||
                       !api::IEquals(Trim(h[http::field::transfer_encoding]), "chunked"))) {
    co_return fail(400, "unsupported Transfer-Encoding");
  }
  if (h.version() == 11 && h.count(http::field::host) != 1) {
    co_return fail(400, "exactly one Host header is required");
  }

  std::string_view target = h.target();
  if (target.starts_with("http://") || target.starts_with("https://")) {
    const size_t authority = target.find("://") + 3;
    const size_t slash = target.find('/', authority);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
  }
  const size_t qmark = target.find('?');
  const std::string_view path = target.substr(0, qmark);
  ex.path = std::string(path.substr(0, kMaxLoggedPath));

  Match m = router.Find(ex.method, path);
  if (m.kind != Match::Kind::kFound) {
    if (m.kind == Match::Kind::kMethodNotAllowed) {
      ex.response = Router::MethodNotAllowedResponse(ex.method, m.allow);
    } else if (m.kind == Match::Kind::kBadPath) {
      ex.response = api::HttpProblem(400, "malformed request path");
    } else {
      ex.response = Router::NotFoundResponse(ex.method, path);
    }
    ex.keep_alive = !has_body && h.keep_alive();  // an unread body cannot be skipped safely
    co_return;
  }
  const Route& route = *m.route;
  ex.route = route.pattern;
  ex.slot = route_slots[static_cast<size_t>(&route - router.routes().data())];
  ex.quiet = route.options.quiet;
  const size_t limit = route.options.max_body_bytes.value_or(opt.limits.body_bytes);
  if (header_parser.content_length().value_or(0) > limit) {
    co_return fail(413, "request body larger than " + std::to_string(limit) + " bytes");
  }
  if (auto expect = h[http::field::expect]; !expect.empty()) {
    if (!api::IEquals(Trim(expect), "100-continue")) co_return fail(417, "unsupported Expect");
    if (has_body && h.version() == 11) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      conn.Arm(opt.timeouts.write);
      auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(kContinue), kTuple);
      conn.Disarm();
      if (wec) {
        ex.response.status = 0;
        co_return;
      }
    }
  }

  http::request_parser<http::string_body> parser(std::move(header_parser));
  parser.body_limit(limit);
  if (!parser.is_done()) {
    conn.Arm(opt.timeouts.body);
    auto [ec, n] = co_await http::async_read(stream, buffer, parser, kTuple);
    conn.Disarm();
    if (conn.timed_out) co_return fail(408, "request body not received in time");
    if (ec == http::error::body_limit) {
      co_return fail(413, "request body larger than " + std::to_string(limit) + " bytes");
    }
    if (ec && IsDisconnect(ec)) {
      ex.response.status = 0;
      co_return;
    }
    if (ec) co_return fail(400, "malformed request body: " + ec.message());
  }

  auto msg = parser.release();
  api::Request req;
  req.method = ex.method;
  req.target = std::string(msg.target());
  req.path = std::string(path);
  if (qmark != std::string_view::npos) req.query = std::string(target.substr(qmark + 1));
  req.headers = std::move(headers);
  req.body = std::move(msg.body());
  req.client_ip = ex.client_ip;
  req.request_id = ex.request_id;
  req.path_params = std::move(m.params);
  ex.keep_alive = msg.keep_alive();

  if (route.options.inline_handler) {
    ex.response = CallHandler(route.handler, req);
    co_return;
  }
  PoolTask task = [h = &route.handler, shared = std::make_shared<api::Request>(std::move(req))] {
    return std::optional<api::Response>(CallHandler(*h, *shared));
  };
  asio::any_io_executor executor = co_await asio::this_coro::executor;
  WorkerPool& run_on = route.options.cpu_bound && compute != nullptr ? *compute : pool;
  std::optional<api::Response> r = co_await RunOnPool(run_on, executor, std::move(task));
  if (r) {
    ex.response = std::move(*r);
  } else {
    api::Problem p;
    p.status = 503;
    p.detail = "server busy";
    p.retry_after_seconds = 1;
    ex.response = api::ToResponse(p);
  }
}

template <class Stream>
asio::awaitable<bool> HttpServer::Impl::Respond(Stream& stream, Connection& conn, Exchange& ex) {
  if (ex.response.status == 0) co_return false;  // client gone; nothing to write
  if (ex.request_id.empty()) ex.request_id = NewRequestId().value();
  const bool keep = ex.keep_alive && !stopping;
  const std::string head =
      SerializeResponseHead(ex.response, {.version = ex.version,
                                          .keep_alive = keep,
                                          .content_length = ex.response.body.size(),
                                          .date = HttpDateNow(),
                                          .request_id = ex.request_id});
  const std::array<asio::const_buffer, 2> buffers = {
      asio::buffer(head), ex.head ? asio::const_buffer() : asio::buffer(ex.response.body)};
  conn.Arm(opt.timeouts.write);
  auto [ec, n] = co_await asio::async_write(stream, buffers, kTuple);
  conn.Disarm();
  co_return keep && !ec;
}

void HttpServer::Impl::Observe(const Exchange& ex) {
  if (ex.response.status == 0) return;
  const double seconds = std::chrono::duration<double>(Clock::now() - ex.start).count();
  metrics.ObserveRequest(ex.slot == kNoSlot ? unmatched_slot : ex.slot, ex.method,
                         ex.response.status, seconds);
}

void HttpServer::Impl::AccessLog(const Exchange& ex) {
  const double seconds = std::chrono::duration<double>(Clock::now() - ex.start).count();
  if (ex.response.status == 0 || !opt.access_log) return;
  const auto level = ex.quiet ? log::Level::kDebug : log::Level::kInfo;
  if (!log::Enabled(level)) return;
  log::Write(level, "request",
             {{"request_id", ex.request_id},
              {"method", ex.method},
              {"route", ex.route},
              {"path", ex.route == "unmatched" ? ex.path : ex.route},
              {"status", ex.response.status},
              {"ms", seconds * 1000.0},
              {"client_ip", ex.client_ip}});
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::Create(HttpServerOptions options,
                                                       const Router& router, WorkerPool& pool,
                                                       Metrics& metrics, WorkerPool* compute) {
  auto impl = std::make_unique<Impl>(std::move(options), router, pool, metrics);
  impl->compute = compute;
  if (Status s = impl->Bind(); !s.ok()) return std::move(s).error();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

void HttpServer::Run() {
  impl_->Start();
  std::string addrs;
  for (const auto& acc : impl_->acceptors) {
    if (!addrs.empty()) addrs += ",";
    const auto ep = acc.local_endpoint();
    addrs +=
        (ep.address().is_v6() ? "[" + ep.address().to_string() + "]" : ep.address().to_string()) +
        ":" + std::to_string(ep.port());
  }
  log::Info("listening", {{"addresses", addrs},
                          {"tls", impl_->opt.tls.enabled()},
                          {"io_threads", impl_->opt.io_threads}});
  std::vector<std::thread> threads;
  const unsigned n = std::max(1U, impl_->opt.io_threads);
  for (unsigned i = 1; i < n; ++i) threads.emplace_back([this] { impl_->ioc.run(); });
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  log::Info("server stopped", {{"open_connections", impl_->open.load()}});
}

void HttpServer::Shutdown() {
  impl_->stopping = true;
  asio::post(impl_->control, [this] { impl_->BeginShutdown(); });
}

std::vector<uint16_t> HttpServer::ports() const {
  std::vector<uint16_t> out;
  for (const auto& acc : impl_->acceptors) out.push_back(acc.local_endpoint().port());
  return out;
}

}  // namespace signet::server
