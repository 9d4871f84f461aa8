// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_RUN_RECORDER_H
#define EXPRESSROUTE_RUN_RECORDER_H

// Collects what a run observes, from the model's trace sources: probe outcomes, flow counters
// and per-interval circuit-link metrics (Azure Monitor's BitsInPerSecond, BitsOutPerSecond,
// DroppedIn/OutBitsPerSecond, references.md §9 MON). The OutputWriter turns the records into the
// run directory. Model code never writes files; this helper only listens.

#include "expressroute-gateway-data-path.h"
#include "expressroute-topology.h"

#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
class NetDevice;
class Packet;

namespace expressroute
{

class ErGateway;
class Failure;

/// One probe, or a run of @p count probes of the same name with the same outcome and RTT, sent
/// every @p every from @p sent with consecutive sequence numbers from @p seq (probes.csv's
/// "runs" rows, RunRecorder::SetProbeRowSpan).
struct ProbeRecord
{
    std::string probe;
    std::string site;
    std::string vnet;
    uint32_t seq{0};
    Time sent;
    Time rtt;
    bool success{false};
    uint32_t count{1};
    Time every;
    /// When the last probe of the run was sent.
    Time LastSent() const
    {
        return sent + TimeStep(static_cast<uint64_t>(every.GetTimeStep()) * (count - 1));
    }
};

/// One traffic flow's counters.
struct FlowRecord
{
    std::string flow;
    std::string kind;     ///< ConstantRate or Bulk
    std::string protocol; ///< udp or tcp
    std::string from;
    std::string to;
    Time start;
    Time stop;
    uint64_t txBytes{0};
    uint64_t rxBytes{0};
    uint64_t txPackets{0};
    uint64_t rxPackets{0};
    std::optional<Time> firstRx;
    std::optional<Time> lastRx;
    std::string path; ///< nodes at flow start, "a>b>c"
    /// Every path the flow took, with when it was first seen on it (scenario time), ending in
    /// "(no route)" where its packets were lost on the way: flows.csv's `path_kinds`.
    std::vector<std::pair<Time, std::string>> paths;
    uint32_t requests{0};             ///< RequestResponse: requests issued
    uint32_t requestsCompleted{0};    ///< ... and answered completely
    std::vector<double> completionS;  ///< ... their completion times
};

/// A control-plane event at one router (bgp.csv).
struct BgpEventRecord
{
    Time time;          ///< scenario time (negative during the warm-up)
    std::string router; ///< node name
    std::string peer;   ///< session name
    std::string event;  ///< session-state, update, prefix-limit, notification-sent/received, bfd-state
    std::string detail;
};

/// One interval of one ExpressRoute gateway (gateways.csv).
struct GatewaySample
{
    Time start;
    Time end;
    std::string vnet;
    std::string sku;
    uint64_t throughputBps{0};    ///< the SKU's cap per direction
    uint64_t bitsToVnet{0};       ///< forwarded through the data path towards the VNet
    uint64_t bitsFromVnet{0};
    uint64_t packetsToVnet{0};
    uint64_t packetsFromVnet{0};
    uint64_t droppedPackets{0};   ///< at the caps, both directions
    uint64_t bypassedBits{0};     ///< FastPath: towards the VNet, around the data path
    uint32_t instancesUp{0};
    uint32_t instances{0};
    uint32_t routesLearned{0};    ///< best routes learned from the MSEEs at the interval's end
    uint32_t routesLearnedSupported{0}; ///< what Microsoft supports for the SKU (GWPERF)
    uint32_t routesAdvertised{0}; ///< prefixes sent towards on-premises (per MSEE session)
};

/// A failure started or cleared (events.csv).
struct FailureEventRecord
{
    Time time;          ///< scenario time
    std::string event;  ///< FailureStarted, FailureCleared
    std::string kind;   ///< e.g. PeeringLocationOutage
    std::string target; ///< e.g. Amsterdam
    std::string detail; ///< e.g. "links=6 mode=Silent"
};

/// A best-path change at one router (routes.csv).
struct RouteRecord
{
    Time time;
    std::string router;
    std::string prefix;
    std::string nextHops; ///< space-separated BGP next hops, "" when withdrawn
    std::string reason;   ///< the deciding step of the decision process
};

/// Circuit-link metrics over one interval, both directions. "In" is into Azure (customer to
/// MSEE), "out" is out of Azure, as Azure Monitor names them.
struct LinkSample
{
    Time start;
    Time end;
    std::string circuit;
    std::string role;
    std::string peeringLocation;
    uint64_t rateBps{0};
    uint64_t bitsIn{0};
    uint64_t bitsOut{0};
    uint64_t droppedBitsIn{0};
    uint64_t droppedBitsOut{0};
    double arpAvailability{100};        ///< % of the interval the link carried packets
    std::optional<double> bgpPrivate;   ///< % of the interval the MSEE's private session was up
    std::optional<double> bgpMicrosoft; ///< ... its Microsoft-peering session
};

/**
 * Listens to the trace sources of a built topology and keeps the records of the run.
 */
/// The links links.csv samples, in its row order (indices into Topology::GetLinks()): every
/// circuit link, then each VPN connection's tunnel at its site end ("internet/<name>/site",
/// written as circuit <name>, link "vpn", at the VPN gateway SKU's throughput), then each site
/// link ("wan/<name>", written as circuit <name>, link "wan").
std::vector<std::size_t> SampledLinks(Ptr<Topology> topology);

class RunRecorder
{
  public:
    RunRecorder();
    ~RunRecorder();
    RunRecorder(const RunRecorder&) = delete;
    RunRecorder& operator=(const RunRecorder&) = delete;

    /// Simulation time at which scenario time 0 begins (after the control plane's warm-up).
    /// Every recorded time is a scenario time.
    void SetOrigin(Time origin) { m_origin = origin; }
    Time GetOrigin() const { return m_origin; }

    /// Subscribes to the device traces of every link SampledLinks gives and samples them every
    /// @p interval from scenario time 0 until scenario time @p stop.
    void WatchCircuitLinks(Ptr<Topology> topology, Time interval, Time stop);

    /// Subscribes to every BGP speaker's and BFD agent's traces, and to whatever may move a
    /// flow's path (GetRoutingEpoch).
    void WatchControlPlane(Ptr<Topology> topology);
    /// Samples every ExpressRoute gateway's data-path counters and routes every @p interval
    /// from scenario time 0 until @p stop.
    void WatchGateways(Ptr<Topology> topology, Time interval, Time stop);
    /// Subscribes to a failure's FailureStarted and FailureCleared.
    void WatchFailure(Ptr<Failure> failure);

    /// Records one probe outcome (connected to ProbeSender::ProbeCompleted by the workload).
    void AddProbe(ProbeRecord record);
    /// With a span, a probe that continues the run of its name's previous one (the next sequence
    /// number, the same interval, outcome and RTT, within the same span of scenario time counted
    /// from 0) joins it instead of making a record; a run is stored when it ends, so stored
    /// records never change. Time(0) (the default): a record per probe.
    void SetProbeRowSpan(Time span) { m_probeSpan = span; }
    /// Stores the runs still open (at the end of the run).
    void FlushProbes();
    /// A new flow; returns its index for the counters below.
    std::size_t AddFlow(FlowRecord record);
    void CountTx(std::size_t flow, uint32_t bytes);
    void CountRx(std::size_t flow, uint32_t bytes);
    FlowRecord& GetFlow(std::size_t flow) { return m_flows[flow]; }

    /// Adds, at each link sample, what another engine carried on a circuit link in the interval
    /// (the flow engine: the recorder's own counters see only packets). Called with the link's
    /// index in the recorder's circuit-link order and the sample, before it is stored.
    void SetLinkTrafficSource(std::function<void(std::size_t, LinkSample&)> source)
    {
        m_linkTraffic = std::move(source);
    }

    /// Adds, at each gateway sample, what another engine carried through a gateway's data path
    /// since the start (the flow engine) to the counters the data path kept itself.
    void SetGatewayTrafficSource(
        std::function<void(const ErGateway*, GatewayDataPath::Counters&)> source)
    {
        m_gatewayTraffic = std::move(source);
    }

    const std::vector<ProbeRecord>& GetProbes() const { return m_probes; }
    const std::vector<FlowRecord>& GetFlows() const { return m_flows; }
    const std::vector<LinkSample>& GetLinkSamples() const { return m_samples; }
    const std::vector<BgpEventRecord>& GetBgpEvents() const { return m_bgp; }
    const std::vector<RouteRecord>& GetRouteChanges() const { return m_routes; }
    const std::vector<FailureEventRecord>& GetFailureEvents() const { return m_failures; }
    const std::vector<GatewaySample>& GetGatewaySamples() const { return m_gateways; }
    /// Grows at every change that may move a flow's path, the changes the flow engine traces
    /// its paths again at: a failure event, a best-path change, a FIB programmed late (a
    /// gateway's RouteProgrammingDelay), an interface going down or up, a static route's next
    /// hops (BFD-tracked), the interior routing's recomputation (Igp), a link starting or
    /// stopping to carry packets (LinkImpairments), a gateway instance leaving or returning
    /// and, RepinDelay later, its flows moving. A path traced at one value holds until it
    /// grows (the packet engine traces a flow's path again then, at its next packet sent).
    uint64_t GetRoutingEpoch() const { return m_routingEpoch; }

  private:
    uint64_t m_routingEpoch{0};
    Time m_probeSpan;
    std::map<std::string, ProbeRecord> m_openProbeRuns; ///< by probe name
    /// Time spent up within the current interval.
    struct Availability
    {
        bool up{false};
        Time since;
        Time accumulated;
        void Set(bool nowUp, Time at)
        {
            if (up)
            {
                accumulated += at - since;
            }
            up = nowUp;
            since = at;
        }
        /// Percent of [start, end] spent up; starts the next interval at @p end.
        double Take(Time start, Time end)
        {
            Set(up, end);
            const double secs = (end - start).GetSeconds();
            const double pct = secs > 0 ? 100.0 * accumulated.GetSeconds() / secs : 100.0;
            accumulated = Time(0);
            return pct;
        }
    };

    struct Counters
    {
        std::string circuit;
        std::string role;
        std::string location;
        uint64_t rateBps{0};
        uint64_t bytesIn{0};
        uint64_t bytesOut{0};
        uint64_t dropIn{0};
        uint64_t dropOut{0};
        Availability arp;
        std::map<std::string, Availability> bgp; ///< by peering type
    };

    void Sample(Time interval, Time stop);
    /// Adds to @p bytes every packet lost between @p sender and @p receiver: the sender's
    /// transmit queue (overflow, data pushed out by control), the receiver's error model.
    static void CountDrops(Ptr<NetDevice> sender, Ptr<NetDevice> receiver, uint64_t* bytes);

    std::vector<ProbeRecord> m_probes;
    std::vector<FlowRecord> m_flows;
    std::vector<LinkSample> m_samples;
    std::function<void(std::size_t, LinkSample&)> m_linkTraffic;
    std::function<void(const ErGateway*, GatewayDataPath::Counters&)> m_gatewayTraffic;
    std::vector<BgpEventRecord> m_bgp;
    std::vector<RouteRecord> m_routes;
    std::vector<FailureEventRecord> m_failures;
    std::vector<GatewaySample> m_gateways;
    std::vector<Counters> m_counters;
    Time m_lastSample;
    Time m_origin;
    std::shared_ptr<std::function<void()>> m_gatewaySampler; ///< WatchGateways' sampling step
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_RUN_RECORDER_H
