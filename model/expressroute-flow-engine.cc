// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"
#include "expressroute-flow-engine.h"

#include "expressroute-er-gateway.h"
#include "expressroute-flow-rate-solver.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-topology.h"

#include "ns3/boolean.h"
#include "ns3/channel.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteFlowEngine");
NS_OBJECT_ENSURE_REGISTERED(FlowEngine);

TypeId
FlowEngine::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::expressroute::FlowEngine")
            .SetParent<Object>()
            .SetGroupName("ExpressRoute")
            .AddConstructor<FlowEngine>()
            .AddAttribute("TcpLatencyFactor",
                          "A TCP flow delivers nothing for this many one-way path delays after "
                          "its start (connection set-up and slow start): LV08's latency factor "
                          "13.01 (Velho and Legrand 2009; SimGrid's default network model). "
                          "0: TCP gets its share at once.",
                          DoubleValue(13.01),
                          MakeDoubleAccessor(&FlowEngine::m_tcpLatencyFactor),
                          MakeDoubleChecker<double>(0.0))
            .AddAttribute("TcpWindow",
                          "A TCP transfer's rate is capped by the congestion window of ns-3's "
                          "TCP as the packet engine runs it (TcpWindow: the handshake, slow "
                          "start, the loss of its overshoot into the bottleneck queue, recovery, "
                          "CUBIC; doc/engines.md). false: LV08's TcpLatencyFactor start-up, then "
                          "the share.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&FlowEngine::m_tcpWindow),
                          MakeBooleanChecker())
            .AddTraceSource("FlowCompleted",
                            "A flow delivered all its bytes: flow index.",
                            MakeTraceSourceAccessor(&FlowEngine::m_completed),
                            "ns3::expressroute::FlowEngine::FlowCompletedCallback")
            .AddTraceSource("PathChanged",
                            "A started flow was traced onto a new path (or its first): flow "
                            "index; DescribePath gives the path.",
                            MakeTraceSourceAccessor(&FlowEngine::m_pathChanged),
                            "ns3::expressroute::FlowEngine::FlowCompletedCallback");
    return tid;
}

FlowEngine::FlowEngine() = default;
FlowEngine::~FlowEngine() = default;

void
FlowEngine::DoDispose()
{
    m_completion.Cancel();
    m_topology = nullptr;
    m_probeLoss = nullptr;
    m_gateways.clear();
    Object::DoDispose();
}

void
FlowEngine::Configure(Ptr<Topology> topology)
{
    m_topology = topology;
    m_probeLoss = CreateObject<UniformRandomVariable>();
    m_probeLoss->SetStream(RandomStream(StreamKind::ProbeLoss, 0));
    const auto& links = topology->GetLinks();
    m_links = links.size();
    m_capacity.assign(2 * m_links, 0.0);
    m_queuePackets.assign(2 * m_links, 0.0);
    m_queueBits.assign(2 * m_links, 0.0);
    m_queueDelay.assign(2 * m_links, 0.0);
    for (std::size_t l = 0; l < links.size(); ++l)
    {
        const auto& link = links[l];
        m_linkOfDevice[PeekPointer(link.devA)] = {static_cast<uint32_t>(l), 0};
        m_linkOfDevice[PeekPointer(link.devB)] = {static_cast<uint32_t>(l), 1};
        int dir = 0;
        for (const auto& dev : {link.devA, link.devB})
        {
            m_capacity[2 * l + dir] = static_cast<double>(link.rate.GetBitRate());
            if (auto p2p = DynamicCast<PointToPointNetDevice>(dev))
            {
                const QueueSize q = p2p->GetQueue()->GetMaxSize();
                if (q.GetUnit() == QueueSizeUnit::PACKETS)
                {
                    m_queuePackets[2 * l + dir] = q.GetValue();
                }
                else
                {
                    m_queueBits[2 * l + dir] = q.GetValue() * 8.0;
                }
            }
            ++dir;
        }
    }
    m_gatewayFirst = m_capacity.size();
    for (const auto& [name, vnet] : topology->GetVnets())
    {
        if (auto gw = vnet->GetGateway(); gw && gw->GetNode())
        {
            // Each instance polices its share of the SKU's throughput, per direction, for the
            // flows its 5-tuple hash gives it (GatewayDataPath).
            const uint32_t g = static_cast<uint32_t>(m_gateways.size());
            m_gatewayOfNode[gw->GetNode()->GetId()] = g;
            m_gatewayIndex[PeekPointer(gw)] = g;
            m_gateways.push_back(gw);
            auto dp = gw->GetDataPath();
            const uint32_t instances = dp ? dp->GetInstances() : 1;
            const double throughput =
                static_cast<double>(dp ? dp->GetThroughputBps() : gw->GetSkuInfo().throughputBps);
            m_gatewayBase.push_back(static_cast<uint32_t>(m_capacity.size()));
            m_gatewayInstances.push_back(instances);
            m_capacity.insert(m_capacity.end(), 2 * instances, throughput / instances);
            m_capacity.push_back(kUnlimited); // FastPath's bypass: counted, not capped
        }
    }
    m_gatewayEnd = m_capacity.size();
    for (const auto& [vnet, dp] : topology->GetVpnDataPaths())
    {
        auto node = topology->FindNode("vnet/" + vnet + "/vpngw");
        if (!dp || !node)
        {
            continue;
        }
        UintegerValue throughput;
        dp->GetAttribute("Throughput", throughput);
        m_vpnOfNode[node->GetId()] = static_cast<uint32_t>(m_capacity.size());
        m_capacity.push_back(static_cast<double>(throughput.Get()));
        m_capacity.push_back(static_cast<double>(throughput.Get()));
    }
    m_bits.assign(m_capacity.size(), 0.0);
    m_droppedBits.assign(m_capacity.size(), 0.0);
    m_load.assign(m_capacity.size(), 0.0);
    m_dropped.assign(m_capacity.size(), 0.0);
    m_packetRate.assign(m_capacity.size(), 0.0);
    m_droppedPacketRate.assign(m_capacity.size(), 0.0);
    m_packets.assign(m_capacity.size(), 0.0);
    m_droppedPackets.assign(m_capacity.size(), 0.0);
    m_last = Simulator::Now();

    // Whatever may move a path asks for a recomputation with every path traced again.
    topology->WatchPathChanges([this]() { RoutesChanged(); });
}

uint32_t
FlowEngine::AddFlow(const FlowSpec& spec)
{
    FlowState s;
    s.spec = spec;
    m_flows.push_back(std::move(s));
    return static_cast<uint32_t>(m_flows.size() - 1);
}

void
FlowEngine::Start(uint32_t flow)
{
    Advance();
    auto& f = m_flows.at(flow);
    if (f.active || f.done)
    {
        return;
    }
    f.active = true;
    m_active.push_back(flow);
    if (f.spec.elastic && f.spec.startupDelays < 0 && m_tcpWindow)
    {
        // The handshake (one round trip), then the first segments' way there: 3 one-way delays;
        // then the window, per round trip, on the path's bottleneck link and its queue.
        Retrace(flow, false);
        if (!f.broken && f.delay.IsStrictlyPositive())
        {
            // The round trip is the way there and the ACKs' way back, which may differ (another
            // link of the circuit, another MSEE): Global Reach's copy is 11.0 ms there and back
            // on its own path, 12.0 ms with its ACKs' path, as ns-3's RTT samples show.
            // The bottleneck's rate (the least of the path's resources) sets the BDP; the queue
            // that slow start overflows is the device queue of the slowest link. A gateway
            // instance has no queue (a token bucket): where it is slower than every link (a
            // 1 Gbit/s circuit in front of ErGw1Az's 500 Mbit/s instances), the packets still
            // wait, and the first drop comes, at the slowest link's queue (ns-3: the circuit
            // link's 100 packets, loss at 489 segments), not at a queue of 0 (a loss at 20
            // segments that CUBIC took seconds to climb back from).
            double bottleneck = std::numeric_limits<double>::infinity();
            double slowestLink = std::numeric_limits<double>::infinity();
            double queuePackets = 0;
            for (uint32_t r : f.resources)
            {
                bottleneck = std::min(bottleneck, m_capacity[r]);
                if (r < 2 * m_links && m_capacity[r] < slowestLink)
                {
                    slowestLink = m_capacity[r];
                    queuePackets = m_queuePackets[r] > 0 ? m_queuePackets[r]
                                                         : m_queueBits[r] / kPacketBits;
                }
            }
            f.window = TcpWindow(TcpWindowModel{}, f.rtt.GetSeconds(), bottleneck, queuePackets);
            f.windowed = true;
            // SYN there, SYN-ACK back, the first segments there.
            const Time hold = f.delay + f.rtt;
            f.holdUntil = Simulator::Now() + hold;
            f.windowStep = Simulator::Schedule(hold, &FlowEngine::WindowStep, this, flow, true);
        }
        Changed();
        return;
    }
    const double delays = f.spec.startupDelays < 0 ? m_tcpLatencyFactor : f.spec.startupDelays;
    if (f.spec.elastic && delays > 0)
    {
        Retrace(flow, false);
        const Time hold = Seconds(delays * f.delay.GetSeconds());
        if (!f.broken && hold.IsStrictlyPositive())
        {
            f.holdUntil = Simulator::Now() + hold;
            Simulator::Schedule(hold, &FlowEngine::Changed, this);
        }
    }
    Changed();
}

void
FlowEngine::Stop(uint32_t flow)
{
    Advance();
    auto& f = m_flows.at(flow);
    if (!f.active)
    {
        return;
    }
    f.active = false;
    f.done = true;
    f.windowStep.Cancel();
    m_active.erase(std::remove(m_active.begin(), m_active.end(), flow), m_active.end());
    Changed();
}

void
FlowEngine::SetRate(uint32_t flow, double rateBps)
{
    Advance();
    m_flows.at(flow).spec.rateBps = rateBps;
    if (m_flows[flow].active)
    {
        Changed();
    }
}

const FlowEngine::FlowState&
FlowEngine::GetFlow(uint32_t flow)
{
    Advance();
    return m_flows.at(flow);
}

double
FlowEngine::GetLinkBits(std::size_t link, int dir)
{
    Advance();
    return m_bits.at(2 * link + dir);
}

double
FlowEngine::GetLinkDroppedBits(std::size_t link, int dir)
{
    Advance();
    return m_droppedBits.at(2 * link + dir);
}

void
FlowEngine::Advance()
{
    const Time now = Simulator::Now();
    const double dt = (now - m_last).GetSeconds();
    if (dt <= 0)
    {
        return;
    }
    for (uint32_t i : m_active)
    {
        auto& f = m_flows[i];
        const double offered = f.spec.elastic ? f.rateBps : f.spec.rateBps;
        f.txBytes += offered * dt / 8.0;
        if (f.rateBps > 0)
        {
            if (f.firstRx.IsNegative())
            {
                f.firstRx = m_last;
            }
            f.rxBytes += f.rateBps * dt / 8.0;
            if (f.spec.bytes > 0)
            {
                f.rxBytes = std::min(f.rxBytes, static_cast<double>(f.spec.bytes));
                f.txBytes = std::min(f.txBytes, static_cast<double>(f.spec.bytes));
            }
            f.lastRx = now;
        }
    }
    for (std::size_t r = 0; r < m_capacity.size(); ++r)
    {
        m_bits[r] += m_load[r] * dt;
        m_droppedBits[r] += m_dropped[r] * dt;
    }
    for (std::size_t r = m_gatewayFirst; r < m_gatewayEnd; ++r)
    {
        m_packets[r] += m_packetRate[r] * dt;
        m_droppedPackets[r] += m_droppedPacketRate[r] * dt;
    }
    m_last = now;
}

void
FlowEngine::Changed()
{
    if (!m_pending)
    {
        m_pending = true;
        Simulator::ScheduleNow(&FlowEngine::Recompute, this);
    }
}

void
FlowEngine::RoutesChanged()
{
    m_routesChanged = true;
    m_probePaths.clear();
    Changed();
}

void
FlowEngine::Retrace(uint32_t i, bool announce)
{
    auto& f = m_flows[i];
    Path p = Trace(f.spec);
    const bool changed = !f.traced || p.nodes != f.nodes || p.broken != f.broken;
    f.nodes = std::move(p.nodes);
    f.resources = std::move(p.resources);
    f.delay = p.delay;
    f.rtt = 2 * p.delay;
    f.broken = p.broken;
    f.blackHoled = p.blackHoled;
    f.traced = true;
    f.unannounced = f.unannounced || changed;
    if (announce && f.unannounced)
    {
        f.unannounced = false;
        m_pathChanged(i);
    }
    f.ackResources.clear();
    if (f.spec.elastic && !f.broken)
    {
        const Path back = Trace(ReverseOf(f.spec, f.nodes.back()));
        if (!back.broken)
        {
            f.ackResources = back.resources;
            f.rtt = f.delay + back.delay;
        }
    }
}

void
FlowEngine::Recompute()
{
    m_pending = false;
    Advance();
    ++m_recomputations;
    std::vector<FlowRateSolver::Flow> in;
    std::vector<uint32_t> solved;
    std::vector<uint32_t> silenced;
    in.reserve(m_active.size());
    for (uint32_t i : m_active)
    {
        auto& f = m_flows[i];
        if (m_routesChanged || !f.traced)
        {
            Retrace(i, true);
        }
        else if (f.unannounced)
        {
            f.unannounced = false; // traced when it started, at this instant
            m_pathChanged(i);
        }
        f.rateBps = 0;
        if (f.broken && (f.spec.elastic || f.resources.empty()))
        {
            continue; // delivers nothing: UDP's offer is all lost, TCP waits
        }
        if (f.holdUntil > Simulator::Now())
        {
            continue; // TCP still starting up
        }
        // A broken UDP flow delivers nothing but still loads its path up to the break, and a
        // silenced link drops all of it (below).
        FlowRateSolver::Flow sf;
        sf.resources = f.resources;
        sf.elastic = f.spec.elastic;
        sf.offeredBps = f.windowed ? f.windowWireBps : f.spec.rateBps;
        sf.rttS = f.rtt.GetSeconds();
        sf.ackResources = f.ackResources;
        in.push_back(std::move(sf));
        solved.push_back(i);
        if (f.blackHoled)
        {
            silenced.push_back(f.resources.back());
        }
    }
    m_routesChanged = false;
    // A silenced link direction carries nothing: as a capacity of 0, what is offered to it is
    // dropped there (no other flow crosses it: every path breaks there).
    std::vector<double> silencedCapacity;
    if (!silenced.empty())
    {
        silencedCapacity = m_capacity;
        for (uint32_t r : silenced)
        {
            silencedCapacity[r] = 0;
        }
    }
    const auto out = FlowRateSolver::Solve(silenced.empty() ? m_capacity : silencedCapacity, in);
    for (std::size_t k = 0; k < solved.size(); ++k)
    {
        auto& f = m_flows[solved[k]];
        f.rateBps = f.broken ? 0.0 : out.goodputBps[k];
    }
    // The loads include TCP's ACKs on the way back, shared with the rest (the solver).
    m_load = out.loadBps;
    m_dropped = out.droppedBps;
    QueueDelays(solved);
    CountGatewayPackets(solved, out.ackLoadBps);
    CheckCompletions();
}

void
FlowEngine::CountGatewayPackets(const std::vector<uint32_t>& solved,
                                const std::vector<double>& ackLoad)
{
    // A gateway counts packets, the solver bits: a gateway resource's packet rate is its load
    // over the mean packet of the flows crossing it (weighted by what they offer), plus the
    // ACKs of TCP that reach it (@p ackLoad, the solver's: less those dropped on their way).
    const std::size_t first = m_gatewayFirst;
    const std::size_t last = m_gatewayEnd;
    if (first == last)
    {
        return;
    }
    std::vector<double> offered(last - first, 0.0);
    std::vector<double> offeredPackets(last - first, 0.0);
    const TcpWindowModel tcp;
    for (uint32_t i : solved)
    {
        const auto& f = m_flows[i];
        const double bps = f.spec.elastic ? f.rateBps / TcpShareModel{}.bandwidthFactor
                                          : f.spec.rateBps;
        for (uint32_t r : f.resources)
        {
            if (r >= first && r < last)
            {
                offered[r - first] += bps;
                offeredPackets[r - first] += bps / (8.0 * f.spec.packetBytes);
            }
        }
    }
    for (std::size_t k = 0; k < offered.size(); ++k)
    {
        const std::size_t r = first + k;
        const double perBit = offered[k] > 0 ? offeredPackets[k] / offered[k] : 0.0;
        m_packetRate[r] = std::max(0.0, m_load[r] - ackLoad[r]) * perBit +
                          ackLoad[r] / (8.0 * tcp.ackWireBytes);
        m_droppedPacketRate[r] = m_dropped[r] * perBit;
    }
}

GatewayDataPath::Counters
FlowEngine::GetGatewayTraffic(const ErGateway* gateway)
{
    GatewayDataPath::Counters c;
    auto it = m_gatewayIndex.find(gateway);
    if (it == m_gatewayIndex.end())
    {
        return c;
    }
    Advance();
    const auto count = [](double v) { return static_cast<uint64_t>(v + 0.5); };
    const uint32_t base = m_gatewayBase[it->second];
    const uint32_t instances = m_gatewayInstances[it->second];
    for (int d = 0; d < 2; ++d)
    {
        double bits = 0;
        double packets = 0;
        double droppedBits = 0;
        double droppedPackets = 0;
        for (uint32_t i = 0; i < instances; ++i)
        {
            const uint32_t r = base + 2 * i + d;
            bits += m_bits[r];
            packets += m_packets[r];
            droppedBits += m_droppedBits[r];
            droppedPackets += m_droppedPackets[r];
        }
        c.bytes[d] = count(bits / 8);
        c.packets[d] = count(packets);
        c.droppedBytes[d] = count(droppedBits / 8);
        c.droppedPackets[d] = count(droppedPackets);
    }
    c.bypassedBytes = count(m_bits[base + 2 * instances] / 8);
    return c;
}

void
FlowEngine::CheckCompletions()
{
    m_completion.Cancel();
    double soonest = std::numeric_limits<double>::infinity();
    std::vector<uint32_t> finished;
    for (uint32_t i : m_active)
    {
        const auto& f = m_flows[i];
        if (!f.spec.elastic || f.spec.bytes == 0)
        {
            continue;
        }
        const double left = static_cast<double>(f.spec.bytes) - f.rxBytes;
        if (left <= 0.5)
        {
            finished.push_back(i);
        }
        else if (f.rateBps > 0)
        {
            soonest = std::min(soonest, left * 8.0 / f.rateBps);
        }
    }
    for (uint32_t i : finished)
    {
        m_flows[i].rxBytes = static_cast<double>(m_flows[i].spec.bytes);
        Stop(i);
        m_completed(i);
    }
    if (finished.empty() && std::isfinite(soonest))
    {
        // Rounded up to the next nanosecond so that the flow is complete when the event runs.
        m_completion = Simulator::Schedule(NanoSeconds(static_cast<int64_t>(soonest * 1e9) + 1),
                                           [this]() {
                                               Advance();
                                               CheckCompletions();
                                           });
    }
}

void
FlowEngine::WindowStep(uint32_t flow, bool first)
{
    Advance();
    auto& f = m_flows[flow];
    if (!first)
    {
        f.window.Next();
    }
    const double before = f.windowWireBps;
    f.windowWireBps = f.window.GoodputBps() / TcpShareModel{}.bandwidthFactor;
    if (std::isfinite(f.window.IntervalS()))
    {
        f.windowStep = Simulator::Schedule(Seconds(f.window.IntervalS()), &FlowEngine::WindowStep,
                                           this, flow, false);
    }
    if (first || !ApplyWindowAlone(f, before))
    {
        Changed();
    }
}

bool
FlowEngine::ApplyWindowAlone(FlowState& f, double before)
{
    // A new window changes only its own flow's rate when the flow's resources have room for the
    // change (none of them is any flow's bottleneck, before or after): the max-min solution of
    // every other flow is the same, so the engine moves this flow's rate and loads alone
    // instead of solving again. Anything else (a pending change, a saturated resource) solves.
    if (m_pending || m_routesChanged || !f.active || f.broken || !f.traced ||
        f.holdUntil > Simulator::Now())
    {
        return false;
    }
    const TcpShareModel share;
    const double rtt = f.rtt.GetSeconds();
    const double solverCap = rtt > 0 ? share.windowBytes * 8.0 / rtt
                                     : std::numeric_limits<double>::infinity();
    const double wire = f.rateBps / share.bandwidthFactor;
    const double target = std::min(f.windowWireBps, solverCap);
    if (wire < std::min(before, solverCap) * (1 - 1e-9))
    {
        // Held below its window by a bottleneck: a larger window changes nothing.
        return target >= wire;
    }
    const double delta = target - wire;
    const TcpWindowModel tcp;
    const double ackShare = tcp.ackWireBytes / (tcp.segmentsPerAck * tcp.segmentBytes);
    // Its ACKs change with it: the resources they cross need room for the change too.
    for (const auto* resources : {&f.resources, &f.ackResources})
    {
        const double change = resources == &f.resources ? delta
                                                         : delta * share.bandwidthFactor * ackShare;
        for (uint32_t r : *resources)
        {
            const double room = kSaturated * m_capacity[r] - m_load[r];
            if (room <= 0 || change > room)
            {
                return false;
            }
        }
    }
    for (uint32_t r : f.resources)
    {
        m_load[r] += delta;
        if (r >= m_gatewayFirst && r < m_gatewayEnd)
        {
            m_packetRate[r] = std::max(0.0, m_packetRate[r] + delta / (8.0 * f.spec.packetBytes));
        }
    }
    for (uint32_t r : f.ackResources)
    {
        m_load[r] += delta * share.bandwidthFactor * ackShare;
        if (r >= m_gatewayFirst && r < m_gatewayEnd)
        {
            m_packetRate[r] = std::max(0.0, m_packetRate[r] + delta * share.bandwidthFactor /
                                                                  (8.0 * tcp.segmentsPerAck *
                                                                   tcp.segmentBytes));
        }
    }
    f.rateBps = target * share.bandwidthFactor;
    CheckCompletions();
    return true;
}

} // namespace expressroute
} // namespace ns3
