// SPDX-License-Identifier: GPL-2.0-only
// BFD on the wire between two nodes joined by one link: the GTSM check of single-hop BFD
// (RFC 5881 §5: only packets with TTL 255 count), the peer's Required Min RX Interval of 0,
// which stops periodic transmission (RFC 5880 §6.8.7), and state changes sent at once, coming Up
// with a Poll Sequence (RFC 5880 §6.5).
#include "expressroute-bfd.h"
#include "expressroute-test-fixture.h"

#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// Nodes A (192.168.100.1) and B (.2) on one link, a BFD agent on A with a session to B.
class BfdWire : public test::SimulatorTest
{
  protected:
    void SetUp() override
    {
        test::SimulatorTest::SetUp();
        m_a = CreateObject<Node>();
        m_b = CreateObject<Node>();
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(m_a);
        stack.Install(m_b);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        auto d = p2p.Install(m_a, m_b);
        for (auto [node, dev, addr] : {std::make_tuple(m_a, d.Get(0), "192.168.100.1"),
                                       std::make_tuple(m_b, d.Get(1), "192.168.100.2")})
        {
            auto ip = node->GetObject<Ipv4>();
            const uint32_t i = ip->AddInterface(dev);
            ip->AddAddress(i, Ipv4InterfaceAddress(Ipv4Address(addr), Ipv4Mask("255.255.255.252")));
            ip->SetUp(i);
        }
        m_agentA = CreateObject<BfdAgent>();
        m_a->AddApplication(m_agentA);
        m_agentA->AssignStreams(10);
        m_agentA->AddSession("a-b", Ipv4Address("192.168.100.1"), Ipv4Address("192.168.100.2"),
                             Callback<void, BfdState>([](BfdState) {}));
        m_agentA->TraceConnectWithoutContext(
            "StateChanged",
            Callback<void, std::string, std::string, std::string, uint8_t>(
                [this](std::string, std::string, std::string to, uint8_t) { m_statesA.push_back(to); }));
    }

    /// B plays a BFD peer by hand: packets of @p state from a UDP socket sending with @p ttl.
    void SendFromB(Time at, BfdState state, uint8_t ttl, bool final = false)
    {
        Simulator::Schedule(at, [this, state, ttl, final]() {
            if (!m_raw)
            {
                m_raw = Socket::CreateSocket(m_b, UdpSocketFactory::GetTypeId());
                m_raw->Bind(InetSocketAddress(Ipv4Address("192.168.100.2"), 49152));
                m_raw->Connect(InetSocketAddress(Ipv4Address("192.168.100.1"), 3784));
            }
            m_raw->SetIpTtl(ttl);
            BfdControlPacket p;
            p.state = state;
            p.myDiscriminator = 77;
            // A's discriminator for its first session (BfdAgent::StartApplication).
            p.yourDiscriminator = state == BfdState::Down ? 0 : (m_a->GetId() + 1) << 12 | 1;
            p.desiredMinTxUs = 300000;
            p.requiredMinRxUs = 300000;
            p.final = final;
            const auto bytes = p.Serialize();
            m_raw->Send(Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size())));
        });
    }

    /// A three-way handshake from B (Down, Init, then Up every 200 ms until 3 s).
    void HandshakeFromB(uint8_t ttl)
    {
        SendFromB(MilliSeconds(500), BfdState::Down, ttl);
        SendFromB(MilliSeconds(600), BfdState::Init, ttl);
        for (int ms = 700; ms < 3000; ms += 200)
        {
            SendFromB(MilliSeconds(ms), BfdState::Up, ttl);
        }
    }

    /// What A sends, as B receives it: (arrival time, packet).
    void RecordAtB()
    {
        m_sniffer = Socket::CreateSocket(m_b, UdpSocketFactory::GetTypeId());
        m_sniffer->Bind(InetSocketAddress(Ipv4Address("192.168.100.2"), 3784));
        m_sniffer->SetRecvCallback(MakeCallback(&BfdWire::Sniff, this));
    }

    void Sniff(Ptr<Socket> socket)
    {
        while (Ptr<Packet> packet = socket->Recv())
        {
            std::vector<uint8_t> buf(packet->GetSize());
            packet->CopyData(buf.data(), buf.size());
            BfdControlPacket p;
            ASSERT_TRUE(BfdControlPacket::Parse(buf.data(), buf.size(), p));
            m_seenAtB.emplace_back(Simulator::Now(), p);
        }
    }

    Ptr<Node> m_a;
    Ptr<Node> m_b;
    Ptr<Socket> m_sniffer;
    std::vector<std::pair<Time, BfdControlPacket>> m_seenAtB;
    Ptr<BfdAgent> m_agentA;
    Ptr<Socket> m_raw;
    std::vector<std::string> m_statesA;
};

} // namespace

// The same packets with TTL 255 bring the session up: the scripted peer is a valid one.
TEST_F(BfdWire, PacketsWithTtl255BringTheSessionUp)
{
    HandshakeFromB(255);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(m_statesA, (std::vector<std::string>{"Init", "Up"}));
}

// RFC 5881 §5: "If [GTSM] is not in use, received BFD Control packets with a TTL other than
// 255 MUST be discarded": a peer one hop further away cannot bring the session up.
TEST_F(BfdWire, PacketsWithTtl254AreDiscarded)
{
    HandshakeFromB(254);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_TRUE(m_statesA.empty()) << "no packet counted: the session stays Down";
    EXPECT_EQ(m_agentA->GetState(0), BfdState::Down);
}

// RFC 5880 §6.8.7: "A system MUST NOT periodically transmit BFD Control packets if
// bfd.RemoteMinRxInterval is zero." B's agent asks for no packets: A sends none once it has
// heard that, and resumes when B asks again.
TEST_F(BfdWire, RequiredMinRxOfZeroStopsPeriodicTransmission)
{
    auto agentB = CreateObject<BfdAgent>();
    m_b->AddApplication(agentB);
    agentB->AssignStreams(20);
    const uint32_t s = agentB->AddSession("b-a", Ipv4Address("192.168.100.2"),
                                          Ipv4Address("192.168.100.1"),
                                          Callback<void, BfdState>([](BfdState) {}));
    agentB->SetSessionTimers(s, MilliSeconds(300), Time(0), 3);
    uint64_t sentBy5s = 0;
    Simulator::Schedule(Seconds(5), [&]() { sentBy5s = m_agentA->GetPacketsSent(); });
    Simulator::Schedule(Seconds(10), [&]() {
        agentB->SetSessionTimers(s, MilliSeconds(300), MilliSeconds(300), 3);
    });
    Simulator::Stop(Seconds(15));
    Simulator::Run();
    EXPECT_LE(sentBy5s, 1u) << "at most the one sent before B's first packet arrived";
    EXPECT_GE(agentB->GetPacketsSent(), 5u) << "B keeps sending (at the 1 s pre-Up rate)";
    EXPECT_GE(m_agentA->GetPacketsSent(), sentBy5s + 3) << "A resumes once B asks for packets";
    EXPECT_EQ(m_agentA->GetState(0), BfdState::Up);
}

// RFC 5880 §6.5 and §6.8.3, as FRR's bfdd does it: A comes Up on B's Init (arriving at 601 ms)
// and says so at that instant, with the Poll bit, instead of at its next slow (1 s) packet; it
// keeps polling in its periodic packets (at the 300 ms rate) until B's Final (sent at 1.4 s)
// arrives, then sends without the bit.
TEST_F(BfdWire, ComingUpIsSentAtOnceWithAPollUntilTheFinal)
{
    RecordAtB();
    SendFromB(MilliSeconds(500), BfdState::Down, 255);
    SendFromB(MilliSeconds(600), BfdState::Init, 255);
    for (int ms = 700; ms < 3000; ms += 200)
    {
        SendFromB(MilliSeconds(ms), BfdState::Up, 255, ms == 1500);
    }
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(m_statesA, (std::vector<std::string>{"Init", "Up"}));
    // The first Up packet: one link delay (1 ms) and 24 bytes at 1 Gbps after B's Init arrived.
    auto firstUp = std::find_if(m_seenAtB.begin(), m_seenAtB.end(),
                                [](const auto& e) { return e.second.state == BfdState::Up; });
    ASSERT_NE(firstUp, m_seenAtB.end());
    EXPECT_NEAR(firstUp->first.GetMilliSeconds(), 602, 1) << "sent when A came Up";
    EXPECT_TRUE(firstUp->second.poll);
    EXPECT_FALSE(firstUp->second.final);
    EXPECT_EQ(firstUp->second.desiredMinTxUs, 300000u) << "the Up rate, which the poll announces";
    Time last = firstUp->first;
    int polls = 0;
    int afterFinal = 0;
    for (auto e = firstUp; e != m_seenAtB.end(); ++e)
    {
        // Packets that reached B before the Final reached A (1,501 ms) still poll.
        EXPECT_EQ(e->second.poll, e->first < MilliSeconds(1502)) << "at " << e->first.As(Time::MS);
        EXPECT_LE((e->first - last).GetMilliSeconds(), 300) << "the 300 ms rate from Up on";
        last = e->first;
        polls += e->second.poll;
        afterFinal += e->first > MilliSeconds(1502);
    }
    EXPECT_GE(polls, 4) << "the Up packet and the periodic ones of 0.9 s at 225-300 ms";
    EXPECT_GE(afterFinal, 5) << "1.5 s at 225-300 ms per packet";
}

// Two agents: the second comes Up one link delay after the first (on its Poll), both at start
// and after an outage; before, it waited for the first's next slow packet, up to 1 s later.
TEST_F(BfdWire, ThePeerComesUpOneLinkDelayAfterTheFirstSide)
{
    auto agentB = CreateObject<BfdAgent>();
    m_b->AddApplication(agentB);
    agentB->AssignStreams(20);
    agentB->AddSession("b-a", Ipv4Address("192.168.100.2"), Ipv4Address("192.168.100.1"),
                       Callback<void, BfdState>([](BfdState) {}));
    std::vector<std::pair<Time, std::string>> ups; // (time, side) of each change to Up
    std::vector<Time> downs;
    auto watch = [&](const std::string& side) {
        return Callback<void, std::string, std::string, std::string, uint8_t>(
            [&ups, &downs, side](std::string, std::string, std::string to, uint8_t) {
                if (to == "Up")
                {
                    ups.emplace_back(Simulator::Now(), side);
                }
                else if (to == "Down")
                {
                    downs.push_back(Simulator::Now());
                }
            });
    };
    m_agentA->TraceConnectWithoutContext("StateChanged", watch("A"));
    agentB->TraceConnectWithoutContext("StateChanged", watch("B"));
    // An outage from 10 s to 15 s: every packet on the link is lost.
    auto cut = CreateObject<RateErrorModel>();
    cut->SetAttribute("ErrorRate", DoubleValue(1.0));
    cut->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    Ptr<NetDevice> devA = m_a->GetObject<Ipv4>()->GetNetDevice(1);
    Ptr<NetDevice> devB = m_b->GetObject<Ipv4>()->GetNetDevice(1);
    Simulator::Schedule(Seconds(10), [&]() {
        devA->SetAttribute("ReceiveErrorModel", PointerValue(cut));
        devB->SetAttribute("ReceiveErrorModel", PointerValue(cut));
    });
    Simulator::Schedule(Seconds(15), [&]() {
        cut->Disable();
    });
    Simulator::Stop(Seconds(20));
    Simulator::Run();
    ASSERT_EQ(ups.size(), 4u) << "Up at start and again after the outage, on both sides";
    ASSERT_EQ(downs.size(), 2u) << "both sides detect the outage";
    for (std::size_t i : {0u, 2u})
    {
        EXPECT_NE(ups[i].second, ups[i + 1].second);
        const Time gap = ups[i + 1].first - ups[i].first;
        EXPECT_LT(gap, MilliSeconds(2)) << "one 1 ms link delay, not a slow interval: " << gap.As(Time::MS);
    }
    // Detection: 3 x 300 ms after the last packet heard before 10 s.
    for (Time d : downs)
    {
        EXPECT_GT(d, Seconds(10.6));
        EXPECT_LT(d, Seconds(10.91));
    }
    // After the outage: the first packet from either side comes within one slow interval
    // (1 s), the reply that makes the other side Init within one more.
    EXPECT_GT(ups[2].first, Seconds(15));
    EXPECT_LT(ups[2].first, Seconds(17.01));
}
