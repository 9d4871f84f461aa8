// SPDX-License-Identifier: GPL-2.0-only
// flows.csv's path_kinds in the packet engine against the flow engine's, on the default scenario
// (Frankfurt's 20 Mbit/s to West Europe over London and UK South's backbone router; West
// Europe's 10 Mbit/s to Amsterdam): failures inside Microsoft's backbone, a silent circuit-link
// failure and a gateway instance failure. Both engines must tell the same kinds at the same
// times, within a packet interval.
#include "expressroute-path-kind.h"
#include "expressroute-scenario-loader.h"
#include "expressroute-simulation.h"
#include "expressroute-test-fixture.h"
#include "expressroute-test-paths.h"

#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

/// A change of path kind: the kind and when it began (s).
using KindChange = std::pair<std::string, double>;

std::vector<KindChange>
Changes(const FlowRecord& f)
{
    std::vector<KindChange> out;
    for (const auto& [at, path] : f.paths)
    {
        const std::string kind = DescribePathKind(path);
        if (out.empty() || out.back().first != kind)
        {
            out.emplace_back(kind, at.GetSeconds());
        }
    }
    return out;
}

std::string
Text(const std::vector<KindChange>& changes)
{
    std::ostringstream os;
    for (const auto& [kind, at] : changes)
    {
        os << kind << " @" << at << "; ";
    }
    return os.str();
}

class FlowPathKindsTest : public test::SimulatorTest
{
  protected:
    /// The default scenario without its TCP copy, with @p failures, for 12 s. (Its probes
    /// stay: they take the first source ports, and so the flows' ECMP choices are the full
    /// scenario's: fra-backup on contoso-lon's primary link, weu-sync on the gateway's instance 0.)
    RunResult Run(const std::string& engine, const std::vector<FailureSpec>& failures)
    {
        Scenario s = LoadScenarioFile(EXPRESSROUTE_SOURCE_DIR + "/examples/scenarios/default.json",
                                      m_geography);
        EXPECT_EQ(s.traffic.size(), 3u);
        s.traffic.resize(2); // fra-backup (udp, 20 Mbit/s), weu-sync (udp, 10 Mbit/s)
        s.failures = failures;
        for (std::size_t i = 0; i < s.failures.size(); ++i)
        {
            s.failures[i].path = "/failures/" + std::to_string(i);
        }
        RunOptions options;
        options.writeOutputs = false;
        options.duration = Seconds(12);
        options.engine = engine;
        RunResult r = RunScenario(s, options, m_geography, m_backbone);
        Simulator::Destroy();
        Config::Reset();
        return r;
    }

    /// The flow @p name's kind changes in @p r.
    static std::vector<KindChange> Kinds(const RunResult& r, const std::string& name)
    {
        for (const auto& f : r.flows)
        {
            if (f.flow == name)
            {
                return Changes(f);
            }
        }
        ADD_FAILURE() << "no flow " << name;
        return {};
    }

    /// Expects the packet engine's changes of flow @p name to be the flow engine's, each within
    /// @p tolerance seconds, and returns them.
    static std::vector<KindChange> ExpectAgreement(const RunResult& packet,
                                                   const RunResult& flow,
                                                   const std::string& name,
                                                   double tolerance)
    {
        const auto p = Kinds(packet, name);
        const auto f = Kinds(flow, name);
        EXPECT_EQ(p.size(), f.size()) << name << ": packet " << Text(p) << "flow " << Text(f);
        for (std::size_t i = 1; i < std::min(p.size(), f.size()); ++i)
        {
            EXPECT_EQ(p[i].first, f[i].first) << name << " change " << i;
            EXPECT_NEAR(p[i].second, f[i].second, tolerance)
                << name << ": packet " << Text(p) << "flow " << Text(f);
        }
        return p;
    }
};

FailureSpec
FailureAt(const std::string& kind, const std::string& target, double start, double duration)
{
    FailureSpec f;
    f.kind = kind;
    f.target = target;
    f.start = Seconds(start);
    f.duration = Seconds(duration);
    return f;
}

// The longest gap between two packets of 1200 bytes (ConstantRateSender's Jitter, 0.1):
// fra-backup at 20 Mbit/s, 0.53 ms; weu-sync at 10 Mbit/s, 1.06 ms.
constexpr double kFraInterval = 1.1 * 1200 * 8 / 20e6;
constexpr double kWeuInterval = 1.1 * 1200 * 8 / 10e6;

} // namespace

/// A backbone link cut is signalled: no path until the interior routing goes around it after
/// its SPF delay (50 ms); the flow was traced again then, not only when the cut cleared. Before,
/// the packet engine said "no path from 2.00 s | ExpressRoute via London from 4.00 s".
TEST_F(FlowPathKindsTest, TheInteriorRoutingsDetourIsTracedAtOnce)
{
    const std::vector<FailureSpec> cut{
        FailureAt("BackboneLinkCut", "UK South--West Europe", 2, 2)};
    const RunResult packet = Run("packet", cut);
    const RunResult flow = Run("flow", cut);
    const auto p = ExpectAgreement(packet, flow, "fra-backup", kFraInterval);
    ASSERT_EQ(p.size(), 3u) << Text(p);
    EXPECT_EQ(p[0].first, "ExpressRoute via London");
    EXPECT_EQ(p[1].first, "no path");
    EXPECT_NEAR(p[1].second, 2.0, kFraInterval);
    EXPECT_EQ(p[2].first, "ExpressRoute via London");
    EXPECT_NEAR(p[2].second, 2.05, kFraInterval) << "the SPF delay after the cut";
}

/// A silent circuit-link failure black-holes the flow until BFD finds out (0.6-0.9 s): no path
/// from the failure on, as the flow engine says. Before, the packet engine left that out (no
/// packet arrives on a black-holed path, and the path its FIBs gave did not change).
TEST_F(FlowPathKindsTest, ASilentFailureIsNoPathUntilItIsFound)
{
    const std::vector<FailureSpec> silent{FailureAt("LinkFailure", "contoso-lon/primary", 2, 4)};
    const RunResult packet = Run("packet", silent);
    const RunResult flow = Run("flow", silent);
    const auto p = ExpectAgreement(packet, flow, "fra-backup", kFraInterval);
    ASSERT_EQ(p.size(), 3u) << Text(p);
    EXPECT_EQ(p[1].first, "no path");
    EXPECT_NEAR(p[1].second, 2.0, kFraInterval);
    EXPECT_EQ(p[2].first, "ExpressRoute via London") << "the secondary link";
    EXPECT_GT(p[2].second, 2.6) << "BFD: 3 x 300 ms after the last packet";
    EXPECT_LT(p[2].second, 3.0);
}

/// A gateway instance that fails drops the flows pinned to it for RepinDelay (1 s), then they
/// move: West Europe's flow to Amsterdam is one of them.
TEST_F(FlowPathKindsTest, AFlowPinnedToAFailedGatewayInstanceIsNoPathUntilRepinned)
{
    const std::vector<FailureSpec> instance{
        FailureAt("GatewayInstanceFailure", "hub-westeurope", 3, 3)};
    const RunResult packet = Run("packet", instance);
    const RunResult flow = Run("flow", instance);
    const auto p = ExpectAgreement(packet, flow, "weu-sync", kWeuInterval);
    ASSERT_EQ(p.size(), 3u) << Text(p);
    EXPECT_EQ(p[1].first, "no path");
    EXPECT_NEAR(p[1].second, 3.0, kWeuInterval);
    EXPECT_EQ(p[2].first, "ExpressRoute via Amsterdam");
    EXPECT_NEAR(p[2].second, 4.0, kWeuInterval) << "RepinDelay";
    ExpectAgreement(packet, flow, "fra-backup", kFraInterval);
}
