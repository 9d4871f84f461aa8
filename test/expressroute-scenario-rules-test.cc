// SPDX-License-Identifier: GPL-2.0-only
// ExpressRoute's rules as enforced by the scenario loader: for each rule a scenario that keeps it
// (test/scenarios/valid/) and one that breaks it (test/scenarios/invalid/), asserting the exact
// JSON path and the key words of the message. The real geography of data/ is used.

#include "expressroute-limits.h"
#include "expressroute-scenario-test-util.h"

namespace ns3
{
namespace expressroute
{
namespace test
{
namespace
{

// Rule 1: SKU scope of VNet links (references.md §1).

TEST(ScenarioRules, LocalStandardAndPremiumLinkWithinTheirScope)
{
    EXPECT_TRUE(Loads("valid/sku-scope.json"));
}

TEST(ScenarioRules, StandardCircuitCannotLinkAcrossGeopoliticalRegions)
{
    EXPECT_TRUE(FailsWith("invalid/standard-cross-geo.json",
                          {{"/circuits/0/vnetLinks/0",
                            {"Standard circuit at Amsterdam (Europe) cannot link a VNet in East US "
                             "(North America): needs Premium"}}}));
}

TEST(ScenarioRules, LocalCircuitLinksOnlyItsLocalRegion)
{
    EXPECT_TRUE(FailsWith("invalid/local-outside-local-region.json",
                          {{"/circuits/0/vnetLinks/0",
                            {"Local circuit at Amsterdam", "(West Europe)", "North Europe"}}}));
}

TEST(ScenarioRules, LocalTierIsNotOfferedWhereTheLocationHasNoLocalRegion)
{
    EXPECT_TRUE(
        FailsWith("invalid/local-not-offered.json",
                  {{"/circuits/0/tier", {"Local is not offered at Atlanta", "no Local region"}}}));
}

// Rule 2: VNet links per circuit; Global Reach connections count too (references.md §1, LIM).

TEST(ScenarioRules, VnetLinksUpToTheLimitIncludingGlobalReachAreAccepted)
{
    EXPECT_TRUE(Loads("valid/vnet-links-at-limit.json"));
}

TEST(ScenarioRules, VnetLinksBeyondTheLimitCountGlobalReach)
{
    EXPECT_TRUE(FailsWith("invalid/too-many-vnet-links.json",
                          {{"/circuits/0/vnetLinks",
                            {"10 VNet links and 1 Global Reach connection exceed",
                             "exceed the 10 links a Standard 1Gbps circuit allows",
                             "Premium allows 50"}}}));
}

// Rule 3: circuits from different peering locations per gateway, by SKU (references.md §1, GW).

TEST(ScenarioRules, GatewayAcceptsCircuitsFromAsManyLocationsAsItsSkuAllows)
{
    EXPECT_TRUE(Loads("valid/gateway-circuits-at-limit.json"));
}

TEST(ScenarioRules, GatewayRefusesCircuitsFromMoreLocationsThanItsSkuAllows)
{
    EXPECT_TRUE(FailsWith("invalid/gateway-too-many-locations.json",
                          {{"/vnets/0/gateway/sku",
                            {"circuits from 5 peering locations",
                             "Amsterdam, London, Frankfurt, Paris, Dublin",
                             "ErGw1Az gateway accepts circuits from at most 4"}}}));
}

// Rule 4: at most 4 circuits from one peering location per VNet (references.md §1, LIM).

TEST(ScenarioRules, FourCircuitsFromOneLocationMayLinkOneVnet)
{
    EXPECT_TRUE(Loads("valid/same-location-at-limit.json"));
}

TEST(ScenarioRules, FifthCircuitFromOneLocationCannotLinkTheSameVnet)
{
    EXPECT_TRUE(FailsWith(
        "invalid/same-location-too-many.json",
        {{"/circuits/4/vnetLinks/0", {"more than 4 circuits at Amsterdam link VNet 'hub'"}}}));
}

// Rule 5: Global Reach (references.md §1 and §7).

TEST(ScenarioRules, GlobalReachAcrossLocationsAndWithPremiumAcrossRegionsIsAccepted)
{
    EXPECT_TRUE(Loads("valid/global-reach.json"));
}

TEST(ScenarioRules, GlobalReachNeedsDifferentPeeringLocations)
{
    EXPECT_TRUE(FailsWith(
        "invalid/global-reach-same-location.json",
        {{"/globalReach/0/circuits", {"different peering locations", "both at Amsterdam"}}}));
}

TEST(ScenarioRules, GlobalReachAcrossGeopoliticalRegionsNeedsPremiumOnBoth)
{
    EXPECT_TRUE(FailsWith("invalid/global-reach-cross-geo-standard.json",
                          {{"/globalReach/0/circuits",
                            {"Amsterdam (Europe) and Washington DC (North America)",
                             "needs Premium on both circuits",
                             "'ams' is Standard"}}}));
}

TEST(ScenarioRules, GlobalReachIsNotAvailableOnLocalCircuits)
{
    EXPECT_TRUE(FailsWith(
        "invalid/global-reach-local.json",
        {{"/globalReach/0/circuits/0", {"not available on Local circuits", "'ams-local'"}}}));
}

TEST(ScenarioRules, GlobalReachNeedsPrivatePeeringOnBothCircuits)
{
    EXPECT_TRUE(FailsWith("invalid/global-reach-no-private-peering.json",
                          {{"/globalReach/0/circuits/1", {"'lon' has no AzurePrivate peering"}}}));
}

// Rule 6: offered bandwidths; ExpressRoute Direct (references.md §2).

TEST(ScenarioRules, OfferedBandwidthsAreAccepted)
{
    EXPECT_TRUE(Loads("valid/bandwidths.json"));
}

TEST(ScenarioRules, ProviderBandwidthMustBeOffered)
{
    EXPECT_TRUE(FailsWith("invalid/bandwidth-not-offered.json",
                          {{"/circuits/0/bandwidth",
                            {"3Gbps is not offered on provider circuits",
                             "50Mbps, 100Mbps, 200Mbps, 500Mbps, 1Gbps, 2Gbps, 5Gbps, 10Gbps"}}}));
}

TEST(ScenarioRules, DirectBandwidthMustBeOffered)
{
    EXPECT_TRUE(FailsWith("invalid/direct-bandwidth-not-offered.json",
                          {{"/circuits/0/bandwidth",
                            {"500Mbps is not offered on ExpressRoute Direct circuits",
                             "1Gbps, 2Gbps, 5Gbps, 10Gbps, 40Gbps, 100Gbps"}}}));
}

TEST(ScenarioRules, DirectNeedsAnErDirectLocation)
{
    EXPECT_TRUE(FailsWith("invalid/direct-without-er-direct.json",
                          {{"/circuits/0/peeringLocation",
                            {"ExpressRoute Direct ports are not offered at Washington DC2"}}}));
}

// Rule 7: unknown places.

TEST(ScenarioRules, UnknownRegionSuggestsTheClosestName)
{
    EXPECT_TRUE(FailsWith(
        "invalid/unknown-region.json",
        {{"/vnets/0/region", {"unknown region 'West Eurpe'; did you mean 'West Europe'?"}}}));
}

TEST(ScenarioRules, UnknownPeeringLocationSuggestsTheClosestName)
{
    EXPECT_TRUE(FailsWith("invalid/unknown-peering-location.json",
                          {{"/circuits/0/peeringLocation",
                            {"unknown peering location 'amsterdm'; did you mean 'Amsterdam'?"}}}));
}

// Rule 8: unique names.

TEST(ScenarioRules, DuplicateNamesAreRefused)
{
    EXPECT_TRUE(FailsWith(
        "invalid/duplicate-circuit-names.json",
        {{"/circuits/1/name", {"duplicate circuit name 'ams'", "the first is at /circuits/0"}}}));
}

TEST(ScenarioRules, SiteAndVnetCannotShareAName)
{
    EXPECT_TRUE(
        FailsWith("invalid/site-vnet-same-name.json",
                  {{"/vnets/0/name", {"'ams-dc' is also the name of the site at /sites/0"}}}));
}

// Rule 9: peerings (references.md §3 and §5).

TEST(ScenarioRules, MicrosoftPeeringWithPublicAddressesIsAccepted)
{
    EXPECT_TRUE(Loads("valid/microsoft-peering.json"));
}

TEST(ScenarioRules, AzurePublicPeeringIsRefused)
{
    EXPECT_TRUE(FailsWith("invalid/azure-public-peering.json",
                          {{"/circuits/0/peerings/1/type",
                            {"AzurePublic peering is deprecated and disabled on new circuits",
                             "use type \"Microsoft\""}}}));
}

TEST(ScenarioRules, MicrosoftPeeringRefusesRfc1918Prefixes)
{
    EXPECT_TRUE(FailsWith("invalid/microsoft-peering-private-prefix.json",
                          {{"/circuits/0/peerings/1/advertisedPublicPrefixes/1",
                            {"172.16.5.0/24 is RFC 1918 private space"}}}));
}

TEST(ScenarioRules, RouteFilterRulesAreRegionsServicesOrMicrosoftCommunities)
{
    EXPECT_TRUE(FailsWith(
        "invalid/microsoft-peering-route-filter.json",
        {{"/circuits/0/peerings/0/routeFilter", {"routeFilter applies to Microsoft peering only"}},
         {"/circuits/0/peerings/1/routeFilter/0",
          {"unknown route-filter rule 'West Europ'", "did you mean 'West Europe'?"}},
         {"/circuits/0/peerings/1/routeFilter/1",
          {"unknown route-filter rule '12076:65000'", "a Microsoft community such as"}}}));
}

// Rule 10: address plan.

TEST(ScenarioRules, DisjointAddressPlanIsAccepted)
{
    EXPECT_TRUE(Loads("valid/address-plan.json"));
}

TEST(ScenarioRules, OverlappingAddressBlocksNameBothPaths)
{
    EXPECT_TRUE(FailsWith("invalid/overlapping-address-space.json",
                          {{"/vnets/0/addressSpace/0",
                            {"VNet address space 10.1.0.0/16 overlaps site prefix 10.0.0.0/8 at "
                             "/sites/0/prefixes/0"}}}));
}

TEST(ScenarioRules, DefaultInfrastructurePrefixMustNotOverlap)
{
    EXPECT_TRUE(FailsWith("invalid/overlaps-default-infrastructure.json",
                          {{"/sites/0/prefixes/1",
                            {"100.64.1.0/24 overlaps infrastructure prefix 100.64.0.0/10 (the "
                             "default"}}}));
}

TEST(ScenarioRules, PeeringSubnetsMustNotOverlap)
{
    EXPECT_TRUE(FailsWith("invalid/overlapping-peering-subnets.json",
                          {{"/circuits/1/peerings/0/subnet",
                            {"peering subnet 192.168.100.0/29 overlaps peering subnet "
                             "192.168.100.0/29 at /circuits/0/peerings/0/subnet"}}}));
}

// Rule 11: references.

TEST(ScenarioRules, UnknownReferencesSuggestTheClosestName)
{
    EXPECT_TRUE(
        FailsWith("invalid/unknown-references.json",
                  {{"/circuits/0/site", {"unknown site 'ams-dcc'; did you mean 'ams-dc'?"}},
                   {"/circuits/0/provider", {"unknown provider 'equinx'; did you mean 'equinix'?"}},
                   {"/circuits/0/vnetLinks/0/vnet", {"unknown VNet 'hubb'; did you mean 'hub'?"}},
                   {"/probes/0/vnet", {"unknown VNet 'spoke'"}},
                   {"/traffic/0/from", {"unknown site or VNet 'ams-d'; did you mean 'ams-dc'?"}}}));
}

// Rule 14: probes and traffic need a path.

TEST(ScenarioRules, ConnectedProbesAndTrafficAreAccepted)
{
    EXPECT_TRUE(Loads("valid/reachability.json"));
}

TEST(ScenarioRules, ProbeNeedsACircuitLinkOrVpn)
{
    EXPECT_TRUE(FailsWith("invalid/probe-unreachable.json",
                          {{"/probes/0",
                            {"site 'ams-dc' has no circuit linking VNet 'spoke' and no VPN "
                             "connection",
                             "the probe could never succeed"}}}));
}

TEST(ScenarioRules, TrafficNeedsAPathBetweenItsEndpoints)
{
    EXPECT_TRUE(FailsWith("invalid/traffic-unreachable.json",
                          {{"/traffic/0", {"no circuit linking VNet 'spoke'", "never arrive"}},
                           {"/traffic/1", {"no Global Reach connection", "never arrive"}},
                           {"/traffic/2", {"between two VNets", "one endpoint must be a site"}}}));
}

// Circuits and gateways: Metro, private peering for VNet links, FastPath.

TEST(ScenarioRules, MetroCircuitNeedsTwoLocationsOfOneMetro)
{
    EXPECT_TRUE(FailsWith("invalid/metro-different-metros.json",
                          {{"/circuits/0/secondaryPeeringLocation",
                            {"one metro", "Amsterdam is in Amsterdam, London in London"}}}));
}

TEST(ScenarioRules, VnetLinksNeedPrivatePeering)
{
    EXPECT_TRUE(
        FailsWith("invalid/vnet-link-without-private-peering.json",
                  {{"/circuits/0/vnetLinks", {"VNet links need an AzurePrivate peering"}}}));
}

TEST(ScenarioRules, FastPathNeedsASupportingGatewaySku)
{
    EXPECT_TRUE(FailsWith("invalid/fastpath-not-supported.json",
                          {{"/vnets/0/gateway/fastPath",
                            {"FastPath is not available on the ErGw2Az gateway",
                             "UltraPerformance, ErGw3Az, ErGwScale"}}}));
}

// ErGwScale has FastPath from 10 scale units (Microsoft's scalable-gateway page); 4 is refused.
TEST(ScenarioRules, FastPathOnErGwScaleNeedsTenScaleUnits)
{
    EXPECT_TRUE(FailsWith("invalid/fastpath-small-ergwscale.json",
                          {{"/vnets/0/gateway/fastPath",
                            {"FastPath is not available on the ErGwScale gateway with 4 scale "
                             "units",
                             "ErGwScale with 10 or more scaleUnits"}}}));
    EXPECT_EQ(GetErGatewaySkuInfo(ErGatewaySku::ErGwScale, 1).maxCircuits, 4u);
    EXPECT_EQ(GetErGatewaySkuInfo(ErGatewaySku::ErGwScale, 9).maxCircuits, 8u);
    EXPECT_EQ(GetErGatewaySkuInfo(ErGatewaySku::ErGwScale, 10).maxCircuits, 16u);
}

TEST(ScenarioRules, GatewayOptionsAreAccepted)
{
    EXPECT_TRUE(Loads("valid/gateway-options.json"));
}

} // namespace
} // namespace test
} // namespace expressroute
} // namespace ns3
