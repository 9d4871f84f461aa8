// SPDX-License-Identifier: GPL-2.0-only
// The what-if engine's failure plug-ins (issue: what-if engine), each scheduled from a scenario's
// "failures" on a small topology, with probes every 100 ms measuring what a user would see.
#include "expressroute-bgp-speaker.h"
#include "expressroute-failure-installer.h"
#include "expressroute-failure.h"
#include "expressroute-fib-routing.h"
#include "expressroute-igp.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/ipv4.h"
#include "ns3/type-id.h"
#include "ns3/simulator.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{


std::string
CircuitText(const std::string& name,
        const std::string& location,
        const std::string& subnet,
        const std::string& provider = "prov",
        const std::string& vnets = R"({"vnet": "v1"})")
{
    return R"({"name": ")" + name + R"(", "site": "hq", "provider": ")" + provider +
           R"(", "peeringLocation": ")" + location + R"(", "tier": "Standard", "bandwidth": "1Gbps",
      "peerings": [{"type": "AzurePrivate", "subnet": ")" + subnet + R"(", "vlan": 100}],
      "vnetLinks": [)" + vnets + "]}";
}

/// One site in Frankfurt, VNet v1 in Germany West Central (and v2 in West Europe), probes
/// hq -> v1 (and hq -> v2) every 100 ms, the given circuits and failures.
std::string
ScenarioJson(const std::string& circuits, const std::string& failures, bool v2 = false)
{
    return R"({
  "name": "failures",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}, {"name": "other", "kind": "PointToPointEthernet"}],
  "circuits": [)" + circuits + R"(],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}})" +
           (v2 ? R"(, {"name": "v2", "region": "West Europe", "addressSpace": ["10.2.0.0/16"], "gateway": {"sku": "ErGw1Az"}})" : "") +
           R"(],
  "probes": [{"name": "p1", "site": "hq", "vnet": "v1", "interval": "100ms"})" +
           (v2 ? R"(, {"name": "p2", "site": "hq", "vnet": "v2", "interval": "100ms"})" : "") +
           R"(],
  "failures": [)" + failures + R"(]
})";
}

class FailureTest : public test::ScenarioRunTest
{
  protected:
    void Run(const std::string& json, Time duration)
    {
        test::RunSpec spec;
        spec.duration = duration;
        spec.circuitLinks = Seconds(1);
        RunFor(json, spec);
    }

    std::vector<std::string> Events() const
    {
        std::vector<std::string> out;
        for (const auto& e : m_recorder->GetFailureEvents())
        {
            out.push_back(std::to_string(static_cast<int>(e.time.GetSeconds())) + " " + e.event +
                          " " + e.kind + " " + e.target);
        }
        return out;
    }

    std::vector<std::string> BgpEvents(const std::string& event, const std::string& router) const
    {
        std::vector<std::string> out;
        for (const auto& e : m_recorder->GetBgpEvents())
        {
            if (e.event == event && e.router == router)
            {
                out.push_back(e.peer + ": " + e.detail);
            }
        }
        return out;
    }

    Ptr<BgpSpeaker> Speaker(const std::string& node) const
    {
        return m_topology->GetBgpSpeaker(m_topology->GetNode(node)->GetId());
    }

    /// Next hops the CE has installed for @p prefix.
    std::size_t CePaths(const std::string& prefix) const
    {
        auto ce = m_topology->GetNode("site/hq/ce1");
        auto routing = DynamicCast<FibRouting>(ce->GetObject<Ipv4>()->GetRoutingProtocol());
        const FibEntry* e = routing->GetFib().Find(*Ipv4Prefix::Parse(prefix));
        return e ? e->nextHops.size() : 0;
    }

};

const std::string kC1 = CircuitText("c1", "Frankfurt", "192.168.10.0/29");

} // namespace

TEST_F(FailureTest, SilentLinkFailureIsFoundByBfdAndClears)
{
    Run(ScenarioJson(kC1, R"({"kind": "LinkFailure", "target": "c1/primary", "start": "2s", "duration": "3s"})"),
        Seconds(20));
    EXPECT_EQ(Events(), (std::vector<std::string>{"2 FailureStarted LinkFailure c1/primary",
                                                  "5 FailureCleared LinkFailure c1/primary"}));
    RecordProperty("outage_s", std::to_string(m_pairs[0].longestOutageS));
    EXPECT_LE(m_pairs[0].longestOutageS, 1.2) << "BFD 300 ms x 3, then the secondary carries it";
    EXPECT_EQ(m_failures[0]->GetTarget(), "c1/primary");
    // Cleared: the primary's session comes back (the CE retries every 10 s) and both links carry.
    EXPECT_EQ(CePaths("10.1.0.0/16"), 2u);
    EXPECT_EQ(Lost("p1", 6, 20), 0u);
    // Azure's circuit metrics for the primary link: ArpAvailability 0 % while it fails (the
    // silent link carries nothing), BgpAvailability down from the BFD detection on.
    for (const auto& s : m_recorder->GetLinkSamples())
    {
        if (s.role != "primary" || s.start != Seconds(2))
        {
            continue;
        }
        EXPECT_EQ(s.arpAvailability, 0.0);
        ASSERT_TRUE(s.bgpPrivate);
        RecordProperty("bgp_availability_2_3s", std::to_string(*s.bgpPrivate));
        EXPECT_GT(*s.bgpPrivate, 50.0) << "up until BFD finds out (0.6-0.9 s)";
        EXPECT_LT(*s.bgpPrivate, 95.0);
        EXPECT_FALSE(s.bgpMicrosoft) << "no Microsoft peering on this circuit";
    }
}

TEST_F(FailureTest, SignalledLinkFailureMovesTrafficAtOnce)
{
    Run(ScenarioJson(kC1, R"({"kind": "LinkFailure", "target": "c1/primary", "start": "2s", "mode": "Signalled"})"),
        Seconds(5));
    EXPECT_LE(Lost("p1", 0, 5), 1u) << "interface down: the FIB and BGP react at once";
    EXPECT_EQ(CePaths("10.1.0.0/16"), 1u) << "never cleared: the secondary alone";
}

TEST_F(FailureTest, MseeFailureLeavesTheOtherMsee)
{
    Run(ScenarioJson(kC1, R"({"kind": "MseeFailure", "target": "Frankfurt/primary", "start": "2s"})"),
        Seconds(6));
    RecordProperty("outage_s", std::to_string(m_pairs[0].longestOutageS));
    EXPECT_LE(m_pairs[0].longestOutageS, 1.2);
    EXPECT_EQ(Lost("p1", 4, 6), 0u);
    EXPECT_EQ(CePaths("10.1.0.0/16"), 1u);
}

TEST_F(FailureTest, PeeringLocationOutageWithOneCircuitCutsTheSiteOff)
{
    Run(ScenarioJson(kC1, R"({"kind": "PeeringLocationOutage", "target": "Frankfurt", "start": "2s", "duration": "4s"})"),
        Seconds(20));
    // Lost from the outage until the sessions are back: cleared at 6 s, BGP reconnects on the
    // CE's next ConnectRetry (10 s after the sessions went down at ~2.9 s).
    RecordProperty("outage_s", std::to_string(m_pairs[0].longestOutageS));
    EXPECT_GE(m_pairs[0].longestOutageS, 4.0);
    EXPECT_LE(m_pairs[0].longestOutageS, 12.0);
    EXPECT_EQ(Lost("p1", 14, 20), 0u) << "back after the outage";
}

// The gateway's sessions with the Frankfurt MSEEs close when the interior routing loses the
// MSEEs (BgpSpeaker::FallOver) and come back with them, however long the outage: not on the
// MSEE's next ConnectRetry (30 s), which a 40 s outage would otherwise wait for.
TEST_F(FailureTest, GatewaySessionsThatFellOverReturnWithTheLocation)
{
    Run(ScenarioJson(kC1, R"({"kind": "PeeringLocationOutage", "target": "Frankfurt", "start": "2s", "duration": "40s"})"),
        Seconds(50));
    std::vector<double> down;
    std::vector<double> attempts;
    std::vector<double> established;
    for (const auto& e : m_recorder->GetBgpEvents())
    {
        if (e.router != "msee/Frankfurt/primary" || e.peer != "gw/v1" || e.event != "session-state")
        {
            continue;
        }
        const double t = e.time.GetSeconds();
        if (e.detail == "Established>Idle")
        {
            down.push_back(t);
        }
        else if (e.detail == "Idle>Connect" && t > 0)
        {
            attempts.push_back(t);
        }
        else if (e.detail == "OpenConfirm>Established" && t > 0)
        {
            established.push_back(t);
        }
    }
    ASSERT_EQ(down.size(), 1u);
    EXPECT_NEAR(down[0], 2.05, 0.01) << "the SPF delay after the outage";
    ASSERT_EQ(attempts.size(), 1u) << "no attempt while the location is cut off";
    EXPECT_NEAR(attempts[0], 42.05, 0.01) << "with the route back, not on a ConnectRetry tick";
    ASSERT_EQ(established.size(), 1u);
    EXPECT_LT(established[0], 42.2);
}

TEST_F(FailureTest, PeeringLocationOutageWithASecondLocationFailsOver)
{
    Run(ScenarioJson(kC1 + "," + CircuitText("c2", "Amsterdam", "192.168.20.0/29"),
                 R"({"kind": "PeeringLocationOutage", "target": "Frankfurt", "start": "2s"})"),
        Seconds(6));
    RecordProperty("outage_s", std::to_string(m_pairs[0].longestOutageS));
    EXPECT_LE(m_pairs[0].longestOutageS, 1.2) << "BFD, then Amsterdam";
    EXPECT_EQ(Lost("p1", 4, 6), 0u);
}

TEST_F(FailureTest, ProviderOutageTakesEveryCircuitOfTheProvider)
{
    Run(ScenarioJson(kC1 + "," + CircuitText("c2", "Amsterdam", "192.168.20.0/29", "other"),
                 R"({"kind": "ProviderOutage", "target": "prov", "start": "2s", "duration": "2s"})"),
        Seconds(6));
    EXPECT_EQ(Events().front(), "2 FailureStarted ProviderOutage prov");
    EXPECT_LE(m_pairs[0].longestOutageS, 1.2) << "c2 over the other provider carries it";
    EXPECT_EQ(m_recorder->GetFailureEvents().front().detail, "links=2 mode=Silent");
}

TEST_F(FailureTest, BackboneLinkCutReroutesThroughTheIgp)
{
    // Frankfurt's MSEEs reach West Europe over the backbone: cut the first backbone link the
    // probe crosses, and the interior routing goes around it.
    const std::string links = R"({"vnet": "v1"}, {"vnet": "v2"})";
    const std::string json = ScenarioJson(CircuitText("c1", "Frankfurt", "192.168.10.0/29", "prov", links),
                                      "", true);
    auto scenario = LoadText(json);
    auto topo = CreateObject<TopologyBuilder>()->Build(scenario, m_geography, m_backbone);
    // The interior route from the primary MSEE to v2's gateway (BGP has not run yet).
    const auto& gwLink = topo->GetLinks()[*topo->FindLink("region/v2/gateway")];
    const auto& att = topo->GetLinks()[*topo->FindLink("attachment/Frankfurt/primary")];
    const auto path =
        topo->TracePath(topo->GetNode("msee/Frankfurt/primary")->GetId(), att.addrB, gwLink.addrB,
                        6, 179, 179);
    std::string cut;
    for (std::size_t i = 1; i < path.size() && cut.empty(); ++i)
    {
        if (path[i - 1].rfind("bb/", 0) == 0 && path[i].rfind("bb/", 0) == 0)
        {
            cut = path[i - 1].substr(3) + "--" + path[i].substr(3);
        }
    }
    std::string joined;
    for (const auto& n : path)
    {
        joined += n + " ";
    }
    ASSERT_FALSE(cut.empty()) << "the path crosses the backbone: " << joined;
    Simulator::Destroy();
    RecordProperty("cut", cut);
    Run(ScenarioJson(CircuitText("c1", "Frankfurt", "192.168.10.0/29", "prov", links),
                 R"({"kind": "BackboneLinkCut", "target": ")" + cut + R"(", "start": "2s"})", true),
        Seconds(5));
    EXPECT_GE(m_topology->GetIgp()->GetRecomputations(), 1u);
    EXPECT_LE(Lost("p2", 0, 5), 1u) << "the SPF delay (50 ms) is all that is lost";
    EXPECT_EQ(Lost("p2", 2.5, 5), 0u);
    const double before = MedianRttMs("p2", 0, 2);
    const double after = MedianRttMs("p2", 3, 5);
    RecordProperty("rtt_before_ms", std::to_string(before));
    RecordProperty("rtt_after_ms", std::to_string(after));
    EXPECT_GT(after, before) << "the detour is longer";
}

TEST_F(FailureTest, RegionOutageWithdrawsItsVnetsAtOnce)
{
    Run(ScenarioJson(CircuitText("c1", "Frankfurt", "192.168.10.0/29", "prov",
                         R"({"vnet": "v1"}, {"vnet": "v2"})"),
                 R"({"kind": "RegionOutage", "target": "Germany West Central", "start": "2s", "duration": "2s"})",
                 true),
        Seconds(8));
    EXPECT_EQ(Lost("p2", 0, 8), 0u) << "the VNet in West Europe is not affected";
    EXPECT_GE(Lost("p1", 2, 4), 19u) << "v1 is gone while its region is down";
    // Next-hop tracking: the MSEEs withdraw v1 within the SPF delay, not after a hold time.
    bool withdrawn = false;
    for (const auto& r : m_recorder->GetRouteChanges())
    {
        if (r.router == "site/hq/ce1" && r.prefix == "10.1.0.0/16" && r.nextHops.empty())
        {
            withdrawn = true;
            RecordProperty("withdrawn_at_s", std::to_string(r.time.GetSeconds()));
            EXPECT_LT(r.time, Seconds(2.5));
        }
    }
    EXPECT_TRUE(withdrawn);
    EXPECT_EQ(Lost("p1", 5, 8), 0u) << "back when the region returns";
}

TEST_F(FailureTest, BgpSessionResetSendsCeaseAndTheSessionReturns)
{
    Run(ScenarioJson(kC1, R"({"kind": "BgpSessionReset", "target": "c1/primary/AzurePrivate", "start": "2s"})"),
        Seconds(15));
    EXPECT_EQ(BgpEvents("notification-received", "site/hq/ce1"),
              (std::vector<std::string>{"c1/primary/AzurePrivate: Cease / Administrative Reset"}));
    EXPECT_LE(Lost("p1", 0, 15), 1u) << "the secondary carries the traffic meanwhile";
    EXPECT_EQ(CePaths("10.1.0.0/16"), 2u) << "re-established after the CE's ConnectRetry";
}

TEST_F(FailureTest, DegradationAddsDelayAndLoss)
{
    Run(ScenarioJson(kC1,
                 R"({"kind": "Degradation", "target": "c1/primary", "start": "2s", "duration": "2s", "addedDelay": "20ms"},
                    {"kind": "Degradation", "target": "circuit/c1/secondary", "start": "2s", "duration": "2s", "addedDelay": "20ms"},
                    {"kind": "Degradation", "target": "c1/primary", "start": "5s", "duration": "10s", "lossRate": 0.2},
                    {"kind": "Degradation", "target": "c1/secondary", "start": "5s", "duration": "10s", "lossRate": 0.2})"),
        Seconds(16));
    const double base = MedianRttMs("p1", 0, 2);
    const double slow = MedianRttMs("p1", 2.2, 4);
    RecordProperty("rtt_ms", std::to_string(base) + " -> " + std::to_string(slow));
    EXPECT_NEAR(slow - base, 40.0, 1.0) << "20 ms more each way";
    EXPECT_NEAR(MedianRttMs("p1", 4.2, 5), base, 0.5) << "cleared";
    // 20 % loss on each side: a probe and its answer each cross one circuit link, so about
    // 1 - 0.8^2 = 36 % of 100 probes are lost to the degradation itself. BFD's control packets
    // cross the same links: three in a row lost (0.8 % per packet, about 130 chances in 10 s)
    // takes a session down for about a second, which costs another 10 probes or so each time;
    // one or two such flaps are likely, and which ones happen depends on the random streams.
    const uint32_t lost = Lost("p1", 5, 15);
    RecordProperty("lost_of_100", std::to_string(lost));
    EXPECT_GE(lost, 20u);
    EXPECT_LE(lost, 70u);
}

// A backbone link is named in either order, as BackboneLinkCut takes it (the order the
// documentation shows was refused: "no link").
TEST_F(FailureTest, DegradationNamesABackboneLinkInEitherOrder)
{
    Run(ScenarioJson(kC1,
                     R"({"kind": "Degradation", "target": "backbone/West Europe--North Europe", "start": "1s", "duration": "1s", "addedDelay": "5ms"},
                        {"kind": "Degradation", "target": "backbone/North Europe--West Europe", "start": "2s", "duration": "1s", "addedDelay": "5ms"})"),
        Seconds(4));
    EXPECT_EQ(Events(), (std::vector<std::string>{
                            "1 FailureStarted Degradation backbone/West Europe--North Europe",
                            "2 FailureCleared Degradation backbone/West Europe--North Europe",
                            "2 FailureStarted Degradation backbone/North Europe--West Europe",
                            "3 FailureCleared Degradation backbone/North Europe--West Europe"}));
}

TEST_F(FailureTest, MaintenanceDrainMovesTrafficWithoutLoss)
{
    Run(ScenarioJson(kC1, R"({"kind": "MaintenanceDrain", "target": "c1/primary", "start": "2s", "duration": "3s"})"),
        Seconds(7));
    EXPECT_EQ(Lost("p1", 0, 7), 0u);
    EXPECT_EQ(CePaths("10.1.0.0/16"), 2u) << "after the drain, both links again";
    bool drained = false;
    for (const auto& r : m_recorder->GetRouteChanges())
    {
        if (r.router == "site/hq/ce1" && r.prefix == "10.1.0.0/16" && r.time > Seconds(2) &&
            r.time < Seconds(3))
        {
            drained = true;
            EXPECT_EQ(r.reason, "as-path-length");
            EXPECT_EQ(r.nextHops, "192.168.10.6") << "the secondary's MSEE only";
        }
    }
    EXPECT_TRUE(drained);
    // Azure's side leaves the drained link too (the facts warn of asymmetric routing): the
    // gateway's route to the site goes to the secondary's MSEE only, then to both again.
    std::vector<std::string> gateway; // (time) next hops of the site's prefix at the gateway
    for (const auto& r : m_recorder->GetRouteChanges())
    {
        if (r.router.rfind("vnet/", 0) == 0 && r.router.find("/gateway") != std::string::npos &&
            r.prefix == "10.10.0.0/16" && r.time > Seconds(1))
        {
            gateway.push_back(r.reason + " " + std::to_string(std::count(r.nextHops.begin(),
                                                                          r.nextHops.end(), ' ') +
                                                               1));
            EXPECT_TRUE(r.time < Seconds(2.1) || (r.time > Seconds(5) && r.time < Seconds(5.1)))
                << "at the drain's start or end, " << r.time.As(Time::S);
        }
    }
    EXPECT_EQ(gateway, (std::vector<std::string>{"as-path-length 1", "multipath 2"}));
}

TEST_F(FailureTest, PrefixLimitBreachTearsTheSessionsDownUntilWithdrawn)
{
    Config::SetDefault("ns3::expressroute::Msee::IdleHoldTime", TimeValue(Seconds(3)));
    Run(ScenarioJson(kC1, R"({"kind": "PrefixLimitBreach", "target": "c1", "start": "2s", "duration": "2s", "prefixes": 4001})"),
        Seconds(16));
    const auto ceased = BgpEvents("notification-received", "site/hq/ce1");
    ASSERT_EQ(ceased.size(), 2u);
    EXPECT_EQ(ceased[0], "c1/primary/AzurePrivate: Cease / Maximum Number of Prefixes Reached");
    EXPECT_GE(Lost("p1", 2, 4), 15u) << "the site loses the VNet";
    // Withdrawn at 4 s; the MSEE accepts again after its idle hold (3 s here), the CE reconnects
    // on its ConnectRetry (10 s after the Cease at ~2 s).
    EXPECT_EQ(Lost("p1", 13, 16), 0u) << "the sessions return";
}

TEST(FailureScenario, BadFailuresAreRefusedNamingTheField)
{
    auto geo = ReadGeography(EXPRESSROUTE_SOURCE_DIR + "/data");
    auto refuse = [&geo](const std::string& failures) {
        try
        {
            LoadScenarioString(ScenarioJson(kC1, failures), "test", geo);
        }
        catch (const ScenarioLoadError& e)
        {
            return std::string(e.what());
        }
        return std::string("loaded");
    };
    EXPECT_NE(refuse(R"({"kind": "LinkFailur", "target": "c1/primary", "start": "1s"})")
                  .find("/failures/0/kind: unknown failure kind 'LinkFailur'"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "LinkFailur", "target": "c1/primary", "start": "1s"})")
                  .find("did you mean 'LinkFailure'?"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "LinkFailure", "target": "c9/primary", "start": "1s"})")
                  .find("/failures/0/target: no circuit 'c9'"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "LinkFailure", "target": "c1/primary", "start": "1s", "mode": "Loud"})")
                  .find("/failures/0/mode: invalid value 'Loud'"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "Degradation", "target": "c1/primary", "start": "1s", "lossRate": 1.5})")
                  .find("/failures/0/lossRate: must be a number from 0 to 1, got 1.5"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "MseeFailure", "target": "Frankfurt/primary", "start": "1s", "lossRate": 0.1})")
                  .find("/failures/0/lossRate: unknown key"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "PeeringLocationOutage", "target": "London", "start": "1s"})")
                  .find("no peering location with a circuit 'London'"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "BackboneLinkCut", "target": "West Europe", "start": "1s"})")
                  .find("expected a backbone link (<region>--<region>)"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "BgpSessionReset", "target": "c1/primary/Microsoft", "start": "1s"})")
                  .find("circuit 'c1' has no 'Microsoft' peering"),
              std::string::npos);
    EXPECT_NE(refuse(R"({"kind": "LinkFailure", "target": "c1/primary"})").find("/failures/0/start"),
              std::string::npos);
}

TEST(FailureScenario, SchemaListsEveryFailureKind)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR + "/doc/scenario.schema.json");
    const auto schema = nlohmann::json::parse(in);
    std::set<std::string> documented;
    for (const auto& k : schema["$defs"]["failure"]["properties"]["kind"]["enum"])
    {
        documented.insert(k.get<std::string>());
    }
    std::set<std::string> registered;
    const TypeId base = Failure::GetTypeId();
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        const TypeId tid = TypeId::GetRegistered(i);
        if (tid.IsChildOf(base) && tid.HasConstructor())
        {
            registered.insert(tid.GetName().substr(std::string("ns3::expressroute::").size()));
        }
    }
    EXPECT_EQ(documented, registered);
}

TEST_F(FailureTest, ProvisioningWorkflowCarriesNothingUntilProvisionedAndConfigured)
{
    std::string circuit = CircuitText("c1", "Frankfurt", "192.168.10.0/29");
    circuit.insert(circuit.find(R"("tier")"), R"("provisioningState": "NotProvisioned", )");
    circuit.insert(circuit.find(R"("vlan": 100)"), R"("configured": false, )");
    std::string json = ScenarioJson(circuit, "");
    json.insert(json.rfind('}'), R"(, "timeline": [
      {"kind": "CircuitProvisioning", "target": "c1", "start": "1s", "state": "Provisioning"},
      {"kind": "CircuitProvisioning", "target": "c1", "start": "3s"},
      {"kind": "PeeringConfiguration", "target": "c1/AzurePrivate", "start": "5s"}])");
    Run(json, Seconds(8));
    EXPECT_EQ(Events(), (std::vector<std::string>{
                            "1 ProvisioningStarted CircuitProvisioning c1",
                            "3 ProvisioningStarted CircuitProvisioning c1",
                            "5 ProvisioningStarted PeeringConfiguration c1/AzurePrivate"}));
    EXPECT_EQ(Lost("p1", 0, 5), 50u) << "nothing before the peering is configured";
    EXPECT_EQ(Lost("p1", 5.5, 8), 0u) << "BGP comes up as soon as it is";
    EXPECT_EQ(m_recorder->GetFailureEvents()[0].detail, "state=Provisioning");
    EXPECT_EQ(CePaths("10.1.0.0/16"), 2u);
}

TEST_F(FailureTest, TcpHandshakeProbesMeasureTheSameRttAndTheOutage)
{
    std::string json = ScenarioJson(
        kC1, R"({"kind": "LinkFailure", "target": "c1/primary", "start": "3s", "duration": "3s"})");
    json.insert(json.find(R"(, "interval": "100ms"})") + std::string(R"(, "interval": "100ms"})").size(),
                R"(, {"name": "tcp", "site": "hq", "vnet": "v1", "interval": "100ms", "protocol": "Tcp"})");
    Run(json, Seconds(8));
    const double udp = MedianRttMs("p1", 0, 3);
    const double tcp = MedianRttMs("tcp", 0, 3);
    RecordProperty("rtt_udp_ms", std::to_string(udp));
    RecordProperty("rtt_tcp_ms", std::to_string(tcp));
    EXPECT_NEAR(tcp, udp, 0.1) << "a handshake (SYN to SYN-ACK) is one round trip";
    ASSERT_EQ(m_pairs.size(), 2u);
    EXPECT_EQ(m_pairs[1].probe, "tcp");
    EXPECT_EQ(m_pairs[1].probesSent, 80u);
    EXPECT_GT(m_pairs[1].probesLost, 0u) << "probes on the failed link until BFD";
    EXPECT_LE(m_pairs[1].longestOutageS, 1.2);
    EXPECT_EQ(Lost("tcp", 4.5, 8), 0u);
}

// Before: an instance the gateway does not have was blamed on /failures/0/target.
TEST_F(FailureTest, AnInstanceTheGatewayDoesNotHaveIsBlamedOnInstance)
{
    try
    {
        Run(ScenarioJson(kC1, R"({"kind": "GatewayInstanceFailure", "target": "v1", "start": "2s", "instance": 5})"),
            Seconds(3));
        FAIL() << "ran";
    }
    catch (const ScenarioLoadError& e)
    {
        EXPECT_NE(std::string(e.what()).find("/failures/0/instance: the gateway of VNet 'v1' has 2 "
                                             "instances (0 to 1), not 5"),
                  std::string::npos)
            << e.what();
    }
}

TEST_F(FailureTest, GatewayInstanceFailureResetsThePinnedFlowsForTheRepinDelay)
{
    std::string json = ScenarioJson(
        kC1, R"({"kind": "GatewayInstanceFailure", "target": "v1", "start": "2s", "instance": 0})");
    const std::string probe = R"(, "interval": "100ms"})";
    std::string more;
    for (int i = 2; i <= 6; ++i)
    {
        more += R"(, {"name": "p)" + std::to_string(i) + R"(", "site": "hq", "vnet": "v1", "interval": "100ms"})";
    }
    json.insert(json.find(probe) + probe.size(), more);
    Run(json, Seconds(5));
    uint32_t affected = 0;
    for (const auto& p : m_pairs)
    {
        if (p.probesLost == 0)
        {
            continue;
        }
        ++affected;
        // Lost from the failure until the flow moves to the other instance (RepinDelay 1 s).
        EXPECT_NEAR(p.longestOutageS, 1.0, 0.11) << p.probe;
        EXPECT_EQ(Lost(p.probe, 3.1, 5), 0u) << p.probe << " moved to instance 1";
    }
    RecordProperty("probes_pinned_to_instance_0", std::to_string(affected));
    EXPECT_GT(affected, 0u) << "some of the six flows were pinned to instance 0";
    EXPECT_LT(affected, 6u) << "the others, on instance 1, see nothing";
}
