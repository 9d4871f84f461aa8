// SPDX-License-Identifier: GPL-2.0-only
// BFD on the wire between two nodes joined by one link: the GTSM check of single-hop BFD
// (RFC 5881 §5: only packets with TTL 255 count) and the peer's Required Min RX Interval of 0,
// which stops periodic transmission (RFC 5880 §6.8.7).
#include "expressroute-bfd.h"
#include "expressroute-test-fixture.h"

#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"

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
    void SendFromB(Time at, BfdState state, uint8_t ttl)
    {
        Simulator::Schedule(at, [this, state, ttl]() {
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

    Ptr<Node> m_a;
    Ptr<Node> m_b;
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
