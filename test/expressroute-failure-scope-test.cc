// SPDX-License-Identifier: GPL-2.0-only
// A failure hits what it names (issue: what-if answers under load): a prefix-limit breach on a
// circuit goes out on that circuit's private peering only; on a site, on every session of its
// edge router; the headline names every circuit whose sessions went down.
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"

#include <fstream>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// One site with a Standard circuit at Amsterdam and one at London (both on its one CE), a VNet
/// linked to both, and @p failures.
std::string
TwoCircuits(const std::string& failures, const std::string& londonPeering = "")
{
    const std::string lon = londonPeering.empty()
                                ? R"({"type": "AzurePrivate", "subnet": "192.168.100.8/29", "vlan": 200})"
                                : londonPeering;
    return R"({
  "name": "scope",
  "simulation": {"duration": "12s"},
  "sites": [{"name": "hq", "location": "Amsterdam", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [
    {"name": "er-ams", "site": "hq", "provider": "prov", "peeringLocation": "Amsterdam",
     "tier": "Standard", "bandwidth": "1Gbps",
     "peerings": [{"type": "AzurePrivate", "subnet": "192.168.100.0/29", "vlan": 100}],
     "vnetLinks": [{"vnet": "hub"}]},
    {"name": "er-lon", "site": "hq", "provider": "prov", "peeringLocation": "London",
     "tier": "Standard", "bandwidth": "1Gbps", "peerings": [)" + lon + R"(],
     "vnetLinks": [{"vnet": "hub"}]}],
  "vnets": [{"name": "hub", "region": "West Europe", "addressSpace": ["10.1.0.0/16"],
    "gateway": {"sku": "ErGw2Az"}}],
  "failures": [)" + failures + R"(]
})";
}

class FailureScopeTest : public test::SimulatorTest
{
  protected:
    RunResult Run(const std::string& json)
    {
        RunOptions options;
        options.outDir = m_tmp.Path("run");
        return RunScenario(LoadText(json), options, m_geography, m_backbone);
    }

    /// MSEE sessions that exceeded their prefix limit (bgp.csv), "router peer".
    std::set<std::string> LimitBreaches() const
    {
        std::set<std::string> out;
        std::ifstream in(m_tmp.Path("run/bgp.csv"));
        std::string line;
        while (std::getline(in, line))
        {
            std::stringstream ss(line);
            std::string t, router, peer, event;
            std::getline(ss, t, ',');
            std::getline(ss, router, ',');
            std::getline(ss, peer, ',');
            std::getline(ss, event, ',');
            if (event == "prefix-limit")
            {
                out.insert(router + " " + peer);
            }
        }
        return out;
    }

    test::TempDir m_tmp{"scope"};
};

} // namespace

TEST_F(FailureScopeTest, BreachOnACircuitReachesOnlyThatCircuitsSessions)
{
    const auto r = Run(TwoCircuits(
        R"({"kind": "PrefixLimitBreach", "target": "er-ams", "start": "2s", "duration": "4s"})"));
    EXPECT_EQ(LimitBreaches(),
              (std::set<std::string>{"msee/Amsterdam/primary er-ams/primary/AzurePrivate",
                                     "msee/Amsterdam/secondary er-ams/secondary/AzurePrivate"}))
        << "London's sessions never see the extra prefixes";
    ASSERT_EQ(r.failures.size(), 1u);
    EXPECT_EQ(r.failures[0].circuitsDown, std::vector<std::string>{"er-ams"});
    EXPECT_NE(FormatFailureHeadline(r.failures[0]).find("sessions down on er-ams,"), std::string::npos)
        << FormatFailureHeadline(r.failures[0]);
    EXPECT_NE(r.failures[0].detail.find("scope=circuit"), std::string::npos) << r.failures[0].detail;
}

TEST_F(FailureScopeTest, BreachOnASiteReachesEveryCircuitOfItsRouter)
{
    const auto r = Run(TwoCircuits(
        R"({"kind": "PrefixLimitBreach", "target": "hq", "start": "2s", "duration": "4s"})"));
    EXPECT_EQ(LimitBreaches().size(), 4u) << "both links of both circuits";
    ASSERT_EQ(r.failures.size(), 1u);
    EXPECT_EQ(r.failures[0].circuitsDown, (std::vector<std::string>{"er-ams", "er-lon"}));
    EXPECT_NE(FormatFailureHeadline(r.failures[0]).find("sessions down on er-ams, er-lon"),
              std::string::npos)
        << FormatFailureHeadline(r.failures[0]);
}

TEST_F(FailureScopeTest, BreachOnACircuitWithoutPrivatePeeringIsRefused)
{
    const std::string microsoftOnly =
        R"({"type": "Microsoft", "subnet": "203.0.113.0/29", "vlan": 300, "advertisedPublicPrefixes": ["203.0.113.64/27"]})";
    try
    {
        LoadText(TwoCircuits(R"({"kind": "PrefixLimitBreach", "target": "er-lon", "start": "2s"})",
                             microsoftOnly));
        FAIL() << "expected a ScenarioLoadError";
    }
    catch (const ScenarioLoadError& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("/failures/0/target"), std::string::npos) << what;
        EXPECT_NE(what.find("circuit 'er-lon' has no AzurePrivate peering"), std::string::npos)
            << what;
    }
}
