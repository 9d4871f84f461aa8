// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-random-streams.h"
#include "expressroute-gateway-data-path.h"
#include "expressroute-igp.h"
#include "expressroute-link-impairments.h"
#include "expressroute-topology.h"

#include "expressroute-bfd.h"
#include "expressroute-bgp-speaker.h"
#include "expressroute-fib-routing.h"

#include "ns3/ipv4.h"
#include "ns3/simulator.h"
#include "ns3/node-list.h"
#include "ns3/log.h"
#include "ns3/channel.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteTopology");
NS_OBJECT_ENSURE_REGISTERED(Topology);

std::string
ToString(NodeRole role)
{
    switch (role)
    {
    case NodeRole::SiteHost:
        return "SiteHost";
    case NodeRole::CustomerEdge:
        return "CustomerEdge";
    case NodeRole::ProviderEdge:
        return "ProviderEdge";
    case NodeRole::Msee:
        return "Msee";
    case NodeRole::BackboneRouter:
        return "BackboneRouter";
    case NodeRole::ErGateway:
        return "ErGateway";
    case NodeRole::VnetHost:
        return "VnetHost";
    case NodeRole::RegionHost:
        return "RegionHost";
    case NodeRole::VpnGateway:
        return "VpnGateway";
    case NodeRole::Internet:
        return "Internet";
    }
    return "?";
}

std::string
ToString(LinkKind kind)
{
    switch (kind)
    {
    case LinkKind::Lan:
        return "lan";
    case LinkKind::Access:
        return "access";
    case LinkKind::Circuit:
        return "circuit";
    case LinkKind::Attachment:
        return "attachment";
    case LinkKind::Backbone:
        return "backbone";
    case LinkKind::Region:
        return "region";
    case LinkKind::Internet:
        return "internet";
    case LinkKind::GatewaySubnet:
        return "gateway-subnet";
    case LinkKind::Wan:
        return "wan";
    }
    return "?";
}

TypeId
Topology::GetTypeId()
{
    static TypeId tid = TypeId("ns3::expressroute::Topology")
                            .SetParent<Object>()
                            .SetGroupName("ExpressRoute")
                            .AddConstructor<Topology>();
    return tid;
}

Topology::Topology() = default;
Topology::~Topology() = default;

void
Topology::AddNode(const std::string& name, NodeRole role, Ptr<Node> node)
{
    NS_ABORT_MSG_IF(m_nodeByName.count(name), "duplicate node name " << name);
    m_nodeByName[name] = node->GetId();
    m_nodes[node->GetId()] = {name, role, node};
    m_nodeOrder.push_back(node->GetId());
}

Ptr<Node>
Topology::FindNode(const std::string& name) const
{
    auto it = m_nodeByName.find(name);
    return it == m_nodeByName.end() ? nullptr : m_nodes.at(it->second).node;
}

Ptr<Node>
Topology::GetNode(const std::string& name) const
{
    auto n = FindNode(name);
    NS_ABORT_MSG_IF(!n, "no node named '" << name << "' in the topology");
    return n;
}

const std::string&
Topology::GetNodeName(uint32_t nodeId) const
{
    return m_nodes.at(nodeId).name;
}

NodeRole
Topology::GetNodeRole(uint32_t nodeId) const
{
    return m_nodes.at(nodeId).role;
}

std::size_t
Topology::AddLink(Link link)
{
    NS_ABORT_MSG_IF(m_linkByName.count(link.name), "duplicate link name " << link.name);
    m_linkByName[link.name] = m_links.size();
    m_linkOfDevice[PeekPointer(link.devA)] = m_links.size();
    m_linkOfDevice[PeekPointer(link.devB)] = m_links.size();
    m_links.push_back(std::move(link));
    return m_links.size() - 1;
}

std::optional<std::size_t>
Topology::FindLink(const std::string& name) const
{
    auto it = m_linkByName.find(name);
    if (it == m_linkByName.end())
    {
        return std::nullopt;
    }
    return it->second;
}

template <typename M>
static typename M::mapped_type
FindIn(const M& map, const std::string& name)
{
    auto it = map.find(name);
    return it == map.end() ? nullptr : it->second;
}

Ptr<CustomerSite>
Topology::GetSite(const std::string& name) const
{
    return FindIn(m_sites, name);
}

Ptr<ConnectivityProvider>
Topology::GetProvider(const std::string& name) const
{
    return FindIn(m_providers, name);
}

Ptr<Circuit>
Topology::GetCircuit(const std::string& name) const
{
    return FindIn(m_circuits, name);
}

Ptr<VirtualNetwork>
Topology::GetVnet(const std::string& name) const
{
    return FindIn(m_vnets, name);
}

Ptr<Msee>
Topology::GetMsee(const std::string& location, LinkRole role) const
{
    return FindIn(m_msees, "msee/" + location + "/" + ToString(role));
}

void
Topology::SetBgpSpeaker(uint32_t nodeId, Ptr<BgpSpeaker> speaker)
{
    m_speakers[nodeId] = speaker;
}

Ptr<BgpSpeaker>
Topology::GetBgpSpeaker(uint32_t nodeId) const
{
    auto it = m_speakers.find(nodeId);
    return it == m_speakers.end() ? nullptr : it->second;
}

void
Topology::SetBfdAgent(uint32_t nodeId, Ptr<BfdAgent> agent)
{
    m_bfd[nodeId] = agent;
}

Ptr<BfdAgent>
Topology::GetBfdAgent(uint32_t nodeId) const
{
    auto it = m_bfd.find(nodeId);
    return it == m_bfd.end() ? nullptr : it->second;
}

int64_t
Topology::AssignStreams(int64_t stream)
{
    int64_t used = 0;
    for (uint32_t id : m_nodeOrder)
    {
        if (auto bfd = GetBfdAgent(id))
        {
            used += bfd->AssignStreams(RandomStream(StreamKind::Bfd, stream + used));
        }
    }
    return used;
}

std::vector<uint32_t>
Topology::GetBgpNodes() const
{
    std::vector<uint32_t> out;
    for (uint32_t id : m_nodeOrder)
    {
        if (m_speakers.count(id))
        {
            out.push_back(id);
        }
    }
    return out;
}

void
Topology::AddVnetLink(const std::string& circuit, const std::string& vnet, uint32_t weight)
{
    m_vnetLinks.push_back({circuit, vnet, weight});
}

std::vector<std::string>
Topology::GetCircuitsLinking(const std::string& vnet) const
{
    std::vector<std::string> out;
    for (const auto& l : m_vnetLinks)
    {
        if (l.vnet == vnet)
        {
            out.push_back(l.circuit);
        }
    }
    return out;
}

std::vector<std::string>
Topology::GetVnetsLinkedBy(const std::string& circuit) const
{
    std::vector<std::string> out;
    for (const auto& l : m_vnetLinks)
    {
        if (l.circuit == circuit)
        {
            out.push_back(l.vnet);
        }
    }
    return out;
}

std::vector<std::string>
Topology::TracePath(uint32_t srcNode,
                    uint32_t src,
                    uint32_t dst,
                    uint8_t protocol,
                    uint16_t srcPort,
                    uint16_t dstPort,
                    std::vector<std::size_t>* links,
                    bool* delivered) const
{
    std::vector<std::string> path;
    uint32_t current = srcNode;
    uint32_t tunnel = 0;   // inside an IP-in-IP tunnel: its endpoint
    uint32_t outerSrc = 0; // and the tunnel's source address
    bool reached = false;
    bool blocked = false; // a link down or silenced, or a gateway instance gone, on the way
    Ptr<NetDevice> in;    // the device the packet came in by
    for (int hop = 0; hop < 64; ++hop)
    {
        const auto& entry = m_nodes.at(current);
        path.push_back(entry.name);
        auto ipv4 = entry.node->GetObject<Ipv4>();
        auto routing = ipv4 ? DynamicCast<FibRouting>(ipv4->GetRoutingProtocol()) : nullptr;
        if (!routing)
        {
            break;
        }
        if (tunnel != 0 && routing->IsLocalAddress(tunnel))
        {
            tunnel = 0; // end of the tunnel: the inner packet is routed from here
        }
        if (tunnel == 0 && routing->IsLocalAddress(dst))
        {
            reached = true;
            break;
        }
        // Inside a tunnel the outer header (protocol 4, no ports) is what routers see.
        // The sender's own choice is RouteOutput's (no ports yet).
        auto next = tunnel != 0 ? routing->SelectNextHop(outerSrc, tunnel, 4, 0, 0)
                    : hop == 0  ? routing->SelectLocalNextHop(src, dst, protocol)
                                : routing->SelectNextHop(src, dst, protocol, srcPort, dstPort);
        if (!next)
        {
            path.push_back("(no route)");
            break;
        }
        if (hop == 0 && src == 0 && ipv4->GetNAddresses(next->interface) > 0)
        {
            src = ipv4->GetAddress(next->interface, 0).GetLocal().Get();
        }
        if (tunnel == 0 && next->tunnel != 0)
        {
            tunnel = next->tunnel;
            outerSrc = ipv4->GetAddress(next->interface, 0).GetLocal().Get();
        }
        auto dev = ipv4->GetNetDevice(next->interface);
        auto channel = dev->GetChannel();
        if (!channel || channel->GetNDevices() != 2)
        {
            break;
        }
        auto peer = channel->GetDevice(0) == dev ? channel->GetDevice(1) : channel->GetDevice(0);
        const auto link = m_linkOfDevice.find(PeekPointer(dev));
        if (links && link != m_linkOfDevice.end())
        {
            links->push_back(link->second);
        }
        if (delivered && !blocked)
        {
            blocked = link != m_linkOfDevice.end() && m_impairments &&
                      (m_impairments->IsDown(link->second) ||
                       m_impairments->IsSilenced(link->second));
            if (!blocked && in && entry.role == NodeRole::ErGateway)
            {
                blocked = GatewayDrops(entry.node, src, dst, protocol, srcPort, dstPort,
                                       ipv4->GetInterfaceForDevice(in), next->interface);
            }
        }
        in = peer;
        current = peer->GetNode()->GetId();
    }
    if (delivered)
    {
        *delivered = reached && !blocked;
    }
    return path;
}

bool
Topology::GatewayDrops(Ptr<Node> node,
                       uint32_t src,
                       uint32_t dst,
                       uint8_t protocol,
                       uint16_t srcPort,
                       uint16_t dstPort,
                       int32_t iif,
                       uint32_t oif) const
{
    for (const auto& [name, vnet] : m_vnets)
    {
        auto gw = vnet->GetGateway();
        if (gw && gw->GetNode() == node)
        {
            auto dp = gw->GetDataPath();
            return dp && iif >= 0 &&
                   dp->Drops(src, dst, protocol, srcPort, dstPort, static_cast<uint32_t>(iif), oif);
        }
    }
    return false;
}

void
Topology::DoDispose()
{
    for (auto& link : m_links)
    {
        link.devA = nullptr;
        link.devB = nullptr;
    }
    m_linkOfDevice.clear();
    m_nodes.clear();
    m_speakers.clear();
    m_bfd.clear();
    m_sites.clear();
    m_providers.clear();
    m_circuits.clear();
    m_vnets.clear();
    m_msees.clear();
    m_globalReach.clear();
    m_vpn.clear();
    m_geography = nullptr;
    m_backbone = nullptr;
    if (m_impairments)
    {
        m_impairments->Dispose();
        m_impairments = nullptr;
    }
    if (m_igp)
    {
        m_igp->Dispose();
        m_igp = nullptr;
    }
    m_vpnDataPaths.clear();
    Object::DoDispose();
}

Ptr<LinkImpairments>
Topology::GetImpairments()
{
    if (!m_impairments)
    {
        m_impairments = CreateObject<LinkImpairments>(this);
    }
    return m_impairments;
}

void
Topology::SetVpnDataPath(const std::string& vnet, Ptr<GatewayDataPath> d)
{
    m_vpnDataPaths[vnet] = d;
}

void
Topology::SetIgp(Ptr<Igp> igp)
{
    m_igp = igp;
}

void
Topology::WatchPathChanges(const std::function<void()>& changed)
{
    const auto onState = Callback<void, uint32_t, bool>([changed](uint32_t, bool) { changed(); });
    for (uint32_t id : GetNodeIds())
    {
        if (auto speaker = GetBgpSpeaker(id))
        {
            speaker->TraceConnectWithoutContext(
                "BestPathChanged",
                Callback<void, std::string, std::string, std::string>(
                    [changed](std::string, std::string, std::string) { changed(); }));
            speaker->TraceConnectWithoutContext(
                "FibProgrammed", Callback<void, std::string>([changed](std::string) { changed(); }));
        }
        auto ipv4 = NodeList::GetNode(id)->GetObject<Ipv4>();
        if (auto routing = ipv4 ? DynamicCast<FibRouting>(ipv4->GetRoutingProtocol()) : nullptr)
        {
            routing->TraceConnectWithoutContext("InterfaceState", onState);
            routing->TraceConnectWithoutContext(
                "StaticRouteChanged",
                Callback<void, std::string, uint32_t>([changed](std::string, uint32_t) { changed(); }));
        }
    }
    if (auto igp = GetIgp())
    {
        igp->TraceConnectWithoutContext("Reconverged",
                                        Callback<void, uint32_t>([changed](uint32_t) { changed(); }));
    }
    GetImpairments()->TraceConnectWithoutContext("StateChanged", onState);
    for (const auto& [name, vnet] : m_vnets)
    {
        auto gw = vnet->GetGateway();
        if (auto dp = gw ? gw->GetDataPath() : nullptr)
        {
            // The flows pinned to an instance that left are lost until RepinDelay has passed,
            // then move to another: their paths change at both times.
            const Time repin = dp->GetRepinDelay();
            dp->TraceConnectWithoutContext(
                "InstanceChanged",
                Callback<void, uint32_t, bool>([changed, repin](uint32_t, bool) {
                    changed();
                    Simulator::Schedule(repin, [changed]() { changed(); });
                }));
        }
    }
}

Ptr<Igp>
Topology::GetIgp() const
{
    return m_igp;
}

} // namespace expressroute
} // namespace ns3
