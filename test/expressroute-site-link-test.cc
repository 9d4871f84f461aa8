// SPDX-License-Identifier: GPL-2.0-only
// The customer's WAN between two sites (issue 16, item 7), on the example
// examples/scenarios/chicago-dallas-wan.json shortened: probes every 100 ms, low rates, the
// Chicago location failing at 2 s for 4 s of an 8 s run. Chicago's traffic must cross the WAN
// to Dallas's circuit within detection and convergence, and the WAN must carry no VNet traffic
// while Chicago's own circuit is up.
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/ppp-header.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace ns3
{
namespace expressroute
{
namespace test
{
namespace
{

constexpr double kFailAt = 2.0;   // scenario seconds
constexpr double kClearAt = 6.0;
constexpr double kRunFor = 8.0;
constexpr double kProbeEvery = 0.1;

/// The example, shortened; @p failure replaces its failures.
std::string
ShortWanScenario(const nlohmann::json& failure)
{
    std::ifstream in(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/chicago-dallas-wan.json");
    auto j = nlohmann::ordered_json::parse(in);
    j["simulation"]["duration"] = "8s";
    for (auto& p : j["probes"])
    {
        p["interval"] = "100ms";
    }
    for (auto& t : j["traffic"])
    {
        t["rate"] = "1Mbps";
    }
    j["failures"] = nlohmann::ordered_json::array({failure});
    return j.dump();
}

/// Runs the shortened example, counting the VNet traffic the WAN link delivers and tracing
/// Chicago's paths through the FIBs before and during the failure.
class SiteLinkTest : public ScenarioRunTest
{
  protected:
    /// Counts what the WAN link's two devices receive (scheduled at scenario time 0).
    /// Bytes of VNet traffic (to or from 10.1.0.0/16 or 10.2.0.0/16) go to m_wanBefore,
    /// m_wanDuring or m_wanAfter by when they arrive.
    void WatchWan()
    {
        auto index = m_topology->FindLink("wan/chi-dal");
        ASSERT_TRUE(index.has_value()) << "the example has a site link wan/chi-dal";
        const auto& link = m_topology->GetLinks()[*index];
        for (const auto& dev : {link.devA, link.devB})
        {
            dev->TraceConnectWithoutContext(
                "MacRx",
                Callback<void, Ptr<const Packet>>([this](Ptr<const Packet> p) {
                    Ptr<Packet> copy = p->Copy();
                    PppHeader ppp;
                    copy->RemoveHeader(ppp);
                    Ipv4Header ip;
                    copy->PeekHeader(ip);
                    const Ipv4Mask vnets("255.254.0.0"); // 10.0.0.0/15 holds 10.1/16 and 10.2/16
                    const auto net = Ipv4Address("10.0.0.0");
                    if (vnets.IsMatch(ip.GetSource(), net) || vnets.IsMatch(ip.GetDestination(), net))
                    {
                        const double t = (Simulator::Now() - Warmup()).GetSeconds();
                        (t < kFailAt ? m_wanBefore : t < kClearAt ? m_wanDuring : m_wanAfter) +=
                            p->GetSize();
                    }
                }));
        }
    }

    /// The links (names) a UDP packet from Chicago's host to @p vnet's first VM crosses now.
    std::vector<std::string> PathFromChicago(const std::string& vnet) const
    {
        auto host = m_topology->GetNode("site/chi-dc/host1");
        auto vm = m_topology->GetNode("vnet/" + vnet + "/vm1");
        const uint32_t src = host->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal().Get();
        const uint32_t dst = vm->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal().Get();
        std::vector<std::size_t> links;
        m_topology->TracePath(host->GetId(), src, dst, 17, 49152, 7, &links);
        std::vector<std::string> names;
        for (std::size_t l : links)
        {
            names.push_back(m_topology->GetLinks()[l].name);
        }
        return names;
    }

    static bool Crosses(const std::vector<std::string>& path, const std::string& link)
    {
        return std::find(path.begin(), path.end(), link) != path.end();
    }

    RunSpec Spec()
    {
        RunSpec spec;
        spec.duration = Seconds(kRunFor);
        spec.actions.emplace_back(Seconds(0), [this] { WatchWan(); });
        for (double t : {1.0, 4.0})
        {
            spec.actions.emplace_back(Seconds(t), [this, t] {
                m_paths[t] = {PathFromChicago("prod-cus"), PathFromChicago("dr-eus2")};
            });
        }
        return spec;
    }

    uint64_t m_wanBefore{0};
    uint64_t m_wanDuring{0};
    uint64_t m_wanAfter{0};
    std::map<double, std::pair<std::vector<std::string>, std::vector<std::string>>> m_paths;
};

TEST_F(SiteLinkTest, LocationOutageMovesChicagoOverTheWanWithinConvergence)
{
    RunFor(ShortWanScenario({{"kind", "PeeringLocationOutage"},
                             {"target", "Chicago"},
                             {"start", "2s"},
                             {"duration", "4s"}}),
           Spec());
    const double outage = kClearAt - kFailAt;
    for (const std::string probe : {"chi-cus", "chi-eus2"})
    {
        // During the failure (failing back: the next two tests).
        const uint32_t lost = Lost(probe, kFailAt, kClearAt);
        // Without the WAN chi-eus2 loses all 40 probes of the 4 s outage (chicago-dallas.json).
        EXPECT_GE(lost, 3u) << probe << ": the failure is felt until BFD (0.9 s) finds it";
        EXPECT_LT(lost * kProbeEvery, 2.0)
            << probe << " lost " << lost << " probes: detection and convergence only, not the "
            << outage << " s outage";
        EXPECT_EQ(Lost(probe, 0, kFailAt), 0u) << probe << " before the failure";
        EXPECT_EQ(Lost(probe, kFailAt + 1.5, kClearAt), 0u)
            << probe << ": over the WAN from 1.5 s into the outage; lost in 2 s windows: "
            << Lost(probe, 2, 4) << " " << Lost(probe, 4, 6) << " " << Lost(probe, 6, 8);
    }
    EXPECT_EQ(Lost("dal-cus", 0, kRunFor), 0u) << "Dallas keeps its own circuit";
    EXPECT_EQ(Lost("dal-eus2", 0, kRunFor), 0u) << "Dallas keeps its own circuit";
    // Over the WAN the RTT grows by about two WAN crossings (2 x 9.8 ms).
    const double before = MedianRttMs("chi-eus2", 0, kFailAt);
    const double during = MedianRttMs("chi-eus2", kFailAt + 2.0, kClearAt);
    EXPECT_GT(during - before, 15.0) << "before " << before << " ms, during " << during << " ms";
    EXPECT_LT(during - before, 40.0) << "before " << before << " ms, during " << during << " ms";

    EXPECT_EQ(m_wanBefore, 0u) << "no VNet traffic on the WAN while Chicago's circuit is up";
    // 2 Mbps of Chicago's flows (plus probes) for the ~3 s after convergence: > 300 kB.
    EXPECT_GT(m_wanDuring, 300000u) << "the WAN carries Chicago's traffic during the outage";
    for (const auto& [t, paths] : m_paths)
    {
        const bool during = t > kFailAt && t < kClearAt;
        EXPECT_EQ(Crosses(paths.first, "wan/chi-dal"), during) << "chi-dc to prod-cus at " << t;
        EXPECT_EQ(Crosses(paths.second, "wan/chi-dal"), during) << "chi-dc to dr-eus2 at " << t;
        EXPECT_EQ(Crosses(paths.second, "circuit/dal/primary") ||
                      Crosses(paths.second, "circuit/dal/secondary"),
                  during)
            << "over Dallas's circuit during the outage, at " << t;
    }
}

// Failing back after a 4 s Chicago outage: the VNet gateways' sessions with the Chicago MSEEs
// closed when the interior routing lost those MSEEs (BgpSpeaker::FallOver) and start again when
// they return, so the MSEEs advertise Chicago's prefixes only once its CE is back: nothing is
// lost after the clear.
TEST_F(SiteLinkTest, FailingBackLosesNothingOnceTheGatewaySessionsFellOver)
{
    RunFor(ShortWanScenario({{"kind", "PeeringLocationOutage"},
                             {"target", "Chicago"},
                             {"start", "2s"},
                             {"duration", "4s"}}),
           Spec());
    EXPECT_EQ(Lost("chi-cus", kClearAt, kRunFor), 0u);
    EXPECT_EQ(Lost("chi-eus2", kClearAt, kRunFor), 0u);
}

// The same with FallOver off: the sessions outlive the outage (hold timer 180 s), the routes
// the MSEEs held come back with the links, and the MSEEs drop Chicago's traffic until TCP
// retransmits their withdrawals (backoff 1, 2, 4 s): the whole 2 s after the clear are lost.
TEST_F(SiteLinkTest, FailingBackLosesTheStaleRoutesTimeWithoutFallOver)
{
    Config::SetDefault("ns3::expressroute::BgpSpeaker::FallOver", BooleanValue(false));
    RunFor(ShortWanScenario({{"kind", "PeeringLocationOutage"},
                             {"target", "Chicago"},
                             {"start", "2s"},
                             {"duration", "4s"}}),
           Spec());
    RecordProperty("chi_cus_lost_failing_back", std::to_string(Lost("chi-cus", kClearAt, kRunFor)));
    EXPECT_GE(Lost("chi-cus", kClearAt, kRunFor), 15u);
    EXPECT_EQ(Lost("chi-cus", kFailAt + 1.5, kClearAt), 0u) << "the failure itself is the same";
}

TEST_F(SiteLinkTest, WanLinkFailureTakesTheWanSessionDownAndCostsNoProbe)
{
    RunFor(ShortWanScenario({{"kind", "LinkFailure"},
                             {"target", "wan/chi-dal"},
                             {"start", "2s"},
                             {"duration", "4s"}}),
           Spec());
    EXPECT_EQ(Lost("", 0, kRunFor), 0u) << "each site keeps its own circuit";
    // BFD finds the silent failure and the CEs drop the WAN session (it comes back after
    // ConnectRetry, beyond this short run).
    std::vector<std::string> changes;
    for (const auto& e : m_recorder->GetBgpEvents())
    {
        if (e.peer == "wan/chi-dal" && e.event == "session-state" &&
            e.router == "site/chi-dc/ce1")
        {
            changes.push_back(e.detail);
            if (e.detail.rfind("Established>", 0) == 0 && e.time.GetSeconds() > 0)
            {
                EXPECT_GT(e.time.GetSeconds(), kFailAt);
                EXPECT_LT(e.time.GetSeconds(), kFailAt + 1.5) << "BFD detects within 1.5 s";
            }
        }
    }
    const auto down = std::count_if(changes.begin(), changes.end(), [](const std::string& d) {
        return d.rfind("Established>", 0) == 0;
    });
    EXPECT_EQ(down, 1) << ::testing::PrintToString(changes);
    EXPECT_EQ(m_wanBefore + m_wanDuring + m_wanAfter, 0u) << "the WAN carried no VNet traffic";
}

TEST_F(SiteLinkTest, FlowEngineTakesTheSamePathOverTheWan)
{
    const auto scenario = LoadText(ShortWanScenario({{"kind", "PeeringLocationOutage"},
                                                     {"target", "Chicago"},
                                                     {"start", "2s"},
                                                     {"duration", "4s"}}));
    RunOptions options;
    options.engine = "flow";
    options.writeOutputs = false;
    options.keepLinkSamples = true;
    std::map<double, std::vector<std::string>> paths;
    for (double t : {1.0, 4.0})
    {
        options.actions.emplace_back(Seconds(t), [&paths, t, this](Ptr<Topology> topology) {
            m_topology = topology;
            paths[t] = PathFromChicago("dr-eus2");
        });
    }
    const auto result = RunScenario(scenario, options, m_geography, m_backbone);
    m_topology = nullptr;
    EXPECT_EQ(result.engine, "flow");
    EXPECT_FALSE(Crosses(paths[1.0], "wan/chi-dal")) << ::testing::PrintToString(paths[1.0]);
    EXPECT_TRUE(Crosses(paths[4.0], "wan/chi-dal")) << ::testing::PrintToString(paths[4.0]);
    for (const auto& p : result.pairs)
    {
        if (p.probe == "chi-eus2")
        {
            EXPECT_LT(p.longestOutageS, 2.0) << "the flow engine's probes follow the WAN too";
        }
    }    // links.csv's WAN rows: only the sessions' packets before, Chicago's flows during.
    double before = 0;
    double during = 0;
    for (const auto& l : result.linkSamples)
    {
        if (l.circuit == "chi-dal" && l.role == "wan")
        {
            const double bps = static_cast<double>(l.bitsIn) / (l.end - l.start).GetSeconds();
            if (l.end <= Seconds(2))
            {
                before = std::max(before, bps);
            }
            else if (l.start >= Seconds(3) && l.end <= Seconds(6))
            {
                during = std::max(during, bps);
            }
        }
    }
    EXPECT_LT(before, 1e4) << "no VNet traffic on the WAN while Chicago's circuit is up";
    EXPECT_GT(during, 1.5e6) << "Chicago's two 1 Mbit/s flows on the WAN during the outage";
}

} // namespace
} // namespace test
} // namespace expressroute
} // namespace ns3
