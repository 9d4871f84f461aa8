// SPDX-License-Identifier: GPL-2.0-only
// BGP sessions on small ns-3 topologies: establishment and hold-time negotiation, route exchange
// into the FIB, multipath over two links, prefix limits with Cease, hold-timer expiry when a
// link goes silent, AS-path prepend draining a link.
#include "expressroute-bfd.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-fib-routing-helper.h"
#include "expressroute-fib-routing.h"
#include "expressroute-test-fixture.h"

#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/double.h"
#include "ns3/uinteger.h"

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// Two routers joined by @p links point-to-point links: 192.168.100.(4k+1) on A, .(4k+2) on B.
struct Pair
{
    Ptr<Node> a;
    Ptr<Node> b;
    std::vector<NetDeviceContainer> devices;
    Ptr<BgpSpeaker> sa;
    Ptr<BgpSpeaker> sb;

    explicit Pair(uint32_t links)
    {
        a = CreateObject<Node>();
        b = CreateObject<Node>();
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.SetRoutingHelper(FibRoutingHelper());
        stack.Install(a);
        stack.Install(b);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        for (uint32_t k = 0; k < links; ++k)
        {
            auto d = p2p.Install(a, b);
            devices.push_back(d);
            for (auto [node, dev, host] : {std::make_tuple(a, d.Get(0), 1u), std::make_tuple(b, d.Get(1), 2u)})
            {
                auto ip = node->GetObject<Ipv4>();
                const uint32_t i = ip->AddInterface(dev);
                ip->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(Addr(k, host)), Ipv4Mask("255.255.255.252")));
                ip->SetUp(i);
            }
        }
        sa = CreateObjectWithAttributes<BgpSpeaker>("Asn", UintegerValue(65010),
                                                    "RouterId", Ipv4AddressValue(Ipv4Address(Addr(0, 1))));
        sb = CreateObjectWithAttributes<BgpSpeaker>("Asn", UintegerValue(12076),
                                                    "RouterId", Ipv4AddressValue(Ipv4Address(Addr(0, 2))));
        a->AddApplication(sa);
        b->AddApplication(sb);
    }

    static uint32_t Addr(uint32_t link, uint32_t host)
    {
        return *ParseIpv4("192.168.100.0") + 4 * link + host;
    }

    /// A session per link: A (customer edge) active, B (MSEE) passive.
    void Peer(uint32_t link, Time hold, Time keepalive, uint32_t maxPrefixes = 0)
    {
        BgpPeerConfig ca;
        ca.name = "ce-link" + std::to_string(link);
        ca.localAddress = Ipv4Address(Addr(link, 1));
        ca.peerAddress = Ipv4Address(Addr(link, 2));
        ca.peerAsn = 12076;
        ca.holdTime = hold;
        ca.keepaliveTime = keepalive;
        ca.connectRetryTime = Seconds(5);
        sa->AddPeer(ca);
        BgpPeerConfig cb;
        cb.name = "msee-link" + std::to_string(link);
        cb.localAddress = ca.peerAddress;
        cb.peerAddress = ca.localAddress;
        cb.peerAsn = 65010;
        cb.passive = true;
        cb.maxPrefixes = maxPrefixes;
        cb.idleHoldTime = Seconds(20);
        sb->AddPeer(cb);
    }

    Ptr<FibRouting> Fib(Ptr<Node> n) const
    {
        return DynamicCast<FibRouting>(n->GetObject<Ipv4>()->GetRoutingProtocol());
    }
};

Ipv4Prefix
P(const char* text)
{
    return *Ipv4Prefix::Parse(text);
}

} // namespace

using BgpSessionTest = test::SimulatorTest;

TEST_F(BgpSessionTest, EstablishesAndNegotiatesTheLowerHoldTime)
{
    Pair t(1);
    t.Peer(0, Seconds(30), Seconds(10)); // customer proposes 30 s; the MSEE keeps 180 s
    std::vector<std::string> states;
    t.sb->TraceConnectWithoutContext(
        "SessionStateChanged",
        Callback<void, std::string, std::string, std::string>(
            [&states](std::string, std::string, std::string to) { states.push_back(to); }));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(states, (std::vector<std::string>{"Active", "OpenSent", "OpenConfirm", "Established"}));
    EXPECT_EQ(t.sb->GetSession(0)->GetNegotiatedHoldTime(), Seconds(30)) << "the lower of 180 and 30";
    EXPECT_EQ(t.sa->GetSession(0)->GetKeepaliveTime(), Seconds(10));
    EXPECT_EQ(t.sb->GetSession(0)->GetKeepaliveTime(), Seconds(10)) << "a third of the hold time";
}

TEST_F(BgpSessionTest, RoutesReachTheFibWithTheAsPath)
{
    Pair t(1);
    t.Peer(0, Seconds(180), Seconds(60));
    t.sa->Originate(P("10.10.0.0/16"));
    t.sb->Originate(P("10.1.0.0/16"));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    const auto atMsee = t.sb->GetBestRoutes(P("10.10.0.0/16"));
    ASSERT_EQ(atMsee.size(), 1u);
    EXPECT_EQ(atMsee[0].attributes.FirstAsn(), 65010u);
    const FibEntry* e = t.Fib(t.a)->GetFib().Find(P("10.1.0.0/16"));
    ASSERT_NE(e, nullptr) << "the customer edge learned the VNet prefix";
    EXPECT_EQ(e->source, RouteSource::Bgp);
    EXPECT_EQ(FormatIpv4(e->nextHops[0].gateway), "192.168.100.2");
}

TEST_F(BgpSessionTest, TwoLinksGiveTwoEqualCostNextHops)
{
    Pair t(2);
    t.Peer(0, Seconds(180), Seconds(60));
    t.Peer(1, Seconds(180), Seconds(60));
    t.sb->Originate(P("10.1.0.0/16"));
    std::vector<std::string> reasons;
    t.sa->TraceConnectWithoutContext(
        "BestPathChanged",
        Callback<void, std::string, std::string, std::string>(
            [&reasons](std::string, std::string, std::string reason) { reasons.push_back(reason); }));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    const FibEntry* e = t.Fib(t.a)->GetFib().Find(P("10.1.0.0/16"));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->nextHops.size(), 2u) << "active/active over both links";
    ASSERT_FALSE(reasons.empty());
    EXPECT_EQ(reasons.back(), "multipath");
}

TEST_F(BgpSessionTest, PrependOnOneLinkDrainsIt)
{
    Pair t(2);
    t.Peer(0, Seconds(180), Seconds(60));
    t.Peer(1, Seconds(180), Seconds(60));
    t.sb->Originate(P("10.1.0.0/16"));
    Simulator::Schedule(Seconds(3), [&t]() {
        BgpPeerPolicy drain;
        drain.prepend = 3; // Microsoft's maintenance practice (references.md §8)
        t.sb->SetPolicy(0, drain);
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    const FibEntry* e = t.Fib(t.a)->GetFib().Find(P("10.1.0.0/16"));
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->nextHops.size(), 1u);
    EXPECT_EQ(FormatIpv4(e->nextHops[0].gateway), "192.168.100.6") << "the secondary link";
    EXPECT_EQ(t.sa->GetBestRoutes(P("10.1.0.0/16"))[0].attributes.AsPathLength(), 1u);
}

TEST_F(BgpSessionTest, PrefixLimitTearsTheSessionDownWithCeaseAndItReturnsUnderTheLimit)
{
    Pair t(1);
    t.Peer(0, Seconds(180), Seconds(60), /*maxPrefixes=*/100);
    for (uint32_t i = 0; i < 101; ++i)
    {
        t.sa->Originate(Ipv4Prefix{(10u << 24) | (i << 8), 24});
    }
    std::vector<std::pair<uint8_t, uint8_t>> received;
    t.sa->TraceConnectWithoutContext(
        "Notification",
        Callback<void, std::string, uint8_t, uint8_t, bool>(
            [&received](std::string, uint8_t code, uint8_t sub, bool sent) {
                if (!sent)
                {
                    received.emplace_back(code, sub);
                }
            }));
    uint32_t exceeded = 0;
    t.sb->TraceConnectWithoutContext(
        "PrefixLimitExceeded",
        Callback<void, std::string, uint32_t, uint32_t>(
            [&exceeded](std::string, uint32_t count, uint32_t) { exceeded = count; }));
    // Back under the limit at 10 s; the MSEE's idle hold (20 s) then lets the session return.
    Simulator::Schedule(Seconds(10), [&t]() { t.sa->StopOriginating(Ipv4Prefix{(10u << 24) | (100u << 8), 24}); });
    Simulator::Schedule(Seconds(5), [&t]() {
        EXPECT_FALSE(t.sb->GetSession(0)->IsEstablished()) << "down after the breach";
        EXPECT_EQ(t.sb->GetAdjRibInSize(0), 0u);
    });
    Simulator::Stop(Seconds(40));
    Simulator::Run();
    EXPECT_EQ(exceeded, 101u);
    ASSERT_FALSE(received.empty());
    EXPECT_EQ(received.front(), std::make_pair(bgperr::kCease, bgperr::kMaxPrefixesReached));
    EXPECT_TRUE(t.sb->GetSession(0)->IsEstablished()) << "back once under the limit";
    EXPECT_EQ(t.sb->GetAdjRibInSize(0), 100u);
}

TEST_F(BgpSessionTest, SilentLinkFailureEndsTheSessionWhenTheHoldTimerExpires)
{
    Pair t(1);
    t.Peer(0, Seconds(9), Seconds(3));
    t.sb->Originate(P("10.1.0.0/16"));
    Time down;
    t.sa->TraceConnectWithoutContext(
        "SessionStateChanged",
        Callback<void, std::string, std::string, std::string>(
            [&down](std::string, std::string from, std::string) {
                if (from == "Established" && down.IsZero())
                {
                    down = Simulator::Now();
                }
            }));
    // At 5 s the link stops delivering in both directions; the interfaces stay up.
    Simulator::Schedule(Seconds(5), [&t]() {
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorRate", DoubleValue(1.0));
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            t.devices[0].Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
    });
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    ASSERT_TRUE(down.IsStrictlyPositive());
    // The last keepalive got through at most 3 s before the failure: expiry 9 s after it.
    EXPECT_GE(down, Seconds(5 + 9 - 3));
    EXPECT_LE(down, Seconds(5 + 9));
    EXPECT_EQ(t.Fib(t.a)->GetFib().Find(P("10.1.0.0/16")), nullptr) << "the route is withdrawn";
}

TEST_F(BgpSessionTest, BfdTakesTheSessionDownWithinOneSecondOfASilentFailure)
{
    Pair t(2);
    t.Peer(0, Seconds(180), Seconds(60));
    t.Peer(1, Seconds(180), Seconds(60));
    t.sb->Originate(P("10.1.0.0/16"));
    auto bfdA = CreateObject<BfdAgent>();
    auto bfdB = CreateObject<BfdAgent>();
    t.a->AddApplication(bfdA);
    t.b->AddApplication(bfdB);
    for (uint32_t link = 0; link < 2; ++link)
    {
        t.sa->AttachBfd(link, bfdA);
        t.sb->AttachBfd(link, bfdB);
    }
    bfdA->AssignStreams(10);
    bfdB->AssignStreams(20);
    Time bgpDown;
    t.sa->TraceConnectWithoutContext(
        "SessionStateChanged",
        Callback<void, std::string, std::string, std::string>(
            [&bgpDown](std::string peer, std::string from, std::string) {
                if (peer == "ce-link0" && from == "Established" && bgpDown.IsZero())
                {
                    bgpDown = Simulator::Now();
                }
            }));
    const Time failure = Seconds(10);
    Simulator::Schedule(failure, [&t]() {
        for (uint32_t i = 0; i < 2; ++i)
        {
            auto em = CreateObject<RateErrorModel>();
            em->SetAttribute("ErrorRate", DoubleValue(1.0));
            em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            t.devices[0].Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
        }
    });
    Simulator::Schedule(Seconds(9), [&bfdA]() {
        EXPECT_EQ(bfdA->GetState(0), BfdState::Up);
        EXPECT_EQ(bfdA->GetDetectionTime(0), MilliSeconds(900)) << "300 ms x 3 (references.md §3)";
    });
    Simulator::Stop(Seconds(13));
    Simulator::Run();
    ASSERT_TRUE(bgpDown.IsStrictlyPositive()) << "BFD tore the BGP session down";
    EXPECT_LE(bgpDown - failure, MilliSeconds(900)) << "detection within 3 x 300 ms";
    EXPECT_GE(bgpDown - failure, MilliSeconds(450));
    const FibEntry* e = t.Fib(t.a)->GetFib().Find(P("10.1.0.0/16"));
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->nextHops.size(), 1u);
    EXPECT_EQ(FormatIpv4(e->nextHops[0].gateway), "192.168.100.6") << "traffic stays on the secondary";
}

TEST(BfdPacket, RoundTripsAndDiscardsInvalidPackets)
{
    BfdControlPacket p;
    p.state = BfdState::Up;
    p.myDiscriminator = 7;
    p.yourDiscriminator = 9;
    p.desiredMinTxUs = 300000;
    p.requiredMinRxUs = 300000;
    auto bytes = p.Serialize();
    ASSERT_EQ(bytes.size(), 24u);
    BfdControlPacket q;
    ASSERT_TRUE(BfdControlPacket::Parse(bytes.data(), bytes.size(), q));
    EXPECT_EQ(q.state, BfdState::Up);
    EXPECT_EQ(q.yourDiscriminator, 9u);
    EXPECT_EQ(q.desiredMinTxUs, 300000u);
    auto bad = bytes;
    bad[2] = 0; // detect multiplier 0
    EXPECT_FALSE(BfdControlPacket::Parse(bad.data(), bad.size(), q));
    bad = bytes;
    bad[0] = 2 << 5; // version 2
    EXPECT_FALSE(BfdControlPacket::Parse(bad.data(), bad.size(), q));
    EXPECT_FALSE(BfdControlPacket::Parse(bytes.data(), 23, q));
}
