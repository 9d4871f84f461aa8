// SPDX-License-Identifier: GPL-2.0-only
// Per-packet jitter on the backbone links (BackboneChannel::JitterRatio): probes across the
// built ns-3 backbone vary within the ratio, runs repeat exactly, other runs differ.
#include "expressroute-backbone-channel.h"
#include "expressroute-probe.h"
#include "expressroute-test-fixture.h"
#include "expressroute-topology-builder.h"

#include "ns3/double.h"
#include "ns3/ipv4.h"
#include "ns3/simulator.h"

#include <algorithm>

using namespace ns3;
using namespace ns3::expressroute;

namespace
{

class BackboneJitterTest : public test::SimulatorTest
{
  protected:
    /// RTTs (ms) of the probes answered while 200 probes, one every 10 ms, go from UK South to
    /// Japan East (the sender ignores answers after it stops: about 176).
    std::vector<double> ProbeRtts()
    {
        auto builder = CreateObject<TopologyBuilder>();
        auto topology =
            builder->BuildBackboneOnly({"Japan East", "UK South"}, m_geography, m_backbone);
        auto src = topology->GetNode("region/UK South/host");
        auto dst = topology->GetNode("region/Japan East/host");
        dst->AddApplication(CreateObject<ProbeResponder>());
        auto sender = CreateObject<ProbeSender>();
        sender->SetRemote(dst->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), 8084);
        sender->SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        sender->SetStopTime(Seconds(1.995));
        src->AddApplication(sender);
        std::vector<double> rtts;
        sender->TraceConnectWithoutContext(
            "ProbeCompleted",
            Callback<void, uint32_t, Time, Time, bool>([&rtts](uint32_t, Time, Time rtt, bool ok) {
                if (ok)
                {
                    rtts.push_back(rtt.GetSeconds() * 1e3);
                }
            }));
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        Simulator::Destroy();
        return rtts;
    }

    static double Quantile(std::vector<double> v, double q)
    {
        std::sort(v.begin(), v.end());
        return v[static_cast<std::size_t>(q * (v.size() - 1))];
    }
};

} // namespace

TEST_F(BackboneJitterTest, OffByDefaultEveryProbeMeasuresTheModelRtt)
{
    EXPECT_EQ(BackboneChannel::GetDefaultJitterRatio(), 0.0);
    const double model = m_backbone->GetRtt("UK South", "Japan East").GetSeconds() * 1e3;
    const auto rtts = ProbeRtts();
    ASSERT_GE(rtts.size(), 170u) << "probes answered before the sender stops (RTT ~240 ms)";
    EXPECT_NEAR(Quantile(rtts, 0.0), model, 0.05) << "fastest probe = model RTT";
    EXPECT_NEAR(Quantile(rtts, 1.0), model, 0.05) << "slowest probe = model RTT (no variance)";
}

TEST_F(BackboneJitterTest, ProbesVaryWithinTheRatioOfThePathDelay)
{
    Config::SetDefault("ns3::expressroute::BackboneChannel::JitterRatio", DoubleValue(0.05));
    const Time access = 2 * (m_backbone->GetAccessDelay("UK South") +
                             m_backbone->GetAccessDelay("Japan East"));
    const double model = m_backbone->GetRtt("UK South", "Japan East").GetSeconds() * 1e3;
    const double path = model - access.GetSeconds() * 1e3; // both directions, backbone only
    const auto rtts = ProbeRtts();
    ASSERT_GE(rtts.size(), 170u) << "jitter delays packets, it loses none";
    const double p50 = Quantile(rtts, 0.5);
    const double p99 = Quantile(rtts, 0.99);
    EXPECT_GE(Quantile(rtts, 0.0), model - 0.01) << "jitter only adds delay";
    EXPECT_LE(Quantile(rtts, 1.0), model + 0.05 * path + 0.01) << "at most 5 % of each link's delay";
    // Sums of uniform draws: the median near half the largest extra, the tail above it.
    EXPECT_NEAR(p50, model + 0.025 * path, 0.01 * path) << "median extra ~ half of 5 %";
    EXPECT_GT(p99 - p50, 0.005 * path) << "p99 above p50 by more than 0.5 % of the path";
}

TEST_F(BackboneJitterTest, SameSeedAndRunRepeatOtherRunsDiffer)
{
    Config::SetDefault("ns3::expressroute::BackboneChannel::JitterRatio", DoubleValue(0.05));
    const auto first = ProbeRtts();
    const auto again = ProbeRtts();
    EXPECT_EQ(first, again) << "same seed and run: identical RTTs";
    RngSeedManager::SetRun(2);
    const auto other = ProbeRtts();
    // The last probe's answer may arrive just before or just after the sender stops, depending
    // on its jitter: compare the probes both runs have.
    const std::size_t n = std::min(first.size(), other.size());
    ASSERT_GE(n, 170u);
    EXPECT_NE(std::vector<double>(first.begin(), first.begin() + n),
              std::vector<double>(other.begin(), other.begin() + n))
        << "another run draws other jitter";
}
