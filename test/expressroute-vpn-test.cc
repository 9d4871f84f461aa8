// SPDX-License-Identifier: GPL-2.0-only
// Site-to-site VPN beside ExpressRoute (issue: what-if engine, VPN): ExpressRoute is preferred;
// the VPN carries the traffic while ExpressRoute's routes are withdrawn and gives it back when
// they return; the VPN gateway's SKU caps its throughput.
#include "expressroute-bgp-speaker.h"
#include "expressroute-failure-installer.h"
#include "expressroute-failure.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-run-recorder.h"
#include "expressroute-run-summary.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"
#include "expressroute-topology-builder.h"
#include "expressroute-workload.h"

#include "ns3/simulator.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

std::string
VpnScenario(const std::string& traffic, const std::string& failures)
{
    return R"({
  "name": "vpn",
  "sites": [{"name": "hq", "location": "Frankfurt", "asn": 65010, "prefixes": ["10.10.0.0/16"]}],
  "providers": [{"name": "prov", "kind": "CloudExchange"}],
  "circuits": [{"name": "c1", "site": "hq", "provider": "prov", "peeringLocation": "Frankfurt", "tier": "Standard", "bandwidth": "1Gbps",
    "peerings": [{"type": "AzurePrivate", "subnet": "192.168.10.0/29", "vlan": 100}], "vnetLinks": [{"vnet": "v1"}]}],
  "vnets": [{"name": "v1", "region": "West Europe", "addressSpace": ["10.1.0.0/16"], "gateway": {"sku": "ErGw1Az"}}],
  "vpnConnections": [{"name": "hq-vpn", "site": "hq", "vnet": "v1", "sku": "VpnGw1"}],
  "probes": [{"name": "p1", "site": "hq", "vnet": "v1", "interval": "100ms"}],
  "traffic": [)" + traffic + R"(],
  "failures": [)" + failures + R"(]
})";
}

/// Both circuit links down (signalled) from 2 s to 5 s: ExpressRoute's routes are withdrawn.
const std::string kErDown =
    R"({"kind": "LinkFailure", "target": "c1/primary", "start": "2s", "duration": "3s", "mode": "Signalled"},
       {"kind": "LinkFailure", "target": "c1/secondary", "start": "2s", "duration": "3s", "mode": "Signalled"})";

class VpnTest : public test::ScenarioRunTest
{
  protected:
    void Run(const std::string& json, Time duration)
    {
        test::RunSpec spec;
        spec.duration = duration;
        RunFor(json, spec);
    }

    double MedianRttMs(double from, double to) const
    {
        return ScenarioRunTest::MedianRttMs("", from, to);
    }

    uint32_t Lost(double from, double to) const { return ScenarioRunTest::Lost("", from, to); }
};

} // namespace

TEST_F(VpnTest, ExpressRouteIsPreferredAndTheVpnCarriesTrafficWhileItIsDown)
{
    Run(VpnScenario("", kErDown), Seconds(15));
    const double er = MedianRttMs(0, 2);
    const double vpn = MedianRttMs(2.2, 5);
    // The circuit is back at 5 s; the CE reconnects on its ConnectRetry (10 s after 2 s).
    const double back = MedianRttMs(13, 15);
    RecordProperty("rtt_er_ms", std::to_string(er));
    RecordProperty("rtt_vpn_ms", std::to_string(vpn));
    // Frankfurt to West Europe: ~7 ms over ExpressRoute; the internet path (stretch 2, 5 ms
    // base each way) is longer.
    EXPECT_GT(vpn, er + 5.0) << "the VPN carries it, over the internet";
    EXPECT_NEAR(back, er, 0.5) << "ExpressRoute takes it back when its routes return";
    EXPECT_LE(Lost(0, 15), 1u) << "signalled: the VPN route is already there";
    // The internet path's jitter (up to 2 ms each way, InternetJitter) spreads the VPN's RTT.
    double lo = 1e9;
    double hi = 0;
    for (const auto& p : m_recorder->GetProbes())
    {
        if (p.success && p.sent >= Seconds(2.2) && p.sent < Seconds(5))
        {
            lo = std::min(lo, p.rtt.GetSeconds() * 1e3);
            hi = std::max(hi, p.rtt.GetSeconds() * 1e3);
        }
    }
    RecordProperty("vpn_rtt_spread_ms", std::to_string(hi - lo));
    EXPECT_GT(hi - lo, 0.5);
    EXPECT_LT(hi - lo, 4.0);
    // The CE prefers ExpressRoute while both are up (LOCAL_PREF 50 on the VPN's routes).
    auto ce = m_topology->GetBgpSpeaker(m_topology->GetNode("site/hq/ce1")->GetId());
    const auto best = ce->GetBestRoutes(*Ipv4Prefix::Parse("10.1.0.0/16"));
    ASSERT_FALSE(best.empty());
    EXPECT_EQ(best.front().peerAsn, 12076u) << "the MSEE, not the VPN gateway";
}

// The VPN ends on the first CE; a host of a two-CE site also sends through the second, which
// learns the VPN's routes from the first over the site's iBGP, tagged NO_EXPORT (RFC 1997) so
// that they go to no other AS: not to the MSEEs when ExpressRoute returns.
TEST_F(VpnTest, TheSecondCeReachesTheVpnThroughTheFirstOverTheSitesIbgp)
{
    std::string json = VpnScenario("", kErDown);
    const std::string site = R"("prefixes": ["10.10.0.0/16"]})";
    json.replace(json.find(site), site.size(), R"("prefixes": ["10.10.0.0/16"], "ceRouters": 2})");
    const auto v1 = *Ipv4Prefix::Parse("10.1.0.0/16");
    std::vector<BgpRoute> atCe2;
    test::RunSpec spec;
    spec.duration = Seconds(15);
    spec.actions.emplace_back(Seconds(4), [this, &atCe2, v1]() {
        atCe2 = m_topology->GetBgpSpeaker(m_topology->GetNode("site/hq/ce2")->GetId())
                    ->GetBestRoutes(v1);
    });
    RunFor(json, spec);
    ASSERT_EQ(atCe2.size(), 1u) << "ExpressRoute down: the VPN's route, from ce1";
    EXPECT_FALSE(atCe2[0].ebgp) << "over iBGP";
    EXPECT_EQ(atCe2[0].attributes.localPref, std::optional<uint32_t>(50)) << "the VPN's LOCAL_PREF";
    EXPECT_NE(std::find(atCe2[0].attributes.communities.begin(),
                        atCe2[0].attributes.communities.end(),
                        kBgpNoExport),
              atCe2[0].attributes.communities.end());
    EXPECT_LE(Lost(0, 15), 1u) << "signalled: the VPN route is already there, at both CEs";
    EXPECT_GT(MedianRttMs(2.2, 5), MedianRttMs(0, 2) + 5.0) << "over the VPN";
    // ExpressRoute back: each CE prefers its MSEE again, and each MSEE holds from its CE only
    // the site's own prefix: the VNet learned over the VPN (and over iBGP at ce2) never went
    // to ExpressRoute.
    for (const std::string ce : {"site/hq/ce1", "site/hq/ce2"})
    {
        const auto best = m_topology->GetBgpSpeaker(m_topology->GetNode(ce)->GetId())->GetBestRoutes(v1);
        ASSERT_FALSE(best.empty()) << ce;
        EXPECT_EQ(best.front().peerAsn, 12076u) << ce;
    }
    for (const std::string role : {"primary", "secondary"})
    {
        auto msee = m_topology->GetBgpSpeaker(m_topology->GetNode("msee/Frankfurt/" + role)->GetId());
        const auto peer = msee->FindPeer("c1/" + role + "/AzurePrivate");
        ASSERT_TRUE(peer.has_value()) << role;
        EXPECT_TRUE(msee->GetSession(*peer)->IsEstablished()) << role;
        EXPECT_EQ(msee->GetAdjRibInSize(*peer), 1u) << role << ": 10.10.0.0/16 alone";
    }
}

// Two sites reach each other through the hub VNet's VPN gateway once Global Reach is gone
// (global-reach-vs-vpn, Amsterdam down from 3 s); the hub's region going down at 7 s takes that
// VPN gateway with it, so nothing arrives after that.
using VpnRegionOutageTest = test::SimulatorTest;

TEST_F(VpnRegionOutageTest, TheHubsRegionTakesItsVpnGatewayAndTheSitesItJoins)
{
    std::ifstream in(std::string(EXPRESSROUTE_SOURCE_DIR) + "/examples/scenarios/global-reach-vs-vpn.json");
    auto j = nlohmann::json::parse(in);
    j["traffic"] = {{{"name", "ams-to-lon"}, {"from", "amsterdam-dc"}, {"to", "london-dc"},
                     {"kind", "ConstantRate"}, {"rate", "2Mbps"}, {"start", "1s"}, {"stop", "12s"}}};
    j["simulation"]["duration"] = "12s";
    j["failures"] = {{{"kind", "PeeringLocationOutage"}, {"target", "Amsterdam"}, {"start", "3s"}},
                     {{"kind", "RegionOutage"}, {"target", "West Europe"}, {"start", "7s"}}};
    RunOptions options;
    options.duration = Seconds(12);
    options.writeOutputs = false;
    const RunResult r = RunScenario(LoadScenarioString(j.dump(), "hub.json", m_geography),
                                    options,
                                    m_geography,
                                    m_backbone);
    ASSERT_EQ(r.flows.size(), 1u);
    const auto& f = r.flows[0];
    ASSERT_TRUE(f.lastRx.has_value());
    // 2 Mbps from 1 s: 1 MB by 5 s over Global Reach then the VPNs; none after 7 s.
    EXPECT_GT(f.rxBytes, 1000000u) << "the VPN hub carries it after Amsterdam goes";
    EXPECT_LT(f.lastRx->GetSeconds(), 7.1) << "the hub's VPN gateway is down from 7 s";
}

TEST_F(VpnTest, VpnGatewaySkuCapsThroughput)
{
    std::string flows;
    for (int i = 0; i < 8; ++i)
    {
        flows += (i ? "," : "") + std::string(R"({"name": "f)") + std::to_string(i) +
                 R"(", "from": "hq", "to": "v1", "kind": "ConstantRate", "rate": "100Mbps", "packetSize": 1400, "start": "2.5s", "stop": "4.5s"})";
    }
    Run(VpnScenario(flows, kErDown), Seconds(5));
    uint64_t rx = 0;
    for (const auto& f : m_recorder->GetFlows())
    {
        rx += f.rxBytes;
    }
    const double bps = 8.0 * static_cast<double>(rx) / 2.0;
    RecordProperty("received_bps", std::to_string(bps));
    // VpnGw1: 650 Mbit/s of IP packets (references.md §7), of the 800 offered; payload 1400/1428.
    EXPECT_NEAR(bps / 1e6, 650 * 1400.0 / 1428.0, 25.0);
    const auto& dp = m_topology->GetVpnDataPaths().at("v1");
    EXPECT_GT(dp->GetCounters().droppedPackets[1] + dp->GetCounters().droppedPackets[0], 1000u);
}
