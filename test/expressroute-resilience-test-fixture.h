// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RESILIENCE_TEST_FIXTURE_H
#define EXPRESSROUTE_RESILIENCE_TEST_FIXTURE_H

// What the resilience analysis' tests share: a scenario analysed at some depth, small scenarios
// and the default one with second circuits, and the fixture that analyses them.

#include "expressroute-resilience-analysis.h"
#include "expressroute-resilience-generator.h"
#include "expressroute-resilience-report.h"
#include "expressroute-resilience-site-pairs.h"
#include "expressroute-resiliency-score.h"
#include "expressroute-route-computer.h"
#include "expressroute-scenario-test-util.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/string.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <sys/wait.h>


namespace ns3
{
namespace expressroute
{
namespace test
{


/// A loaded scenario analysed at some depth.
struct Analysed
{
    std::unique_ptr<ResilienceGraph> graph;
    std::unique_ptr<ResilienceAnalysis> analysis;
    ResilienceResult result;
    ResilienceFindings findings;

    uint32_t Element(const std::string& name) const
    {
        const uint32_t e = graph->FindElement(name);
        EXPECT_NE(e, kNoIndex) << "no element " << name;
        return e;
    }

    uint32_t Pair(const std::string& site, const std::string& vnet) const
    {
        for (uint32_t p = 0; p < graph->GetPairs().size(); ++p)
        {
            const auto& pair = graph->GetPairs()[p];
            if (graph->GetSites()[pair.site].name == site &&
                graph->GetVnets()[pair.vnet].name == vnet)
            {
                return p;
            }
        }
        ADD_FAILURE() << "no pair " << site << " -> " << vnet;
        return 0;
    }

    /// The state of a pair after losing the named elements.
    PairState After(const std::string& site,
                    const std::string& vnet,
                    const std::vector<std::string>& names) const
    {
        std::vector<uint32_t> failed;
        for (const auto& n : names)
        {
            failed.push_back(Element(n));
        }
        return analysis->Evaluate(Pair(site, vnet), failed);
    }

    /// Names of the single points of failure of one pair.
    std::vector<std::string> SinglePointsOf(const std::string& site, const std::string& vnet) const
    {
        std::vector<std::string> out;
        for (uint32_t e : findings.pairSinglePoints[Pair(site, vnet)])
        {
            out.push_back(graph->GetElements()[e].name);
        }
        return out;
    }

    /// Names of the single points of failure that cut @p site from some VNet.
    std::vector<std::string> SinglePointsOf(const std::string& site) const
    {
        std::vector<std::string> out;
        for (const auto& s : findings.singlePoints)
        {
            for (uint32_t p : s.pairs)
            {
                if (graph->GetSites()[graph->GetPairs()[p].site].name == site)
                {
                    out.push_back(graph->GetElements()[s.element].name);
                    break;
                }
            }
        }
        return out;
    }

    std::string Digest(const Scenario& scenario) const
    {
        return FormatResilienceDigest(*graph, result, findings, ComputeResiliencyScores(scenario));
    }
};

inline bool
Has(const std::vector<std::string>& v, const std::string& x)
{
    return std::find(v.begin(), v.end(), x) != v.end();
}

/// A small scenario: one site in Frankfurt, one circuit, one VNet; pieces replaced per test.
inline std::string
SmallScenario(const std::string& bandwidth = "200Mbps",
              const std::string& gateway = R"({"sku": "ErGw1Az"})",
              const std::string& circuitExtra = "")
{
    return R"({
  "name": "small",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt",
    "tier": "Standard", "bandwidth": ")" +
           bandwidth + R"(",)" + circuitExtra + R"(
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 10}],
    "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "Germany West Central", "addressSpace": ["10.1.0.0/16"],
    "gateway": )" +
           gateway + R"(}]
})";
}

/// Inserts @p text right after the first occurrence of @p anchor.
inline std::string
InsertAfter(std::string json, const std::string& anchor, const std::string& text)
{
    const auto at = json.find(anchor);
    EXPECT_NE(at, std::string::npos) << anchor;
    return json.insert(at + anchor.size(), text);
}

/// A second circuit for amsterdam-dc at London2 (another location, another provider).
const std::string kSecondAmsterdamCircuit = R"(
    { "name": "contoso-ams2", "site": "amsterdam-dc", "provider": "colt",
      "peeringLocation": "London2", "tier": "Standard", "bandwidth": "1Gbps",
      "peerings": [ { "type": "AzurePrivate", "subnet": "192.168.101.0/29", "vlan": 110 } ],
      "vnetLinks": [ { "vnet": "hub-westeurope" }, { "vnet": "app-uksouth" } ] },)";

/// A second circuit for frankfurt-hq: Standard at Frankfurt through a Layer3 IPVPN provider.
const std::string kSecondFrankfurtCircuit = R"(
    { "name": "contoso-fra", "site": "frankfurt-hq", "provider": "att",
      "peeringLocation": "Frankfurt", "tier": "Standard", "bandwidth": "1Gbps",
      "peerings": [ { "type": "AzurePrivate", "subnet": "192.168.101.8/29", "vlan": 210 } ],
      "vnetLinks": [ { "vnet": "hub-westeurope" }, { "vnet": "app-uksouth" } ] },)";

/// The default scenario with a second circuit for each site.
inline std::string
TwoCircuitDefault()
{
    std::string json = InsertAfter(DefaultScenarioJson(), "\"providers\": [",
                                   R"({ "name": "att", "kind": "AnyToAnyIpvpn" },)");
    return InsertAfter(json, "\"circuits\": [", kSecondAmsterdamCircuit + kSecondFrankfurtCircuit);
}

/// An example scenario (examples/scenarios/<name>.json).
inline Scenario
LoadExample(const std::string& name, Ptr<Geography> geography)
{
    return LoadScenarioFile(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/" + name + ".json",
                            geography);
}

class ResilienceTest : public test::SimulatorTest
{
  protected:
    Analysed Analyse(const Scenario& scenario, uint32_t depth = 1) const
    {
        Analysed a;
        a.graph = std::make_unique<ResilienceGraph>(scenario, m_geography, m_backbone);
        a.analysis = std::make_unique<ResilienceAnalysis>(*a.graph);
        a.result = a.analysis->Run(depth);
        a.findings = FindResilienceFindings(*a.graph, *a.analysis, a.result);
        return a;
    }
};

} // namespace test
} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RESILIENCE_TEST_FIXTURE_H
