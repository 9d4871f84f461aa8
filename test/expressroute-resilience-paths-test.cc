// SPDX-License-Identifier: GPL-2.0-only
// The resilience analysis sees every path the simulation uses (issue 16.1): a VPN backup, a
// site's second CE router, Global Reach between sites and a WAN link to another site's circuit.
#include "expressroute-resilience-test-fixture.h"
#include "expressroute-test-paths.h"

using namespace ns3;
using namespace ns3::expressroute;
using namespace ns3::expressroute::test;

namespace
{

TEST_F(ResilienceTest, ChicagoLocationOutageMovesChicagoToProductionOntoItsVpn)
{
    const auto a = Analyse(LoadExample("chicago-dallas", m_geography));
    const auto moved = a.After("chi-dc", "prod-cus", {"location/Chicago"});
    EXPECT_TRUE(moved.reachable) << "the VPN chi-vpn carries chi-dc -> prod-cus";
    ASSERT_TRUE(moved.OverVpn());
    EXPECT_EQ(a.graph->GetVpns()[moved.vpn].name, "chi-vpn");
    EXPECT_EQ(moved.capacityToVnetBps, 650'000'000u) << "VpnGw1's 650 Mbps, not the circuit's";
    EXPECT_FALSE(a.After("chi-dc", "dr-eus2", {"location/Chicago"}).reachable)
        << "dr-eus2 has no VPN";
    const auto baseline = a.After("chi-dc", "prod-cus", {});
    EXPECT_FALSE(baseline.OverVpn()) << "ExpressRoute is preferred while it is up";
    EXPECT_EQ(baseline.capacityToVnetBps, 2'000'000'000u) << "both links; the VPN adds nothing";
    EXPECT_TRUE(a.After("chi-dc", "prod-cus", {"vnet/prod-cus/gateway"}).reachable)
        << "the VPN does not cross the ExpressRoute gateway's data path";
    EXPECT_FALSE(a.After("chi-dc", "prod-cus", {"location/Chicago", "internet/chi-vpn"}).reachable);
    EXPECT_FALSE(a.After("chi-dc", "prod-cus", {"site/chi-dc/ce1"}).reachable)
        << "the tunnel ends on the only CE";
    EXPECT_FALSE(a.After("chi-dc", "prod-cus", {"region/Central US"}).reachable);
    EXPECT_EQ(a.SinglePointsOf("chi-dc", "prod-cus"), std::vector<std::string>{"site/chi-dc/ce1"});
    EXPECT_TRUE(Has(a.SinglePointsOf("chi-dc", "dr-eus2"), "location/Chicago"));

    // The round trips of the simulator's delay model: the packet run's probes measure 14.64 ms
    // over ExpressRoute (README) and 21.5-23.2 ms over the VPN (jitter up to 2 ms each way).
    const auto& pair = a.graph->GetPairs()[a.Pair("chi-dc", "prod-cus")];
    EXPECT_NEAR(pair.erRttS * 1e3, 14.64, 0.02);
    EXPECT_NEAR(a.graph->GetVpns()[moved.vpn].rttS * 1e3, 22.0, 0.5);

    const std::string digest = a.Digest(LoadExample("chicago-dallas", m_geography));
    EXPECT_NE(digest.find("Peering location Chicago: chi-dc keeps prod-cus over VPN chi-vpn at "
                          "650Mbps (about 1.5x the RTT: 22.0 ms instead of 14.6 ms); loses "
                          "dr-eus2."),
              std::string::npos)
        << digest;
    EXPECT_NE(digest.find("terminate there; losing it cuts chi-dc from dr-eus2. "),
              std::string::npos)
        << "Chicago cuts chi-dc from dr-eus2 only:\n"
        << digest;
}

TEST_F(ResilienceTest, SecondCeRouterTakesTheSecondaryLinksAndIsNoSinglePoint)
{
    // metro-amsterdam: amsterdam-dc has ceRouters 2; its Metro circuit's secondary link lands on
    // CE 2, as the TopologyBuilder builds it.
    const auto a = Analyse(LoadExample("metro-amsterdam", m_geography));
    const auto& pair = a.graph->GetPairs()[a.Pair("amsterdam-dc", "hub-westeurope")];
    ASSERT_EQ(pair.linkedLegs.size(), 2u);
    const auto& legs = a.graph->GetLegs();
    EXPECT_EQ(a.graph->GetElements()[legs[pair.linkedLegs[0]].ce].name, "site/amsterdam-dc/ce1");
    EXPECT_EQ(a.graph->GetElements()[legs[pair.linkedLegs[1]].ce].name, "site/amsterdam-dc/ce2");
    const auto spofs = a.SinglePointsOf("amsterdam-dc", "hub-westeurope");
    EXPECT_FALSE(Has(spofs, "site/amsterdam-dc/ce1")) << "CE 2 carries the secondary link";
    EXPECT_FALSE(Has(spofs, "site/amsterdam-dc/ce2"));
    const auto one = a.After("amsterdam-dc", "hub-westeurope", {"site/amsterdam-dc/ce1"});
    EXPECT_TRUE(one.reachable);
    EXPECT_EQ(one.capacityToVnetBps, a.After("amsterdam-dc", "hub-westeurope", {}).capacityToVnetBps / 2)
        << "one of the circuit's two links left";
    EXPECT_FALSE(a.After("amsterdam-dc", "hub-westeurope",
                         {"site/amsterdam-dc/ce1", "site/amsterdam-dc/ce2"})
                     .reachable);
}

TEST_F(ResilienceTest, VpnOnlyVnetIsAPairWhoseTunnelElementsAreSinglePoints)
{
    const auto a = Analyse(LoadExample("expressroute-vs-vpn", m_geography));
    const auto base = a.After("hq", "hub-vpn", {});
    EXPECT_TRUE(base.reachable);
    EXPECT_TRUE(base.OverVpn()) << "no circuit links hub-vpn";
    const auto spofs = a.SinglePointsOf("hq", "hub-vpn");
    EXPECT_EQ(spofs, (std::vector<std::string>{"site/hq/ce1", "vnet/hub-vpn/vpngw",
                                               "internet/hq-vpn"}));
    EXPECT_TRUE(a.After("hq", "hub-vpn", {"location/Frankfurt"}).reachable)
        << "the circuit's location is not on the VPN's path";
    EXPECT_TRUE(a.After("hq", "hub-er", {"internet/hq-vpn"}).reachable);
}

TEST_F(ResilienceTest, GlobalReachJoinsSitesAndTheirVpnsToOneHubBackItUp)
{
    const auto a = Analyse(LoadExample("global-reach-vs-vpn", m_geography));
    ASSERT_EQ(a.findings.sitePairs.size(), 1u);
    const auto& pair = a.findings.sitePairs[0];
    ASSERT_EQ(pair.paths.size(), 3u) << "Global Reach per link role, then the VPN hub";
    EXPECT_EQ(pair.paths[0].name, "ams-lon/primary");
    EXPECT_EQ(pair.paths[2].name, "ams-vpn + lon-vpn");
    EXPECT_TRUE(pair.paths[2].vpn);
    EXPECT_EQ(pair.paths[2].capacityBps, 650'000'000u);
    auto state = [&](const std::vector<std::string>& names) {
        std::vector<uint32_t> failed;
        for (const auto& n : names)
        {
            failed.push_back(a.Element(n));
        }
        std::sort(failed.begin(), failed.end());
        return EvaluateSitePair(pair, failed, a.graph->ViewWithout(failed));
    };
    EXPECT_EQ(state({}).path, 0u) << "Global Reach is preferred";
    EXPECT_EQ(state({"circuit/ams/primary"}).path, 1u) << "the secondary links' MSEEs peer too";
    EXPECT_EQ(state({"location/Amsterdam"}).path, 2u) << "then the VPNs through hub's gateway";
    EXPECT_FALSE(state({"location/Amsterdam", "vnet/hub/vpngw"}).reachable);
    EXPECT_FALSE(state({"site/london-dc/ce1"}).reachable) << "both paths end on it";
    // The round trips: Global Reach over the backbone (the MSEEs' attachments as the topology
    // builds them: data/peering-attachments.csv), the VPNs over the internet twice.
    EXPECT_NEAR(pair.paths[0].rttS * 1e3, 11.9, 0.1);
    EXPECT_NEAR(pair.paths[2].rttS * 1e3, 31.2, 0.1);
    const auto& finding = a.findings.sitePairFindings[0];
    EXPECT_NE(finding.text.find("over VPN ams-vpn + lon-vpn at 650Mbps"), std::string::npos)
        << finding.text;
    const std::string digest = a.Digest(LoadExample("global-reach-vs-vpn", m_geography));
    EXPECT_NE(digest.find("amsterdam-dc <-> london-dc over Global Reach (RTT 11.9 ms): cut by "
                          "site/amsterdam-dc/ce1, site/london-dc/ce1"),
              std::string::npos)
        << digest;
}

Scenario
ChicagoDallasWan(Ptr<Geography> geography)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/chicago-dallas.json");
    std::stringstream text;
    text << in.rdbuf();
    std::string json = text.str();
    json.insert(json.find("\"probes\": ["),
                R"("siteLinks": [{ "name": "chi-dal", "sites": ["chi-dc", "dal-dc"], )"
                R"("bandwidth": "1Gbps" }],
  )");
    return LoadScenarioString(json, "chicago-dallas-wan", geography);
}

TEST_F(ResilienceTest, SiteLinkCarriesAChicagoLocationOutageToDallassCircuitBeforeTheVpn)
{
    // chicago-dallas with a 1 Gbps WAN between the two sites (the sitelinks branch's
    // chicago-dallas-wan example, written here while its builder is on its way).
    const Scenario scenario = ChicagoDallasWan(m_geography);
    const auto a = Analyse(scenario);
    for (const char* vnet : {"prod-cus", "dr-eus2"})
    {
        const auto base = a.After("chi-dc", vnet, {});
        EXPECT_FALSE(base.OverBackup()) << vnet << ": chi-dc's own circuit while it is up";
        const auto s = a.After("chi-dc", vnet, {"location/Chicago"});
        EXPECT_TRUE(s.reachable) << vnet;
        ASSERT_TRUE(s.OverSiteLink()) << vnet << ": the WAN (LOCAL_PREF 100) before the VPN (50)";
        EXPECT_EQ(a.graph->GetCircuits()[s.viaCircuit].name, "dal");
        EXPECT_TRUE(a.After("chi-dc", vnet, {"wan/chi-dal"}).reachable);
    }
    EXPECT_EQ(a.After("chi-dc", "dr-eus2", {"location/Chicago"}).capacityToVnetBps,
              1'000'000'000u)
        << "the 1 Gbps WAN and ErGw1Az's 1 Gbps, below dal's two links";
    const auto both = a.After("chi-dc", "prod-cus", {"location/Chicago", "wan/chi-dal"});
    EXPECT_TRUE(both.OverVpn()) << "then the VPN";
    EXPECT_FALSE(a.After("chi-dc", "dr-eus2", {"location/Chicago", "wan/chi-dal"}).reachable);
    EXPECT_FALSE(Has(a.SinglePointsOf("chi-dc", "dr-eus2"), "location/Chicago"));
    EXPECT_TRUE(Has(a.SinglePointsOf("chi-dc", "dr-eus2"), "provider/equinix"))
        << "both circuits run through equinix";
    const std::string digest = a.Digest(scenario);
    EXPECT_NE(digest.find("Peering location Chicago: chi-dc keeps prod-cus over site link chi-dal "
                          "and dal-dc's circuit dal at "),
              std::string::npos)
        << digest;
}


} // namespace

// A peering location that the backbone attaches to several regions (Dallas: South Central US,
// Central US, West US 3, ...; data/peering-attachments.csv) has its own router, as in the
// topology, so no single one of its links to those regions stands between Dallas's MSEEs and a
// VNet.
TEST_F(ResilienceTest, ALocationWithSeveralRegionsIsAnalysedThroughItsOwnRouter)
{
    const auto a = Analyse(LoadExample("chicago-dallas", m_geography));
    const auto& regions = a.graph->GetRegions();
    const auto dallas = std::find_if(regions.begin(), regions.end(), [](const auto& r) {
        return r.name == "pl/Dallas";
    });
    ASSERT_NE(dallas, regions.end());
    EXPECT_TRUE(dallas->location);
    EXPECT_NE(a.graph->FindElement("backbone/Dallas--Central US"), kNoIndex)
        << "named as the topology's link";
    EXPECT_EQ(a.graph->FindElement("region/pl/Dallas"), kNoIndex) << "it fails with the location";
    // dal-dc's circuit is at Dallas; prod-cus is in Central US.
    EXPECT_TRUE(a.After("dal-dc", "prod-cus", {"backbone/Dallas--Central US"}).reachable)
        << "around Dallas's own link to Central US through its other regions";
    EXPECT_FALSE(a.After("dal-dc", "prod-cus", {"location/Dallas"}).reachable);
    for (const auto& e : a.SinglePointsOf("dal-dc", "prod-cus"))
    {
        EXPECT_NE(a.graph->GetElements()[a.Element(e)].kind, ElementKind::BackboneLink) << e;
    }
    // A region without VNets is no element: its outage (RegionOutage) would take its VNets
    // only, and its backbone router carries on.
    EXPECT_EQ(a.graph->FindElement("region/South Central US"), kNoIndex);
}
