// SPDX-License-Identifier: GPL-2.0-only
// The resilience analysis (doc/resilience.md): single points of failure of the default scenario
// and their fix, Metro, correlated failures, max-flow capacity, SKU-blocked alternatives, the
// backbone's bridges and 2-cuts, the Resiliency Insights index, the pruned enumeration against
// an exhaustive one, agreement with the topology's computed routes, and the command line.
#include "expressroute-resilience-test-fixture.h"
#include "expressroute-test-paths.h"

#include <map>

using namespace ns3;
using namespace ns3::expressroute;
using namespace ns3::expressroute::test;

TEST_F(ResilienceTest, DefaultScenarioDigestNamesAmsterdamAndLondonAsSinglePointsOfFailure)
{
    const Scenario scenario = LoadDefault();
    const auto a = Analyse(scenario);
    EXPECT_TRUE(Has(a.SinglePointsOf("amsterdam-dc"), "location/Amsterdam"));
    EXPECT_TRUE(Has(a.SinglePointsOf("frankfurt-hq"), "location/London"));
    EXPECT_FALSE(Has(a.SinglePointsOf("amsterdam-dc"), "location/London"));
    const std::string digest = a.Digest(scenario);
    EXPECT_NE(digest.find("Peering location Amsterdam: both links of circuit contoso-ams, "
                          "amsterdam-dc's only circuit, terminate there; losing it cuts "
                          "amsterdam-dc from hub-westeurope, app-uksouth. A second circuit at "
                          "another peering location removes this."),
              std::string::npos)
        << digest;
    EXPECT_NE(digest.find("Peering location London: both links of circuit contoso-lon"),
              std::string::npos)
        << digest;
    EXPECT_NE(digest.find("CE router site/amsterdam-dc/ce1"), std::string::npos) << digest;
    EXPECT_NE(digest.find("Provider colt"), std::string::npos) << digest;
    EXPECT_NE(digest.find("dr-eastus lives in East US behind one ExpressRoute gateway"),
              std::string::npos)
        << "a VNet's own gateway and region are inherent, not a circuit design flaw";
    // One circuit per site: no pair is redundant.
    for (const auto& s : a.result.baseline)
    {
        EXPECT_TRUE(s.reachable);
        EXPECT_FALSE(s.redundant);
    }
}

// A region fails as the simulator's RegionOutage fails it (doc/scenario.md): its VNets'
// gateways and VMs go down, its backbone router stays up, and with it the MSEEs attached to it
// and the transit through it. The default scenario's London MSEEs attach to UK South's router:
// the analysis called region/UK South a single point of failure cutting frankfurt-hq from
// hub-westeurope and dr-eastus, which a RegionOutage UK South run leaves at 0 % loss.
TEST_F(ResilienceTest, ARegionsFailureTakesItsVnetsNotThePeeringLocationsAttachedToIt)
{
    const Scenario scenario = LoadDefault();
    const auto a = Analyse(scenario, 2);
    for (const char* vnet : {"hub-westeurope", "dr-eastus"})
    {
        const auto s = a.After("frankfurt-hq", vnet, {"region/UK South"});
        EXPECT_TRUE(s.reachable) << vnet << ": London's MSEEs and UK South's router stay up";
        EXPECT_EQ(s.capacityToVnetBps, 1'000'000'000u) << vnet << ": contoso-lon's two links";
    }
    EXPECT_TRUE(a.After("amsterdam-dc", "app-uksouth", {"region/West Europe"}).reachable)
        << "Amsterdam's MSEEs attach to West Europe's router, which stays up";
    EXPECT_FALSE(a.After("frankfurt-hq", "app-uksouth", {"region/UK South"}).reachable)
        << "the VNet itself is gone";
    EXPECT_FALSE(a.After("amsterdam-dc", "hub-westeurope", {"region/West Europe"}).reachable);
    // It cuts only its own VNets' pairs (inherent): no site's single point of failure.
    const std::map<std::string, uint32_t> cuts{
        {"region/UK South", 2}, {"region/West Europe", 2}, {"region/East US", 1}};
    for (const auto& [region, pairs] : cuts)
    {
        EXPECT_EQ(a.result.singles[a.Element(region)].pairsCut, pairs) << region;
        EXPECT_FALSE(Has(a.SinglePointsOf("frankfurt-hq"), region)) << region;
        EXPECT_FALSE(Has(a.SinglePointsOf("amsterdam-dc"), region)) << region;
    }
    EXPECT_EQ(a.findings.singlePoints.size(), 6u)
        << "two CE routers, two locations, two providers; no region";
    EXPECT_EQ(a.Digest(scenario).find("Region "), std::string::npos) << a.Digest(scenario);
    // A failable region is one with VNets (RegionOutage refuses the others).
    uint32_t regions = 0;
    for (const auto& el : a.graph->GetElements())
    {
        regions += el.kind == ElementKind::Region ? 1 : 0;
    }
    EXPECT_EQ(regions, 3u) << "West Europe, UK South, East US";
    // Global Reach between the two sites crosses the routers of both regions and survives them.
    const auto sitePairs = BuildSitePairs(*a.graph);
    ASSERT_EQ(sitePairs.size(), 1u);
    const auto findings = FindSitePairFindings(*a.graph, sitePairs);
    for (const char* region : {"region/UK South", "region/West Europe"})
    {
        EXPECT_EQ(std::count(findings[0].cutBy.begin(), findings[0].cutBy.end(), a.Element(region)),
                  0)
            << findings[0].text;
    }
}

TEST_F(ResilienceTest, SecondCircuitAtAnotherPeeringLocationRemovesTheLocationSinglePoint)
{
    const Scenario scenario =
        LoadText(InsertAfter(DefaultScenarioJson(), "\"circuits\": [", kSecondAmsterdamCircuit));
    const auto a = Analyse(scenario);
    const auto spofs = a.SinglePointsOf("amsterdam-dc");
    EXPECT_FALSE(Has(spofs, "location/Amsterdam")) << "contoso-ams2 at London2 survives it";
    EXPECT_FALSE(Has(spofs, "provider/equinix")) << "contoso-ams2 runs through colt";
    EXPECT_FALSE(Has(spofs, "region/West Europe")) << "London2 attaches to UK South";
    EXPECT_TRUE(Has(spofs, "site/amsterdam-dc/ce1")) << "one CE router is still one";
    EXPECT_TRUE(Has(a.SinglePointsOf("frankfurt-hq"), "location/London"));
    const auto s = a.After("amsterdam-dc", "hub-westeurope", {"location/Amsterdam"});
    EXPECT_TRUE(s.reachable);
    EXPECT_EQ(s.capacityToVnetBps, 2000000000u) << "contoso-ams2's two 1 Gbps links, ErGw2Az cap";
    EXPECT_EQ(a.Digest(scenario).find("Peering location Amsterdam"), std::string::npos);
}

TEST_F(ResilienceTest, MetroCircuitSurvivesTheLossOfOneOfItsLocations)
{
    const Scenario scenario = LoadScenarioFile(
        EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/metro-amsterdam.json", m_geography);
    const auto a = Analyse(scenario);
    const auto base = a.result.baseline[a.Pair("amsterdam-dc", "hub-westeurope")];
    EXPECT_FALSE(base.redundant) << "one circuit: its provider is common to both links";
    EXPECT_EQ(base.capacityToVnetBps, 2000000000u);
    for (const char* location : {"location/Amsterdam", "location/Amsterdam2"})
    {
        const auto s = a.After("amsterdam-dc", "hub-westeurope", {location});
        EXPECT_TRUE(s.reachable) << location;
        EXPECT_FALSE(s.redundant) << "one link left after losing " << location;
        EXPECT_EQ(s.capacityToVnetBps, 1000000000u) << "one 1 Gbps link left";
    }
    EXPECT_FALSE(
        a.After("amsterdam-dc", "hub-westeurope", {"location/Amsterdam", "location/Amsterdam2"})
            .reachable);
    EXPECT_TRUE(a.SinglePointsOf("amsterdam-dc") ==
                (std::vector<std::string>{"provider/equinix"}))
        << "only the provider of the single circuit remains a single point";
}

TEST_F(ResilienceTest, CapacityIsTheCircuitBandwidthPerSurvivingLinkCappedByTheGateway)
{
    // 200 Mbps circuit, ErGw1Az (1 Gbps): both links 400 Mbps, one link 200 Mbps (references.md §2).
    auto a = Analyse(LoadText(SmallScenario()));
    EXPECT_EQ(a.result.baseline[0].capacityToVnetBps, 400000000u);
    EXPECT_EQ(a.After("hq", "v1", {"circuit/c1/primary"}).capacityToVnetBps, 200000000u);
    EXPECT_EQ(a.After("hq", "v1", {"msee/Frankfurt/secondary"}).capacityFromVnetBps, 200000000u);
    // 1 Gbps circuit behind ErGw1Az: the gateway caps both links' 2 Gbps at 1 Gbps.
    a = Analyse(LoadText(SmallScenario("1Gbps")));
    EXPECT_EQ(a.result.baseline[0].capacityToVnetBps, 1000000000u);
    EXPECT_EQ(a.After("hq", "v1", {"circuit/c1/primary"}).capacityToVnetBps, 1000000000u);
    // FastPath (UltraPerformance, 10 Gbps) bypasses the gateway towards the VNet only.
    a = Analyse(
        LoadText(SmallScenario("10Gbps", R"({"sku": "UltraPerformance", "fastPath": true})")));
    EXPECT_EQ(a.result.baseline[0].capacityToVnetBps, 20000000000u);
    EXPECT_EQ(a.result.baseline[0].capacityFromVnetBps, 10000000000u);
}

TEST_F(ResilienceTest, PeeringLocationFailureTakesBothMseesAndEveryCircuitLinkThere)
{
    const auto a = Analyse(LoadDefault());
    const auto location = a.After("frankfurt-hq", "hub-westeurope", {"location/London"});
    const auto msees =
        a.After("frankfurt-hq", "hub-westeurope", {"msee/London/primary", "msee/London/secondary"});
    EXPECT_FALSE(location.reachable);
    EXPECT_EQ(location, msees);
    const auto one = a.After("frankfurt-hq", "hub-westeurope", {"msee/London/primary"});
    EXPECT_TRUE(one.reachable) << "the secondary MSEE carries on";
    EXPECT_EQ(one.capacityToVnetBps, 500000000u);
    EXPECT_TRUE(a.After("amsterdam-dc", "hub-westeurope", {"location/London"}).reachable);
}

TEST_F(ResilienceTest, ProviderFailureTakesEveryCircuitThroughIt)
{
    // frankfurt-hq with a second circuit at Frankfurt: no location is a single point, but with
    // both circuits through colt the provider is.
    std::string second = kSecondFrankfurtCircuit;
    second.replace(second.find("\"att\""), 5, "\"colt\"");
    auto a = Analyse(LoadText(InsertAfter(DefaultScenarioJson(), "\"circuits\": [", second)));
    auto spofs = a.SinglePointsOf("frankfurt-hq", "hub-westeurope");
    EXPECT_TRUE(Has(spofs, "provider/colt"));
    EXPECT_FALSE(Has(spofs, "location/London"));
    EXPECT_FALSE(Has(spofs, "location/Frankfurt"));
    // Through a second provider the provider single point is gone.
    a = Analyse(LoadText(TwoCircuitDefault()));
    spofs = a.SinglePointsOf("frankfurt-hq", "hub-westeurope");
    EXPECT_FALSE(Has(spofs, "provider/colt"));
    EXPECT_FALSE(Has(spofs, "provider/att"));
    EXPECT_NE(a.graph->FindElement("pe/att/contoso-fra/primary"), kNoIndex)
        << "a Layer3 provider's PEs can fail";
}

TEST_F(ResilienceTest, SurvivingStandardCircuitIsReportedAsSkuBlockedForAnotherGeography)
{
    const auto a = Analyse(LoadText(TwoCircuitDefault()));
    // Losing London cuts frankfurt-hq from dr-eastus (only contoso-lon, Premium, links it);
    // contoso-fra survives but is Standard in Europe.
    const auto s = a.After("frankfurt-hq", "dr-eastus", {"location/London"});
    EXPECT_FALSE(s.reachable);
    EXPECT_EQ(s.alternative, Alternative::UpgradeTier);
    EXPECT_EQ(a.graph->GetCircuits()[s.alternativeCircuit].name, "contoso-fra");
    const auto& single = a.result.singles[a.Element("location/London")];
    EXPECT_EQ(single.pairsCut, 1u);
    EXPECT_EQ(single.pairsSkuBlocked, 1u);
    bool mentioned = false;
    for (const auto& line : a.findings.alternatives)
    {
        mentioned = mentioned || (line.find("contoso-fra survives") != std::string::npos &&
                                  line.find("Premium") != std::string::npos);
    }
    EXPECT_TRUE(mentioned) << "the digest says Premium would keep the pair up";
}

TEST_F(ResilienceTest, NotProvisionedCircuitCarriesNothing)
{
    const Scenario scenario = LoadText(SmallScenario(
        "200Mbps", R"({"sku": "ErGw1Az"})", R"( "provisioningState": "NotProvisioned",)"));
    const auto a = Analyse(scenario);
    ASSERT_EQ(a.graph->GetPairs().size(), 1u);
    EXPECT_FALSE(a.result.baseline[0].reachable);
    EXPECT_TRUE(a.findings.singlePoints.empty()) << "nothing to cut";
    EXPECT_EQ(ComputeResiliencyScores(scenario)[0].route, RouteResiliency::None);
}

TEST_F(ResilienceTest, BackboneBridgeIsASinglePointAndARingNeedsTwoCuts)
{
    // A backbone of four regions. Site hq has circuits at Frankfurt (attached to Germany West
    // Central) and Amsterdam (West Europe); its VNet is in UK South.
    // Two CE routers and two providers, so that only the backbone can make a single point.
    std::string json = InsertAfter(SmallScenario("1Gbps"), "\"circuits\": [", R"(
    {"name": "c2", "site": "hq", "provider": "prov2", "peeringLocation": "Amsterdam",
     "tier": "Standard", "bandwidth": "1Gbps",
     "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.8/29", "vlan": 20}],
     "vnetLinks": [{"vnet": "v1"}]},)");
    json = InsertAfter(json,
                       "\"providers\": [",
                       R"({"name": "prov2", "kind": "PointToPointEthernet"},)");
    json = InsertAfter(json, "\"prefixes\": [\"10.10.0.0/16\"]", R"(, "ceRouters": 2)");
    std::string text = json;
    text.replace(text.find("Germany West Central\", \"addressSpace"), 20, "UK South");
    const Scenario scenario = LoadText(text);
    auto backbone = [](bool ring) {
        auto b = CreateObject<Backbone>();
        for (const char* r : {"Germany West Central", "West Europe", "UK South", "North Europe"})
        {
            b->AddRouter(r, MilliSeconds(1));
        }
        b->AddLink("Germany West Central", "West Europe", MilliSeconds(4), "terrestrial");
        b->AddLink("West Europe", "UK South", MilliSeconds(4), "terrestrial");
        if (ring)
        {
            b->AddLink("UK South", "North Europe", MilliSeconds(4), "terrestrial");
            b->AddLink("North Europe", "Germany West Central", MilliSeconds(4), "terrestrial");
        }
        return b;
    };
    // A chain: West Europe--UK South carries both circuits: a bridge, a single point.
    ResilienceGraph chain(scenario, m_geography, backbone(false));
    ResilienceAnalysis chainAnalysis(chain);
    auto result = chainAnalysis.Run(1);
    auto findings = FindResilienceFindings(chain, chainAnalysis, result);
    std::vector<std::string> spofs;
    for (const auto& s : findings.singlePoints)
    {
        spofs.push_back(chain.GetElements()[s.element].name);
    }
    EXPECT_TRUE(Has(spofs, "backbone/West Europe--UK South"));
    EXPECT_FALSE(Has(spofs, "backbone/Germany West Central--West Europe"));
    EXPECT_EQ(chain.FindElement("region/West Europe"), kNoIndex)
        << "the transit of both circuits, but no VNet there: a region's outage leaves its router";
    // A ring: no single backbone failure cuts; the two links of UK South together do.
    ResilienceGraph ring(scenario, m_geography, backbone(true));
    ResilienceAnalysis ringAnalysis(ring);
    result = ringAnalysis.Run(2);
    findings = FindResilienceFindings(ring, ringAnalysis, result);
    EXPECT_TRUE(result.baseline[0].redundant);
    for (const auto& s : findings.singlePoints)
    {
        EXPECT_NE(ring.GetElements()[s.element].kind, ElementKind::BackboneLink)
            << ring.GetElements()[s.element].name;
    }
    const uint32_t weUk = ring.FindElement("backbone/West Europe--UK South");
    const uint32_t ukNe = ring.FindElement("backbone/UK South--North Europe");
    const auto both = ringAnalysis.Evaluate(0, {weUk, ukNe});
    EXPECT_FALSE(both.reachable);
    bool listed = false;
    for (const auto& g : findings.worstDoubles)
    {
        for (const auto& set : g.sets)
        {
            listed = listed ||
                     set == std::vector<uint32_t>{std::min(weUk, ukNe), std::max(weUk, ukNe)};
        }
    }
    EXPECT_TRUE(listed) << "the two links of UK South are a worst double failure";
    // Losing Amsterdam leaves one circuit: reachable, no longer redundant.
    EXPECT_EQ(result.singles[ring.FindElement("location/Amsterdam")].pairsUnredundant, 1u);
    const auto afterLink =
        ringAnalysis.Evaluate(0, {ring.FindElement("backbone/Germany West Central--West Europe")});
    EXPECT_TRUE(afterLink.redundant) << "each circuit still has its own way round the ring";
}

TEST_F(ResilienceTest, BackboneViewSeparatorsMatchABruteForceSearch)
{
    // The cut elements (bridges) from Boost's biconnected_components against removing each
    // backbone link in turn and searching the rest, on the real backbone with nothing, one or two
    // links already failed.
    const ResilienceGraph g(LoadDefault(), m_geography, m_backbone);
    std::vector<uint32_t> backbone;
    for (uint32_t e = 0; e < g.GetElements().size(); ++e)
    {
        if (g.GetElements()[e].IsBackbone())
        {
            backbone.push_back(e);
        }
    }
    std::vector<std::vector<uint32_t>> sets{{}};
    for (std::size_t i = 0; i < backbone.size(); i += 6)
    {
        sets.push_back({backbone[i]});
        if (i + 40 < backbone.size())
        {
            sets.push_back({backbone[i], backbone[i + 40]});
        }
    }
    const uint32_t regions = g.GetRegions().size();
    std::size_t checked = 0;
    for (const auto& failed : sets)
    {
        const BackboneView view = g.ViewWithout(failed);
        std::vector<std::vector<int32_t>> without(backbone.size());
        for (std::size_t k = 0; k < backbone.size(); ++k)
        {
            auto more = failed;
            more.push_back(backbone[k]);
            without[k] = g.ViewWithout(more).component;
        }
        for (uint32_t a = 0; a < regions; a += 3)
        {
            for (uint32_t b = a + 1; b < regions; b += 2)
            {
                if (!view.Connected(a, b))
                {
                    continue;
                }
                std::vector<uint32_t> expected;
                for (std::size_t k = 0; k < backbone.size(); ++k)
                {
                    const uint32_t y = backbone[k];
                    const bool down = std::find(failed.begin(), failed.end(), y) != failed.end();
                    if (!down && without[k][a] != without[k][b])
                    {
                        expected.push_back(y);
                    }
                }
                std::vector<uint32_t> got;
                view.AppendSeparators(a, b, got);
                EXPECT_EQ(got, expected)
                    << g.GetRegions()[a].name << " to " << g.GetRegions()[b].name;
                ++checked;
            }
        }
    }
    EXPECT_GT(checked, 10000u);
}

TEST_F(ResilienceTest, DepthTwoCountsEverySingleAndEveryPair)
{
    const auto a = Analyse(LoadDefault(), 2);
    const uint64_t n = a.graph->GetElements().size();
    EXPECT_EQ(a.result.failureSets, n + n * (n - 1) / 2);
    EXPECT_EQ(a.result.doubleSets, n * (n - 1) / 2);
    EXPECT_EQ(a.result.singles.size(), n);
    EXPECT_EQ(ResilienceAnalysis::SetNumber(4, {0}), 1u);
    EXPECT_EQ(ResilienceAnalysis::SetNumber(4, {0, 1}), 5u);
    EXPECT_EQ(ResilienceAnalysis::SetNumber(4, {1, 2}), 8u);
    EXPECT_EQ(ResilienceAnalysis::SetNumber(4, {2, 3}), 10u) << "the last of 4 + 6 sets";
}

TEST_F(ResilienceTest, PrunedEnumerationMatchesExhaustiveEvaluation)
{
    // Every single and double failure of a small generated topology and of the two-circuit
    // default, evaluated on every pair without pruning, against the pruned enumeration.
    test::GeneratedSize size;
    size.locations = 12;
    size.circuits = 14;
    size.vnets = 12;
    size.sites = 7;
    size.providers = 5; // the fifth is a Layer3 IPVPN: PEs
    for (const Scenario& scenario :
         {LoadText(test::GenerateResilienceScenarioJson(size, m_geography)),
          LoadText(TwoCircuitDefault()), LoadExample("chicago-dallas", m_geography),
          LoadExample("global-reach-vs-vpn", m_geography)})
    {
        const auto a = Analyse(scenario, 2);
        const auto& elements = a.graph->GetElements();
        const std::size_t n = elements.size();
        auto single = [&](uint32_t e) {
            std::vector<PairState> s = a.result.baseline;
            for (const auto& eff : a.result.singles[e].effects)
            {
                s[eff.pair] = eff.state;
            }
            return s;
        };
        std::vector<std::vector<PairState>> singles;
        for (uint32_t e = 0; e < n; ++e)
        {
            singles.push_back(single(e));
            ASSERT_EQ(a.analysis->EvaluateAll({e}), singles.back()) << elements[e].name;
        }
        std::size_t next = 0;
        std::size_t mismatches = 0;
        for (uint32_t e = 0; e < n; ++e)
        {
            for (uint32_t f = e + 1; f < n; ++f)
            {
                const auto exact = a.analysis->EvaluateAll({e, f});
                const FailureSetResult* compound = nullptr;
                if (next < a.result.compoundDoubles.size() &&
                    a.result.compoundDoubles[next].elements == std::vector<uint32_t>{e, f})
                {
                    compound = &a.result.compoundDoubles[next++];
                }
                for (uint32_t p = 0; p < exact.size(); ++p)
                {
                    const PairEffect* listed = nullptr;
                    for (std::size_t k = 0; compound && k < compound->effects.size(); ++k)
                    {
                        listed = compound->effects[k].pair == p ? &compound->effects[k] : listed;
                    }
                    const bool ok = listed ? listed->state == exact[p]
                                           : exact[p] == singles[e][p] || exact[p] == singles[f][p];
                    if (!ok && ++mismatches <= 5)
                    {
                        ADD_FAILURE() << elements[e].name << " + " << elements[f].name
                                      << ": pair " << p << " differs from the enumeration";
                    }
                }
            }
        }
        EXPECT_EQ(next, a.result.compoundDoubles.size()) << "compound doubles in order";
        EXPECT_EQ(mismatches, 0u);
    }
}

TEST_F(ResilienceTest, SingleFailuresAgreeWithTheTopologysComputedRoutes)
{
    // Every single failure (and a sample of doubles) of the default scenario and of a variant
    // with a second circuit per site (one through a Layer3 provider): fail the element's links
    // in the RouteComputer's link filter, recompute the static routes and trace site host <->
    // VNet VM both ways. (Against the BGP control plane once the what-if engine runs failures.)
    for (const std::string& json : {std::string(DefaultScenarioJson()), TwoCircuitDefault()})
    {
        const Scenario scenario = LoadText(json);
        const auto a = Analyse(scenario);
        // The static control plane: shortest-path routes honouring a link filter, no BGP.
        auto builder =
            CreateObjectWithAttributes<TopologyBuilder>("ControlPlane", StringValue("Static"));
        auto topology = builder->Build(scenario, m_geography, m_backbone);
        const auto& links = topology->GetLinks();
        auto incident = [&](const std::string& node, std::set<std::size_t>& out) {
            const uint32_t id = topology->GetNode(node)->GetId();
            for (std::size_t l = 0; l < links.size(); ++l)
            {
                if (links[l].nodeA == id || links[l].nodeB == id)
                {
                    out.insert(l);
                }
            }
        };
        auto linksOf = [&](uint32_t e, std::set<std::size_t>& out) {
            const auto& el = a.graph->GetElements()[e];
            switch (el.kind)
            {
            case ElementKind::CircuitLink:
            case ElementKind::BackboneLink:
                out.insert(*topology->FindLink(el.name));
                break;
            case ElementKind::PeeringLocation:
                for (const char* role : {"/primary", "/secondary"})
                {
                    incident("msee/" + a.graph->GetLocations()[el.index].name + role, out);
                }
                break;
            case ElementKind::Provider:
                for (const auto& c : a.graph->GetCircuits())
                {
                    for (std::size_t l = 0; l < links.size(); ++l)
                    {
                        if (c.provider == el.index && links[l].circuit == c.name)
                        {
                            out.insert(l);
                        }
                    }
                }
                break;
            case ElementKind::Region:
                // RegionOutage's links: its VNets' gateways and VMs, not its backbone router.
                for (const auto& v : a.graph->GetVnets())
                {
                    if (v.region != el.index)
                    {
                        continue;
                    }
                    auto vnet = topology->GetVnet(v.name);
                    incident(topology->GetNodeName(vnet->GetGateway()->GetNode()->GetId()), out);
                    for (const auto& host : vnet->GetHosts())
                    {
                        incident(topology->GetNodeName(host->GetId()), out);
                    }
                }
                break;
            default: // CE, PE, MSEE, gateway: the node by the element's name
                incident(el.name, out);
            }
        };
        std::size_t compared = 0;
        std::size_t cut = 0;
        auto check = [&](const std::vector<uint32_t>& failed) {
            std::set<std::size_t> down;
            std::string names;
            for (uint32_t e : failed)
            {
                linksOf(e, down);
                names += a.graph->GetElements()[e].name + " ";
            }
            auto routes = CreateObject<RouteComputer>();
            routes->SetLinkFilter([&down](std::size_t l) { return down.count(l) == 0; });
            routes->Compute(topology, builder->GetRouteTargets());
            const auto states = a.analysis->EvaluateAll(failed);
            for (uint32_t p = 0; p < a.graph->GetPairs().size(); ++p)
            {
                const auto& pair = a.graph->GetPairs()[p];
                const std::string site = a.graph->GetSites()[pair.site].name;
                const std::string vnet = a.graph->GetVnets()[pair.vnet].name;
                const Endpoint host = ResolveEndpoint(topology, site);
                const Endpoint vm = ResolveEndpoint(topology, vnet);
                const auto there = topology->TracePath(host.node->GetId(),
                                                       host.address,
                                                       vm.address,
                                                       17,
                                                       50000,
                                                       5001);
                const auto back = topology->TracePath(vm.node->GetId(),
                                                      vm.address,
                                                      host.address,
                                                      17,
                                                      5001,
                                                      50000);
                const bool simulated = there.back() == "vnet/" + vnet + "/vm1" &&
                                       back.back() == "site/" + site + "/host1";
                ++compared;
                cut += simulated ? 0 : 1;
                EXPECT_EQ(states[p].reachable, simulated)
                    << scenario.name << ": " << names << "-> " << site << " to " << vnet;
            }
        };
        const std::size_t n = a.graph->GetElements().size();
        for (uint32_t e = 0; e < n; ++e)
        {
            check({e});
        }
        for (uint32_t e = 0; e < n; e += 7)
        {
            for (uint32_t f = e + 1; f < n; f += 13)
            {
                check({e, f});
            }
        }
        EXPECT_GT(compared, 1000u) << scenario.name;
        EXPECT_GT(cut, 50u) << scenario.name << ": failures that cut pairs were compared too";
    }
}

TEST(ResiliencyScore, TwoLocationsScoreTwentyAndSingleLocationFive)
{
    const auto scores = ComputeResiliencyScores(
        LoadScenarioString(DefaultScenarioJson(), "default", test::TestGeography()));
    ASSERT_EQ(scores.size(), 3u);
    EXPECT_EQ(scores[0].vnet, "hub-westeurope");
    EXPECT_EQ(scores[0].route, RouteResiliency::TwoLocations) << "Amsterdam and London";
    EXPECT_EQ(scores[0].index, 30) << "20 x 1 + 10 (ErGw2Az zone-redundant) + 0 (Advisor)";
    EXPECT_EQ(scores[0].maxIndex, 100) << "20 x 4 + 10 + 10";
    EXPECT_EQ(scores[2].vnet, "dr-eastus");
    EXPECT_EQ(scores[2].route, RouteResiliency::SingleLocation) << "London only";
    EXPECT_EQ(scores[2].index, 15);
    EXPECT_EQ(scores[2].maxIndex, 25) << "validation needs two locations: no multiplier";
}

TEST(ResiliencyScore, MetroCircuitScoresTen)
{
    const auto scores = ComputeResiliencyScores(LoadScenarioFile(
        EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/metro-amsterdam.json", test::TestGeography()));
    ASSERT_EQ(scores.size(), 1u);
    EXPECT_EQ(scores[0].route, RouteResiliency::Metro);
    EXPECT_EQ(scores[0].index, 20);
    EXPECT_EQ(scores[0].maxIndex, 30) << "Resiliency Validation does not support Metro";
}

TEST(ResiliencyScore, GatewayZoneScoresFollowResiliencyInsights)
{
    EXPECT_EQ(GatewayZoneScore(ErGatewaySku::Standard, 1), 0);
    EXPECT_EQ(GatewayZoneScore(ErGatewaySku::HighPerformance, 1), 0);
    EXPECT_EQ(GatewayZoneScore(ErGatewaySku::UltraPerformance, 1), 2);
    EXPECT_EQ(GatewayZoneScore(ErGatewaySku::ErGw1Az, 1), 10);
    EXPECT_EQ(GatewayZoneScore(ErGatewaySku::ErGwScale, 4), 8);
    EXPECT_EQ(GatewayZoneScore(ErGatewaySku::ErGwScale, 5), 10);
}

TEST(ResiliencyScore, FailedCircuitLinkZeroesTheRouteScore)
{
    const auto scores = ComputeResiliencyScores(
        LoadScenarioString(DefaultScenarioJson(), "default", test::TestGeography()),
        {"circuit/contoso-lon/primary"});
    for (const auto& s : scores)
    {
        EXPECT_TRUE(s.linkFailed) << s.vnet << " is linked to contoso-lon";
        EXPECT_EQ(s.routeScore, 0);
        EXPECT_EQ(s.index, 10) << "only the zone score is left";
    }
}
