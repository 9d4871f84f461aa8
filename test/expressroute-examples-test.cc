// SPDX-License-Identifier: GPL-2.0-only
// The example scenarios (examples/scenarios/), each run from the command line as a user would,
// briefly, with its headline number asserted from summary.json.
#include "expressroute-temp-dir.h"
#include "expressroute-test-paths.h"
#include "expressroute-test-programs.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace
{

using ns3::expressroute::test::TempDir;

struct Run
{
    int exitCode;
    std::string output;
    nlohmann::json summary;
    std::string out; ///< the run directory
};

/// Runs expressroute-sim on an example scenario (or on @p file) with extra flags, into
/// <tmp>/<scenario>; reads its summary.json.
Run
RunExample(const TempDir& tmp,
           const std::string& scenario,
           const std::string& flags,
           const std::string& file = "")
{
    const std::string out = tmp.Path(scenario);
    const std::string path = file.empty() ? std::string(EXPRESSROUTE_SOURCE_DIR) +
                                                "/examples/scenarios/" + scenario + ".json"
                                          : file;
    const auto ran = ns3::expressroute::test::RunProgram("expressroute-sim --scenario=" + path + " --out=" + out + " " + flags);
    Run r{ran.exitCode, ran.output, {}, out};
    std::ifstream in(out + "/summary.json");
    if (in)
    {
        r.summary = nlohmann::json::parse(in);
    }
    return r;
}

bool
Contains(const nlohmann::json& list, const std::string& item)
{
    for (const auto& v : list)
    {
        if (v == item)
        {
            return true;
        }
    }
    return false;
}

/// True if an item of @p list starts with @p prefix (a circuit's name: either of its links,
/// whichever per-flow ECMP chose).
bool
ContainsPrefix(const nlohmann::json& list, const std::string& prefix)
{
    for (const auto& v : list)
    {
        if (v.get<std::string>().rfind(prefix, 0) == 0)
        {
            return true;
        }
    }
    return false;
}

} // namespace

TEST(ExampleWhatIfAmsterdam, OutageMovesTheLoadToLondonAndTheDrainMovesItBack)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "what-if-amsterdam", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto& failures = r.summary["failures"];
    ASSERT_EQ(failures.size(), 2u) << r.output;
    const auto& outage = failures[0];
    EXPECT_EQ(outage["kind"], "PeeringLocationOutage");
    // BFD finds the silent failure in 0.9 s: at most 1.25 s of probes (every 250 ms) lost.
    EXPECT_LE(outage["longest_outage_s"].get<double>(), 1.25) << outage["headline"];
    EXPECT_LT(outage["detection_s"].get<double>(), 1.0) << outage["headline"];
    EXPECT_TRUE(ContainsPrefix(outage["shifted_from"], "er-ams/")) << outage["headline"];
    EXPECT_TRUE(ContainsPrefix(outage["shifted_to"], "er-lon/")) << outage["headline"];
    EXPECT_GT(outage["shifted_bps"].get<double>(), 5e6) << outage["headline"];
    const auto& drain = failures[1];
    EXPECT_EQ(drain["kind"], "MaintenanceDrain");
    EXPECT_EQ(drain["probes_lost"], 0) << drain["headline"];
    EXPECT_TRUE(Contains(drain["shifted_from"], "er-lon/primary")) << drain["headline"];
    // The printed summary answers it too.
    EXPECT_NE(r.output.find("PeeringLocationOutage Amsterdam at 25 s (cleared at 45 s): detected in"),
              std::string::npos)
        << r.output;
}

namespace
{

const nlohmann::json&
Pair(const nlohmann::json& summary, const std::string& probe)
{
    for (const auto& p : summary["pairs"])
    {
        if (p["probe"] == probe)
        {
            return p;
        }
    }
    static const nlohmann::json none;
    return none;
}

std::string
ReadText(const std::string& path)
{
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST(ExampleLocationOutageDesigns, OnlyTheSingleCircuitSiteIsCutOff)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "location-outage-designs", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // Amsterdam fails at 10 s for 15 s; the single circuit's CE reconnects after the outage.
    EXPECT_GE(Pair(r.summary, "single")["longest_outage_s"].get<double>(), 15.0) << r.output;
    EXPECT_LE(Pair(r.summary, "metro")["longest_outage_s"].get<double>(), 1.25) << r.output;
    EXPECT_LE(Pair(r.summary, "dual")["longest_outage_s"].get<double>(), 1.25) << r.output;
}

TEST(ExampleCeRouterFailure, TheSecondCeRouterKeepsTheSiteUp)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "ce-router-failure", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // one-ce's only router is down from 10 s to 20 s; its sessions come back after that.
    EXPECT_GE(Pair(r.summary, "one-ce")["longest_outage_s"].get<double>(), 10.0) << r.output;
    // two-ce loses a router at 25 s and the other at 40 s: BFD at the host and the MSEE, 0.9 s.
    const auto two = Pair(r.summary, "two-ce");
    EXPECT_LE(two["longest_outage_s"].get<double>(), 1.25) << r.output;
    EXPECT_GE(two["probes_lost"].get<int>(), 1) << "one of its routers carries the probe";
    EXPECT_LE(two["probes_lost"].get<int>(), 8);
}

TEST(ExampleGatewayBottleneck, ErGw1AzCapsAtOneGigabitFastPathDoesNot)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "gateway-bottleneck", "--duration=500ms");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    // UDP payload: 1400 of every 1428 bytes of the 1 Gbit/s the gateway forwards.
    EXPECT_NEAR(Pair(r.summary, "to-ergw1az")["throughput_bps"].get<double>() / 1e9, 0.98, 0.04)
        << r.output;
    EXPECT_NEAR(Pair(r.summary, "to-fastpath")["throughput_bps"].get<double>() / 1e9, 1.6, 0.04)
        << r.output;
}

TEST(ExampleExpressRouteVsVpn, VpnIsSlowerAndCappedBySku)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "expressroute-vs-vpn", "--duration=500ms");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto& er = Pair(r.summary, "over-er");
    const auto& vpn = Pair(r.summary, "over-vpn");
    EXPECT_GT(vpn["rtt_p50_ms"].get<double>(), er["rtt_p50_ms"].get<double>() + 5.0) << r.output;
    EXPECT_NEAR(er["throughput_bps"].get<double>() / 1e6, 1200.0, 50.0) << "all 1.2 Gbit/s";
    EXPECT_NEAR(vpn["throughput_bps"].get<double>() / 1e6, 650.0 * 1400 / 1428, 30.0)
        << "VpnGw1: 650 Mbit/s";
    // More than the 1 Gbps circuit's bandwidth: the printed summary says why.
    EXPECT_GT(er["throughput_bps"].get<double>(), 1e9);
    EXPECT_NE(r.output.find("both links of a circuit are counted, each at the purchased\n"
                            "bandwidth, so a circuit carries up to 2x it per direction"),
              std::string::npos)
        << r.output;
}

TEST(ExampleProvisioningWorkflow, NothingUntilProvisionedAndConfigured)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "provisioning-workflow", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto& p = Pair(r.summary, "hq-to-hub");
    EXPECT_EQ(p["outages"], 1) << r.output;
    EXPECT_NEAR(p["longest_outage_s"].get<double>(), 6.25, 0.01) << "configured at 6 s";
    const std::string events = ReadText(r.out + "/events.csv");
    EXPECT_NE(events.find("6.000000,ProvisioningStarted,PeeringConfiguration,new-circuit/AzurePrivate"),
              std::string::npos)
        << events;
}

TEST(ExamplePrefixLimitBreach, StandardCeasesPremiumHolds)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "prefix-limit-breach", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_GT(r.summary["failures"][0]["probes_lost"].get<int>(), 20) << r.output;
    EXPECT_EQ(Pair(r.summary, "prem")["probes_lost"], 0) << r.output;
    const std::string bgp = ReadText(r.out + "/bgp.csv");
    EXPECT_NE(bgp.find("std/primary/AzurePrivate,prefix-limit,prefixes=4002 limit=4000"),
              std::string::npos);
}

TEST(ExampleFlowListReplay, EveryRowIsAFlowAndCompletes)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "flow-list-replay", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto& flows = r.summary["flows"];
    ASSERT_EQ(flows.size(), 4u) << r.output;
    EXPECT_EQ(flows[0]["flow"], "morning-1");
    EXPECT_EQ(flows[0]["rx_bytes"], 2000000);
    EXPECT_EQ(flows[1]["rx_bytes"], 1000000);
    EXPECT_EQ(flows[3]["rx_bytes"], 4000000);
    EXPECT_EQ(flows[3]["completed"], true);
}

TEST(ExampleConnectivityModels, EveryModelReachesTheVnet)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "connectivity-models", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    for (const char* site : {"colo", "p2p", "ipvpn", "direct"})
    {
        EXPECT_EQ(Pair(r.summary, site)["probes_lost"], 0) << site;
    }
    // Layer3: the provider's PE sits between the CE and the MSEE.
    const std::string flows = ReadText(r.out + "/flows.csv");
    EXPECT_NE(flows.find("site/ipvpn/ce1>pe/orange/c-ipvpn/"), std::string::npos) << flows;
    EXPECT_NE(flows.find("site/colo/ce1>msee/Amsterdam/"), std::string::npos) << flows;
}

TEST(ExamplePremiumGlobal, TheSameScenarioOnStandardIsRefused)
{
    const TempDir tmp("example");
    std::string json = ReadText(std::string(EXPRESSROUTE_SOURCE_DIR) +
                                "/examples/scenarios/premium-global.json");
    for (std::size_t at = json.find("\"Premium\""); at != std::string::npos;
         at = json.find("\"Premium\""))
    {
        json.replace(at, 9, "\"Standard\"");
    }
    const std::string path = tmp.Path("premium-as-standard.json");
    std::ofstream(path) << json;
    const auto r = RunExample(tmp, "premium-as-standard", "", path);
    EXPECT_EQ(r.exitCode, 1) << r.output;
    const std::string text = r.output;
    EXPECT_NE(text.find("needs Premium"), std::string::npos) << text;
}

TEST(ExampleReplay, SameSeedAndRunGiveIdenticalFilesOtherRunsDiffer)
{
    const TempDir tmp("example");
    auto run = [](const std::string& out, const std::string& flags) {
        const std::string cmd = std::string(EXPRESSROUTE_BIN_DIR) + "/expressroute-sim --scenario=" +
                                EXPRESSROUTE_SOURCE_DIR +
                                "/examples/scenarios/location-outage-designs.json --out=" + out +
                                " " + flags + " > /dev/null 2>&1";
        return std::system(cmd.c_str());
    };
    ASSERT_EQ(run(tmp.Path("a"), "--run=1"), 0);
    ASSERT_EQ(run(tmp.Path("b"), "--run=1"), 0);
    ASSERT_EQ(run(tmp.Path("c"), "--run=2"), 0);
    bool someDiffer = false;
    for (const char* file : {"probes.csv", "flows.csv", "links.csv", "bgp.csv", "routes.csv",
                             "events.csv", "gateways.csv", "summary.json"})
    {
        const auto a = ReadText(tmp.Path("a/") + file);
        EXPECT_FALSE(a.empty()) << file;
        EXPECT_EQ(a, ReadText(tmp.Path("b/") + file)) << file;
        someDiffer = someDiffer || a != ReadText(tmp.Path("c/") + file);
    }
    EXPECT_TRUE(someDiffer) << "run 2 draws other BFD jitter: the control-plane timings differ";
}

TEST(ExampleGlobalReachVsVpn, GlobalReachIsFasterThanTheVpnDetour)
{
    const TempDir tmp("example");
    const auto gr = RunExample(tmp, "global-reach-vs-vpn", "");
    ASSERT_EQ(gr.exitCode, 0) << gr.output;
    // The same scenario without its Global Reach connection: the VPNs carry the traffic.
    std::string json = ReadText(std::string(EXPRESSROUTE_SOURCE_DIR) +
                                "/examples/scenarios/global-reach-vs-vpn.json");
    const auto from = json.find("\"globalReach\"");
    const auto to = json.find("\"vpnConnections\"");
    ASSERT_NE(from, std::string::npos);
    json.erase(from, to - from);
    std::ofstream(tmp.Path("without-gr.json")) << json;
    const auto noGr = RunExample(tmp, "without-gr", "", tmp.Path("without-gr.json"));
    ASSERT_EQ(noGr.exitCode, 0) << noGr.output;
    const auto& vpn = noGr.summary;
    const double grRct = gr.summary["flows"][0]["rct_p50_s"].get<double>();
    const double vpnRct = vpn["flows"][0]["rct_p50_s"].get<double>();
    RecordProperty("rct_p50_global_reach_s", std::to_string(grRct));
    RecordProperty("rct_p50_vpn_s", std::to_string(vpnRct));
    EXPECT_GT(vpnRct, 1.5 * grRct) << "the internet detour through the hub's VPN gateway";
    const std::string grFlows = ReadText(gr.out + "/flows.csv");
    const std::string vpnFlows = ReadText(noGr.out + "/flows.csv");
    EXPECT_NE(grFlows.find(">msee/London/"), std::string::npos) << grFlows;
    EXPECT_NE(vpnFlows.find(">vnet/hub/vpngw>"), std::string::npos) << vpnFlows;
    EXPECT_EQ(vpn["flows"][1]["rx_bytes"], 50000000) << "the copy completes over the VPN too";
}

TEST(ExamplePrivateVsMicrosoftPeering, RouteFilterDecidesWhichServicesAnswer)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "private-vs-microsoft-peering", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(Pair(r.summary, "private")["probes_lost"], 0) << r.output;
    EXPECT_EQ(Pair(r.summary, "microsoft-weu")["probes_lost"], 0) << "West Europe is filtered in";
    EXPECT_EQ(Pair(r.summary, "microsoft-uks")["loss_percent"], 100.0)
        << "UK South is not in the route filter: no route, no answer";
    EXPECT_EQ(Pair(r.summary, "microsoft-weu")["vnet"], "microsoft/West Europe");
    // Private peering crosses the VNet's gateway; Microsoft peering goes straight to the
    // region: both about 1.2 ms from Amsterdam.
    EXPECT_NEAR(Pair(r.summary, "microsoft-weu")["rtt_p50_ms"].get<double>(),
                Pair(r.summary, "private")["rtt_p50_ms"].get<double>(), 0.2)
        << r.output;
}

TEST(ExampleMaintenanceDrain, FlowsMoveToTheSecondaryWithoutLoss)
{
    const TempDir tmp("example");
    const auto r = RunExample(tmp, "maintenance-drain", "");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const auto& drain = r.summary["failures"][0];
    EXPECT_EQ(drain["kind"], "MaintenanceDrain");
    EXPECT_EQ(drain["probes_lost"], 0) << drain["headline"];
    EXPECT_EQ(drain["shifted_from"], nlohmann::json::array({"fra/primary"})) << drain["headline"];
    EXPECT_EQ(drain["shifted_to"], nlohmann::json::array({"fra/secondary"})) << drain["headline"];
    EXPECT_GT(drain["shifted_bps"].get<double>(), 5e6) << "the primary's share of 32 Mbit/s";
    EXPECT_EQ(Pair(r.summary, "hq-to-app")["probes_lost"], 0);
}
