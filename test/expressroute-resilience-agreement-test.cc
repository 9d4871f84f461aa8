// SPDX-License-Identifier: GPL-2.0-only
// The static resilience verdict against a packet run (issue 16.1): for each example scenario,
// one packet run fails every non-backbone element the failure plug-ins can fail, one at a time
// for a few seconds with gaps, probes every 100 ms on every site-VNet pair and no traffic; for
// each failure window, each pair's reachability after convergence (the window's last second)
// must be the analysis' verdict for that element (reachable, possibly over VPN, or cut).
//
// Elements and the failures that stand for them (doc/scenario.md):
//   CircuitLink, Msee, PeeringLocation, Provider: LinkFailure, MseeFailure,
//     PeeringLocationOutage, ProviderOutage, Signalled (the interfaces go down; BFD would take
//     0.9 s more);
//   CeRouter: CeFailure, Silent (the hosts of a two-CE site find out by BFD on their uplinks);
//   InternetPath: Degradation with loss 1 on internet/<connection>/site;
//   SiteLink: LinkFailure on wan/<name>, Signalled;
//   VpnGateway: Degradation with loss 1 on internet/<connection>/gateway of every connection;
//   Region (a region with VNets): RegionOutage, which downs its VNets' ExpressRoute and VPN
//     gateways and VMs, not the backbone router, as the analysis' Region does.
// Not failable in a packet run: the ExpressRoute gateway as a whole (GatewayInstanceFailure takes
// one instance), a Layer3 provider's PE, backbone links (BackboneLinkCut is left out to keep each
// run short; the static-routes test covers them).
#include "expressroute-resilience-analysis.h"
#include "expressroute-resilience-site-pairs.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-temp-dir.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"
#include "expressroute-topology.h"

#include "ns3/config.h"
#include "ns3/nstime.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// One failure window: what the packet run fails, and the analysis' failure set for it.
struct Window
{
    std::string label;
    std::vector<uint32_t> elements; ///< analysis element ids
    std::vector<FailureSpec> failures;
};

constexpr double kFirstStart = 1.0; ///< s, scenario time (the run has a 5 s warm-up before 0)
constexpr double kLength = 3.0;     ///< s each failure lasts
constexpr double kGap = 3.0;        ///< s between failures: sessions come back within ~1 s
constexpr double kSettled = 1.0;    ///< s before the clear (and before the start) compared

FailureSpec
Failure(const std::string& kind,
        const std::string& target,
        std::vector<std::pair<std::string, std::string>> attributes = {})
{
    FailureSpec f;
    f.path = "/failures/agreement";
    f.kind = kind;
    f.target = target;
    f.attributes = std::move(attributes);
    return f;
}

/// Probe rows: per probe name, (time, success).
std::map<std::string, std::vector<std::pair<double, bool>>>
ReadProbes(const std::string& file)
{
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("time_s,probe,site,vnet,seq,success,", 0), 0u) << line;
    std::map<std::string, std::vector<std::pair<double, bool>>> out;
    while (std::getline(in, line))
    {
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');)
        {
            f.push_back(cell);
        }
        out[f[1]].emplace_back(std::stod(f[0]), f[5] == "1");
    }
    return out;
}

/// flows.csv: per flow name, (tx packets, rx packets).
std::map<std::string, std::pair<uint64_t, uint64_t>>
ReadFlows(const std::string& file)
{
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line.rfind("flow,kind,protocol,from,to,start_s,stop_s,tx_bytes,rx_bytes,tx_packets,"
                         "rx_packets,",
                         0),
              0u)
        << line;
    std::map<std::string, std::pair<uint64_t, uint64_t>> out;
    while (std::getline(in, line))
    {
        std::vector<std::string> f;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');)
        {
            f.push_back(cell);
        }
        out[f[0]] = {std::stoull(f[9]), std::stoull(f[10])};
    }
    return out;
}

class ResilienceAgreementTest : public test::SimulatorTest
{
  protected:
    /// The windows of @p scenario's elements that a failure plug-in can fail.
    std::vector<Window> Windows(const Scenario& scenario, const ResilienceGraph& g)
    {
        const std::vector<std::pair<std::string, std::string>> signalled{{"Mode", "Signalled"}};
        const std::vector<std::pair<std::string, std::string>> lost{{"LossRate", "1"}};
        std::vector<Window> windows;
        for (uint32_t e = 0; e < g.GetElements().size(); ++e)
        {
            const auto& el = g.GetElements()[e];
            Window w{el.name, {e}, {}};
            const std::string tail = el.name.substr(el.name.find('/') + 1);
            switch (el.kind)
            {
            case ElementKind::CircuitLink:
                w.failures.push_back(Failure("LinkFailure", tail, signalled));
                break;
            case ElementKind::Msee:
                w.failures.push_back(Failure("MseeFailure", tail, signalled));
                break;
            case ElementKind::PeeringLocation:
                w.failures.push_back(Failure("PeeringLocationOutage", tail, signalled));
                break;
            case ElementKind::Provider:
                w.failures.push_back(Failure("ProviderOutage", tail, signalled));
                break;
            case ElementKind::CeRouter:
                w.failures.push_back(Failure("CeFailure", tail));
                break;
            case ElementKind::InternetPath:
                w.failures.push_back(Failure("Degradation", el.name + "/site", lost));
                break;
            case ElementKind::SiteLink:
                w.failures.push_back(Failure("LinkFailure", el.name, signalled));
                break;
            case ElementKind::VpnGateway:
                for (const auto& vpn : g.GetVpns())
                {
                    if (vpn.gateway == e)
                    {
                        w.failures.push_back(
                            Failure("Degradation", "internet/" + vpn.name + "/gateway", lost));
                    }
                }
                break;
            default:
                break; // Gateway, ProviderEdge, backbone; regions below
            }
            if (!w.failures.empty())
            {
                windows.push_back(std::move(w));
            }
        }
        // The regions (with VNets) last, as RegionOutage: it downs their VNets, as the
        // analysis' Region does.
        for (uint32_t e = 0; e < g.GetElements().size(); ++e)
        {
            const auto& el = g.GetElements()[e];
            const auto& vnets = g.GetVnets();
            if (el.kind == ElementKind::Region &&
                std::any_of(vnets.begin(), vnets.end(), [&el](const auto& v) {
                    return v.region == el.index;
                }))
            {
                const std::string region = g.GetRegions()[el.index].name;
                windows.push_back(
                    {"RegionOutage " + region, {e}, {Failure("RegionOutage", region)}});
            }
        }
        Simulator::Destroy();
        return windows;
    }

    /// Runs @p file's topology through every window and compares each pair, each window.
    void Agree(const std::string& name)
    {
        // Sessions torn down by a failure come back within a second of its clear instead of
        // at the next 10 s ConnectRetry, so that the failures can follow each other closely.
        Config::SetDefault("ns3::expressroute::Peering::ConnectRetryTime", TimeValue(Seconds(1)));
        Scenario scenario = LoadScenarioFile(
            EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/" + name + ".json", m_geography);
        const ResilienceGraph g(scenario, m_geography, m_backbone);
        const ResilienceAnalysis analysis(g);
        std::vector<Window> windows = Windows(scenario, g);
        const std::vector<SitePair> sitePairs = BuildSitePairs(g);

        scenario.traffic.clear();
        scenario.flowLists.clear();
        scenario.failures.clear();
        scenario.probes.clear();
        for (uint32_t p = 0; p < g.GetPairs().size(); ++p)
        {
            ProbeSpec probe;
            probe.path = "/probes/" + std::to_string(p);
            probe.name = "pair" + std::to_string(p);
            probe.site = g.GetSites()[g.GetPairs()[p].site].name;
            probe.vnet = g.GetVnets()[g.GetPairs()[p].vnet].name;
            probe.interval = MilliSeconds(100);
            probe.protocol = "Udp";
            scenario.probes.push_back(probe);
        }
        // Site-to-site pairs (Global Reach): probes are site-VNet only, so a low-rate UDP flow
        // in the second before each failure and in its last second.
        auto flowName = [](uint32_t p, std::size_t w, bool during) {
            return "site-pair" + std::to_string(p) + (during ? "-during" : "-before") +
                   std::to_string(w);
        };
        for (std::size_t w = 0; w < windows.size(); ++w)
        {
            const double start = kFirstStart + w * (kLength + kGap);
            for (auto& f : windows[w].failures)
            {
                f.start = Seconds(start);
                f.duration = Seconds(kLength);
                scenario.failures.push_back(f);
            }
            for (uint32_t p = 0; p < sitePairs.size(); ++p)
            {
                for (bool during : {false, true})
                {
                    TrafficSpec t;
                    t.path = "/traffic/agreement";
                    t.name = flowName(p, w, during);
                    t.from = g.GetSites()[sitePairs[p].siteA].name;
                    t.to = g.GetSites()[sitePairs[p].siteB].name;
                    t.kind = TrafficKind::ConstantRate;
                    t.rateBps = 160'000;
                    t.packetSize = 200; // 100 packets a second
                    // Stopped 0.1 s before the clear (or the start): a packet still in
                    // flight then would meet the restored path.
                    t.start = Seconds(during ? start + kLength - kSettled : start - kSettled);
                    t.stop = t.start + Seconds(kSettled - 0.1);
                    scenario.traffic.push_back(t);
                }
            }
        }
        test::TempDir dir("resilience-agreement");
        RunOptions options;
        options.outDir = dir.Path("run");
        options.duration = Seconds(kFirstStart + windows.size() * (kLength + kGap));
        scenario.simulation.probeRows = "each";
        const RunResult run = RunScenario(scenario, options, m_geography, m_backbone);
        ASSERT_EQ(run.status, "completed") << run.error;
        const auto probes = ReadProbes(dir.Path("run/probes.csv"));
        const auto flows = ReadFlows(dir.Path("run/flows.csv"));
        auto flowSeen = [&flows](const std::string& name) {
            const auto [tx, rx] = flows.at(name);
            EXPECT_GE(tx, 80u) << name << ": 100 packets a second for 0.9 s";
            return rx == tx  ? std::string("reachable")
                   : rx == 0 ? std::string("cut")
                             : "mixed " + std::to_string(rx) + "/" + std::to_string(tx);
        };

        // Per pair and interval [from, to): "reachable", "cut" or "mixed n/m".
        auto observed = [&probes](uint32_t p, double from, double to) {
            uint32_t ok = 0;
            uint32_t all = 0;
            for (const auto& [t, success] : probes.at("pair" + std::to_string(p)))
            {
                if (t >= from - 1e-9 && t < to - 1e-9)
                {
                    ++all;
                    ok += success ? 1 : 0;
                }
            }
            EXPECT_GE(all, 8u) << "probes every 100 ms";
            return ok == all ? std::string("reachable")
                   : ok == 0 ? std::string("cut")
                             : "mixed " + std::to_string(ok) + "/" + std::to_string(all);
        };
        uint32_t compared = 0;
        uint32_t cut = 0;
        uint32_t overVpn = 0;
        for (std::size_t w = 0; w < windows.size(); ++w)
        {
            const double start = kFirstStart + w * (kLength + kGap);
            const auto states = analysis.EvaluateAll(windows[w].elements);
            for (uint32_t p = 0; p < g.GetPairs().size(); ++p)
            {
                const std::string pair =
                    probesNameOf(g, p) + " under " + windows[w].label + " at " +
                    std::to_string(start) + " s";
                EXPECT_EQ(observed(p, start - kSettled, start), "reachable")
                    << name << ": " << pair << ": every pair is up before each failure";
                const std::string expected = states[p].reachable ? "reachable" : "cut";
                EXPECT_EQ(observed(p, start + kLength - kSettled, start + kLength), expected)
                    << name << ": " << pair << (states[p].OverVpn() ? " (static: over VPN)" : "");
                ++compared;
                cut += states[p].reachable ? 0 : 1;
                overVpn += states[p].OverVpn() && !analysis.Evaluate(p, {}).OverVpn() ? 1 : 0;
                m_overSiteLink += states[p].OverSiteLink() ? 1 : 0;
            }
        }
        for (std::size_t w = 0; w < windows.size() && !sitePairs.empty(); ++w)
        {
            std::vector<uint32_t> failed = windows[w].elements;
            std::sort(failed.begin(), failed.end());
            const BackboneView view = g.ViewWithout(failed);
            for (uint32_t p = 0; p < sitePairs.size(); ++p)
            {
                const auto s = EvaluateSitePair(sitePairs[p], failed, view);
                const std::string label = g.GetSites()[sitePairs[p].siteA].name + " <-> " +
                                          g.GetSites()[sitePairs[p].siteB].name + " under " +
                                          windows[w].label;
                EXPECT_EQ(flowSeen(flowName(p, w, false)), "reachable") << name << ": " << label;
                EXPECT_EQ(flowSeen(flowName(p, w, true)), s.reachable ? "reachable" : "cut")
                    << name << ": " << label
                    << (s.reachable && sitePairs[p].paths[s.path].vpn ? " (static: over VPN)"
                                                                        : "");
                ++m_siteCompared;
                m_siteOverVpn += s.reachable && sitePairs[p].paths[s.path].vpn ? 1 : 0;
                m_siteCut += s.reachable ? 0 : 1;
            }
        }
        RecordProperty("windows", static_cast<int>(windows.size()));
        m_compared = compared;
        m_cut = cut;
        m_overVpn = overVpn;
    }

    static std::string probesNameOf(const ResilienceGraph& g, uint32_t p)
    {
        return g.GetSites()[g.GetPairs()[p].site].name + " -> " +
               g.GetVnets()[g.GetPairs()[p].vnet].name;
    }

    uint32_t m_compared{0};
    uint32_t m_cut{0};
    uint32_t m_overVpn{0};
    uint32_t m_overSiteLink{0}; ///< verdicts over another site's circuit through the WAN
    uint32_t m_siteCompared{0}; ///< (window, site pair) comparisons
    uint32_t m_siteCut{0};
    uint32_t m_siteOverVpn{0};
};

} // namespace

// The default scenario's London MSEEs attach to UK South's backbone router and Amsterdam's to
// West Europe's: a RegionOutage of either leaves the other VNets reachable from both sites, and
// Global Reach between them up, as the analysis' Region says (it called UK South a cut of
// frankfurt-hq from hub-westeurope and dr-eastus, which the run keeps at 0 % loss).
TEST_F(ResilienceAgreementTest, DefaultEverySingleFailureAgreesPairByPair)
{
    Agree("default");
    EXPECT_EQ(m_compared, 85u) << "17 failure windows x 5 pairs";
    EXPECT_EQ(m_cut, 20u) << "CE routers, locations and providers cut their site's pairs (15), "
                             "each region its own VNet's (5)";
    EXPECT_EQ(m_siteCompared, 17u) << "frankfurt-hq <-> amsterdam-dc under every failure";
    EXPECT_EQ(m_siteCut, 6u) << "CE routers, locations and providers; no region";
}

TEST_F(ResilienceAgreementTest, ChicagoDallasEverySingleFailureAgreesPairByPair)
{
    Agree("chicago-dallas");
    EXPECT_EQ(m_compared, 68u) << "17 failure windows x 4 pairs";
    EXPECT_GE(m_cut, 14u) << "failures that cut pairs were compared";
    EXPECT_EQ(m_overVpn, 2u) << "Chicago and equinix move chi-dc -> prod-cus to the VPN";
}

TEST_F(ResilienceAgreementTest, WhatIfAmsterdamEverySingleFailureAgreesPairByPair)
{
    Agree("what-if-amsterdam");
    EXPECT_GE(m_compared, 14u) << "one pair, 14 failure windows";
    EXPECT_GE(m_cut, 2u) << "its CE router and its VNet's region";
}

TEST_F(ResilienceAgreementTest, LocationOutageDesignsEverySingleFailureAgreesPairByPair)
{
    Agree("location-outage-designs");
    EXPECT_GE(m_compared, 60u);
    EXPECT_GE(m_cut, 8u);
}

TEST_F(ResilienceAgreementTest, ExpressRouteVsVpnEverySingleFailureAgreesPairByPair)
{
    Agree("expressroute-vs-vpn");
    EXPECT_GE(m_compared, 20u);
    EXPECT_GE(m_cut, 8u) << "hub-vpn's CE, internet path and VPN gateway among them";
}

TEST_F(ResilienceAgreementTest, GlobalReachVsVpnEverySingleFailureAgreesPairByPair)
{
    Agree("global-reach-vs-vpn");
    EXPECT_GE(m_compared, 34u);
    EXPECT_EQ(m_overVpn, 4u) << "Amsterdam and London move one site each to its VPN, equinix both";
    EXPECT_EQ(m_siteCompared, 17u) << "amsterdam-dc <-> london-dc under every failure";
    EXPECT_GE(m_siteCut, 2u) << "the two CE routers";
    EXPECT_GE(m_siteOverVpn, 3u) << "Amsterdam, London and equinix move it to the VPN hub";
}

TEST_F(ResilienceAgreementTest, MetroAmsterdamEverySingleFailureAgreesPairByPair)
{
    Agree("metro-amsterdam");
    EXPECT_GE(m_compared, 10u);
    EXPECT_GE(m_cut, 2u);
}


TEST_F(ResilienceAgreementTest, ChicagoDallasWanEverySingleFailureAgreesPairByPair)
{
    Agree("chicago-dallas-wan");
    EXPECT_GE(m_compared, 68u) << "the WAN link adds a failure window";
    EXPECT_GE(m_overSiteLink, 2u) << "Chicago's location moves both its pairs over the WAN";
}
