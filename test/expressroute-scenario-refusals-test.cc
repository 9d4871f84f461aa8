// SPDX-License-Identifier: GPL-2.0-only
// The loader refuses what would silently do nothing, and a pair that never answered has no RTT
// (issue: what-if answers under load, item 4).
#include "expressroute-output-writer.h"
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"

#include <nlohmann/json.hpp>

#include <fstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// One site, one circuit at Amsterdam with @p peerings, a VNet; @p extra adds top-level keys.
std::string
Scenario1(const std::string& extra, const std::string& peerings = "")
{
    return R"({
  "name": "refusals",
  "simulation": {"duration": "30s"},
  "sites": [{"name": "hq", "location": "Amsterdam", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "er", "site": "hq", "provider": "prov", "peeringLocation": "Amsterdam",
    "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [)" + (peerings.empty() ? R"({"type": "AzurePrivate", "subnet": "192.168.100.0/29", "vlan": 100})" : peerings) + R"(],
    "vnetLinks": [{"vnet": "hub"}]}],
  "vnets": [{"name": "hub", "region": "West Europe", "addressSpace": ["10.1.0.0/16"],
    "gateway": {"sku": "ErGw1Az"}}])" + extra + R"(
})";
}

class RefusalTest : public test::SimulatorTest
{
  protected:
    /// The loader's error text for @p json ("" when it loads).
    std::string ErrorOf(const std::string& json) const
    {
        try
        {
            LoadText(json);
        }
        catch (const ScenarioLoadError& e)
        {
            return e.what();
        }
        return "";
    }
};

} // namespace

TEST_F(RefusalTest, DiurnalOnBulkIsRefused)
{
    const auto e = ErrorOf(Scenario1(R"(,
  "traffic": [{"name": "copy", "from": "hq", "to": "hub", "kind": "Bulk", "diurnal": {"period": "60s"}}])"));
    EXPECT_NE(e.find("/traffic/0/diurnal"), std::string::npos) << e;
    EXPECT_NE(e.find("diurnal applies to ConstantRate (UDP) traffic only"), std::string::npos) << e;
}

TEST_F(RefusalTest, AFailureAtOrAfterTheEndIsRefused)
{
    const auto e = ErrorOf(Scenario1(R"(,
  "failures": [{"kind": "LinkFailure", "target": "er/primary", "start": "30s"}])"));
    EXPECT_NE(e.find("/failures/0/start"), std::string::npos) << e;
    EXPECT_NE(e.find("starts at 30s, at or after the end of the simulation (30s): it would never "
                     "happen"),
              std::string::npos)
        << e;
    // The same with a file that has no duration but a run shortened on the command line.
    auto json = Scenario1(R"(,
  "failures": [{"kind": "LinkFailure", "target": "er/primary", "start": "20s"}])");
    const auto s = LoadText(json);
    RunOptions options;
    options.duration = Seconds(10);
    options.writeOutputs = false;
    try
    {
        RunScenario(s, options, m_geography, m_backbone);
        FAIL() << "expected a ScenarioLoadError";
    }
    catch (const ScenarioLoadError& err)
    {
        EXPECT_NE(std::string(err.what()).find("starts at 20s, at or after the end of the run (10s)"),
                  std::string::npos)
            << err.what();
    }
}

TEST_F(RefusalTest, ANegativeDurationMustBePositiveNotMalformed)
{
    auto json = Scenario1("");
    json.replace(json.find("\"30s\""), 5, "\"-10s\"");
    auto e = ErrorOf(json);
    EXPECT_NE(e.find("/simulation/duration: must be positive, got '-10s'"), std::string::npos) << e;
    EXPECT_EQ(e.find("malformed"), std::string::npos) << e;
    e = ErrorOf(Scenario1(R"(,
  "traffic": [{"name": "t", "from": "hq", "to": "hub", "kind": "ConstantRate", "rate": "1Mbps", "start": "-1s"}])"));
    EXPECT_NE(e.find("/traffic/0/start: must be zero or more, got '-1s'"), std::string::npos) << e;
}

TEST_F(RefusalTest, TheDefaultRouteOnMicrosoftPeeringIsRefusedAsSuch)
{
    const auto e = ErrorOf(Scenario1(
        "", R"({"type": "Microsoft", "subnet": "203.0.113.0/29", "vlan": 300, "advertisedPublicPrefixes": ["0.0.0.0/0"]})"));
    EXPECT_NE(e.find("0.0.0.0/0 is the default route, not a prefix the customer owns"),
              std::string::npos)
        << e;
    EXPECT_EQ(e.find("RFC 1918"), std::string::npos) << e;
}

TEST_F(RefusalTest, APairThatNeverAnsweredHasNoRtt)
{
    // Both links down for the whole run: no probe comes back.
    auto json = Scenario1(R"(,
  "probes": [{"name": "p", "site": "hq", "vnet": "hub", "interval": "500ms"}],
  "failures": [{"kind": "LinkFailure", "target": "er/primary", "start": "0s", "mode": "Signalled"},
               {"kind": "LinkFailure", "target": "er/secondary", "start": "0s", "mode": "Signalled"}])");
    json.replace(json.find("\"30s\""), 5, "\"3s\"");
    const auto s = LoadText(json);
    test::TempDir tmp("refusals");
    RunOptions options;
    options.outDir = tmp.Path("run");
    const auto r = RunScenario(s, options, m_geography, m_backbone);
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_FALSE(r.pairs[0].answered);
    EXPECT_EQ(r.pairs[0].probesLost, r.pairs[0].probesSent);
    std::ifstream in(tmp.Path("run/summary.json"));
    const auto j = nlohmann::json::parse(in);
    EXPECT_TRUE(j["pairs"][0]["rtt_p50_ms"].is_null()) << j["pairs"][0].dump();
    EXPECT_TRUE(j["pairs"][0]["rtt_p99_ms"].is_null());
    const std::string table = FormatSummaryTable(r);
    EXPECT_NE(table.find("p                hq                 hub                        -         -"),
              std::string::npos)
        << table;
}

// Before: a long probe name pushed its row out of line, and traffic no probe joins (site to
// site, a flow list without probes) did not appear at all: an empty table.
TEST(SummaryTable, ColumnsFitTheNamesAndUnprobedTrafficIsShown)
{
    RunResult r;
    PairSummary p;
    p.probe = "onprem-frankfurt-hq-lng-to-hub-westeurope";
    p.site = "frankfurt-hq";
    p.vnet = "hub-westeurope";
    p.answered = true;
    p.rttP50Ms = 22.38;
    p.rttP99Ms = 22.38;
    r.pairs.push_back(p);
    FlowRecord probed;
    probed.from = "frankfurt-hq";
    probed.to = "hub-westeurope";
    probed.protocol = "udp";
    probed.txPackets = 10;
    r.flows.push_back(probed);
    FlowRecord copy;
    copy.from = "amsterdam-dc";
    copy.to = "london-dc";
    copy.protocol = "tcp";
    copy.rxBytes = 50000000;
    r.flows.push_back(copy);
    FlowRecord calls = copy;
    calls.rxBytes = 264000;
    calls.requests = 67;
    calls.requestsCompleted = 66;
    r.flows.push_back(calls);
    FlowRecord backup;
    backup.from = "amsterdam-dc";
    backup.to = "hub";
    backup.protocol = "udp";
    backup.rxBytes = 900000;
    backup.txPackets = 1000;
    backup.rxPackets = 900;
    r.flows.push_back(backup);
    const std::string table = FormatSummaryTable(r);
    const auto header = table.substr(0, table.find('\n'));
    const auto row = table.substr(header.size() + 1, table.find('\n', header.size() + 1) - header.size() - 1);
    EXPECT_EQ(header.find("site"), row.find(" frankfurt-hq ") + 1) << table;
    EXPECT_EQ(header.find("rtt p50") + std::string("rtt p50").size(), row.find(" ms") + 3) << table;
    EXPECT_NE(table.find("traffic no probe measures (flows.csv has each flow):\n"
                         "  amsterdam-dc -> hub: 1 flow, 0.90 MB received, udp loss 10.00 %\n"
                         "  amsterdam-dc -> london-dc: 2 flows, 50.26 MB received, 66 of 67 requests "
                         "answered\n"),
              std::string::npos)
        << table;
    EXPECT_EQ(table.find("frankfurt-hq ->"), std::string::npos) << "a probed pair's traffic is in its row";
    r.pairs.clear();
    EXPECT_NE(FormatSummaryTable(r).find("(no probes)"), std::string::npos);
}

// Before: an ErGw1Az that learned 9,002 routes (Microsoft supports 4,000) said nothing of it,
// and a gateway dropping at its caps showed only in gateways.csv.
TEST(SummaryTable, AGatewayOverWhatMicrosoftSupportsOrDroppingIsNamed)
{
    std::vector<GatewaySample> samples(2);
    for (auto& s : samples)
    {
        s.vnet = "hub";
        s.sku = "ErGw1Az";
        s.throughputBps = 1000000000;
        s.routesLearnedSupported = 4000;
    }
    samples[0].end = Seconds(1);
    samples[0].routesLearned = 2;
    samples[1].start = Seconds(1);
    samples[1].end = Seconds(2);
    samples[1].routesLearned = 9002;
    samples[1].bitsToVnet = 1000000000;
    samples[1].droppedPackets = 55322;
    RunResult r;
    r.gateways = SummariseGateways(samples);
    ASSERT_EQ(r.gateways.size(), 1u);
    EXPECT_EQ(r.gateways[0].peakRoutesLearned, 9002u);
    EXPECT_EQ(r.gateways[0].droppedPackets, 55322u);
    EXPECT_DOUBLE_EQ(r.gateways[0].peakBitsToVnetBps, 1e9);
    const std::string table = FormatSummaryTable(r);
    EXPECT_NE(table.find("gateways:\n  hub (ErGw1Az) learned up to 9002 routes, above the 4000 "
                         "Microsoft supports for its SKU"),
              std::string::npos)
        << table;
    EXPECT_NE(table.find("  hub (ErGw1Az, 1000 Mbps) dropped 55322 packets at its caps (peak 1000.00 "
                         "Mbps; gateways.csv)"),
              std::string::npos)
        << table;
    const auto j = nlohmann::json::parse(FormatSummaryJson({}, {}, {}, {}, r.gateways));
    EXPECT_EQ(j["gateways"][0]["peak_routes_learned"], 9002);
    EXPECT_EQ(j["gateways"][0]["routes_learned_supported"], 4000);
    r.gateways[0].peakRoutesLearned = 4000;
    r.gateways[0].droppedPackets = 0;
    EXPECT_EQ(FormatSummaryTable(r).find("gateways:"), std::string::npos) << "within: nothing said";
}

TEST_F(RefusalTest, OneMistakeGivesOneErrorNotACascade)
{
    // The circuits list misspelt: its own two lines, no "has no circuit" per probe or flow.
    auto json = Scenario1(R"(,
  "probes": [{"name": "p", "site": "hq", "vnet": "hub"}],
  "traffic": [{"name": "t", "from": "hq", "to": "hub", "kind": "ConstantRate", "rate": "1Mbps"}])");
    json.replace(json.find("\"circuits\""), 10, "\"circuitz\"");
    const auto e = ErrorOf(json);
    EXPECT_NE(e.find("/circuitz: unknown key; did you mean 'circuits'?"), std::string::npos) << e;
    EXPECT_EQ(e.find("/probes/0"), std::string::npos) << e;
    EXPECT_EQ(e.find("/traffic/0"), std::string::npos) << e;
    EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << "two lines: " << e;
}

TEST_F(RefusalTest, AFlowListsBadRowIsReportedAgainstItsFileAndLineOnly)
{
    test::TempDir tmp("refusals");
    std::ofstream(tmp.Path("flows.csv")) << "start,source,destination,bytes,protocol\n"
                                            "1s,hq,hub,1000,tcp\n"
                                            "2s,hq,nowhere,1000,tcp\n";
    std::ofstream(tmp.Path("s.json")) << Scenario1(R"(,
  "traffic": [{"name": "fl", "kind": "FlowList", "file": "flows.csv"}])");
    try
    {
        LoadScenarioFile(tmp.Path("s.json"), m_geography);
        FAIL() << "expected a ScenarioLoadError";
    }
    catch (const ScenarioLoadError& err)
    {
        const std::string e = err.what();
        EXPECT_NE(e.find("flows.csv:3: 'nowhere' is neither a site nor a VNet"), std::string::npos)
            << e;
        EXPECT_EQ(e.find("unknown site or VNet"), std::string::npos) << "no follow-on: " << e;
    }
}

TEST_F(RefusalTest, SuggestionsFindQualifiedPlacesAndNearbyBackboneLinks)
{
    auto json = Scenario1("");
    json.replace(json.find("\"location\": \"Amsterdam\""), 23, "\"location\": \"Queretaro\"");
    auto e = ErrorOf(json);
    EXPECT_NE(e.find("unknown peering location 'Queretaro'; did you mean 'Queretaro (Mexico)'?"),
              std::string::npos)
        << e;
    // A backbone link that does not exist: the links of the two regions named are suggested.
    const auto s = LoadText(Scenario1(R"(,
  "failures": [{"kind": "BackboneLinkCut", "target": "West Europe--East US", "start": "1s"}])"));
    RunOptions options;
    options.writeOutputs = false;
    options.duration = Seconds(2);
    try
    {
        RunScenario(s, options, m_geography, m_backbone);
        FAIL() << "expected an error";
    }
    catch (const std::exception& err)
    {
        e = err.what();
        EXPECT_NE(e.find("no backbone link 'West Europe--East US'; links of West Europe and East US:"),
                  std::string::npos)
            << e;
        EXPECT_NE(e.find("France Central--West Europe"), std::string::npos) << e;
        EXPECT_NE(e.find("East US--East US 2"), std::string::npos) << e;
    }
}
