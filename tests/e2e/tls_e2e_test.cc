// End-to-end test of the optional TLS listener: a self-signed certificate made with the openssl
// CLI, a TLS client that verifies it, and a plain-HTTP client that must not get an answer.

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <cstdlib>

#include "tests/e2e/harness.h"

namespace signet::e2e {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

// TlsGet performs one GET over TLS, verifying the server against `ca_file`.
std::string TlsGet(int port, const std::string& ca_file, const std::string& path) {
  asio::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(ca_file);
  ctx.set_verify_mode(ssl::verify_peer);
  ssl::stream<tcp::socket> stream(ioc, ctx);
  stream.set_verify_callback(ssl::host_name_verification("localhost"));
  SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
  stream.lowest_layer().connect({asio::ip::make_address("127.0.0.1"),
                                 static_cast<uint16_t>(port)});
  stream.handshake(ssl::stream_base::client);
  const std::string req = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
  asio::write(stream, asio::buffer(req));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  for (;;) {
    const size_t n = stream.read_some(asio::buffer(buf), ec);
    out.append(buf, n);
    if (ec) break;
  }
  return out;
}

TEST(TlsE2ETest, ServesHttpsWithConfiguredCertificate) {
  TempDir d;
  const std::string key = d.path() + "/key.pem", cert = d.path() + "/cert.pem";
  const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
                          "-days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost "
                          "-keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "openssl CLI is required (scripts/install-deps)";
  ServerProcess server({.extra_yaml = "server:\n  tls:\n    cert_file: " + cert +
                                      "\n    key_file: " + key + "\n"});
  // Start() probes with plain HTTP, which a TLS listener must not answer.
  EXPECT_FALSE(server.Start(std::chrono::seconds(2)));
  ASSERT_TRUE(server.running()) << server.Log();
  const std::string response = TlsGet(server.port(), cert, "/healthz");
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_NE(response.find(R"({"status":"ok"})"), std::string::npos);
  EXPECT_NE(server.Log().find(R"("tls":true)"), std::string::npos);
}

TEST(TlsE2ETest, RejectsUnreadableKeyFileAtStartup) {
  CommandResult r = RunSignet({"serve", "--listen", "127.0.0.1:1"},
                              {"SIGNET_SERVER__TLS__CERT_FILE=/nonexistent/cert.pem",
                               "SIGNET_SERVER__TLS__KEY_FILE=/nonexistent/key.pem"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("server.tls.cert_file: cannot read file"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace signet::e2e
