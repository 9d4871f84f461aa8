// SPDX-License-Identifier: GPL-2.0-only
// Microsoft peering's control plane (issue: BGP-4 and BFD as real protocols; references.md §4,
// §5): the MSEE advertises Microsoft's prefixes with their regional and service communities,
// only what the circuit's route filter selects and its tier reaches; the customer's public
// prefixes reach the MSEE without the customer's communities; private and Microsoft routes
// stay on their own peerings.
#include "expressroute-bgp-speaker.h"
#include "expressroute-communities.h"
#include "expressroute-run-recorder.h"
#include "expressroute-test-fixture.h"
#include "expressroute-topology-builder.h"

#include "ns3/simulator.h"

#include <set>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// A site in Frankfurt with one circuit at Frankfurt: private and Microsoft peering.
std::string
MicrosoftScenario(const std::string& tier, const std::string& routeFilter)
{
    return R"({
  "name": "microsoft-peering",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt",
    "tier": ")" + tier + R"(", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100},
                 {"type": "Microsoft", "primarySubnet": "203.0.113.0/30", "secondarySubnet": "203.0.113.4/30",
                  "vlan": 200, "advertisedPublicPrefixes": ["198.51.100.0/24"])" +
           routeFilter + R"(}],
    "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}]
})";
}

class MicrosoftPeeringTest : public test::SimulatorTest
{
  protected:
    void Run(const std::string& json)
    {
        m_topology = CreateObject<TopologyBuilder>()->Build(LoadText(json), m_geography, m_backbone);
        m_recorder.WatchControlPlane(m_topology);
        Simulator::Stop(Seconds(5));
        Simulator::Run();
    }

    Ptr<BgpSpeaker> Speaker(const std::string& node) const
    {
        return m_topology->GetBgpSpeaker(m_topology->GetNode(node)->GetId());
    }

    /// The prefixes the CE selected from Microsoft peering sessions, with their communities.
    std::map<std::string, std::set<std::string>> CeMicrosoftRoutes(const std::string& ce = "site/hq/ce1") const
    {
        std::map<std::string, std::set<std::string>> out;
        auto s = Speaker(ce);
        for (uint32_t c : Candidates())
        {
            auto prefix = *StandInPrefix(c);
            for (const auto& r : s->GetBestRoutes(prefix))
            {
                for (uint32_t community : r.attributes.communities)
                {
                    out[prefix.ToString()].insert(FormatCommunity(community));
                }
            }
        }
        return out;
    }

    static std::vector<uint32_t> Candidates()
    {
        std::vector<uint32_t> all;
        for (const auto& region : RegionsWithCommunity())
        {
            all.push_back(*RegionalCommunity(region));
        }
        for (const auto& s : MicrosoftServices())
        {
            all.push_back(s.community);
        }
        return all;
    }

    Ptr<Topology> m_topology;
    RunRecorder m_recorder;
};

} // namespace

TEST(Communities, FactSheetValuesAndStandInPrefixes)
{
    EXPECT_EQ(FormatCommunity(*RegionalCommunity("West Europe")), "12076:51002");
    EXPECT_EQ(FormatCommunity(*RegionalCommunity("UK South")), "12076:51024");
    EXPECT_EQ(FormatCommunity(*ServiceCommunity("AzureGlobalServices")), "12076:5050");
    EXPECT_EQ(StandInPrefix(*RegionalCommunity("West Europe"))->ToString(), "20.192.2.0/24");
    EXPECT_EQ(StandInPrefix(*ServiceCommunity("OtherOffice365"))->ToString(), "20.193.10.0/24");
    EXPECT_FALSE(RegionalCommunity("Germany West Central")) << "newer than the 2018 community table";
    EXPECT_EQ(ParseRouteFilterRule("12076:51024"), RegionalCommunity("UK South"));
    EXPECT_FALSE(ParseRouteFilterRule("12076:99999"));
    EXPECT_FALSE(ParseRouteFilterRule("65000:1")) << "not a community Microsoft sets";
    EXPECT_FALSE(ParseCommunity("12076:"));
    EXPECT_FALSE(ParseCommunity("70000:1"));
    // Every stand-in prefix is distinct.
    std::set<std::string> prefixes;
    for (const auto& region : RegionsWithCommunity())
    {
        prefixes.insert(StandInPrefix(*RegionalCommunity(region))->ToString());
    }
    for (const auto& s : MicrosoftServices())
    {
        prefixes.insert(StandInPrefix(s.community)->ToString());
    }
    EXPECT_EQ(prefixes.size(), RegionsWithCommunity().size() + MicrosoftServices().size());
}

TEST_F(MicrosoftPeeringTest, RouteFilterSelectsRegionalAndServiceRoutesWithTheirCommunities)
{
    Run(MicrosoftScenario("Standard",
                          R"(, "routeFilter": ["West Europe", "12076:51024", "Exchange", "East US"])"));
    const auto routes = CeMicrosoftRoutes();
    RecordProperty("routes", std::to_string(routes.size()));
    // West Europe and UK South are in Frankfurt's geopolitical region (Europe); East US is
    // not, so a Standard circuit does not receive it even though the filter allows it.
    const std::map<std::string, std::set<std::string>> expected{
        {"20.192.2.0/24", {"12076:51002"}},
        {"20.192.24.0/24", {"12076:51024"}},
        {"20.193.1.0/24", {"12076:5010"}}};
    EXPECT_EQ(routes, expected);
    // Learned on both links of the Microsoft peering, over the Microsoft sessions only.
    auto best = Speaker("site/hq/ce1")->GetBestRoutes(*Ipv4Prefix::Parse("20.192.2.0/24"));
    ASSERT_EQ(best.size(), 2u) << "primary and secondary, equal: multipath";
    std::set<std::string> nextHops;
    for (const auto& r : best)
    {
        nextHops.insert(Ipv4Prefix{*r.attributes.nextHop, 32}.ToString());
    }
    EXPECT_EQ(nextHops, (std::set<std::string>{"203.0.113.2/32", "203.0.113.6/32"}));
}

TEST_F(MicrosoftPeeringTest, PremiumReachesEveryRegion)
{
    Run(MicrosoftScenario("Premium", R"(, "routeFilter": ["East US", "Japan East"])"));
    const auto routes = CeMicrosoftRoutes();
    EXPECT_EQ(routes.size(), 2u);
    EXPECT_EQ(routes.at("20.192.4.0/24"), std::set<std::string>{"12076:51004"});
    EXPECT_EQ(routes.at("20.192.12.0/24"), std::set<std::string>{"12076:51012"});
}

TEST_F(MicrosoftPeeringTest, WithoutRouteFilterNothingIsAdvertised)
{
    Run(MicrosoftScenario("Premium", ""));
    EXPECT_TRUE(CeMicrosoftRoutes().empty()) << "no route filter attached (references.md §5, FAQ)";
    // The Microsoft session is up, and the customer's public prefix arrives at the MSEE.
    auto msee = Speaker("msee/Frankfurt/primary");
    auto peer = msee->FindPeer("c1/primary/Microsoft");
    ASSERT_TRUE(peer);
    EXPECT_TRUE(msee->GetSession(*peer)->IsEstablished());
    EXPECT_EQ(msee->GetAdjRibInSize(*peer), 1u) << "198.51.100.0/24 only: no private prefix";
}

TEST_F(MicrosoftPeeringTest, PrivateAndMicrosoftRoutesStayOnTheirPeerings)
{
    Run(MicrosoftScenario("Standard", R"(, "routeFilter": ["West Europe"])"));
    auto msee = Speaker("msee/Frankfurt/primary");
    auto priv = *msee->FindPeer("c1/primary/AzurePrivate");
    auto ms = *msee->FindPeer("c1/primary/Microsoft");
    EXPECT_EQ(msee->GetAdjRibInSize(priv), 1u) << "10.10.0.0/16 only: no public prefix";
    EXPECT_EQ(msee->GetAdjRibInSize(ms), 1u) << "198.51.100.0/24 only";
    // The VNet is learned over private peering only; the Microsoft prefix over Microsoft only.
    auto ce = Speaker("site/hq/ce1");
    for (const auto& r : ce->GetBestRoutes(*Ipv4Prefix::Parse("10.1.0.0/16")))
    {
        EXPECT_TRUE(Ipv4Prefix::Parse("192.168.10.0/29")->Contains(*r.attributes.nextHop));
    }
    EXPECT_EQ(ce->GetBestRoutes(*Ipv4Prefix::Parse("10.1.0.0/16")).size(), 2u);
    // The gateway does not learn the customer's public prefix (Microsoft peering has no VNets).
    auto gw = Speaker("vnet/v1/gateway");
    EXPECT_TRUE(gw->GetBestRoutes(*Ipv4Prefix::Parse("198.51.100.0/24")).empty());
    EXPECT_FALSE(gw->GetBestRoutes(*Ipv4Prefix::Parse("10.10.0.0/16")).empty());
}

// references.md §3 (RT): Microsoft removes private ASNs from the AS path of what it receives on
// Microsoft peering, so a customer with a private ASN (65010) cannot steer it with a prepend
// there; on private peering the path stays as sent.
TEST_F(MicrosoftPeeringTest, PrivateAsnsLeaveTheAsPathOnMicrosoftPeeringOnly)
{
    std::string json = MicrosoftScenario("Standard", R"(, "routeFilter": ["West Europe"], "prepend": 3)");
    json.replace(json.find(R"("vlan": 100)"), 11, R"("vlan": 100, "prepend": 2)");
    Run(json);
    for (const char* msee : {"msee/Frankfurt/primary", "msee/Frankfurt/secondary"})
    {
        const auto pub = Speaker(msee)->GetBestRoutes(*Ipv4Prefix::Parse("198.51.100.0/24"));
        ASSERT_EQ(pub.size(), 1u) << msee;
        EXPECT_EQ(pub[0].attributes.AsPathLength(), 0u) << msee << ": 65010 x 4, all removed";
        const auto site = Speaker(msee)->GetBestRoutes(*Ipv4Prefix::Parse("10.10.0.0/16"));
        ASSERT_EQ(site.size(), 1u) << msee;
        EXPECT_EQ(site[0].attributes.AsPathLength(), 3u) << msee << ": 65010 x 3 on private peering";
    }
}

TEST_F(MicrosoftPeeringTest, MseeIgnoresTheCustomersCommunities)
{
    m_topology = CreateObject<TopologyBuilder>()->Build(
        LoadText(MicrosoftScenario("Standard", R"(, "routeFilter": ["West Europe"])")),
        m_geography,
        m_backbone);
    auto ce = Speaker("site/hq/ce1");
    BgpPeerPolicy tagged;
    tagged.communities = {65010u << 16 | 777u};
    ce->SetPolicy(*ce->FindPeer("c1/primary/Microsoft"), tagged);
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    auto msee = Speaker("msee/Frankfurt/primary");
    auto best = msee->GetBestRoutes(*Ipv4Prefix::Parse("198.51.100.0/24"));
    ASSERT_EQ(best.size(), 1u);
    EXPECT_TRUE(best[0].attributes.communities.empty()) << "65010:777 was stripped on import";
}

// The same on private peering (references.md §3, RT: Microsoft ignores the communities the
// customer sets): the site's routes reach the MSEE and the VNet's gateway without them. Before,
// only Microsoft peering stripped them and 65010:777 reached the gateway.
TEST_F(MicrosoftPeeringTest, MseeIgnoresTheCustomersCommunitiesOnPrivatePeeringToo)
{
    m_topology = CreateObject<TopologyBuilder>()->Build(
        LoadText(MicrosoftScenario("Standard", R"(, "routeFilter": ["West Europe"])")),
        m_geography,
        m_backbone);
    auto ce = Speaker("site/hq/ce1");
    BgpPeerPolicy tagged;
    tagged.communities = {65010u << 16 | 777u};
    for (const char* peer : {"c1/primary/AzurePrivate", "c1/secondary/AzurePrivate"})
    {
        ce->SetPolicy(*ce->FindPeer(peer), tagged);
    }
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    const auto prefix = *Ipv4Prefix::Parse("10.10.0.0/16");
    for (const char* node : {"msee/Frankfurt/primary", "msee/Frankfurt/secondary", "vnet/v1/gateway"})
    {
        const auto best = Speaker(node)->GetBestRoutes(prefix);
        ASSERT_FALSE(best.empty()) << node;
        for (const auto& r : best)
        {
            EXPECT_TRUE(r.attributes.communities.empty()) << node << ": 65010:777 was stripped";
        }
    }
}
