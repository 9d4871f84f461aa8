// SPDX-License-Identifier: GPL-2.0-only
// Emulation mode without a real router: the --attach option, the scenario checks, the workload
// left out for attached sites, and the BFD behaviour real routers rely on (Poll answered with
// Final). The runs with BIRD and FRR are in test/python/test_emulate_*.py (root only).
#include "expressroute-bfd.h"
#include "expressroute-emulation.h"
#include "expressroute-fib-routing-helper.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/socket.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"

#include <stdexcept>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

Scenario
Lab()
{
    return LoadScenarioFile(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/emulation-lab.json",
                            ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data"));
}

bool
Mentions(const std::vector<std::string>& lines, const std::string& text)
{
    for (const auto& l : lines)
    {
        if (l.find(text) != std::string::npos)
        {
            return true;
        }
    }
    return false;
}

} // namespace

TEST(EmulationAttach, ParsesOneOrTwoCeRouters)
{
    auto a = ParseAttachSpec("lab/ce1=netns:red");
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].site, "lab");
    EXPECT_EQ(a[0].ce, 1u);
    EXPECT_EQ(a[0].netns, "red");
    a = ParseAttachSpec("hq/ce1=netns:red,ce2=netns:blue");
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[1].ce, 2u);
    EXPECT_EQ(a[1].netns, "blue");
}

TEST(EmulationAttach, RefusesMalformedSpecsNamingThePart)
{
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"ce1=netns:red", "no site name"},
        {"lab/ce3=netns:red", "'ce3=netns:red' does not start with ce1= or ce2="},
        {"lab/ce1=red", "'red' is not netns:NAME"},
        {"lab/ce1=netns:", "'netns:' is not netns:NAME"},
        {"lab/ce1=netns:a/b", "'a/b' is not a network namespace name"},
        {"lab/ce1=netns:red,ce1=netns:blue", "ce1 given twice"},
    };
    for (const auto& [spec, why] : bad)
    {
        try
        {
            ParseAttachSpec(spec);
            ADD_FAILURE() << spec << " should be refused";
        }
        catch (const std::invalid_argument& e)
        {
            EXPECT_NE(std::string(e.what()).find(why), std::string::npos)
                << spec << ": " << e.what() << " should say " << why;
        }
    }
}

TEST(EmulationAttach, ChecksSiteCeAndProviderLayer)
{
    Scenario s = Lab();
    EXPECT_TRUE(CheckAttachments(s, ParseAttachSpec("lab/ce1=netns:x")).empty());
    EXPECT_TRUE(Mentions(CheckAttachments(s, ParseAttachSpec("nowhere/ce1=netns:x")),
                         "site 'nowhere' is not in the scenario"));
    EXPECT_TRUE(Mentions(CheckAttachments(s, ParseAttachSpec("lab/ce2=netns:x")),
                         "site 'lab' has 1 CE router(s), no ce2"));
    s.providers[0].layer = ProviderLayer::Layer3;
    EXPECT_TRUE(Mentions(CheckAttachments(s, ParseAttachSpec("lab/ce1=netns:x")),
                         "circuit 'lab-ams' of site 'lab' is a Layer3 service"));
}

TEST(EmulationAttach, LeavesOutTheAttachedSitesProbesAndTraffic)
{
    Scenario s = Lab();
    ProbeSpec probe;
    probe.name = "lab-to-hub";
    probe.site = "lab";
    probe.vnet = "hub-westeurope";
    s.probes.push_back(probe);
    TrafficSpec t;
    t.name = "backup";
    t.from = "hub-westeurope";
    t.to = "lab";
    s.traffic.push_back(t);
    std::vector<std::string> dropped;
    const Scenario out = WithoutAttachedWorkload(s, ParseAttachSpec("lab/ce1=netns:x"), dropped);
    EXPECT_TRUE(out.probes.empty());
    EXPECT_TRUE(out.traffic.empty());
    ASSERT_EQ(dropped.size(), 2u);
    EXPECT_NE(dropped[0].find("probe 'lab-to-hub'"), std::string::npos) << dropped[0];
    EXPECT_NE(dropped[1].find("traffic 'backup'"), std::string::npos) << dropped[1];
}

class EmulationBfdTest : public test::SimulatorTest
{
};

// RFC 5880 §6.5: a Poll is answered with Final at once, not at the next periodic packet (which
// comes only every second before the session is Up). FRR's bfdd waits for it before using
// faster timers.
TEST_F(EmulationBfdTest, BfdAnswersAPollWithFinalAtOnce)
{
    NodeContainer nodes;
    nodes.Create(2);
    InternetStackHelper stack;
    stack.SetIpv6StackInstall(false);
    stack.SetRoutingHelper(FibRoutingHelper());
    stack.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    auto devices = p2p.Install(nodes);
    const Ipv4Address router("192.168.100.1");
    const Ipv4Address msee("192.168.100.2");
    for (uint32_t i = 0; i < 2; ++i)
    {
        auto ip = nodes.Get(i)->GetObject<Ipv4>();
        const uint32_t itf = ip->AddInterface(devices.Get(i));
        ip->AddAddress(itf, Ipv4InterfaceAddress(i == 0 ? router : msee, Ipv4Mask("/30")));
        ip->SetUp(itf);
    }
    auto agent = CreateObject<BfdAgent>();
    agent->AddSession("msee", msee, router, MakeNullCallback<void, BfdState>());
    nodes.Get(1)->AddApplication(agent);
    agent->AssignStreams(1);

    // The "router": a plain UDP socket on port 3784 that polls once at 2 s.
    std::vector<std::pair<Time, BfdControlPacket>> received;
    auto sock = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
    sock->Bind(InetSocketAddress(router, 3784));
    sock->SetIpTtl(255); // single-hop BFD (RFC 5881 §5): the MSEE discards any other TTL
    sock->SetRecvCallback(Callback<void, Ptr<Socket>>([&received](Ptr<Socket> s) {
        while (Ptr<Packet> p = s->Recv())
        {
            std::vector<uint8_t> b(p->GetSize());
            p->CopyData(b.data(), b.size());
            BfdControlPacket c;
            if (BfdControlPacket::Parse(b.data(), b.size(), c))
            {
                received.emplace_back(Simulator::Now(), c);
            }
        }
    }));
    const Time pollAt = MilliSeconds(2000);
    Simulator::Schedule(pollAt, [sock, msee]() {
        BfdControlPacket poll;
        poll.state = BfdState::Down;
        poll.poll = true;
        poll.detectMult = 3;
        poll.myDiscriminator = 7;
        poll.desiredMinTxUs = 1000000;
        poll.requiredMinRxUs = 300000;
        const auto bytes = poll.Serialize();
        sock->SendTo(Create<Packet>(bytes.data(), bytes.size()), 0, InetSocketAddress(msee, 3784));
    });
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    std::vector<Time> finals;
    for (const auto& [at, c] : received)
    {
        EXPECT_FALSE(c.poll) << "the MSEE is Init at most here, and polls only when it comes Up";
        if (c.final)
        {
            finals.push_back(at);
            EXPECT_EQ(c.yourDiscriminator, 7u) << "the Final answers the poller";
        }
    }
    ASSERT_EQ(finals.size(), 1u) << "one Final for one Poll";
    EXPECT_GE(finals[0], pollAt);
    EXPECT_LE(finals[0], pollAt + MilliSeconds(5)) << "answered at once (1 ms each way, not the "
                                                      "next periodic packet)";
    EXPECT_GE(received.size(), 2u) << "periodic packets without Final as well";
}
