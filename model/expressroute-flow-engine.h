// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FLOW_ENGINE_H
#define EXPRESSROUTE_FLOW_ENGINE_H

// The flow-level data plane (doc/engines.md): traffic as rates instead of packets, on the same
// topology, FIBs and control plane as the packet engine.
// - A flow's path is the one the routers' FIBs give its 5-tuple (each router's ECMP choice, as
//   Topology::TracePath follows it); a path that reaches a router without a route, or crosses a
//   link that is down or silenced, is broken and delivers nothing; a broken UDP flow still loads
//   the links before the break, and a silenced link drops all it is sent (links.csv's drops).
// - Resources: each direction of each link at its rate (a circuit link at its purchased
//   bandwidth), and each ExpressRoute gateway's SKU throughput per direction (scaled by the
//   instances in service; towards the VNet bypassed with FastPath). Rates come from the LV08
//   solver (expressroute-flow-rate-solver.h): UDP excess dropped and counted per link direction,
//   TCP sharing what is left.
// - Rates are recomputed only when something changes: a flow starts, stops, completes or changes
//   its rate (diurnal step), a best path changes at a BGP speaker, the IGP reconverges, an
//   interface goes down or up, a link's impairment changes. Changes at one instant are
//   coalesced into one recomputation.
// - Between changes every counter grows linearly (bits per link direction, bytes per flow).
// - A saturated link direction where more can arrive than it sends (QueueDelays) adds the delay
//   of its full queue (queue size / capacity) to every path through it (probes' RTT); one fed
//   only through links of its rate or lower queues nothing.
// - A TCP transfer's rate is also capped by its congestion window (TcpWindow: slow start, the
//   loss of its overshoot into the bottleneck's queue, recovery, CUBIC), per flow: losses from
//   competing flows are not modelled. Its ACKs load the links of the way back (a segment in
//   two acknowledged, 54 bytes each) and take part in the sharing there (FlowRateSolver).
// - A VPN gateway's SKU throughput caps what it forwards per direction (its data path).
// Out of scope: packet-level TCP dynamics beyond that window, random loss of degradations,
// gateway packets-per-second caps.

#include "expressroute-flow-rate-solver.h"
#include "expressroute-gateway-data-path.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
class NetDevice;
class UniformRandomVariable;

namespace expressroute
{

class Topology;
class ErGateway;

class FlowEngine : public Object
{
  public:
    /// A flow's identity and demand.
    struct FlowSpec
    {
        uint32_t srcNode{0};
        uint32_t src{0}; ///< host-order addresses
        uint32_t dst{0};
        uint8_t protocol{17};
        uint16_t srcPort{0};
        uint16_t dstPort{0};
        bool elastic{false};  ///< TCP (true) or constant-rate UDP
        double rateBps{0};    ///< UDP: offered rate; TCP: 0 = as fast as shared
        uint64_t bytes{0};    ///< TCP: bytes to deliver, 0 = until stopped
        /// TCP: one-way path delays before it delivers (set-up); negative: the engine's TCP
        /// model (TcpWindow: 3 one-way delays then the congestion window; or TcpLatencyFactor)
        double startupDelays{-1};
        /// IP bytes of one of its packets (a gateway's packet counts)
        double packetBytes{1500};
    };

    /// What a flow did so far.
    struct FlowState
    {
        FlowSpec spec;
        bool active{false};
        bool done{false};       ///< stopped or completed
        bool broken{false};     ///< its path delivers nothing now
        /// broken at a silenced link: the last of its resources is that link direction, which
        /// drops all it is offered (the resources before it carry the offer up to there)
        bool blackHoled{false};
        double rateBps{0};      ///< goodput now
        double txBytes{0};
        double rxBytes{0};
        Time firstRx{-1};       ///< simulation time of the first delivered byte, -1 = none
        Time lastRx{-1};
        std::vector<uint32_t> nodes;     ///< the path now, node ids
        std::vector<uint32_t> resources; ///< the resources crossed (broken: up to the break)
        std::vector<uint32_t> ackResources; ///< TCP: the resources its ACKs cross, back
        Time delay;                      ///< the path's propagation delay, one way
        Time rtt;                        ///< there and back (TCP: its ACKs' way), propagation
        bool traced{false};              ///< the path is that of the current routes
        bool unannounced{false};         ///< traced, PathChanged not fired for it yet
        Time holdUntil{0};               ///< TCP: delivers nothing before (start-up)
        bool windowed{false};            ///< TCP: its rate is capped by its congestion window
        TcpWindow window;                ///< that window, interval by interval
        double windowWireBps{0};         ///< the window's cap on the wire
        EventId windowStep;              ///< the window's next interval
    };

    /// A probe's outcome.
    struct ProbeResult
    {
        bool success{false};
        Time rtt;
    };

    /// A flow completed (Bulk delivered all its bytes): flow index.
    typedef void (*FlowCompletedCallback)(uint32_t flow);

    static TypeId GetTypeId();
    FlowEngine();
    ~FlowEngine() override;

    /// Builds the resources of @p topology and subscribes to the traces that change paths.
    void Configure(Ptr<Topology> topology);
    /// A new flow, not yet started; returns its index.
    uint32_t AddFlow(const FlowSpec& spec);
    void Start(uint32_t flow);
    void Stop(uint32_t flow);
    /// A UDP flow's new offered rate (diurnal step).
    void SetRate(uint32_t flow, double rateBps);
    /// The flow's counters, brought up to now.
    const FlowState& GetFlow(uint32_t flow);
    /// Bits carried and dropped on link @p link in direction @p dir (0: from its node A), since
    /// the start, brought up to now.
    double GetLinkBits(std::size_t link, int dir);
    double GetLinkDroppedBits(std::size_t link, int dir);
    /// What gateway @p gateway's data path carried since the start, brought up to now, counted
    /// as the data path counts packets (zero: not a gateway of the topology).
    GatewayDataPath::Counters GetGatewayTraffic(const ErGateway* gateway);
    /// A probe from @p srcNode to @p dst and back, now: the current paths, RTT = propagation
    /// and queueing both ways; unsuccessful while either path is broken.
    ProbeResult Probe(uint32_t srcNode, uint32_t src, uint32_t dst, uint8_t protocol,
                      uint16_t srcPort, uint16_t dstPort);
    /// The node names of a path from @p srcNode for a 5-tuple, as "a>b>c" (a broken path ends
    /// with "(no route)").
    std::string DescribePath(uint32_t flow) const;
    /// Node @p node holds every packet it forwards for a random time, uniform in [0,
    /// @p maxJitter], keeping their order (the VPN's internet node, FibRouting's forward
    /// jitter): a probe crossing it gets the median of that hold at the packet rate leaving it.
    void SetForwardJitter(uint32_t node, Time maxJitter);
    uint64_t GetRecomputations() const { return m_recomputations; }

  protected:
    void DoDispose() override;

  private:
    /// A resource carrying at least this share of its capacity is saturated: its queue is full.
    static constexpr double kSaturated = 0.999;
    /// Bits of a packet where no flow says (a TCP window's queue in bytes, the internet's
    /// jitter): a full-sized segment.
    static constexpr double kPacketBits = 1500 * 8;
    /// Probe paths kept between route changes, at most.
    static constexpr std::size_t kProbePathsKept = 4096;
    /// The capacity of a resource that counts without capping (FastPath's bypass).
    static constexpr double kUnlimited = 1e18;

    struct Path
    {
        std::vector<uint32_t> nodes;
        /// the resources crossed; a broken path's up to where it breaks (a loop's: none)
        std::vector<uint32_t> resources;
        Time delay;
        bool broken{false};
        /// broken at a silenced link direction, the last resource: it drops all it is offered
        bool blackHoled{false};
        /// link resources leaving a node with forward jitter, and that jitter in seconds
        std::vector<std::pair<uint32_t, double>> jittered;
    };

    Path Trace(const FlowSpec& f) const;
    /// Traces flow @p i on the current routes: its path, resources, delays, ACK resources. With
    /// @p announce, fires PathChanged when its path differs from the one it had (or one traced
    /// earlier was not announced yet); without (a flow starting: the recomputation at the same
    /// instant announces it, with any route change of that instant), only notes that one is due.
    void Retrace(uint32_t i, bool announce);
    /// The source address of a UDP datagram @p node sends from @p src to @p dst: an unbound
    /// socket takes the address of the uplink its route picks (ns-3's RouteOutput), so a host
    /// with two uplinks sends from the other one's address once it fails over.
    uint32_t UdpSource(uint32_t node, uint32_t src, uint32_t dst) const;
    /// The 5-tuple of @p f's answers (TCP's ACKs), sent from node @p from.
    static FlowSpec ReverseOf(const FlowSpec& f, uint32_t from);
    /// Integrates every counter from the last change to now.
    void Advance();
    /// Asks for a recomputation at this instant (coalesced).
    void Changed();
    /// A route or a link changed: every path is traced again at the next recomputation.
    void RoutesChanged();
    void Recompute();
    void CheckCompletions();
    /// The packet rates of the gateways' resources from the solved flows' loads and the ACKs
    /// that reach them (@p ackLoad, per resource).
    void CountGatewayPackets(const std::vector<uint32_t>& solved,
                             const std::vector<double>& ackLoad);
    /// A TCP flow's window moves to its next interval (@p first: its first, at the set-up's end).
    void WindowStep(uint32_t flow, bool first);
    /// Applies a flow's new window (its cap was @p before) without solving when no other flow
    /// can be affected; false: a recomputation is needed.
    bool ApplyWindowAlone(FlowState& f, double before);
    /// The queueing delay of a path crossing @p resource now (QueueDelays).
    double QueueDelayS(uint32_t resource) const;
    /**
     * The standing queues of the link directions after a recomputation (m_queueDelay): a
     * saturated direction queues where the traffic arriving there can exceed its rate: any
     * stream not paced by a link of its rate or lower before it (TCP sent by its host, UDP from
     * its host), or streams paced by such links whose rates add up to more (each such link
     * counted once, at its rate when TCP crosses it, else at the UDP's and ACKs' rates); a node
     * with forward jitter between them bunches the packets again (unpaced). A direction fed
     * only through one link of its rate (a second circuit link after the first, the Global
     * Reach way) queues nothing. A full queue holds packets of the mean size of those crossing
     * the direction (weighted by packet rate: the flows' packets, TCP's 54-byte ACKs).
     */
    void QueueDelays(const std::vector<uint32_t>& solved);
    /// The median hold of a jittered node's packet leaving on @p resource (order kept).
    double JitterHoldS(uint32_t resource, double maxJitterS) const;

    Ptr<Topology> m_topology;
    std::vector<FlowState> m_flows;
    std::vector<uint32_t> m_active; ///< indices of active flows
    std::map<NetDevice*, std::pair<uint32_t, int>> m_linkOfDevice; ///< device -> (link, dir)
    std::map<uint32_t, uint32_t> m_gatewayOfNode; ///< node id -> gateway index
    std::map<uint32_t, double> m_jitterOfNode;    ///< node id -> largest forward hold, seconds
    /// VPN gateway node id -> its first resource (towards the VNet; +1: from it)
    std::map<uint32_t, uint32_t> m_vpnOfNode;
    std::vector<Ptr<ErGateway>> m_gateways;
    /// Per gateway: its first resource (instance i, direction d: + 2 i + d; FastPath's bypass
    /// after the instances) and its number of instances.
    std::vector<uint32_t> m_gatewayBase;
    std::size_t m_gatewayFirst{0}; ///< the gateways' resources: [first, end)
    std::size_t m_gatewayEnd{0};
    std::vector<uint32_t> m_gatewayInstances;
    std::map<const ErGateway*, uint32_t> m_gatewayIndex;
    /// Per resource, packets per second now and since the start (gateway resources only).
    std::vector<double> m_packetRate;
    std::vector<double> m_droppedPacketRate;
    std::vector<double> m_packets;
    std::vector<double> m_droppedPackets;
    std::vector<double> m_capacity;
    std::vector<double> m_load;
    std::vector<double> m_dropped;
    /// per link direction: its device queue in packets (0: counted in bytes, m_queueBits)
    std::vector<double> m_queuePackets;
    std::vector<double> m_queueBits; ///< per link direction: its device queue in bits, if in bytes
    std::vector<double> m_queueDelay; ///< per link direction: its standing queue's delay, s
    std::vector<double> m_bits;        ///< per resource, cumulative
    std::vector<double> m_droppedBits; ///< per resource, cumulative
    std::size_t m_links{0};
    Time m_last;
    bool m_pending{false};
    /// Paths are traced again only after a route or link change (flows keep theirs otherwise;
    /// probes' paths are kept by 5-tuple until then).
    bool m_routesChanged{true};
    std::map<std::vector<uint32_t>, Path> m_probePaths;
    EventId m_completion;
    uint64_t m_recomputations{0};
    Ptr<UniformRandomVariable> m_probeLoss; ///< a probe's loss at full queues
    double m_tcpLatencyFactor{13.01};
    bool m_tcpWindow{true};
    TracedCallback<uint32_t> m_completed;
    TracedCallback<uint32_t> m_pathChanged;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FLOW_ENGINE_H
