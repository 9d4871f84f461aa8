// SPDX-License-Identifier: GPL-2.0-only
// FlowEngine's paths: a flow's or a probe's walk through the FIBs, the resources it crosses
// (link directions, a gateway instance, a VPN gateway), and what a probe measures on it.
#include "expressroute-er-gateway.h"
#include "expressroute-fib-routing.h"
#include "expressroute-flow-engine.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-link-impairments.h"
#include "expressroute-topology.h"

#include "ns3/channel.h"
#include "ns3/ipv4.h"
#include "ns3/net-device.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/random-variable-stream.h"

#include <algorithm>
#include <limits>

namespace ns3
{
namespace expressroute
{
FlowEngine::FlowSpec
FlowEngine::ReverseOf(const FlowSpec& f, uint32_t from)
{
    FlowSpec r;
    r.srcNode = from;
    r.src = f.dst;
    r.dst = f.src;
    r.protocol = f.protocol;
    r.srcPort = f.dstPort;
    r.dstPort = f.srcPort;
    return r;
}

uint32_t
FlowEngine::UdpSource(uint32_t node, uint32_t src, uint32_t dst) const
{
    auto ipv4 = NodeList::GetNode(node)->GetObject<Ipv4>();
    auto routing = ipv4 ? DynamicCast<FibRouting>(ipv4->GetRoutingProtocol()) : nullptr;
    const auto hop = routing ? routing->SelectLocalNextHop(src, dst, 17) : std::nullopt;
    if (!hop || ipv4->GetNInterfaces() <= 2 || ipv4->GetNAddresses(hop->interface) == 0)
    {
        return src; // one uplink (loopback and it): its address is the source
    }
    return ipv4->GetAddress(hop->interface, 0).GetLocal().Get();
}

FlowEngine::Path
FlowEngine::Trace(const FlowSpec& f) const
{
    // Topology::TracePath's walk, keeping node ids, the links crossed and their direction.
    Path path;
    auto impairments = m_topology->GetImpairments();
    const uint32_t src = f.protocol == 17 ? UdpSource(f.srcNode, f.src, f.dst) : f.src;
    uint32_t current = f.srcNode;
    uint32_t tunnel = 0;
    uint32_t outerSrc = 0;
    for (int hop = 0;; ++hop)
    {
        path.nodes.push_back(current);
        if (hop == 64)
        {
            path.broken = true; // a forwarding loop: what it carries around is not counted
            path.resources.clear();
            break;
        }
        auto ipv4 = NodeList::GetNode(current)->GetObject<Ipv4>();
        auto routing = ipv4 ? DynamicCast<FibRouting>(ipv4->GetRoutingProtocol()) : nullptr;
        if (!routing)
        {
            path.broken = true;
            break;
        }
        if (tunnel != 0 && routing->IsLocalAddress(tunnel))
        {
            tunnel = 0;
        }
        if (tunnel == 0 && routing->IsLocalAddress(f.dst))
        {
            break;
        }
        // The sending host's own choice is RouteOutput's (no ports yet).
        auto next = tunnel != 0 ? routing->SelectNextHop(outerSrc, tunnel, 4, 0, 0)
                    : hop == 0  ? routing->SelectLocalNextHop(src, f.dst, f.protocol)
                                : routing->SelectNextHop(src, f.dst, f.protocol, f.srcPort, f.dstPort);
        if (!next)
        {
            path.broken = true;
            break;
        }
        if (tunnel == 0 && next->tunnel != 0)
        {
            tunnel = next->tunnel;
            outerSrc = ipv4->GetAddress(next->interface, 0).GetLocal().Get();
        }
        auto dev = ipv4->GetNetDevice(next->interface);
        auto it = m_linkOfDevice.find(PeekPointer(dev));
        auto channel = dev->GetChannel();
        if (it == m_linkOfDevice.end() || !channel || channel->GetNDevices() != 2)
        {
            path.broken = true;
            break;
        }
        const auto [link, dir] = it->second;
        if (impairments->IsDown(link))
        {
            path.broken = true; // the router drops it: no link drop
            break;
        }
        if (impairments->IsSilenced(link))
        {
            // Sent into a link that delivers nothing: dropped there (links.csv counts it, as
            // the packet engine's receiving device does).
            path.broken = true;
            path.blackHoled = true;
            path.resources.push_back(2 * link + dir);
            break;
        }
        path.resources.push_back(2 * link + dir);
        path.delay += m_topology->GetLinks()[link].delay;
        if (auto j = m_jitterOfNode.find(current); j != m_jitterOfNode.end())
        {
            path.jittered.emplace_back(2 * link + dir, j->second);
        }
        auto peer = channel->GetDevice(0) == dev ? channel->GetDevice(1) : channel->GetDevice(0);
        const uint32_t nextNode = peer->GetNode()->GetId();
        // An ExpressRoute gateway caps what it forwards, per direction (towards the VNet not
        // with FastPath).
        // VPN traffic crosses its node without that data path (the VPN gateway has its own).
        const uint32_t previous = path.nodes.size() >= 2 ? path.nodes[path.nodes.size() - 2] : current;
        auto gw = m_gatewayOfNode.find(current);
        if (gw != m_gatewayOfNode.end() && path.nodes.size() >= 2)
        {
            const bool toVnet = m_topology->GetNodeRole(nextNode) == NodeRole::VnetHost &&
                                m_topology->GetNodeRole(previous) != NodeRole::VpnGateway;
            const bool fromVnet = m_topology->GetNodeRole(previous) == NodeRole::VnetHost &&
                                  m_topology->GetNodeRole(nextNode) != NodeRole::VpnGateway;
            auto dp = m_gateways[gw->second]->GetDataPath();
            const uint32_t base = m_gatewayBase[gw->second];
            if (toVnet && dp && dp->IsFastPath())
            {
                path.resources.push_back(base + 2 * m_gatewayInstances[gw->second]);
            }
            else if (toVnet || fromVnet)
            {
                // The instance its 5-tuple is pinned to, as the data path chooses it.
                const int32_t instance =
                    dp ? dp->InstanceOf(src, f.dst, f.protocol, f.srcPort, f.dstPort) : 0;
                if (instance < 0)
                {
                    // Pinned to an instance gone, not yet moved: the gateway drops it, so the
                    // link it would leave on does not carry it.
                    path.broken = true;
                    path.resources.pop_back();
                    break;
                }
                path.resources.push_back(base + 2 * static_cast<uint32_t>(instance) +
                                         (toVnet ? 0 : 1));
            }
        }
        // A VPN gateway caps what it forwards between the internet and its VNet, per direction.
        auto vpn = m_vpnOfNode.find(current);
        if (vpn != m_vpnOfNode.end() && path.nodes.size() >= 2)
        {
            const bool fromInternet = m_topology->GetNodeRole(previous) == NodeRole::Internet;
            const bool toInternet = m_topology->GetNodeRole(nextNode) == NodeRole::Internet;
            if (fromInternet != toInternet)
            {
                path.resources.push_back(vpn->second + (fromInternet ? 0 : 1));
            }
        }
        current = nextNode;
    }
    return path;
}

double
FlowEngine::QueueDelayS(uint32_t r) const
{
    return r < 2 * m_links ? m_queueDelay[r] : 0.0; // a gateway polices, it does not queue
}

void
FlowEngine::QueueDelays(const std::vector<uint32_t>& solved)
{
    // A drop-tail queue stands where the packets can arrive faster than the link sends them.
    // Packets that crossed a link of this direction's rate or lower on their way here arrive
    // spaced by it, so what arrives through one such link never exceeds this rate: the second
    // of two tandem links of a rate (a circuit link after another, over Global Reach) queues
    // nothing, as with packets. TCP sent by its host, or constant-rate traffic that crossed no
    // such link, arrives in bursts (TCP's window, the senders' jitter): a saturated direction
    // fed so has its queue full, as is one fed through a node that holds each packet for a
    // random time (the internet's forward jitter bunches what a link had spaced). (Gateways
    // police without a queue and pace nothing.)
    std::fill(m_queueDelay.begin(), m_queueDelay.end(), 0.0);
    const std::size_t links = 2 * m_links;
    std::vector<char> saturated(links, 0);
    bool any = false;
    for (std::size_t r = 0; r < links; ++r)
    {
        saturated[r] = m_capacity[r] > 0 && m_load[r] >= kSaturated * m_capacity[r];
        any = any || saturated[r];
    }
    if (!any)
    {
        return;
    }
    // Per saturated direction: whether anything arrives unpaced, and per pacing link whether TCP
    // crosses it and the constant-rate bits arriving through it.
    struct Feed
    {
        uint32_t link;
        bool elastic;
        double bps;
    };
    std::vector<char> unpaced(links, 0);
    std::vector<std::vector<Feed>> feeds(links);
    // What crosses each saturated direction, in bits and packets per second: its queue holds
    // packets of their mean size (weighted by packet rate).
    std::vector<double> bits(links, 0.0);
    std::vector<double> packets(links, 0.0);
    const auto pass = [this](uint32_t r) {
        return m_dropped[r] > 0 ? m_load[r] / (m_load[r] + m_dropped[r]) : 1.0;
    };
    const auto& topologyLinks = m_topology->GetLinks();
    const auto jitters = [&](uint32_t r) {
        const auto& l = topologyLinks[r / 2];
        return m_jitterOfNode.count(r % 2 == 0 ? l.nodeA : l.nodeB) > 0;
    };
    const auto arrive = [&](const std::vector<uint32_t>& path, double bps, bool elastic,
                            double packetBytes) {
        double x = bps; // what reaches path[k]
        for (std::size_t k = 0; k < path.size() && x > 0; ++k)
        {
            const uint32_t r = path[k];
            if (r < links && saturated[r])
            {
                const double crossing = elastic ? x : x * pass(r);
                bits[r] += crossing;
                packets[r] += crossing / (8.0 * packetBytes);
                // The nearest link before it of its rate or lower paces what comes through it,
                // unless a node that holds packets for a random time (the internet's jitter)
                // lies between them and bunches them again.
                std::size_t j = k;
                bool paced = false;
                while (!(path[j] < links && jitters(path[j])) && j > 0)
                {
                    if (path[j - 1] < links && m_capacity[path[j - 1]] <= m_capacity[r])
                    {
                        paced = true;
                        break;
                    }
                    --j;
                }
                if (!paced)
                {
                    unpaced[r] = 1;
                }
                else
                {
                    const uint32_t link = path[j - 1];
                    auto it = std::find_if(feeds[r].begin(), feeds[r].end(),
                                           [link](const Feed& f) { return f.link == link; });
                    if (it == feeds[r].end())
                    {
                        feeds[r].push_back({link, elastic, elastic ? 0.0 : x});
                    }
                    else
                    {
                        it->elastic = it->elastic || elastic;
                        it->bps += elastic ? 0.0 : x;
                    }
                }
            }
            if (!elastic)
            {
                x *= pass(r);
            }
        }
    };
    const TcpShareModel share;
    const TcpWindowModel tcp;
    for (uint32_t i : solved)
    {
        const auto& f = m_flows[i];
        if (!f.spec.elastic)
        {
            arrive(f.resources, f.spec.rateBps, false, f.spec.packetBytes);
        }
        else if (f.rateBps > 0)
        {
            arrive(f.resources, f.rateBps / share.bandwidthFactor, true, f.spec.packetBytes);
            arrive(f.ackResources, FlowRateSolver::AckBps(f.rateBps, tcp), false,
                   tcp.ackWireBytes);
        }
    }
    for (std::size_t r = 0; r < links; ++r)
    {
        if (!saturated[r])
        {
            continue;
        }
        double peak = 0;
        for (const auto& feed : feeds[r])
        {
            peak += feed.elastic ? m_capacity[feed.link] : feed.bps;
        }
        if (unpaced[r] || peak > m_capacity[r] * (1 + 1e-9))
        {
            const double packetBits = packets[r] > 0 ? bits[r] / packets[r] : kPacketBits;
            const double queueBits =
                m_queuePackets[r] > 0 ? m_queuePackets[r] * packetBits : m_queueBits[r];
            m_queueDelay[r] = queueBits / m_capacity[r];
        }
    }
}

FlowEngine::ProbeResult
FlowEngine::Probe(uint32_t srcNode,
                  uint32_t src,
                  uint32_t dst,
                  uint8_t protocol,
                  uint16_t srcPort,
                  uint16_t dstPort)
{
    if (m_pending)
    {
        Recompute(); // a change at this very instant: the probe sees its outcome
    }
    ProbeResult result;
    // The paths of a 5-tuple are kept until the routes change.
    const auto traced = [this](const FlowSpec& f) -> const Path& {
        const std::vector<uint32_t> key{f.srcNode, f.src, f.dst, f.protocol, f.srcPort, f.dstPort};
        auto it = m_probePaths.find(key);
        if (it == m_probePaths.end())
        {
            if (m_probePaths.size() >= kProbePathsKept)
            {
                m_probePaths.clear(); // TCP probes take a fresh source port each time
            }
            it = m_probePaths.emplace(key, Trace(f)).first;
        }
        return it->second;
    };
    if (protocol == 17)
    {
        src = UdpSource(srcNode, src, dst);
    }
    const Path there = traced({srcNode, src, dst, protocol, srcPort, dstPort});
    if (there.broken)
    {
        return result;
    }
    const Path back = traced({there.nodes.back(), dst, src, protocol, dstPort, srcPort});
    if (back.broken)
    {
        return result;
    }
    double queueing = 0;
    for (const auto* p : {&there, &back})
    {
        for (uint32_t r : p->resources)
        {
            queueing += QueueDelayS(r);
        }
        for (const auto& [r, jitter] : p->jittered)
        {
            queueing += JitterHoldS(r, jitter);
        }
    }
    // A full drop-tail queue drops the probe as it drops the data: with the share of what
    // arrives there that it drops (gateways' policers pass a probe's few bytes, as their token
    // buckets do). Drawn only where something is dropped, so unsaturated runs draw nothing.
    double pass = 1;
    for (const auto* p : {&there, &back})
    {
        for (uint32_t r : p->resources)
        {
            if (r < 2 * m_links && m_dropped[r] > 0)
            {
                pass *= m_load[r] / (m_load[r] + m_dropped[r]);
            }
        }
    }
    if (pass < 1 && m_probeLoss->GetValue() >= pass)
    {
        return result;
    }
    result.success = true;
    result.rtt = there.delay + back.delay + Seconds(queueing);
    return result;
}

void
FlowEngine::SetForwardJitter(uint32_t node, Time maxJitter)
{
    if (maxJitter.IsStrictlyPositive())
    {
        m_jitterOfNode[node] = maxJitter.GetSeconds();
    }
    else
    {
        m_jitterOfNode.erase(node);
    }
    m_probePaths.clear();
    m_routesChanged = true;
}

double
FlowEngine::JitterHoldS(uint32_t r, double maxJitterS) const
{
    // Packet k before the probe (k packet gaps s earlier) left at its arrival plus its own
    // uniform hold, and the probe leaves no earlier: its hold D = max over k of (U_k - k s),
    // P(D <= d) = product over k of min(1, (d + k s) / J). The median by bisection; unloaded:
    // J / 2.
    const double pps = m_load[r] / kPacketBits;
    const double gap = pps > 0 ? 1.0 / pps : std::numeric_limits<double>::infinity();
    const auto below = [&](double d) {
        double p = 1;
        for (double k = 0; d + k * gap < maxJitterS && p > 1e-12; ++k)
        {
            p *= (d + k * gap) / maxJitterS;
        }
        return p;
    };
    double lo = 0;
    double hi = maxJitterS;
    for (int i = 0; i < 40; ++i)
    {
        const double mid = (lo + hi) / 2;
        (below(mid) < 0.5 ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

std::string
FlowEngine::DescribePath(uint32_t flow) const
{
    std::string s;
    for (uint32_t n : m_flows.at(flow).nodes)
    {
        s += (s.empty() ? "" : ">") + m_topology->GetNodeName(n);
    }
    if (m_flows.at(flow).broken)
    {
        s += ">(no route)";
    }
    return s;
}

} // namespace expressroute
} // namespace ns3
