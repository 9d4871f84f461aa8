// SPDX-License-Identifier: GPL-2.0-only
// System tests of the built topology: the converged paths, Azure's addressing, circuit rates,
// ECMP over the two links, SKU reach, provisioning, Metro, Layer3 providers, Global Reach.
#include "expressroute-fib-routing.h"
#include "expressroute-test-fixture.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/ipv4.h"
#include "ns3/simulator.h"

#include <algorithm>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
Join(const std::vector<std::string>& hops)
{
    std::string out;
    for (const auto& h : hops)
    {
        out += (out.empty() ? "" : ">") + h;
    }
    return out;
}

bool
Contains(const std::vector<std::string>& hops, const std::string& name)
{
    return std::find(hops.begin(), hops.end(), name) != hops.end();
}

/// A small scenario: one site in Frankfurt, one circuit, one VNet; pieces are replaced per test.
std::string
SmallScenario(const std::string& circuitExtra = "",
              const std::string& providerKind = "CloudExchange",
              const std::string& providerLayer = "Layer2",
              const std::string& location = "Frankfurt")
{
    return R"({
  "name": "small",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"], "hosts": 1}],
  "providers": [{"name": "prov", "kind": ")" +
           providerKind + R"(", "layer": ")" + providerLayer + R"("}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": ")" +
           location + R"(", "tier": "Standard", "bandwidth": "200Mbps",)" + circuitExtra + R"(
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 10}],
    "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}]
})";
}

} // namespace

/// Builds the scenario and lets BGP converge (3 s of simulated time) before looking at paths.
class TopologyTest : public test::SimulatorTest
{
  protected:
    Ptr<Topology> BuildConverged(const Scenario& scenario)
    {
        auto topology = CreateObject<TopologyBuilder>()->Build(scenario, m_geography, m_backbone);
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        return topology;
    }
};

TEST_F(TopologyTest, DefaultScenarioFrankfurtReachesWestEuropeThroughLondon)
{
    auto topology = BuildConverged(LoadDefault());
    const Endpoint src = ResolveEndpoint(topology, "frankfurt-hq");
    const Endpoint dst = ResolveEndpoint(topology, "hub-westeurope");
    const auto path = topology->TracePath(src.node->GetId(), src.address, dst.address, 17, 50000, 5001);
    EXPECT_EQ(path.front(), "site/frankfurt-hq/host1");
    EXPECT_EQ(path.back(), "vnet/hub-westeurope/vm1") << Join(path);
    EXPECT_TRUE(Contains(path, "bb/UK South")) << Join(path);
    EXPECT_TRUE(Contains(path, "msee/London/primary") || Contains(path, "msee/London/secondary"))
        << "contoso-lon is Frankfurt's only circuit: " << Join(path);
}

TEST_F(TopologyTest, CircuitLinksUseAzureAddressingAndThePurchasedBandwidth)
{
    auto topology = BuildConverged(LoadDefault());
    // contoso-ams private peering 192.168.100.0/29: primary .0/30 (CE .1, MSEE .2), secondary
    // .4/30 (CE .5, MSEE .6) (references.md §3, RT).
    const auto& links = topology->GetLinks();
    const auto primary = links[*topology->FindLink("circuit/contoso-ams/primary")];
    const auto secondary = links[*topology->FindLink("circuit/contoso-ams/secondary")];
    EXPECT_EQ(FormatIpv4(primary.addrA), "192.168.100.1");
    EXPECT_EQ(FormatIpv4(primary.addrB), "192.168.100.2");
    EXPECT_EQ(FormatIpv4(secondary.addrA), "192.168.100.5");
    EXPECT_EQ(FormatIpv4(secondary.addrB), "192.168.100.6");
    EXPECT_EQ(topology->GetNodeName(primary.nodeB), "msee/Amsterdam/primary");
    EXPECT_EQ(topology->GetNodeName(secondary.nodeB), "msee/Amsterdam/secondary");
    EXPECT_EQ(primary.rate.GetBitRate(), 1000000000u) << "each link carries the purchased 1 Gbps";
    EXPECT_EQ(secondary.rate.GetBitRate(), 1000000000u);
    const auto lon = links[*topology->FindLink("circuit/contoso-lon/primary")];
    EXPECT_EQ(lon.rate.GetBitRate(), 500000000u);
}

TEST_F(TopologyTest, CustomerEdgeInstallsBothCircuitLinksAsEqualCostPaths)
{
    auto topology = BuildConverged(LoadDefault());
    auto ce = topology->GetNode("site/amsterdam-dc/ce1");
    auto routing = DynamicCast<FibRouting>(ce->GetObject<Ipv4>()->GetRoutingProtocol());
    const auto* entry = routing->GetFib().Lookup(*ParseIpv4("10.1.0.10"));
    ASSERT_NE(entry, nullptr);
    ASSERT_EQ(entry->nextHops.size(), 2u) << "active/active over primary and secondary";
    std::vector<std::string> gateways;
    for (const auto& h : entry->nextHops)
    {
        gateways.push_back(FormatIpv4(h.gateway));
    }
    std::sort(gateways.begin(), gateways.end());
    EXPECT_EQ(gateways, (std::vector<std::string>{"192.168.100.2", "192.168.100.6"}));
}

TEST_F(TopologyTest, StandardCircuitSiteHasNoRouteToUnlinkedVnet)
{
    // amsterdam-dc's only circuit is Standard and does not link dr-eastus.
    auto topology = BuildConverged(LoadDefault());
    const Endpoint src = ResolveEndpoint(topology, "amsterdam-dc");
    const Endpoint dst = ResolveEndpoint(topology, "dr-eastus");
    const auto path = topology->TracePath(src.node->GetId(), src.address, dst.address, 17, 50000, 5001);
    EXPECT_EQ(path.back(), "(no route)") << Join(path);
    EXPECT_EQ(path[path.size() - 2], "site/amsterdam-dc/ce1") << Join(path);
}

TEST_F(TopologyTest, GlobalReachConnectsTheTwoSitesOverTheBackbone)
{
    auto topology = BuildConverged(LoadDefault());
    const Endpoint src = ResolveEndpoint(topology, "frankfurt-hq");
    const Endpoint dst = ResolveEndpoint(topology, "amsterdam-dc");
    const auto path = topology->TracePath(src.node->GetId(), src.address, dst.address, 6, 50000, 5001);
    EXPECT_EQ(path.back(), "site/amsterdam-dc/host1") << Join(path);
    EXPECT_TRUE(Contains(path, "bb/West Europe")) << Join(path);
}

TEST_F(TopologyTest, NotProvisionedCircuitCarriesNothing)
{
    auto scenario = LoadText(SmallScenario(R"( "provisioningState": "NotProvisioned",)"));
    auto topology = BuildConverged(scenario);
    const Endpoint src = ResolveEndpoint(topology, "hq");
    const Endpoint dst = ResolveEndpoint(topology, "v1");
    const auto path = topology->TracePath(src.node->GetId(), src.address, dst.address, 17, 50000, 5001);
    EXPECT_EQ(path.back(), "(no route)") << Join(path);
}

TEST_F(TopologyTest, Layer3ProviderPutsItsPeBetweenCustomerAndMsee)
{
    auto scenario = LoadText(SmallScenario("", "AnyToAnyIpvpn", "Layer3"));
    auto topology = BuildConverged(scenario);
    const Endpoint src = ResolveEndpoint(topology, "hq");
    const Endpoint dst = ResolveEndpoint(topology, "v1");
    const auto path = topology->TracePath(src.node->GetId(), src.address, dst.address, 17, 50000, 5001);
    ASSERT_GE(path.size(), 4u) << Join(path);
    EXPECT_EQ(path[1], "site/hq/ce1");
    EXPECT_EQ(path[2].rfind("pe/prov/c1/", 0), 0u) << Join(path);
    EXPECT_EQ(path[3].rfind("msee/Frankfurt/", 0), 0u) << Join(path);
    EXPECT_EQ(path.back(), "vnet/v1/vm1");
    // The PE holds the customer side of the circuit link: 192.168.10.1 (primary).
    const auto& link = topology->GetLinks()[*topology->FindLink("circuit/c1/primary")];
    EXPECT_EQ(topology->GetNodeName(link.nodeA), "pe/prov/c1/primary");
    EXPECT_EQ(FormatIpv4(link.addrA), "192.168.10.1");
}

TEST_F(TopologyTest, MetroCircuitTerminatesItsLinksAtTwoLocationsOfOneMetro)
{
    auto scenario = LoadText(
        SmallScenario(R"( "secondaryPeeringLocation": "Amsterdam2",)", "CloudExchange", "Layer2",
                      "Amsterdam"));
    auto topology = BuildConverged(scenario);
    const auto& links = topology->GetLinks();
    EXPECT_EQ(topology->GetNodeName(links[*topology->FindLink("circuit/c1/primary")].nodeB),
              "msee/Amsterdam/primary");
    EXPECT_EQ(topology->GetNodeName(links[*topology->FindLink("circuit/c1/secondary")].nodeB),
              "msee/Amsterdam2/secondary");
    EXPECT_TRUE(topology->GetCircuit("c1")->IsMetro());
}

TEST_F(TopologyTest, PrefixTooSmallForItsHostsIsAScenarioError)
{
    std::string text = SmallScenario();
    text.replace(text.find("\"hosts\": 1"), 10, "\"hosts\": 8");
    text.replace(text.find("10.10.0.0/16"), 12, "10.10.0.0/28");
    auto scenario = LoadText(text);
    try
    {
        CreateObject<TopologyBuilder>()->Build(scenario, m_geography, m_backbone);
        FAIL() << "a /28 cannot hold 8 host links of a /30 each";
    }
    catch (const ScenarioLoadError& e)
    {
        ASSERT_EQ(e.GetErrors().size(), 1u);
        EXPECT_EQ(e.GetErrors()[0].path, "/sites/0/prefixes/0");
        EXPECT_NE(e.GetErrors()[0].message.find("too small"), std::string::npos)
            << e.GetErrors()[0].message;
    }
}
