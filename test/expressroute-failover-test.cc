// SPDX-License-Identifier: GPL-2.0-only
// Failover as the protocols make it (issue: BGP-4 and BFD as real protocols). Each test builds a
// small scenario, lets BGP converge, breaks something through the model's own mechanisms (a
// link that stops delivering, an interface that goes down, a policy change, more prefixes),
// and measures what connection-monitor probes every 100 ms see.
#include "expressroute-bgp-speaker.h"
#include "expressroute-fib-routing.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-test-fixture.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/ipv4.h"
#include "ns3/node-list.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <functional>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{


/// One site in Frankfurt; circuits and probes are filled in per test.
std::string
Scenario1(const std::string& circuits, const std::string& probes, const std::string& extraVnets = "")
{
    return R"({
  "name": "failover",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"], "hosts": 1}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [)" + circuits + R"(],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}})" +
           extraVnets + R"(],
  "probes": [)" + probes + R"(]
})";
}

std::string
CircuitJson(const std::string& name,
        const std::string& location,
        const std::string& subnet,
        const std::string& extra = "",
        const std::string& tier = "Standard")
{
    return R"({"name": ")" + name + R"(", "site": "hq", "provider": "prov", "peeringLocation": ")" +
           location + R"(", "tier": ")" + tier + R"(", "bandwidth": "1Gbps",
      "peerings": [{"type": "AzurePrivate", "subnet": ")" + subnet + R"(", "vlan": 100)" + extra +
           R"(}], "vnetLinks": [{"vnet": "v1"}]})";
}

/// @p n probes hq -> v1 every 100 ms (distinct source ports: ECMP spreads them over the links).
std::string
Probes(int n)
{
    std::string out;
    for (int i = 0; i < n; ++i)
    {
        out += (i ? "," : "") + std::string(R"({"name": "p)") + std::to_string(i) +
               R"(", "site": "hq", "vnet": "v1", "interval": "100ms"})";
    }
    return out;
}

class FailoverTest : public test::ScenarioRunTest
{
  protected:
    /// Builds and runs @p json for @p duration of scenario time; @p actions run at scenario times.
    void Run(const std::string& json,
             Time duration,
             const std::vector<std::pair<Time, std::function<void()>>>& actions = {})
    {
        test::RunSpec spec;
        spec.duration = duration;
        spec.failures = false; // the tests act on the model directly
        spec.actions = actions;
        RunFor(json, spec);
    }

    /// The link's two devices stop delivering; the interfaces stay up (a silent failure).
    std::function<void()> Silent(const std::string& link)
    {
        return [this, link]() {
            const auto& l = m_topology->GetLinks()[*m_topology->FindLink(link)];
            for (auto dev : {l.devA, l.devB})
            {
                auto em = CreateObject<RateErrorModel>();
                em->SetAttribute("ErrorRate", DoubleValue(1.0));
                em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
                dev->SetAttribute("ReceiveErrorModel", PointerValue(em));
            }
        };
    }

    /// Both ends of the link go down (a signalled failure).
    std::function<void()> Down(const std::string& link)
    {
        return [this, link]() {
            const auto& l = m_topology->GetLinks()[*m_topology->FindLink(link)];
            NodeList::GetNode(l.nodeA)->GetObject<Ipv4>()->SetDown(l.ifA);
            NodeList::GetNode(l.nodeB)->GetObject<Ipv4>()->SetDown(l.ifB);
        };
    }

    double LongestOutage() const
    {
        double worst = 0;
        for (const auto& p : m_pairs)
        {
            worst = std::max(worst, p.longestOutageS);
        }
        return worst;
    }

    uint32_t LostProbes() const
    {
        uint32_t lost = 0;
        for (const auto& p : m_pairs)
        {
            lost += p.probesLost;
        }
        return lost;
    }

    Ptr<BgpSpeaker> Speaker(const std::string& node) const
    {
        return m_topology->GetBgpSpeaker(m_topology->GetNode(node)->GetId());
    }

    const FibEntry* CeRoute(const std::string& prefix) const
    {
        auto ce = m_topology->GetNode("site/hq/ce1");
        auto routing = DynamicCast<FibRouting>(ce->GetObject<Ipv4>()->GetRoutingProtocol());
        return routing->GetFib().Find(*Ipv4Prefix::Parse(prefix));
    }

    /// The default scenario with a site-to-site flow over its Global Reach connection.
    std::string LoadDefaultText() const
    {
        std::string json = DefaultScenarioJson();
        const std::string flow =
            R"({ "name": "ams-to-fra", "from": "amsterdam-dc", "to": "frankfurt-hq", "kind": "ConstantRate", "rate": "1Mbps", "packetSize": 500, "start": "0s" },)";
        json.insert(json.find("{ \"name\": \"fra-backup\""), flow + "\n    ");
        return json;
    }

};

} // namespace

TEST_F(FailoverTest, SilentPrimaryFailureWithBfdLosesAtMostOnePointTwoSeconds)
{
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29"), Probes(8)),
        Seconds(8),
        {{Seconds(3), Silent("circuit/c1/primary")}});
    RecordProperty("longest_outage_s", std::to_string(LongestOutage()));
    EXPECT_GT(LostProbes(), 0u) << "some probes used the primary link";
    EXPECT_LE(LongestOutage(), 1.2) << "BFD 300 ms x 3 then BGP withdraws (references.md §3, §8)";
    for (const auto& p : m_recorder->GetProbes())
    {
        if (p.sent >= Seconds(5))
        {
            EXPECT_TRUE(p.success) << p.probe << " at " << p.sent.GetSeconds() << " s: traffic continues";
        }
    }
    const FibEntry* e = CeRoute("10.1.0.0/16");
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->nextHops.size(), 1u) << "only the secondary is left";
    EXPECT_EQ(FormatIpv4(e->nextHops[0].gateway), "192.168.10.6");
}

TEST_F(FailoverTest, SilentPrimaryFailureWithoutBfdLastsUntilTheHoldTimerExpires)
{
    // Shortened timers (the default 180 s is shown by examples/): hold 9 s, keepalive 3 s.
    Config::SetDefault("ns3::expressroute::Peering::HoldTime", TimeValue(Seconds(10)));
    Config::SetDefault("ns3::expressroute::Peering::KeepaliveTime", TimeValue(Seconds(3)));
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29", R"(, "bfd": false)"), Probes(8)),
        Seconds(20),
        {{Seconds(3), Silent("circuit/c1/primary")}});
    // The last keepalive arrived at most 3 s before the failure: expiry 7-10 s after it.
    RecordProperty("longest_outage_s", std::to_string(LongestOutage()));
    EXPECT_GE(LongestOutage(), 6.5) << "no BFD: the hold timer decides";
    EXPECT_LE(LongestOutage(), 10.5);
}

TEST_F(FailoverTest, SignalledFailureMovesTrafficWithinMilliseconds)
{
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29"), Probes(8)),
        Seconds(6),
        {{Seconds(3), Down("circuit/c1/primary")}});
    RecordProperty("longest_outage_s", std::to_string(LongestOutage()));
    RecordProperty("lost_probes", std::to_string(LostProbes()));
    EXPECT_LE(LostProbes(), 8u) << "at most the probes in flight on the link when it went down";
    EXPECT_LE(LongestOutage(), 0.1) << "interfaces down: local repair and fast external fallover";
}

TEST_F(FailoverTest, MaintenanceDrainByPrependMovesFlowsWithoutLoss)
{
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29"), Probes(8)),
        Seconds(6),
        {{Seconds(3), [this]() {
              auto msee = Speaker("msee/Frankfurt/primary");
              BgpPeerPolicy drain;
              drain.prepend = 3; // Microsoft drains one link at a time (references.md §8, FAQ)
              msee->SetPolicy(*msee->FindPeer("c1/primary/AzurePrivate"), drain);
          }}});
    EXPECT_EQ(LostProbes(), 0u) << "a drain moves traffic before anything breaks";
    const FibEntry* e = CeRoute("10.1.0.0/16");
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->nextHops.size(), 1u);
    EXPECT_EQ(FormatIpv4(e->nextHops[0].gateway), "192.168.10.6") << "the secondary link";
}

TEST_F(FailoverTest, PrefixLimitOnStandardTearsBothSessionsDownPremiumStaysUp)
{
    Config::SetDefault("ns3::expressroute::Msee::IdleHoldTime", TimeValue(Seconds(5)));
    std::vector<std::string> ceased;
    auto grow = [this](uint32_t n) {
        return [this, n]() {
            auto ce = Speaker("site/hq/ce1");
            for (uint32_t i = 0; i < n; ++i)
            {
                ce->Originate(Ipv4Prefix{(172u << 24) | (16u << 16) | (i << 4), 28});
            }
        };
    };
    auto shrink = [this]() {
        auto ce = Speaker("site/hq/ce1");
        for (uint32_t i = 3990; i < 4000; ++i)
        {
            ce->StopOriginating(Ipv4Prefix{(172u << 24) | (16u << 16) | (i << 4), 28});
        }
    };
    // 4,000 more prefixes plus the site's own: 4,001 on each session of a Standard circuit.
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29"), Probes(1)),
        Seconds(20),
        {{Seconds(2), grow(4000)}, {Seconds(6), shrink}});
    uint32_t limitEvents = 0;
    for (const auto& e : m_recorder->GetBgpEvents())
    {
        if (e.event == "prefix-limit")
        {
            ++limitEvents;
            EXPECT_EQ(e.detail, "prefixes=4001 limit=4000");
        }
        if (e.event == "notification-received" && e.router == "site/hq/ce1")
        {
            ceased.push_back(e.peer + ": " + e.detail);
        }
    }
    EXPECT_EQ(limitEvents, 2u) << "both sessions (primary and secondary)";
    ASSERT_EQ(ceased.size(), 2u);
    EXPECT_EQ(ceased[0], "c1/primary/AzurePrivate: Cease / Maximum Number of Prefixes Reached");
    RecordProperty("outage_s", std::to_string(m_pairs[0].longestOutageS));
    EXPECT_GE(m_pairs[0].longestOutageS, 4.0) << "the site loses the VNet until it is back under";
    EXPECT_TRUE(Speaker("msee/Frankfurt/primary")->GetSession(0)->IsEstablished())
        << "back under the limit, the session returns after the idle hold";
    EXPECT_TRUE(m_recorder->GetProbes().back().success) << "the site reaches the VNet again";
}

TEST_F(FailoverTest, PrefixLimitOnPremiumIsTenThousand)
{
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29", "", "Premium"), Probes(1)),
        Seconds(6),
        {{Seconds(2), [this]() {
              auto ce = Speaker("site/hq/ce1");
              for (uint32_t i = 0; i < 4000; ++i)
              {
                  ce->Originate(Ipv4Prefix{(172u << 24) | (16u << 16) | (i << 4), 28});
              }
          }}});
    for (const auto& e : m_recorder->GetBgpEvents())
    {
        EXPECT_NE(e.event, "prefix-limit") << "4,001 prefixes are within Premium's 10,000";
    }
    EXPECT_EQ(m_pairs[0].probesLost, 0u);
    EXPECT_EQ(Speaker("msee/Frankfurt/primary")->GetAdjRibInSize(0), 4001u);
}

TEST_F(FailoverTest, GatewayTakesItsConnectionDownAboveOneThousandPrefixesTowardsOnPremises)
{
    // The VNet's address space plus 1,000 more prefixes: 1,001 would go towards on-premises.
    auto extra = [](uint32_t i) { return Ipv4Prefix{(10u << 24) | (64u << 16) | (i << 4), 28}; };
    auto grow = [this, extra]() {
        auto gw = Speaker("vnet/v1/gateway");
        for (uint32_t i = 0; i < 1000; ++i)
        {
            gw->Originate(extra(i));
        }
    };
    auto shrink = [this, extra]() { Speaker("vnet/v1/gateway")->StopOriginating(extra(999)); };
    Run(Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29"), Probes(1)),
        Seconds(45),
        {{Seconds(2), grow}, {Seconds(6), shrink}});
    std::vector<std::string> limits;
    std::vector<std::string> ceased;
    Time backUp;
    for (const auto& e : m_recorder->GetBgpEvents())
    {
        if (e.event == "prefix-limit")
        {
            limits.push_back(e.router + " " + e.peer + ": " + e.detail);
        }
        if (e.event == "notification-received")
        {
            ceased.push_back(e.router + ": " + e.detail);
        }
        if (e.router == "vnet/v1/gateway" && e.event == "session-state" &&
            e.detail.find(">Established") != std::string::npos && e.time > Seconds(6))
        {
            backUp = e.time;
        }
    }
    EXPECT_EQ(limits,
              (std::vector<std::string>{
                  "vnet/v1/gateway msee/Frankfurt/primary: prefixes=1001 limit=1000",
                  "vnet/v1/gateway msee/Frankfurt/secondary: prefixes=1001 limit=1000"}));
    EXPECT_EQ(ceased,
              (std::vector<std::string>{"msee/Frankfurt/primary: Cease / Out of Resources",
                                        "msee/Frankfurt/secondary: Cease / Out of Resources"}));
    RecordProperty("outage_s", std::to_string(m_pairs[0].longestOutageS));
    RecordProperty("reestablished_s", std::to_string(backUp.GetSeconds()));
    EXPECT_GE(m_pairs[0].longestOutageS, 4.0) << "the site loses the VNet while over the limit";
    EXPECT_GT(backUp, Seconds(6)) << "the connection returns once back at 1,000";
    EXPECT_LT(backUp, Seconds(6) + Seconds(31)) << "within the MSEE's ConnectRetry (30 s)";
    EXPECT_TRUE(m_recorder->GetProbes().back().success) << "the site reaches the VNet again";
    EXPECT_EQ(Speaker("site/hq/ce1")->GetBestRoutes(extra(0)).size(), 2u)
        << "and learns the 999 extra prefixes over both links";
}

TEST_F(FailoverTest, PreferredCircuitCarriesTrafficUntilItsLocationFails)
{
    // Two circuits at two peering locations; the customer prefers Frankfurt (LOCAL_PREF on its
    // routers) and makes Amsterdam less preferred for Azure with AS-path prepend (references.md §3).
    const std::string circuits = CircuitJson("fra", "Frankfurt", "192.168.10.0/29") + "," +
                                 CircuitJson("ams", "Amsterdam", "192.168.20.0/29");
    auto prefer = [this]() {
        auto ce = Speaker("site/hq/ce1");
        for (const char* link : {"primary", "secondary"})
        {
            BgpPeerPolicy fra;
            fra.localPref = 200;
            ce->SetPolicy(*ce->FindPeer(std::string("fra/") + link + "/AzurePrivate"), fra);
            BgpPeerPolicy ams;
            ams.prepend = 2;
            ce->SetPolicy(*ce->FindPeer(std::string("ams/") + link + "/AzurePrivate"), ams);
        }
    };
    std::vector<std::string> before;
    std::vector<std::string> after;
    auto trace = [this](std::vector<std::string>& into) {
        return [this, &into]() {
            const Endpoint src = ResolveEndpoint(m_topology, "hq");
            const Endpoint dst = ResolveEndpoint(m_topology, "v1");
            into = m_topology->TracePath(src.node->GetId(), src.address, dst.address, 17, 50000, 8084);
        };
    };
    Run(Scenario1(circuits, Probes(4)),
        Seconds(8),
        {{Seconds(0), prefer},
         {Seconds(2), trace(before)},
         {Seconds(3), Silent("circuit/fra/primary")},
         {Seconds(3), Silent("circuit/fra/secondary")},
         {Seconds(6), trace(after)}});
    ASSERT_GE(before.size(), 3u);
    EXPECT_EQ(before[2].rfind("msee/Frankfurt/", 0), 0u) << "preferred circuit first";
    ASSERT_GE(after.size(), 3u);
    EXPECT_EQ(after[2].rfind("msee/Amsterdam/", 0), 0u) << "the other location takes over";
    EXPECT_EQ(after.back(), "vnet/v1/vm1");
    RecordProperty("longest_outage_s", std::to_string(LongestOutage()));
    EXPECT_LE(LongestOutage(), 1.2);
    // Azure side: the gateway prefers Frankfurt's MSEEs while they are there (shorter AS path).
    bool sawPrepend = false;
    for (const auto& r : m_recorder->GetRouteChanges())
    {
        sawPrepend = sawPrepend || (r.router == "vnet/v1/gateway" && r.reason == "as-path-length");
    }
    EXPECT_TRUE(sawPrepend) << "the gateway chose by AS-path length (the deciding step in routes.csv)";
}

TEST_F(FailoverTest, ActiveActiveSplitsOneHundredFlowsBetweenTheLinks)
{
    std::string traffic;
    for (int i = 0; i < 100; ++i)
    {
        traffic += (i ? "," : "") + std::string(R"({"name": "f)") + std::to_string(i) +
                   R"(", "from": "hq", "to": "v1", "kind": "ConstantRate", "rate": "100kbps", "packetSize": 500, "start": "0s"})";
    }
    std::string json = Scenario1(CircuitJson("c1", "Frankfurt", "192.168.10.0/29"), Probes(1));
    json.insert(json.rfind('}'), R"(, "traffic": [)" + traffic + "]");
    Run(json, Seconds(2));
    uint32_t primary = 0;
    uint32_t secondary = 0;
    for (const auto& f : m_recorder->GetFlows())
    {
        primary += f.path.find("msee/Frankfurt/primary") != std::string::npos;
        secondary += f.path.find("msee/Frankfurt/secondary") != std::string::npos;
    }
    RecordProperty("primary_flows", std::to_string(primary));
    EXPECT_EQ(primary + secondary, 100u);
    EXPECT_GE(primary, 40u) << "per-flow balancing over both links (references.md §3, HA)";
    EXPECT_LE(primary, 60u);
}

TEST_F(FailoverTest, GlobalReachCarriesTrafficBetweenTheTwoSites)
{
    Run(LoadDefaultText(), Seconds(4));
    const FlowRecord* flow = nullptr;
    for (const auto& f : m_recorder->GetFlows())
    {
        if (f.flow == "ams-to-fra")
        {
            flow = &f;
        }
    }
    ASSERT_NE(flow, nullptr);
    EXPECT_EQ(flow->rxPackets, flow->txPackets) << "site to site over Global Reach, no loss";
    EXPECT_GT(flow->rxPackets, 0u);
    EXPECT_NE(flow->path.find("msee/Amsterdam/"), std::string::npos) << flow->path;
    EXPECT_NE(flow->path.find("msee/London/"), std::string::npos) << flow->path;
}
