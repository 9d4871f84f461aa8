// SPDX-License-Identifier: GPL-2.0-only
// Unit tests of the FIB: longest-prefix match, route sources, ECMP spread. No simulator.
#include "expressroute-fib.h"

#include <gtest/gtest.h>

#include <map>

using namespace ns3::expressroute;

namespace
{
Ipv4Prefix
P(const char* text)
{
    return *Ipv4Prefix::Parse(text);
}

uint32_t
A(const char* text)
{
    return *ParseIpv4(text);
}
} // namespace

TEST(Fib, LongestPrefixWins)
{
    Fib fib;
    fib.Set(P("0.0.0.0/0"), RouteSource::Static, {{1, 0}});
    fib.Set(P("10.0.0.0/8"), RouteSource::Igp, {{2, 0}});
    fib.Set(P("10.1.0.0/16"), RouteSource::Igp, {{3, 0}});
    fib.Set(P("10.1.2.0/24"), RouteSource::Igp, {{4, 0}});
    EXPECT_EQ(fib.Lookup(A("10.1.2.3"))->nextHops[0].interface, 4u) << "the /24 is the longest";
    EXPECT_EQ(fib.Lookup(A("10.1.3.3"))->nextHops[0].interface, 3u) << "then the /16";
    EXPECT_EQ(fib.Lookup(A("10.9.9.9"))->nextHops[0].interface, 2u) << "then the /8";
    EXPECT_EQ(fib.Lookup(A("192.0.2.1"))->nextHops[0].interface, 1u) << "default route last";
}

TEST(Fib, NoMatchWithoutDefault)
{
    Fib fib;
    fib.Set(P("10.1.0.0/16"), RouteSource::Igp, {{3, 0}});
    EXPECT_EQ(fib.Lookup(A("10.2.0.1")), nullptr);
}

TEST(Fib, ConnectedBeatsStaticBeatsBgpBeatsIgp)
{
    Fib fib;
    const auto p = P("192.168.100.0/30");
    fib.Set(p, RouteSource::Igp, {{4, 0}});
    fib.Set(p, RouteSource::Bgp, {{3, 0}});
    fib.Set(p, RouteSource::Static, {{2, 0}});
    fib.Set(p, RouteSource::Connected, {{1, 0}});
    EXPECT_EQ(fib.Find(p)->source, RouteSource::Connected);
    fib.Remove(p, RouteSource::Connected);
    EXPECT_EQ(fib.Find(p)->source, RouteSource::Static) << "the next source takes over";
    fib.Remove(p, RouteSource::Static);
    fib.Remove(p, RouteSource::Bgp);
    EXPECT_EQ(fib.Find(p)->nextHops[0].interface, 4u);
    fib.Remove(p, RouteSource::Igp);
    EXPECT_EQ(fib.Find(p), nullptr);
    EXPECT_EQ(fib.Size(), 0u);
}

TEST(Fib, EmptyNextHopListRemoves)
{
    Fib fib;
    fib.Set(P("10.0.0.0/8"), RouteSource::Igp, {{1, 0}});
    fib.Set(P("10.0.0.0/8"), RouteSource::Igp, {});
    EXPECT_EQ(fib.Lookup(A("10.0.0.1")), nullptr);
}

TEST(Fib, FiftyThousandPrefixesAllFound)
{
    Fib fib;
    // 50,000 /24s plus covering /16s: every address finds its own /24.
    for (uint32_t i = 0; i < 50000; ++i)
    {
        fib.Set(Ipv4Prefix{(10u << 24) + (i << 8), 24}, RouteSource::Bgp, {{i % 7 + 1, 0}});
    }
    for (uint32_t i = 0; i < 256; ++i)
    {
        fib.Set(Ipv4Prefix{(10u << 24) + (i << 16), 16}, RouteSource::Bgp, {{99, 0}});
    }
    EXPECT_EQ(fib.Size(), 50256u);
    for (uint32_t i = 0; i < 50000; i += 97)
    {
        const auto* e = fib.Lookup((10u << 24) + (i << 8) + 77);
        ASSERT_NE(e, nullptr);
        EXPECT_EQ(e->prefix.length, 24);
        EXPECT_EQ(e->nextHops[0].interface, i % 7 + 1);
    }
}

TEST(Fib, EcmpSpreadsFlowsEvenly)
{
    // 10,000 flows differing by source port over two paths: each path gets 50 % +- 3 %.
    std::map<uint32_t, int> count;
    for (uint16_t port = 0; port < 10000; ++port)
    {
        ++count[SelectEcmpPath(2, A("10.10.0.2"), A("10.1.0.2"), 6, 40000 + port, 443, 7)];
    }
    EXPECT_NEAR(count[0], 5000, 300);
    EXPECT_NEAR(count[1], 5000, 300);
}

TEST(Fib, EcmpIsStablePerFlow)
{
    const auto a = SelectEcmpPath(2, A("10.10.0.2"), A("10.1.0.2"), 17, 49153, 5001, 3);
    for (int i = 0; i < 10; ++i)
    {
        EXPECT_EQ(SelectEcmpPath(2, A("10.10.0.2"), A("10.1.0.2"), 17, 49153, 5001, 3), a);
    }
}

TEST(Ipv4PrefixParse, RejectsHostBitsAndSyntax)
{
    std::string why;
    EXPECT_FALSE(Ipv4Prefix::Parse("10.1.0.1/16", &why));
    EXPECT_NE(why.find("host bits"), std::string::npos) << why;
    EXPECT_FALSE(Ipv4Prefix::Parse("10.1.0.0/33"));
    EXPECT_FALSE(Ipv4Prefix::Parse("10.1.0/16"));
    EXPECT_FALSE(Ipv4Prefix::Parse("256.1.0.0/16"));
    EXPECT_EQ(Ipv4Prefix::Parse("192.168.100.128/29")->ToString(), "192.168.100.128/29");
}
