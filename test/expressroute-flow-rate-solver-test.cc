// SPDX-License-Identifier: GPL-2.0-only
// The fluid engine's rate solver: UDP keeps its offer up to the capacity and loses the same
// fraction of each flow beyond it; TCP shares what is left by RTT-weighted max-min (LV08); TCP's
// ACKs share the way back.
#include "expressroute-flow-rate-solver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace ns3::expressroute;
using Flow = FlowRateSolver::Flow;

namespace
{
Flow
Udp(std::vector<uint32_t> path, double bps)
{
    return Flow{std::move(path), false, bps, 0, {}};
}

Flow
Tcp(std::vector<uint32_t> path, double rtt)
{
    return Flow{std::move(path), true, 0, rtt, {}};
}

/// LV08 without WeightS, for shares that are plain functions of the RTTs.
TcpShareModel
RttOnly()
{
    TcpShareModel m;
    m.weightSBytes = 0;
    return m;
}
} // namespace

TEST(FlowRateSolver, UdpOverTheCapacityLosesTheSameFractionOfEachFlow)
{
    const auto r = FlowRateSolver::Solve({50e6}, {Udp({0}, 60e6), Udp({0}, 40e6)});
    EXPECT_DOUBLE_EQ(r.wireBps[0], 30e6);
    EXPECT_DOUBLE_EQ(r.wireBps[1], 20e6);
    EXPECT_DOUBLE_EQ(r.loadBps[0], 50e6);
    EXPECT_DOUBLE_EQ(r.droppedBps[0], 50e6) << "offered minus carried";
}

TEST(FlowRateSolver, UdpLosesAtEachBottleneckOfItsPathInTurn)
{
    // 100 Mbps into an 80 Mbps resource, then a 50 Mbps one shared with 25 Mbps more.
    const auto r = FlowRateSolver::Solve({80e6, 50e6}, {Udp({0, 1}, 100e6), Udp({1}, 25e6)});
    EXPECT_NEAR(r.droppedBps[0], 20e6, 1) << "the first bottleneck drops 20";
    // The second sees 80 + 25 = 105 for 50: each keeps 50/105.
    EXPECT_NEAR(r.wireBps[0], 80e6 * 50 / 105, 1);
    EXPECT_NEAR(r.wireBps[1], 25e6 * 50 / 105, 1);
    EXPECT_NEAR(r.droppedBps[1], 55e6, 1);
    EXPECT_NEAR(r.loadBps[1], 50e6, 1);
}

TEST(FlowRateSolver, TcpFlowsWithEqualRttShareEquallyAndGoodputIs97Percent)
{
    const auto r = FlowRateSolver::Solve({100e6}, {Tcp({0}, 0.02), Tcp({0}, 0.02)});
    EXPECT_NEAR(r.wireBps[0], 50e6, 1);
    EXPECT_NEAR(r.wireBps[1], 50e6, 1);
    EXPECT_NEAR(r.goodputBps[0], 48.5e6, 1) << "LV08's bandwidth factor 0.97";
    EXPECT_NEAR(r.loadBps[0], 100e6, 1);
}

TEST(FlowRateSolver, TcpShareIsInverselyProportionalToItsWeight)
{
    // RTT 10 ms and 40 ms on 100 Mbps: shares 4/5 and 1/5 without WeightS...
    auto r = FlowRateSolver::Solve({100e6}, {Tcp({0}, 0.010), Tcp({0}, 0.040)}, RttOnly());
    EXPECT_NEAR(r.wireBps[0], 80e6, 1);
    EXPECT_NEAR(r.wireBps[1], 20e6, 1);
    // ... and with LV08's WeightS of 20,537 bytes (1.643 ms at 100 Mbps) added to each weight.
    r = FlowRateSolver::Solve({100e6}, {Tcp({0}, 0.010), Tcp({0}, 0.040)});
    const double w0 = 0.010 + 20537 * 8 / 100e6;
    const double w1 = 0.040 + 20537 * 8 / 100e6;
    EXPECT_NEAR(r.wireBps[0], 100e6 * (1 / w0) / (1 / w0 + 1 / w1), 1);
}

TEST(FlowRateSolver, MaxMinGivesWhatOneBottleneckLeavesToTheOtherFlows)
{
    // A: 10 Mbps shared by flows 1 and 2; B: 20 Mbps shared by flows 2 and 3.
    const auto r = FlowRateSolver::Solve({10e6, 20e6},
                                         {Tcp({0}, 0.01), Tcp({0, 1}, 0.01), Tcp({1}, 0.01)},
                                         RttOnly());
    EXPECT_NEAR(r.wireBps[0], 5e6, 1);
    EXPECT_NEAR(r.wireBps[1], 5e6, 1);
    EXPECT_NEAR(r.wireBps[2], 15e6, 1) << "flow 3 takes what flow 2 cannot use on B";
}

TEST(FlowRateSolver, TheWindowLimitsALongFatFlow)
{
    // 4 MiB per 100 ms RTT: 335.5 Mbps on a 1 Gbps path.
    const auto r = FlowRateSolver::Solve({1e9}, {Tcp({0}, 0.1)});
    EXPECT_NEAR(r.wireBps[0], 4194304 * 8 / 0.1, 1);
    EXPECT_NEAR(r.loadBps[0], 335.54432e6, 1);
}

TEST(FlowRateSolver, TcpGetsWhatConstantRateUdpLeaves)
{
    const auto r = FlowRateSolver::Solve({100e6}, {Udp({0}, 60e6), Tcp({0}, 0.02)});
    EXPECT_NEAR(r.wireBps[0], 60e6, 1);
    EXPECT_NEAR(r.wireBps[1], 40e6, 1);
    EXPECT_NEAR(r.droppedBps[0], 0, 1);
    // UDP alone above the capacity leaves TCP nothing.
    const auto full = FlowRateSolver::Solve({100e6}, {Udp({0}, 150e6), Tcp({0}, 0.02)});
    EXPECT_NEAR(full.wireBps[1], 0, 1);
    EXPECT_NEAR(full.droppedBps[0], 50e6, 1);
}

/// A TCP flow over @p path whose ACKs come back over @p back.
Flow
TcpAcked(std::vector<uint32_t> path, std::vector<uint32_t> back, double rtt)
{
    return Flow{std::move(path), true, 0, rtt, std::move(back)};
}

// ACKs: 54 bytes per two 1,448-byte segments of goodput.
constexpr double kAckShare = 54.0 / (2 * 1448);

TEST(FlowRateSolver, AcksAreDroppedWithTheUdpTheyJoinAndTheLinkCarriesItsCapacity)
{
    // A 50 Mbit/s link: 61.4 Mbit/s of UDP one way (resource 0), TCP the other (resource 1)
    // whose ACKs join the UDP. Offered 61.4 + 0.904: 50 carried, 12.3 dropped, in proportion.
    const auto r = FlowRateSolver::Solve({50e6, 50e6},
                                         {Udp({0}, 61.4e6), TcpAcked({1}, {0}, 0.01)});
    EXPECT_NEAR(r.wireBps[1], 50e6, 1) << "the ACKs' losses do not hold the data back";
    const double ack = 50e6 * 0.97 * kAckShare;
    EXPECT_NEAR(ack, 0.9044e6, 100);
    EXPECT_NEAR(r.loadBps[0], 50e6, 1) << "not 50 + the ACKs";
    EXPECT_NEAR(r.droppedBps[0], 61.4e6 + ack - 50e6, 1);
    EXPECT_NEAR(r.wireBps[0], 61.4e6 * 50e6 / (61.4e6 + ack), 1);
    EXPECT_NEAR(r.ackLoadBps[0], ack * 50e6 / (61.4e6 + ack), 1);
    EXPECT_NEAR(r.ackLoadBps[1], 0, 1e-9);
}

TEST(FlowRateSolver, AcksLeaveTheDataTheyCrossLess)
{
    // TCP each way over a 50 Mbit/s link, each one's ACKs beside the other's data: x + 0.97 x
    // 54 / 2896 = 50 Mbit/s each way.
    const auto r = FlowRateSolver::Solve({50e6, 50e6},
                                         {TcpAcked({0}, {1}, 0.01), TcpAcked({1}, {0}, 0.01)});
    const double x = 50e6 / (1 + 0.97 * kAckShare);
    EXPECT_NEAR(r.wireBps[0], x, 10);
    EXPECT_NEAR(r.wireBps[1], x, 10);
    EXPECT_LE(r.loadBps[0], 50e6 * (1 + 1e-9));
    EXPECT_NEAR(r.loadBps[0], 50e6, 10);
    EXPECT_NEAR(r.ackLoadBps[0], x * 0.97 * kAckShare, 10);
    EXPECT_NEAR(r.droppedBps[0], 0, 1e-3);
}

TEST(FlowRateSolver, AcksWithRoomAreAddedToTheWayBack)
{
    // 10 Mbit/s of TCP (its window) on a 50 Mbit/s link: its ACKs, 0.18 Mbit/s, fit beside it.
    Flow f = TcpAcked({0}, {1}, 0.01);
    f.offeredBps = 10e6;
    const auto r = FlowRateSolver::Solve({50e6, 50e6}, {f});
    EXPECT_DOUBLE_EQ(r.wireBps[0], 10e6);
    EXPECT_DOUBLE_EQ(r.loadBps[1], FlowRateSolver::AckBps(r.goodputBps[0]));
    EXPECT_DOUBLE_EQ(r.loadBps[1], 9.7e6 * kAckShare);
}

TEST(FlowRateSolver, ThousandsOfFlowsOnHundredsOfResourcesSettle)
{
    // 256 circuit links, 4 gateway caps; 5,000 flows each over one link and one cap.
    std::vector<double> capacities(260, 100e6);
    for (int g = 256; g < 260; ++g)
    {
        capacities[g] = 1e9;
    }
    std::vector<Flow> flows;
    for (uint32_t i = 0; i < 5000; ++i)
    {
        flows.push_back(i % 5 ? Tcp({i % 256, 256 + i % 4}, 0.005 + 0.001 * (i % 17))
                              : Udp({i % 256, 256 + i % 4}, 5e6));
    }
    const auto r = FlowRateSolver::Solve(capacities, flows);
    for (std::size_t k = 0; k < capacities.size(); ++k)
    {
        EXPECT_LE(r.loadBps[k], capacities[k] * (1 + 1e-9)) << "resource " << k;
    }
    EXPECT_NEAR(r.loadBps[256], 1e9, 1e3) << "the gateway caps are the bottleneck here";
}

// The window of a TCP transfer as ns-3's TCP runs it (doc/engines.md, measured with
// expressroute-bench-engines --trace-tcp): contoso-europe's 20 MB to East US, 87 ms round trip,
// 500 Mbit/s circuit with a 100-packet queue. ns-3 about doubles the window each round trip from
// 10 segments (10, 19, 37, 73, 145: one segment of each round counts only in the next), learns of
// the loss at 489 segments (6.1 round trips after the first data), recovers for 3 round trips at
// 0.7 of it (ssthresh 342), then CUBIC: 453 segments 2.6 s after the recovery.
TEST(TcpWindow, SlowStartOvershootsTheQueueThenCubicClimbsBack)
{
    TcpWindow w(TcpWindowModel{}, 0.087, 500e6, 100);
    std::vector<double> rounds;
    for (int i = 0; i < 6; ++i)
    {
        rounds.push_back(w.Segments());
        EXPECT_DOUBLE_EQ(w.IntervalS(), 0.087);
        w.Next();
    }
    EXPECT_EQ(rounds, (std::vector<double>{10, 19, 37, 73, 145, 289}));
    EXPECT_FALSE(std::isfinite(w.HyStartExitSegments()))
        << "its ACK trains break for most of an 87 ms round trip: no HyStart";
    EXPECT_DOUBLE_EQ(w.Segments(), 490) << "loss learnt at 2 x (145 + 100): ns-3 489";
    EXPECT_DOUBLE_EQ(w.SlowStartLossSegments(), 490);
    w.Next();
    EXPECT_DOUBLE_EQ(w.Segments(), 0.7 * 490) << "fast recovery at beta x the window: ns-3 342";
    EXPECT_DOUBLE_EQ(w.IntervalS(), 3 * 0.087);
    double t = 0;
    while (t < 2.6)
    {
        w.Next();
        t += w.IntervalS();
        EXPECT_GE(w.IntervalS(), 0.087 - 1e-12) << "at least a round trip per rate";
    }
    EXPECT_NEAR(w.Segments(), 453, 0.02 * 453) << "CUBIC towards Wmax: ns-3 453";
    EXPECT_LT(w.Segments(), 490);
    EXPECT_NEAR(w.GoodputBps(), w.Segments() * 1448 * 8 / 0.087, 1e-6);
}

// A long fat path whose queue is deep enough for slow start: the 4 MiB buffers limit the
// window, which stays there (335.5 Mbit/s at 100 ms).
TEST(TcpWindow, BuffersLimitTheWindowWithoutLoss)
{
    TcpWindow w(TcpWindowModel{}, 0.1, 10e9, 2000);
    EXPECT_FALSE(std::isfinite(w.SlowStartLossSegments()));
    int rounds = 0;
    while (std::isfinite(w.IntervalS()) && rounds < 100)
    {
        w.Next();
        ++rounds;
    }
    EXPECT_EQ(rounds, 9) << "10, 19, ... 2305 segments after 8 rounds, then the limit";
    EXPECT_NEAR(w.Segments(), 4194304.0 / 1448, 1e-9);
    EXPECT_NEAR(w.GoodputBps(), 4194304.0 * 8 / 0.1, 1);
}

// The Global Reach copy's 11 ms at 1 Gbit/s: ACK trains of a round hold only above 750 segments,
// past the loss; slow start overshoots as on the long paths (ns-3: 489-491 segments; its queue
// first drops at a window of 247, 145 + 100 as the model reasons).
TEST(TcpWindow, HyStartDoesNotEndSlowStartOnAnElevenMillisecondPath)
{
    TcpWindow w(TcpWindowModel{}, 0.011, 1e9, 100);
    EXPECT_FALSE(std::isfinite(w.HyStartExitSegments()));
    EXPECT_DOUBLE_EQ(w.SlowStartLossSegments(), 490);
}

// metro-amsterdam's 20 MB (doc/engines.md; expressroute-bench-engines --trace-tcp on
// /work/wt/brief/metro-bulk.json): a 2 ms round trip on a 1 Gbit/s circuit (100 Mbit/s of UDP on
// it too) with a 100-packet queue. ns-3's HyStart finds an ACK train (the round's ACKs and the
// next round's first within 2 ms of each other, for longer than the minimum RTT) at the first
// ACK of its second round after the 10-segment one, and sets ssthresh to the window, 19 segments
// (27,512 bytes), 4.2 ms after its first data; CUBIC then adds a segment per 20 acknowledged
// (5 % per round trip) and loses at 255 segments 0.118 s later (round trips of 2.0-3.0 ms as
// the queue grows), then recovers at 178.
TEST(TcpWindow, HyStartEndsSlowStartOnATwoMillisecondPath)
{
    const double rtt = 0.002;
    TcpWindow w(TcpWindowModel{}, rtt, 1e9, 100);
    EXPECT_DOUBLE_EQ(w.HyStartExitSegments(), 19) << "ns-3 19";
    const double bdpPlusQueue = 1e9 * rtt / (8 * 1500) + 100;
    EXPECT_DOUBLE_EQ(w.SlowStartLossSegments(), bdpPlusQueue) << "the first loss, ns-3 255";
    EXPECT_DOUBLE_EQ(w.Segments(), 10);
    w.Next();
    EXPECT_DOUBLE_EQ(w.Segments(), 19) << "slow start's second round: no third";
    double t = 0;
    double previous = w.Segments();
    int rounds = 0;
    while (w.Segments() < bdpPlusQueue && rounds < 1000)
    {
        w.Next();
        EXPECT_DOUBLE_EQ(w.IntervalS(), rtt);
        EXPECT_NEAR(w.Segments(), std::min(1.05 * previous, bdpPlusQueue), 1e-9)
            << "a segment per 20 acknowledged, up to BDP + queue";
        previous = w.Segments();
        t += rtt;
        ++rounds;
    }
    EXPECT_DOUBLE_EQ(w.Segments(), bdpPlusQueue);
    EXPECT_NEAR(t, 0.118, 0.15 * 0.118) << "ns-3: 0.118 s from the exit to the loss";
    w.Next();
    EXPECT_DOUBLE_EQ(w.Segments(), 0.7 * bdpPlusQueue) << "fast recovery, ns-3 0.7 x 255 = 178";
}

// Without HyStart (TcpCubic::HyStart false), a short path (BDP 8 segments, 100-packet queue):
// the overshoot is that of the standing queue, 2 BDP + queue; then CUBIC saws between 0.7 and 1 x
// (BDP + queue).
TEST(TcpWindow, ShortPathWithoutHyStartSawsBetweenBetaAndBdpPlusQueue)
{
    const double bdp = 100e6 * 0.001 / (8 * 1500);
    TcpWindowModel model;
    model.hyStart = false;
    TcpWindow w(model, 0.001, 100e6, 100);
    EXPECT_FALSE(std::isfinite(w.HyStartExitSegments()));
    EXPECT_NEAR(w.SlowStartLossSegments(), 2 * bdp + 100, 1e-9);
    int losses = 0;
    double previous = w.Segments();
    for (int i = 0; i < 2000; ++i)
    {
        w.Next();
        if (w.Segments() < previous * 0.9)
        {
            ++losses;
            EXPECT_GE(w.Segments(), 0.7 * 0.7 * (bdp + 100)) << "after fast convergence";
        }
        EXPECT_LE(w.Segments(), std::max(2 * bdp + 100, bdp + 100 + 1e-9));
        previous = w.Segments();
    }
    EXPECT_GT(losses, 2) << "losses recur at BDP + queue";
}

// The delay test alone: at 10 Mbit/s a round's ACKs come 2.4 ms apart (more than HyStartAckDelta,
// no train); behind a 1,000-packet queue, the round that starts at 37 segments (BDP 16.7) sees
// 24 ms of queue, more than the 20 ms threshold (the minimum RTT, clamped to 4 ms-1 s): ns-3
// leaves after 8 samples and one more ACK, 18 segments into the round.
TEST(TcpWindow, HyStartDelayIncreaseEndsSlowStartBehindADeepQueue)
{
    TcpWindow w(TcpWindowModel{}, 0.020, 10e6, 1000);
    EXPECT_DOUBLE_EQ(w.HyStartExitSegments(), 37 + 18);
    std::vector<double> rounds;
    for (int i = 0; i < 4; ++i)
    {
        rounds.push_back(w.Segments());
        w.Next();
    }
    EXPECT_EQ(rounds, (std::vector<double>{10, 19, 37, 55}));
    TcpWindowModel off;
    off.hyStart = false;
    EXPECT_FALSE(std::isfinite(TcpWindow(off, 0.020, 10e6, 1000).HyStartExitSegments()));
}
