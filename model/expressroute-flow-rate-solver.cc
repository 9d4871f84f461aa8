// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-flow-rate-solver.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace ns3
{
namespace expressroute
{

namespace
{
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kRelativeEps = 1e-9;

/**
 * ns-3 3.37's HyStart (TcpCubic::PktsAcked and HystartUpdate) on a path of round-trip time rtt
 * whose bottleneck sends a segment in secondsPerSegment (0: no bottleneck), as slow start's
 * rounds (windows initial, 2 x initial, ... below dropRound, the first round that overflows the
 * queue) meet it. It checks each ACK once the window is at least HyStartLowWindow:
 * - ACK train: a round starts at the first ACK beyond what was sent when the previous one
 *   started; ns-3 checks the ACK before it starts the new round, so the first ACK of the next
 *   round counts for this one. An ACK within HyStartAckDelta of the previous one extends the
 *   train; the train longer than the minimum RTT (the whole minimum RTT in ns-3, not Linux's
 *   half) ends slow start. A round's ACKs come one per DelAckCount segments at the bottleneck's
 *   pace (W x secondsPerSegment), then nothing until the next round's, a round trip after the
 *   round's first: the train holds across rounds while rtt - W x secondsPerSegment <=
 *   HyStartAckDelta, and then ends slow start at the next round's first ACK (window 2 W, its
 *   round trip being more than the minimum by any queueing); on a round whose ACKs alone last
 *   longer than the round trip (W > BDP), BDP segments into it (window W + BDP).
 * - Delay increase: the least RTT of a round's first HyStartMinSamples ACKs above the minimum
 *   by clamp(minimum, HyStartDelayMin, HyStartDelayMax) ends slow start at the next ACK; a
 *   round that starts with W in flight sees the queue W - BDP standing (window W + samples + 1
 *   ACKs' worth).
 * Returns the round's window and the window slow start ends with (infinite: it does not).
 */
std::pair<double, double>
HyStartExit(const TcpWindowModel& m, double rtt, double secondsPerSegment, double dropRound)
{
    if (secondsPerSegment <= 0)
    {
        return {kInf, kInf};
    }
    const double bdp = rtt / secondsPerSegment;
    const bool trains = m.segmentsPerAck * secondsPerSegment <= m.hyStartAckDeltaS;
    const double delayThreshold = std::clamp(rtt, m.hyStartDelayMinS, m.hyStartDelayMaxS);
    for (double w = m.initialSegments; w < dropRound; w = 2 * w - m.slowStartRoundDeficit)
    {
        const double doubled = 2 * w - m.slowStartRoundDeficit;
        double ends = kInf;
        if (w >= m.hyStartLowWindow && (w - bdp) * secondsPerSegment > delayThreshold)
        {
            ends = std::min(doubled, w + (m.hyStartMinSamples + 1) * m.segmentsPerAck);
        }
        if (trains && rtt - w * secondsPerSegment <= m.hyStartAckDeltaS)
        {
            const double train = std::min(doubled, w + bdp);
            if (train >= m.hyStartLowWindow)
            {
                ends = std::min(ends, train);
            }
        }
        if (std::isfinite(ends))
        {
            return {w, ends};
        }
    }
    return {kInf, kInf};
}

/// A constant-rate stream: a UDP flow, or a TCP flow's ACKs at a given rate.
struct Stream
{
    const std::vector<uint32_t>* resources;
    double offeredBps;
    std::size_t flow;
    bool ack;
};

/**
 * The constant-rate streams: the fraction s of its offer each resource passes, to a fixed point
 * (a stream's offer to a resource is what its earlier resources passed). Paths are short and
 * feed forward, so a few rounds settle it; the bound only guards against pathological inputs.
 * Fills the UDP flows' rates and the streams' loads and drops.
 */
void
ShareConstantRate(const std::vector<double>& capacities,
                  const std::vector<Stream>& streams,
                  FlowRateSolver::Result& out)
{
    const std::size_t nr = capacities.size();
    std::vector<double> pass(nr, 1.0);
    std::vector<double> offered(nr, 0.0);
    for (int round = 0; round < 100; ++round)
    {
        std::fill(offered.begin(), offered.end(), 0.0);
        for (const auto& f : streams)
        {
            double x = f.offeredBps;
            for (uint32_t r : *f.resources)
            {
                offered[r] += x;
                x *= pass[r];
            }
        }
        double change = 0;
        for (std::size_t r = 0; r < nr; ++r)
        {
            const double s = offered[r] > capacities[r] ? capacities[r] / offered[r] : 1.0;
            change = std::max(change, std::abs(s - pass[r]));
            pass[r] = s;
        }
        if (change < 1e-12)
        {
            break;
        }
    }
    for (const auto& f : streams)
    {
        double x = f.offeredBps;
        for (uint32_t r : *f.resources)
        {
            out.droppedBps[r] += x * (1.0 - pass[r]);
            x *= pass[r];
            out.loadBps[r] += x;
            if (f.ack)
            {
                out.ackLoadBps[r] += x;
            }
        }
        if (!f.ack)
        {
            out.wireBps[f.flow] = x;
            out.goodputBps[f.flow] = x;
        }
    }
}

/// TCP: weighted max-min on what the constant-rate streams leave (progressive filling). Each
/// round raises every active flow by delta / weight until a resource fills or a flow reaches its
/// cap; those flows freeze.
void
ShareElastic(const std::vector<double>& capacities,
             const std::vector<FlowRateSolver::Flow>& flows,
             const TcpShareModel& model,
             FlowRateSolver::Result& out)
{
    const std::size_t nr = capacities.size();
    std::vector<double> residual(nr);
    for (std::size_t r = 0; r < nr; ++r)
    {
        residual[r] = std::max(0.0, capacities[r] - out.loadBps[r]);
    }
    std::vector<std::size_t> active;
    std::vector<double> weight(flows.size(), 0.0);
    std::vector<double> cap(flows.size(), kInf);
    for (std::size_t i = 0; i < flows.size(); ++i)
    {
        const auto& f = flows[i];
        if (!f.elastic)
        {
            continue;
        }
        out.wireBps[i] = 0;
        double bottleneck = kInf;
        for (uint32_t r : f.resources)
        {
            bottleneck = std::min(bottleneck, capacities[r]);
        }
        const double rtt = std::max(f.rttS, 0.0);
        weight[i] = rtt + (std::isfinite(bottleneck) && bottleneck > 0
                               ? model.weightSBytes * 8.0 / bottleneck
                               : 0.0);
        if (weight[i] <= 0)
        {
            weight[i] = 1e-9; // no delay and no capacity: any positive weight shares alike
        }
        if (f.offeredBps > 0)
        {
            cap[i] = f.offeredBps;
        }
        if (rtt > 0)
        {
            cap[i] = std::min(cap[i], model.windowBytes * 8.0 / rtt);
        }
        if (f.resources.empty())
        {
            out.wireBps[i] = std::isfinite(cap[i]) ? cap[i] : 0.0;
            continue;
        }
        active.push_back(i);
    }
    std::vector<double> inverseWeights(nr);
    while (!active.empty())
    {
        std::fill(inverseWeights.begin(), inverseWeights.end(), 0.0);
        for (std::size_t i : active)
        {
            for (uint32_t r : flows[i].resources)
            {
                inverseWeights[r] += 1.0 / weight[i];
            }
        }
        double delta = kInf;
        for (std::size_t r = 0; r < nr; ++r)
        {
            if (inverseWeights[r] > 0)
            {
                delta = std::min(delta, residual[r] / inverseWeights[r]);
            }
        }
        for (std::size_t i : active)
        {
            delta = std::min(delta, (cap[i] - out.wireBps[i]) * weight[i]);
        }
        if (!std::isfinite(delta))
        {
            break; // nothing bounds the active flows (no finite capacity, no cap)
        }
        for (std::size_t i : active)
        {
            const double add = delta / weight[i];
            out.wireBps[i] += add;
            for (uint32_t r : flows[i].resources)
            {
                residual[r] -= add;
            }
        }
        std::vector<std::size_t> still;
        for (std::size_t i : active)
        {
            bool frozen = cap[i] - out.wireBps[i] <= kRelativeEps * std::max(1.0, cap[i]);
            for (uint32_t r : flows[i].resources)
            {
                frozen = frozen || residual[r] <= kRelativeEps * std::max(1.0, capacities[r]);
            }
            if (!frozen)
            {
                still.push_back(i);
            }
        }
        active.swap(still);
    }
    for (std::size_t i = 0; i < flows.size(); ++i)
    {
        if (!flows[i].elastic)
        {
            continue;
        }
        out.goodputBps[i] = out.wireBps[i] * model.bandwidthFactor;
        for (uint32_t r : flows[i].resources)
        {
            out.loadBps[r] += out.wireBps[i];
        }
    }
}
} // namespace

double
FlowRateSolver::AckBps(double goodputBps, const TcpWindowModel& tcp)
{
    return goodputBps * tcp.ackWireBytes / (tcp.segmentsPerAck * tcp.segmentBytes);
}

FlowRateSolver::Result
FlowRateSolver::Solve(const std::vector<double>& capacities,
                      const std::vector<Flow>& flows,
                      const TcpShareModel& model)
{
    const std::size_t nr = capacities.size();
    const TcpWindowModel tcp;
    std::vector<Stream> streams;
    std::vector<std::size_t> acked; ///< TCP flows with ACKs on the way back
    for (std::size_t i = 0; i < flows.size(); ++i)
    {
        if (!flows[i].elastic)
        {
            streams.push_back({&flows[i].resources, flows[i].offeredBps, i, false});
        }
        else if (!flows[i].ackResources.empty())
        {
            acked.push_back(i);
        }
    }
    const std::size_t udpStreams = streams.size();
    const auto share = [&]() {
        Result out;
        out.wireBps.assign(flows.size(), 0.0);
        out.goodputBps.assign(flows.size(), 0.0);
        out.loadBps.assign(nr, 0.0);
        out.droppedBps.assign(nr, 0.0);
        out.ackLoadBps.assign(nr, 0.0);
        ShareConstantRate(capacities, streams, out);
        ShareElastic(capacities, flows, model, out);
        return out;
    };
    // Without ACKs first. Where every resource the ACKs cross has room for them beside what it
    // carries, they change no share: they are added as they are.
    Result out = share();
    if (acked.empty())
    {
        return out;
    }
    std::vector<double> ackAt(nr, 0.0);
    for (std::size_t i : acked)
    {
        for (uint32_t r : flows[i].ackResources)
        {
            ackAt[r] += AckBps(out.goodputBps[i], tcp);
        }
    }
    bool room = true;
    for (std::size_t r = 0; r < nr && room; ++r)
    {
        room = ackAt[r] == 0 || out.loadBps[r] + ackAt[r] <= capacities[r];
    }
    if (room)
    {
        for (std::size_t i : acked)
        {
            const double ack = AckBps(out.goodputBps[i], tcp);
            for (uint32_t r : flows[i].ackResources)
            {
                out.loadBps[r] += ack;
                out.ackLoadBps[r] += ack;
            }
        }
        return out;
    }
    // Otherwise the ACKs take part: a constant-rate stream each, at the rate its flow's goodput
    // gives, dropped with the UDP where a resource is over its capacity and leaving the TCP data
    // that crosses a resource less; the TCP rates are solved again until the ACKs' rates settle
    // (they are 1.8 % of the data's: each round changes the next by that share of its change).
    // The loads reported are those of the last ACK rates, so no resource carries more than its
    // capacity.
    for (std::size_t i : acked)
    {
        streams.push_back({&flows[i].ackResources, AckBps(out.goodputBps[i], tcp), i, true});
    }
    for (int round = 0; round < 30; ++round)
    {
        out = share();
        double change = 0;
        for (std::size_t k = udpStreams; k < streams.size(); ++k)
        {
            const double ack = AckBps(out.goodputBps[streams[k].flow], tcp);
            change = std::max(change, std::abs(ack - streams[k].offeredBps) /
                                          std::max(1.0, streams[k].offeredBps));
            streams[k].offeredBps = ack;
        }
        if (change < 1e-6)
        {
            break;
        }
    }
    return out;
}

TcpWindow::TcpWindow(const TcpWindowModel& model,
                     double rttS,
                     double bottleneckBps,
                     double queuePackets)
    : m_model(model),
      m_rtt(std::max(rttS, 1e-6))
{
    m_limit = model.limitBytes / model.segmentBytes;
    const double bdp = std::isfinite(bottleneckBps) ? bottleneckBps * m_rtt / (8 * model.wireSegmentBytes)
                                                    : kInf;
    const double queue = std::max(queuePackets, 0.0);
    m_avoidLoss = bdp + queue;
    // The first round that starts at a window of at least the queue overflows it.
    double round = model.initialSegments;
    while (round < queue)
    {
        round = 2 * round - model.slowStartRoundDeficit;
    }
    m_slowStartLoss = std::min(2 * (round + queue), 2 * bdp + queue);
    const bool bottlenecked = std::isfinite(bottleneckBps) && bottleneckBps > 0;
    const double secondsPerSegment =
        bottlenecked ? model.wireSegmentBytes * 8 / bottleneckBps : 0.0;
    m_hyStartExit = kInf;
    m_hyStartRound = kInf;
    if (model.hyStart)
    {
        const auto [w, ends] = HyStartExit(model, m_rtt, secondsPerSegment, round);
        if (ends < m_avoidLoss && ends < m_limit)
        {
            m_hyStartRound = w;
            m_hyStartExit = ends;
            m_slowStartLoss = m_avoidLoss; // the first loss comes in congestion avoidance
        }
    }
    if (m_slowStartLoss >= m_limit)
    {
        m_slowStartLoss = kInf;
    }
    m_phase = Phase::SlowStart;
    m_segments = std::min(model.initialSegments, m_limit);
    m_interval = m_rtt;
}

double
TcpWindow::GoodputBps() const
{
    return m_segments * m_model.segmentBytes * 8 / m_rtt;
}

void
TcpWindow::Next()
{
    switch (m_phase)
    {
    case Phase::SlowStart:
        if (m_segments >= m_hyStartRound)
        {
            Depart();
        }
        else if (m_segments >= m_slowStartLoss)
        {
            Lose(m_segments);
        }
        else if (2 * m_segments - m_model.slowStartRoundDeficit >=
                 std::min(m_slowStartLoss, m_limit))
        {
            // The last round: up to the loss (learnt at its end) or to the limit.
            m_segments = std::min(m_slowStartLoss, m_limit);
            if (m_segments >= m_limit)
            {
                m_phase = Phase::Steady;
                m_interval = kInf;
            }
        }
        else
        {
            m_segments = 2 * m_segments - m_model.slowStartRoundDeficit;
        }
        return;
    case Phase::Departure:
        if (m_losing)
        {
            Lose(m_avoidLoss);
        }
        else
        {
            StepDeparture();
        }
        return;
    case Phase::Recovery:
        m_phase = Phase::Avoidance;
        m_epoch = 0;
        StepAvoidance();
        return;
    case Phase::Avoidance:
        if (m_losing)
        {
            Lose(m_avoidLoss);
        }
        else
        {
            StepAvoidance();
        }
        return;
    case Phase::Steady:
        return;
    }
}

void
TcpWindow::Depart()
{
    m_phase = Phase::Departure;
    m_segments = m_hyStartExit;
    m_epoch = 0;
    m_interval = m_rtt;
}

void
TcpWindow::StepDeparture()
{
    // ns-3's CUBIC before any loss (Wmax 0): K = 0 from the exit window, its target
    // exit + C (t + minimum RTT)^3; a segment more per max(2, min(CntClamp, W / (target - W)))
    // segments acknowledged, so at least W / CntClamp and at most W / 2 more per round trip.
    m_epoch += m_rtt;
    const double target = m_hyStartExit + m_model.cubicC * std::pow(m_epoch + m_rtt, 3);
    const double next =
        m_segments + std::max(m_segments / m_model.cntClamp,
                              std::min(target - m_segments, m_segments / 2));
    m_interval = m_rtt;
    if (next >= m_limit && m_limit <= m_avoidLoss)
    {
        m_segments = m_limit;
        m_phase = Phase::Steady;
        m_interval = kInf;
        return;
    }
    // The round that reaches BDP + queue fills the queue; the loss is learnt at its end.
    m_losing = next >= m_avoidLoss;
    m_segments = std::min(next, m_avoidLoss);
}

void
TcpWindow::Lose(double window)
{
    // CUBIC's fast convergence: a loss below the previous Wmax lowers it further.
    m_wmax = window < m_lastWmax ? window * (1 + m_model.cubicBeta) / 2 : window;
    m_lastWmax = m_wmax;
    m_phase = Phase::Recovery;
    m_losing = false;
    m_segments = std::max(2.0, m_model.cubicBeta * window);
    m_interval = m_model.recoveryRtts * m_rtt;
}

double
TcpWindow::AvoidanceWindow(double t) const
{
    const double beta = m_model.cubicBeta;
    const double k = std::cbrt(m_wmax * (1 - beta) / m_model.cubicC);
    const double cubic = m_model.cubicC * std::pow(t - k, 3) + m_wmax;
    const double friendly = m_wmax * beta + 3 * (1 - beta) / (1 + beta) * t / m_rtt;
    return std::max(cubic, friendly);
}

void
TcpWindow::StepAvoidance()
{
    // From the window at the epoch time reached, the time at which it has grown by
    // avoidanceStep (at least a round trip); the interval's rate is the window at its middle.
    const double start = m_epoch;
    const double now = AvoidanceWindow(start);
    const double target = std::min({now * (1 + m_model.avoidanceStep), m_limit, m_avoidLoss});
    const double beta = m_model.cubicBeta;
    const double k = std::cbrt(m_wmax * (1 - beta) / m_model.cubicC);
    const double tCubic = k + std::cbrt((target - m_wmax) / m_model.cubicC);
    const double tFriendly = (target - m_wmax * beta) * m_rtt * (1 + beta) / (3 * (1 - beta));
    const double end = std::max(start + m_rtt, std::min(tCubic, tFriendly));
    m_epoch = end;
    m_interval = end - start;
    m_segments = std::min(AvoidanceWindow((start + end) / 2), m_limit);
    if (now >= m_limit && m_limit < m_avoidLoss)
    {
        m_segments = m_limit;
        m_phase = Phase::Steady;
        m_interval = kInf;
    }
    else
    {
        m_losing = AvoidanceWindow(end) >= m_avoidLoss * (1 - 1e-9);
        m_segments = std::min(m_segments, m_avoidLoss);
    }
}

} // namespace expressroute
} // namespace ns3
