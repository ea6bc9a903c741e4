#include "server/forwarded.h"

#include <gtest/gtest.h>

namespace signet::server {
namespace {

IpAddress Ip(std::string_view s) { return *IpAddress::Parse(s); }

std::vector<Cidr> Trusted() { return {*Cidr::Parse("10.0.0.0/8"), *Cidr::Parse("::1/128")}; }

TEST(CidrTest, ParsesAndMatchesBothFamilies) {
  Cidr c = *Cidr::Parse("192.168.1.0/24");
  EXPECT_TRUE(c.Contains(Ip("192.168.1.77")));
  EXPECT_FALSE(c.Contains(Ip("192.168.2.1")));
  Cidr c6 = *Cidr::Parse("2001:db8::/32");
  EXPECT_TRUE(c6.Contains(Ip("2001:db8:1::5")));
  EXPECT_FALSE(c6.Contains(Ip("2001:db9::5")));
  EXPECT_FALSE(c.Contains(Ip("2001:db8::1")));
  EXPECT_TRUE(Cidr::Parse("0.0.0.0/0")->Contains(Ip("8.8.8.8")));
}

TEST(CidrTest, RejectsMalformedRanges) {
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/33"));
  EXPECT_FALSE(Cidr::Parse("10.0.0/8"));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/"));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/8x"));
  EXPECT_FALSE(Cidr::Parse("example.com/8"));
}

TEST(IpAddressTest, TreatsV4MappedAsV4) {
  IpAddress a = Ip("::ffff:10.1.2.3");
  EXPECT_TRUE(a.v4);
  EXPECT_EQ(a.ToString(), "10.1.2.3");
  EXPECT_EQ(Ip("[::1]").ToString(), "::1");
}

TEST(ClientAddressTest, IgnoresHeadersFromUntrustedPeer) {
  api::Headers h;
  h.Add("X-Forwarded-For", "1.2.3.4");
  EXPECT_EQ(ClientAddress(Ip("203.0.113.9"), h, Trusted()), "203.0.113.9");
}

TEST(ClientAddressTest, TakesRightmostUntrustedHop) {
  api::Headers h;
  h.Add("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.2");
  // 6.6.6.6 was supplied by the client itself; 198.51.100.7 is what our proxy saw.
  EXPECT_EQ(ClientAddress(Ip("10.0.0.1"), h, Trusted()), "198.51.100.7");
}

TEST(ClientAddressTest, CombinesRepeatedHeaders) {
  api::Headers h;
  h.Add("X-Forwarded-For", "198.51.100.7");
  h.Add("X-Forwarded-For", "10.0.0.3");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.1"), h, Trusted()), "198.51.100.7");
}

TEST(ClientAddressTest, StopsAtMalformedEntry) {
  api::Headers h;
  h.Add("X-Forwarded-For", "198.51.100.7, garbage, 10.0.0.2");
  EXPECT_EQ(ClientAddress(Ip("10.0.0.1"), h, Trusted()), "10.0.0.2");
}

TEST(ClientAddressTest, ReadsRfc7239Forwarded) {
  api::Headers h;
  h.Add("Forwarded", R"(for="[2001:db8:cafe::17]:4711";proto=https, for=10.0.0.5)");
  EXPECT_EQ(ClientAddress(Ip("::1"), h, Trusted()), "2001:db8:cafe::17");
  api::Headers obfuscated;
  obfuscated.Add("Forwarded", "for=_hidden");
  EXPECT_EQ(ClientAddress(Ip("::1"), obfuscated, Trusted()), "::1");
}

TEST(ClientAddressTest, UsesPeerWhenNoHeader) {
  EXPECT_EQ(ClientAddress(Ip("10.0.0.1"), api::Headers{}, Trusted()), "10.0.0.1");
}

}  // namespace
}  // namespace signet::server
