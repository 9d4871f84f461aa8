// SPDX-License-Identifier: GPL-2.0-only
// The scenario's siteLinks (issue 16, item 7): what the loader fills in, and what it refuses,
// with the JSON pointer of the mistake.
#include "expressroute-scenario-test-util.h"

namespace ns3
{
namespace expressroute
{
namespace test
{
namespace
{

/// Chicago and Dallas sites, a circuit each, a VNet; @p siteLinks is the siteLinks array and
/// @p extra more top-level keys.
std::string
TwoSites(const std::string& siteLinks, const std::string& extra = "", uint32_t dallasAsn = 65020)
{
    return R"({
  "name": "site-links",
  "simulation": {"duration": "20s"},
  "sites": [
    {"name": "chi-dc", "location": "Chicago", "asn": 65010, "prefixes": ["10.10.0.0/16"]},
    {"name": "dal-dc", "location": "Dallas", "asn": )" +
           std::to_string(dallasAsn) + R"(, "prefixes": ["10.20.0.0/16"]}],
  "providers": [{"name": "equinix", "kind": "CloudExchange"}],
  "circuits": [
    {"name": "chi", "site": "chi-dc", "provider": "equinix", "peeringLocation": "Chicago",
     "tier": "Standard", "bandwidth": "1Gbps",
     "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100}],
     "vnetLinks": [{"vnet": "prod"}]},
    {"name": "dal", "site": "dal-dc", "provider": "equinix", "peeringLocation": "Dallas",
     "tier": "Standard", "bandwidth": "1Gbps",
     "peerings": [{"type": "AzurePrivate", "subnet": "192.168.20.0/29", "vlan": 200}],
     "vnetLinks": [{"vnet": "prod"}]}],
  "vnets": [{"name": "prod", "region": "Central US", "addressSpace": ["10.1.0.0/16"],
             "gateway": {"sku": "ErGw1Az"}}],
  "siteLinks": )" +
           siteLinks + extra + "\n}";
}

TEST(ScenarioSiteLinks, DefaultsNameAndLeavesDelayToTheDistance)
{
    const auto s = LoadScenarioString(
        TwoSites(R"([{"sites": ["chi-dc", "dal-dc"], "bandwidth": "1Gbps"}])"), "t", TestGeography());
    ASSERT_EQ(s.siteLinks.size(), 1u);
    const auto& l = s.siteLinks[0];
    EXPECT_EQ(l.path, "/siteLinks/0");
    EXPECT_EQ(l.name, "chi-dc--dal-dc") << "an unnamed link is named after its sites";
    EXPECT_EQ(l.siteA, "chi-dc");
    EXPECT_EQ(l.siteB, "dal-dc");
    EXPECT_EQ(l.bandwidthBps, 1000000000u);
    EXPECT_FALSE(l.delay.has_value()) << "no delay: the builder derives it from the distance";
    EXPECT_FALSE(l.bfd.has_value());
}

TEST(ScenarioSiteLinks, KeepsNameDelayAndBfd)
{
    const auto s = LoadScenarioString(
        TwoSites(R"([{"name": "chi-dal", "sites": ["dal-dc", "chi-dc"], "bandwidth": "10Gbps",
                      "delay": "12ms", "bfd": false}])"),
        "t",
        TestGeography());
    ASSERT_EQ(s.siteLinks.size(), 1u);
    const auto& l = s.siteLinks[0];
    EXPECT_EQ(l.name, "chi-dal");
    EXPECT_EQ(l.bandwidthBps, 10000000000u);
    ASSERT_TRUE(l.delay.has_value());
    EXPECT_EQ(l.delay->GetMicroSeconds(), 12000);
    EXPECT_EQ(l.bfd, std::optional<bool>(false));
    EXPECT_NE(ScenarioToJson(s).find("\"siteLinks\""), std::string::npos)
        << "the resolved scenario in run.json lists the site links";
}

TEST(ScenarioSiteLinks, UnknownSiteIsNamedWithASuggestion)
{
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(R"([{"sites": ["chi-dc", "dal-d"], "bandwidth": "1Gbps"}])")),
        {{"/siteLinks/0/sites/1", {"unknown site 'dal-d'", "dal-dc"}}}));
}

TEST(ScenarioSiteLinks, ASiteLinkedToItselfIsRefused)
{
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(R"([{"sites": ["chi-dc", "chi-dc"], "bandwidth": "1Gbps"}])")),
        {{"/siteLinks/0/sites/1", {"two different sites", "both are 'chi-dc'"}}}));
}

TEST(ScenarioSiteLinks, OneLinkPerPairOfSitesInEitherOrder)
{
    EXPECT_TRUE(ErrorsAre(TextErrors(TwoSites(R"([
        {"name": "a", "sites": ["chi-dc", "dal-dc"], "bandwidth": "1Gbps"},
        {"name": "b", "sites": ["dal-dc", "chi-dc"], "bandwidth": "1Gbps"}])")),
                          {{"/siteLinks/1/sites",
                            {"duplicate site link between 'chi-dc' and 'dal-dc'",
                             "the first is at /siteLinks/0"}}}));
}

TEST(ScenarioSiteLinks, BadBandwidthIsRefused)
{
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(R"([{"sites": ["chi-dc", "dal-dc"], "bandwidth": "1Gbit"}])")),
        {{"/siteLinks/0/bandwidth", {"malformed rate '1Gbit'"}}}));
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(R"([{"sites": ["chi-dc", "dal-dc"], "bandwidth": "0Mbps"}])")),
        {{"/siteLinks/0/bandwidth", {"greater than zero"}}}));
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(R"([{"sites": ["chi-dc", "dal-dc"], "bandwidth": "800Gbps"}])")),
        {{"/siteLinks/0/bandwidth", {"more than 400Gbps"}}}));
    EXPECT_TRUE(ErrorsAre(TextErrors(TwoSites(R"([{"sites": ["chi-dc", "dal-dc"]}])")),
                          {{"/siteLinks/0/bandwidth", {"missing"}}}));
}

TEST(ScenarioSiteLinks, BadShapeAndDelayAreRefused)
{
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(R"([{"sites": ["chi-dc"], "bandwidth": "1Gbps", "delay": "5s"}])")),
        {{"/siteLinks/0/sites", {"exactly two site names, got 1"}},
         {"/siteLinks/0/delay", {"beyond any terrestrial link"}}}));
    EXPECT_TRUE(ErrorsAre(
        TextErrors(TwoSites(
            R"([{"name": "x/y", "sites": ["chi-dc", "dal-dc"], "bandwidth": "1Gbps"}])")),
        {{"/siteLinks/0/name", {"must not contain '/'"}}}));
}

TEST(ScenarioSiteLinks, SitesOfOneAsnAreRefused)
{
    EXPECT_TRUE(ErrorsAre(
        TextErrors(
            TwoSites(R"([{"sites": ["chi-dc", "dal-dc"], "bandwidth": "1Gbps"}])", "", 65010)),
        {{"/siteLinks/0/sites", {"share ASN 65010", "give each site its own ASN"}}}));
}

TEST(ScenarioSiteLinks, LinkFailureTargetsTheSiteLinkByName)
{
    const std::string link = R"([{"name": "chi-dal", "sites": ["chi-dc", "dal-dc"], "bandwidth": "1Gbps"}])";
    EXPECT_TRUE(ErrorsAre(TextErrors(TwoSites(link, R"(,
  "failures": [{"kind": "LinkFailure", "target": "wan/chi-dal", "start": "5s"}])")),
                          {}));
    EXPECT_TRUE(ErrorsAre(TextErrors(TwoSites(link, R"(,
  "failures": [{"kind": "LinkFailure", "target": "wan/chi-dl", "start": "5s"}])")),
                          {{"/failures/0/target", {"no site link 'chi-dl'", "chi-dal"}}}));
}

} // namespace
} // namespace test
} // namespace expressroute
} // namespace ns3
