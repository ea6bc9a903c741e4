// WebhookClient against loopback receivers: plain HTTP and TLS (certificate and host name
// verification, SNI), the SSRF guard at connect time, timeouts, the response size limit, and
// notify's SendAndWait.

#include "server/webhook_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <thread>

namespace signet::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// Receiver answers requests on 127.0.0.1 from its own thread, plain or TLS.
class Receiver {
 public:
  using Handler =
      std::function<http::response<http::string_body>(const http::request<http::string_body>&)>;
  Receiver(Handler handler, ssl::context* tls = nullptr, bool never_answer = false)
      : handler_(std::move(handler)), tls_(tls), never_answer_(never_answer) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    port_ = acceptor_.local_endpoint().port();
    thread_ = std::thread([this] { Loop(); });
  }
  ~Receiver() {
    stop_ = true;
    boost::system::error_code ec;
    tcp::socket poke(ioc_);
    poke.connect({asio::ip::make_address("127.0.0.1"), static_cast<asio::ip::port_type>(port_)},
                 ec);
    thread_.join();
  }
  int port() const { return port_; }
  int accepted() const { return accepted_.load(); }
  std::string last_sni() const { return sni_; }
  http::request<http::string_body> last() const { return last_; }

 private:
  void Loop() {
    while (!stop_) {
      tcp::socket s(ioc_);
      boost::system::error_code ec;
      acceptor_.accept(s, ec);
      if (ec || stop_) return;
      ++accepted_;
      if (never_answer_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        continue;
      }
      if (tls_ == nullptr) {
        Serve(s);
      } else {
        beast::ssl_stream<tcp::socket> stream(std::move(s), *tls_);
        stream.handshake(ssl::stream_base::server, ec);
        if (ec) continue;
        const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        sni_ = name != nullptr ? name : "";
        Serve(stream);
      }
    }
  }
  template <typename Stream>
  void Serve(Stream& s) {
    beast::flat_buffer buf;
    http::request<http::string_body> req;
    boost::system::error_code ec;
    http::read(s, buf, req, ec);
    if (ec) return;
    last_ = req;
    auto res = handler_(req);
    res.prepare_payload();
    http::write(s, res, ec);
  }

  Handler handler_;
  ssl::context* tls_;
  bool never_answer_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
  std::string sni_;
  http::request<http::string_body> last_;
};

http::response<http::string_body> Ok(const http::request<http::string_body>& req) {
  http::response<http::string_body> res(http::status::ok, req.version());
  res.body() = "thanks";
  return res;
}

WebhookClientOptions Loopback() {
  WebhookClientOptions o;
  o.targets.allow_loopback = true;
  o.allow_http = true;
  return o;
}

notify::HttpCall Post(const std::string& url) {
  notify::HttpCall c;
  c.url = url;
  c.headers = {{"Content-Type", "application/json"}, {"webhook-id", "msg_1"}};
  c.body = "{\"hello\":1}";
  c.timeout = std::chrono::milliseconds(3000);
  return c;
}

TEST(WebhookClientTest, PostsToALoopbackReceiver) {
  Receiver r(Ok);
  auto client = WebhookClient::Create(Loopback()).value();
  auto reply = notify::SendAndWait(
      *client, Post("http://127.0.0.1:" + std::to_string(r.port()) + "/hook?x=1"));
  ASSERT_TRUE(reply) << reply.error().message();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(reply->body, "thanks");
  const auto req = r.last();
  EXPECT_EQ(req.method(), http::verb::post);
  EXPECT_EQ(req.target(), "/hook?x=1");
  EXPECT_EQ(req["webhook-id"], "msg_1");
  EXPECT_EQ(req[http::field::host], "127.0.0.1:" + std::to_string(r.port()));
  EXPECT_EQ(req.body(), "{\"hello\":1}");
}

TEST(WebhookClientTest, SsrfGuardRefusesBeforeConnecting) {
  Receiver r(Ok);
  WebhookClientOptions strict;
  strict.allow_http = true;
  auto client = WebhookClient::Create(strict).value();
  const std::string port = std::to_string(r.port());
  for (const std::string& url : {"http://127.0.0.1:" + port + "/", "http://localhost:" + port + "/",
                                 "http://[::ffff:127.0.0.1]:" + port + "/"}) {
    auto reply = notify::SendAndWait(*client, Post(url));
    ASSERT_FALSE(reply) << url;
    EXPECT_EQ(reply.error().code(), ErrorCode::kPermissionDenied) << url;
  }
  EXPECT_EQ(r.accepted(), 0);
}

TEST(WebhookClientTest, RefusesPlainHttpUnlessAllowed) {
  WebhookClientOptions o = Loopback();
  o.allow_http = false;
  auto client = WebhookClient::Create(o).value();
  auto reply = notify::SendAndWait(*client, Post("http://127.0.0.1:9/"));
  EXPECT_EQ(reply.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(notify::SendAndWait(*client, Post("gopher://x/")).error().code(),
            ErrorCode::kInvalidArgument);
}

TEST(WebhookClientTest, TimesOutRefusesAndLimitsResponses) {
  auto client = WebhookClient::Create(Loopback()).value();
  {
    Receiver silent(Ok, nullptr, /*never_answer=*/true);
    notify::HttpCall c = Post("http://127.0.0.1:" + std::to_string(silent.port()) + "/");
    c.timeout = std::chrono::milliseconds(200);
    EXPECT_EQ(notify::SendAndWait(*client, c).error().code(), ErrorCode::kDeadlineExceeded);
  }
  {
    Receiver big([](const http::request<http::string_body>& req) {
      http::response<http::string_body> res(http::status::ok, req.version());
      res.body() = std::string(100'000, 'x');
      return res;
    });
    auto reply =
        notify::SendAndWait(*client, Post("http://127.0.0.1:" + std::to_string(big.port()) + "/"));
    EXPECT_EQ(reply.error().code(), ErrorCode::kTooLarge);
  }
  int closed_port = 0;
  {
    Receiver gone(Ok);
    closed_port = gone.port();
  }
  auto refused =
      notify::SendAndWait(*client, Post("http://127.0.0.1:" + std::to_string(closed_port) + "/"));
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
}

// TlsFixture makes a CA-less self-signed certificate for "localhost" (no IP SAN).
class WebhookClientTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("signet-wh-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir_);
    key_ = (dir_ / "key.pem").string();
    cert_ = (dir_ / "cert.pem").string();
    const std::string cmd =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
        "-days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost "
        "-keyout " +
        key_ + " -out " + cert_ + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << "the openssl CLI is required";
    server_tls_.use_certificate_chain_file(cert_);
    server_tls_.use_private_key_file(key_, ssl::context::pem);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string key_, cert_;
  ssl::context server_tls_{ssl::context::tls_server};
};

TEST_F(WebhookClientTlsTest, VerifiesTheCertificateAndHostName) {
  Receiver r(Ok, &server_tls_);
  WebhookClientOptions o = Loopback();
  o.allow_http = false;
  o.ca_file = cert_;
  auto client = WebhookClient::Create(o).value();
  const std::string port = std::to_string(r.port());
  auto reply = notify::SendAndWait(*client, Post("https://localhost:" + port + "/hook"));
  ASSERT_TRUE(reply) << reply.error().message();
  EXPECT_EQ(reply->status, 200);
  EXPECT_EQ(r.last_sni(), "localhost");
  // The certificate names "localhost", not 127.0.0.1: host name verification fails.
  auto by_ip = notify::SendAndWait(*client, Post("https://127.0.0.1:" + port + "/hook"));
  EXPECT_EQ(by_ip.error().code(), ErrorCode::kUnavailable);
  // Without the CA (system store only) the self-signed certificate is refused.
  WebhookClientOptions system = Loopback();
  auto strict = WebhookClient::Create(system).value();
  EXPECT_EQ(
      notify::SendAndWait(*strict, Post("https://localhost:" + port + "/hook")).error().code(),
      ErrorCode::kUnavailable);
  EXPECT_FALSE(WebhookClient::Create({.ca_file = (dir_ / "missing.pem").string()}));
}

TEST(WebhookClientShutdownTest, DropsCallsAfterShutdown) {
  auto client = WebhookClient::Create(Loopback()).value();
  client->Shutdown();
  auto reply = notify::SendAndWait(*client, Post("http://127.0.0.1:9/"));
  EXPECT_EQ(reply.error().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace signet::server
