#include "server/wire.h"

#include <gtest/gtest.h>

namespace signet::server {
namespace {

ResponseHeadOptions Opts() {
  return {.version = 11, .keep_alive = true, .content_length = 2, .date = "D", .request_id = "R"};
}

TEST(WireTest, SerialisesStatusLineHeadersAndTransportFields) {
  api::Response r = api::Response::Json(200, "{}");
  EXPECT_EQ(SerializeResponseHead(r, Opts()),
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\nDate: D\r\nX-Request-Id: R\r\n"
            "Content-Length: 2\r\n\r\n");
}

TEST(WireTest, DropsHeadersThatCouldSplitTheResponse) {
  api::Response r;
  r.headers.Add("Location", "/a\r\nSet-Cookie: evil=1");
  r.headers.Add("Bad Name", "x");
  r.headers.Add("X-Ok", "fine");
  const std::string head = SerializeResponseHead(r, Opts());
  EXPECT_EQ(head.find("evil"), std::string::npos);
  EXPECT_EQ(head.find("Bad Name"), std::string::npos);
  EXPECT_NE(head.find("X-Ok: fine\r\n"), std::string::npos);
}

TEST(WireTest, TransportOwnsLengthAndConnection) {
  api::Response r;
  r.headers.Add("Content-Length", "999");
  r.headers.Add("Connection", "keep-alive");
  r.headers.Add("Cache-Control", "max-age=60");
  ResponseHeadOptions o = Opts();
  o.keep_alive = false;
  const std::string head = SerializeResponseHead(r, o);
  EXPECT_EQ(head.find("999"), std::string::npos);
  EXPECT_NE(head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_NE(head.find("Cache-Control: max-age=60\r\n"), std::string::npos);
  EXPECT_EQ(head.find("no-store"), std::string::npos);
}

TEST(WireTest, Http10KeepAliveIsExplicit) {
  ResponseHeadOptions o = Opts();
  o.version = 10;
  const std::string head = SerializeResponseHead(api::Response{}, o);
  EXPECT_EQ(head.rfind("HTTP/1.0 200 OK\r\n", 0), 0u);
  EXPECT_NE(head.find("Connection: keep-alive\r\n"), std::string::npos);
}

TEST(WireTest, NoContentHasNoLength) {
  api::Response r;
  r.status = 204;
  EXPECT_EQ(SerializeResponseHead(r, Opts()).find("Content-Length"), std::string::npos);
}

TEST(WireTest, DateIsImfFixdate) {
  const std::string_view d = HttpDateNow();
  EXPECT_EQ(d.size(), 29u);
  EXPECT_EQ(d.substr(25), " GMT");
}

}  // namespace
}  // namespace signet::server
