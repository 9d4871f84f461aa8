// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FLOW_RATE_SOLVER_H
#define EXPRESSROUTE_FLOW_RATE_SOLVER_H

// The rates of flows that share capacities, as a fluid model computes them: the core of the
// flow-level engine (issue "large what-ifs"), a pure function of its inputs, tested alone.
//
// Resources are capacities in bit/s: a direction of a link (a circuit link at its purchased
// bandwidth), a gateway's throughput cap in one direction, a VPN tunnel's cap. A flow crosses an
// ordered list of resources.
// - Constant-rate UDP is not elastic: it offers its rate whatever happens. Where the offered UDP
//   load of a resource exceeds its capacity, every UDP flow there keeps the same share of what it
//   offers (a drop-tail queue fed at constant rates loses the same fraction of each) and the
//   excess is dropped there; what continues is the flow's offer to its next resource.
// - TCP is elastic: it shares what UDP leaves by weighted max-min fairness (progressive filling),
//   each flow's share inversely proportional to its weight, RTT + WeightS / bottleneck capacity,
//   and never above its window limit, Window / RTT. This is SimGrid's LV08 model (Velho and
//   Legrand, "Accuracy study and improvement of network simulation in the SimGrid framework",
//   2009; Velho et al., "On the validity of flow-level TCP network models for grid and cloud
//   simulations", TOMACS 2013): bandwidth factor 0.97 (headers and ACKs: the goodput of a wire
//   share), WeightS 20,537 bytes, a 4 MiB window (TCP_GAMMA). The latency factor (13.01, slow
//   start) belongs to a flow's start-up, which the engine adds, not to the sharing.
// - TCP's ACKs (a segment in two acknowledged, 54 bytes each: 1.8 % of the goodput) load the
//   resources of the way back and take part in the sharing there as constant-rate streams at the
//   rate of their flow's goodput: dropped with the UDP where a resource is over its capacity,
//   leaving the TCP data crossing a resource less. No resource carries more than its capacity.
// Out of scope here: queueing delay (the engine derives it from the loads), packet-level TCP
// dynamics within a flow.

#include <cstdint>
#include <vector>

namespace ns3
{
namespace expressroute
{

/// LV08's constants (SimGrid's default network model).
struct TcpShareModel
{
    double bandwidthFactor{0.97};  ///< goodput over the wire share
    double weightSBytes{20537};    ///< added to a flow's weight as WeightS / bottleneck bit/s
    double windowBytes{4194304};   ///< the window: a flow's rate is at most Window / RTT
};

/// ns-3's TCP as the packet engine runs it (CUBIC, SACK and PRR, initial window 10 segments of
/// 1448 bytes, 4 MiB send and receive buffers, slow start by bytes acknowledged), as constants of
/// a TCP transfer's congestion window over time (TcpWindow).
struct TcpWindowModel
{
    double segmentBytes{1448};        ///< payload per segment
    double wireSegmentBytes{1500};    ///< a segment on the wire (TCP/IP headers and options)
    double initialSegments{10};       ///< TcpSocket::InitialCwnd
    /// Slow start grows a round's window by what the round acknowledges less this: ns-3's
    /// windows at the rounds' starts are 10, 19, 37, 73, 145 (its traces, bench-engines
    /// --trace-tcp), not 10, 20, 40, 80, 160: one segment of each round is acknowledged too late
    /// to count in it.
    double slowStartRoundDeficit{1};
    double limitBytes{4194304};       ///< TcpSocket::SndBufSize and RcvBufSize
    double cubicC{0.4};               ///< TcpCubic::C, segments per second cubed
    double cubicBeta{0.7};            ///< TcpCubic::Beta
    double recoveryRtts{3};           ///< fast recovery after a slow-start overshoot (measured)
    double avoidanceStep{0.05};       ///< a new rate when the window has grown by this share
    double segmentsPerAck{2};         ///< TcpSocket::DelAckCount
    double ackWireBytes{54};          ///< an ACK on the wire (IP, TCP, timestamps, PPP)
    bool hyStart{true};               ///< TcpCubic::HyStart
    double hyStartLowWindow{16};      ///< TcpCubic::HyStartLowWindow, segments
    double hyStartAckDeltaS{0.002};   ///< TcpCubic::HyStartAckDelta
    double hyStartDelayMinS{0.004};   ///< TcpCubic::HyStartDelayMin
    double hyStartDelayMaxS{1.0};     ///< TcpCubic::HyStartDelayMax (3.37: 1 s, Linux 16 ms)
    double hyStartMinSamples{8};      ///< TcpCubic::HyStartMinSamples, ACKs
    double cntClamp{20};              ///< TcpCubic::CntClamp: growth per round trip before a loss
};

/**
 * The congestion window of one TCP transfer, interval by interval, for a path of round-trip
 * time rttS whose bottleneck carries bottleneckBps with a drop-tail queue of queuePackets
 * (doc/engines.md, "TCP transfers"):
 * - slow start doubles the window every round trip from the initial window;
 * - unless CUBIC's HyStart ends it first (HyStartExitSegments(), ns-3 3.37's ACK-train and
 *   delay-increase tests; on short paths): then, before any loss, the window grows by
 *   1 / CntClamp per round trip (or to CUBIC's exit + C t^3, if more) until BDP + queue, where it
 *   loses; recovery and CUBIC follow as below;
 * - otherwise slow start goes on: the bottleneck's queue grows by about one packet per packet
 *   acknowledged within a round (each ACK releases twice what it acknowledges), so the first
 *   drop comes in the first round that starts at W >= queue, or when the window exceeds
 *   BDP + queue; the sender learns it a round trip later, its window having doubled meanwhile:
 *   loss at 2 (W + queue), or at 2 BDP + queue;
 * - fast recovery (recoveryRtts round trips at beta x that window), then CUBIC's window
 *   C (t - K)^3 + Wmax (K = cbrt(Wmax (1 - beta) / C)), or its TCP-friendly estimate if larger,
 *   until BDP + queue, where it loses again (fast convergence), or the buffers' limit, where it
 *   stays.
 * The window at the limit (no loss) is the steady state.
 */
class TcpWindow
{
  public:
    TcpWindow() = default;
    TcpWindow(const TcpWindowModel& model, double rttS, double bottleneckBps, double queuePackets);
    /// The window in the current interval, in segments.
    double Segments() const { return m_segments; }
    /// Its goodput: Segments() x segment bytes per round trip, in bit/s.
    double GoodputBps() const;
    /// The current interval's length in seconds (infinite: the window no longer changes).
    double IntervalS() const { return m_interval; }
    /// Moves to the next interval.
    void Next();
    /// The window at which the first loss happens (segments; infinite: none before the limit).
    double SlowStartLossSegments() const { return m_slowStartLoss; }
    /// The window with which HyStart ends slow start (segments; infinite: it does not).
    double HyStartExitSegments() const { return m_hyStartExit; }

  private:
    enum class Phase
    {
        SlowStart,
        Departure, ///< after HyStart's exit, before any loss
        Recovery,
        Avoidance,
        Steady
    };
    double AvoidanceWindow(double t) const;
    void Depart();
    void StepDeparture();
    void Lose(double window);
    void StepAvoidance();

    TcpWindowModel m_model;
    double m_rtt{0};
    double m_limit{0};        ///< segments
    double m_avoidLoss{0};    ///< BDP + queue, segments
    double m_slowStartLoss{0};
    double m_hyStartExit{0};  ///< segments
    double m_hyStartRound{0}; ///< the slow-start round at whose end HyStart exits
    Phase m_phase{Phase::Steady};
    double m_segments{0};
    double m_interval{0};
    double m_wmax{0};         ///< CUBIC's Wmax
    double m_lastWmax{0};
    double m_epoch{0};        ///< seconds into congestion avoidance at the interval's end
    bool m_losing{false};     ///< the window reaches BDP + queue within this interval
};

class FlowRateSolver
{
  public:
    /// One flow.
    struct Flow
    {
        std::vector<uint32_t> resources; ///< indices into the capacities, in path order
        bool elastic{false};             ///< TCP (true) or constant-rate UDP (false)
        double offeredBps{0};            ///< UDP: the rate it sends; TCP: an upper bound, 0 = none
        double rttS{0};                  ///< round-trip time (TCP's share and window limit)
        /// TCP: the resources its ACKs cross, in path order (AckBps of its goodput)
        std::vector<uint32_t> ackResources;
    };

    /// What the solver found.
    struct Result
    {
        std::vector<double> wireBps;     ///< per flow: bits per second it gets end to end
        std::vector<double> goodputBps;  ///< per flow: TCP's wire share x bandwidthFactor; UDP = wire
        std::vector<double> loadBps;     ///< per resource: bits per second it carries
        std::vector<double> droppedBps;  ///< per resource: UDP and ACK bits per second dropped
        std::vector<double> ackLoadBps;  ///< per resource: of loadBps, TCP's ACKs
    };

    /// The bits per second of the ACKs of a TCP flow of @p goodputBps (one per segmentsPerAck
    /// segments, ackWireBytes each).
    static double AckBps(double goodputBps, const TcpWindowModel& tcp = TcpWindowModel{});

    /**
     * Solves the rates of @p flows over resources of @p capacitiesBps. Deterministic: the same
     * input gives the same output bit for bit.
     */
    static Result Solve(const std::vector<double>& capacitiesBps,
                        const std::vector<Flow>& flows,
                        const TcpShareModel& model = TcpShareModel{});
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FLOW_RATE_SOLVER_H
