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
    };

    /// What the solver found.
    struct Result
    {
        std::vector<double> wireBps;     ///< per flow: bits per second it gets end to end
        std::vector<double> goodputBps;  ///< per flow: TCP's wire share x bandwidthFactor; UDP = wire
        std::vector<double> loadBps;     ///< per resource: bits per second it carries
        std::vector<double> droppedBps;  ///< per resource: UDP bits per second dropped there
    };

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
